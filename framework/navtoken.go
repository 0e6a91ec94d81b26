package framework

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"time"
)

// Limits of navigation tokens and the hook queue.
const (
	maxTokenURL   = 2048 // bytes of the URL bound into a token
	maxReferrer   = 512  // bytes of the referrer kept
	maxTokenLen   = 4096 // bytes of a token accepted
	hookQueueLen  = 1024 // events waiting for the hooks
	hookWorkers   = 2    // goroutines running the hooks
	beaconMaxBody = 8 << 10
)

// navToken is the signed payload of a not-found render.
type navToken struct {
	N string `json:"n"` // navigation id
	U string `json:"u"` // the request URI, below the BasePath
	H How    `json:"h"`
	R string `json:"r,omitempty"` // referrer
	T int64  `json:"t"`           // render time, unix milliseconds
	X int64  `json:"x"`           // expiry, unix seconds
}

// issueToken makes the navigation token of a not-found render and returns
// it with its navigation id; the token is "" when no OnNotFound hook is
// registered (nothing to acknowledge) or the URL is too long to bind.
func (a *App) issueToken(uri string, how How, referrer string, now time.Time) (token, navID string) {
	if len(a.notFoundHooks()) == 0 {
		if len(hooksOf(&a.onNotFoundResp)) > 0 {
			navID = randomID()
		}
		return "", navID // no hook to fire: no token, and no id unless counted
	}
	navID = randomID()
	if len(uri) > maxTokenURL {
		return "", navID // too long to bind
	}
	if len(referrer) > maxReferrer {
		referrer = referrer[:maxReferrer]
	}
	b, _ := json.Marshal(navToken{N: navID, U: uri, H: how, R: referrer, T: now.UnixMilli(), X: now.Add(a.navTTL).Unix()})
	return a.signer.sign("nav", base64.RawURLEncoding.EncodeToString(b)), navID
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
	if err != nil || json.Unmarshal(b, &t) != nil || t.N == "" {
		return t, errTokenBad
	}
	if now.Unix() >= t.X {
		return t, errTokenExpired
	}
	if !sameURI(t.U, uri) {
		return t, errTokenPath
	}
	return t, nil
}
