package framework

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// signer signs and checks short tokens with the app's secret.
type signer struct{ key []byte }

func newSigner(secret []byte) (signer, bool) {
	if len(secret) > 0 {
		return signer{key: secret}, false
	}
	k := make([]byte, 32)
	rand.Read(k)
	return signer{key: k}, true
}

func (s signer) mac(kind, v string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// sign returns "v.mac".
func (s signer) sign(kind, v string) string { return v + "." + s.mac(kind, v) }

// verify returns v of a "v.mac" token signed for kind.
func (s signer) verify(kind, token string) (string, bool) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return "", false
	}
	v := token[:i]
	return v, hmac.Equal([]byte(token[i+1:]), []byte(s.mac(kind, v)))
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}
