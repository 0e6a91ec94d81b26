package framework

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/url"
	"slices"
	"time"
	"unsafe"
)

// Limits of navigation tokens and the hook queue.
const (
	maxTokenURL   = 2048 // bytes of a URL bound into a token as is; a longer one is bound by its hash
	maxReferrer   = 512  // bytes of the referrer kept
	maxTokenLen   = 4096 // bytes of a token accepted
	hookQueueLen  = 1024 // events waiting for the hooks
	hookWorkers   = 2    // goroutines running the hooks
	beaconMaxBody = 8 << 10
)

// navToken is the signed payload of a not-found render.
type navToken struct {
	N string // navigation id, hex
	U string // the request URI, below the BasePath, or with Hashed its uriHash
	H How
	// Hashed tells that U is the SHA-256 of a URI too long to carry
	// (uriHash); it is the high bit of the How byte.
	Hashed bool
	R      string // referrer
	T      int64  // render time, unix milliseconds
	X      int64  // expiry, unix seconds
}

// tokenVersion is the first byte of a token's payload. The payload, before
// base64: the version, how the page was reached (an index into hows), the
// navigation id's bytes, the render time and the expiry as varints, then
// the URI and the referrer, each a uvarint length and its bytes. A binary
// payload keeps the token short: it is issued on every not-found render.
// A URI longer than maxTokenURL is bound by its hash (navToken.Hashed, the
// How byte's high bit), so a token stays under maxTokenLen whatever the
// URL.
const tokenVersion = 1

// hashedURI is the How byte's flag of a token that carries a URI's hash.
const hashedURI = 0x80

// hows are the ways a navigation is reached, by their index in a token.
var hows = [...]How{HowDocument, HowLink, HowCallback, HowScript, HowRedirect, HowBackForward}

// appendPayload appends t's payload; ok is false for an id that is not
// hex of randomIDLen bytes or an unknown How.
func (t navToken) appendPayload(dst []byte) (_ []byte, ok bool) {
	h := slices.Index(hows[:], t.H)
	var id [randomIDLen]byte
	if h < 0 || len(t.N) != 2*randomIDLen {
		return dst, false
	}
	if _, err := hex.Decode(id[:], []byte(t.N)); err != nil {
		return dst, false
	}
	if t.Hashed {
		h |= hashedURI
	}
	dst = append(append(dst, tokenVersion, byte(h)), id[:]...)
	dst = binary.AppendVarint(binary.AppendVarint(dst, t.T), t.X)
	dst = append(binary.AppendUvarint(dst, uint64(len(t.U))), t.U...)
	return append(binary.AppendUvarint(dst, uint64(len(t.R))), t.R...), true
}

// parsePayload reads a token's payload.
func parsePayload(b []byte) (t navToken, ok bool) {
	if len(b) < 2+randomIDLen || b[0] != tokenVersion || int(b[1]&^hashedURI) >= len(hows) {
		return t, false
	}
	t.Hashed = b[1]&hashedURI != 0
	t.H, t.N, b = hows[b[1]&^hashedURI], hex.EncodeToString(b[2:2+randomIDLen]), b[2+randomIDLen:]
	str := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return "", false
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s, true
	}
	var k1, k2 int
	t.T, k1 = binary.Varint(b)
	if k1 > 0 {
		t.X, k2 = binary.Varint(b[k1:])
	}
	if k1 <= 0 || k2 <= 0 {
		return t, false
	}
	b = b[k1+k2:]
	var ok1, ok2 bool
	t.U, ok1 = str()
	t.R, ok2 = str()
	return t, ok1 && ok2 && len(b) == 0 && (!t.Hashed || len(t.U) == sha256.Size)
}

// uriHash is the SHA-256 of a request URI's decoded path and query, so a
// browser's choice of percent-encoding does not matter (as in sameURI);
// ok is false for no request URI.
func uriHash(uri string) (sum [sha256.Size]byte, ok bool) {
	u, err := url.ParseRequestURI(uri)
	if err != nil {
		return sum, false
	}
	return sha256.Sum256([]byte(u.Path + "\x00" + u.Query().Encode())), true
}

// issueToken makes the navigation token of a not-found render and returns
// it with its navigation id; the token is "" when no OnNotFound hook is
// registered (nothing to acknowledge), or the URL is too long to carry and
// no request URI to hash.
func (a *App) issueToken(uri string, how How, referrer string, now time.Time) (token, navID string) {
	wantID := len(hooksOf(&a.onNotFoundResp)) > 0 // the id as a string only for its events
	if len(a.notFoundHooks()) == 0 {
		if wantID {
			navID = randomID()
		}
		return "", navID // no hook to fire: no token, and no id unless counted
	}
	var id [2 * randomIDLen]byte
	randomHex(id[:])
	if wantID {
		navID = string(id[:])
	}
	t := navToken{N: unsafeString(id[:]), U: uri, H: how, R: referrer, T: now.UnixMilli(), X: now.Add(a.navTTL).Unix()}
	if len(uri) > maxTokenURL {
		sum, ok := uriHash(uri)
		if !ok {
			return "", navID
		}
		t.U, t.Hashed = unsafeString(sum[:]), true
	}
	if len(t.R) > maxReferrer {
		t.R = t.R[:maxReferrer]
	}
	return a.signToken(t), navID
}

// signToken encodes t's payload in base64 and signs it, in one buffer: a
// not-found render pays for one string.
func (a *App) signToken(t navToken) string {
	var stack [512]byte
	p, ok := t.appendPayload(stack[:0])
	if !ok {
		return ""
	}
	var out [1024]byte
	b := base64.RawURLEncoding.AppendEncode(out[:0], p)
	payload := len(b)
	b = append(b, '.')
	b = a.signer.appendMAC(b, "nav", unsafeString(b[:payload]))
	return string(b)
}

// sameURI compares two request URIs as decoded path and query, so a
// browser's choice of percent-encoding does not matter.
func sameURI(a, b string) bool {
	ua, err1 := url.ParseRequestURI(a)
	ub, err2 := url.ParseRequestURI(b)
	return err1 == nil && err2 == nil && ua.Path == ub.Path && ua.Query().Encode() == ub.Query().Encode()
}

// Errors of a rejected acknowledgement. They are final: the runtime does
// not retry them.
var (
	errTokenBad     = errors.New("bad navigation token")
	errTokenExpired = errors.New("expired navigation token")
	errTokenPath    = errors.New("navigation token of another path")
	errTokenStale   = errors.New("navigation token older than the once store")
	errTooMany      = errors.New("too many navigations")
)

// checkToken verifies a token against the URL the page shows.
func (a *App) checkToken(token, uri string, now time.Time) (navToken, error) {
	var t navToken
	if token == "" || len(token) > maxTokenLen {
		return t, errTokenBad
	}
	payload, ok := a.signer.verify("nav", token)
	if !ok {
		return t, errTokenBad
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return t, errTokenBad
	}
	if t, ok = parsePayload(b); !ok {
		return t, errTokenBad
	}
	if now.Unix() >= t.X {
		return t, errTokenExpired
	}
	if t.Hashed {
		sum, ok := uriHash(uri)
		if !ok || subtle.ConstantTimeCompare(sum[:], []byte(t.U)) != 1 {
			return t, errTokenPath
		}
	} else if !sameURI(t.U, uri) {
		return t, errTokenPath
	}
	return t, nil
}

// unsafeString views b as a string for the length of a call that keeps
// no reference to it.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
