package framework

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strings"
	"sync"
)

// macLen is the bytes of HMAC-SHA256 a token keeps: 128 bits.
const macLen = 16

// signer signs and checks short tokens with the app's secret. Its HMAC
// states are pooled: a not-found render and a page that subscribes each
// sign on the hot path.
type signer struct {
	key  []byte
	macs *sync.Pool // of *macState
}

// macState is a pooled HMAC with the scratch buffer it reads from: what an
// interface's Write is given escapes, so it is written from here.
type macState struct {
	h   hash.Hash
	buf []byte
}

func newSigner(secret []byte) (signer, bool) {
	random := len(secret) == 0
	if random {
		secret = make([]byte, 32)
		rand.Read(secret)
	}
	key := secret
	return signer{key: key, macs: &sync.Pool{New: func() any { return &macState{h: hmac.New(sha256.New, key)} }}}, random
}

// appendMAC appends the URL-safe base64 of v's MAC for kind to dst.
func (s signer) appendMAC(dst []byte, kind, v string) []byte {
	m := s.macs.Get().(*macState)
	m.h.Reset()
	m.buf = append(append(append(m.buf[:0], kind...), 0), v...)
	m.h.Write(m.buf)
	m.buf = m.h.Sum(m.buf[:0])
	dst = base64.RawURLEncoding.AppendEncode(dst, m.buf[:macLen])
	if cap(m.buf) <= 4096 { // a long value's buffer is not kept
		s.macs.Put(m)
	}
	return dst
}

// sign returns "v.mac".
func (s signer) sign(kind, v string) string {
	b := make([]byte, 0, len(v)+1+base64.RawURLEncoding.EncodedLen(macLen))
	return string(s.appendMAC(append(append(b, v...), '.'), kind, v))
}

// verify returns v of a "v.mac" token signed for kind.
func (s signer) verify(kind, token string) (string, bool) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return "", false
	}
	v := token[:i]
	var buf [32]byte
	return v, hmac.Equal([]byte(token[i+1:]), s.appendMAC(buf[:0], kind, v))
}

// randomIDLen is the random bytes of an id: 96 bits.
const randomIDLen = 12

// randomID is a random id in hex.
func randomID() string {
	var h [2 * randomIDLen]byte
	randomHex(h[:])
	return string(h[:])
}

// randomHex fills dst, of twice randomIDLen bytes, with a random id.
func randomHex(dst []byte) {
	var b [randomIDLen]byte
	rand.Read(b[:])
	hex.Encode(dst, b[:])
}
