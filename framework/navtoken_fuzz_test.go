package framework

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzTokenVerify checks issueToken and checkToken together (the payload
// alone is FuzzTokenPayload's): a token issued for a URI verifies for it
// and reads back what was bound; a token with any byte changed never
// verifies; other bytes never verify; nothing panics.
func FuzzTokenVerify(f *testing.F) {
	a := newFuzzApp(f)
	for _, s := range []struct {
		uri, ref string
		pos      uint
		xor      byte
		junk     string
	}{
		{"/missing?q=1", "/from", 0, 1, ""},
		{"/a%20b/%E2%98%83?x=1&x=2", "https://example.com/", 40, 0x20, "x.y"},
		{"/" + strings.Repeat("x", maxTokenURL-1), strings.Repeat("r", maxReferrer+10), 1 << 20, 0x80, strings.Repeat(".", maxTokenLen+1)},
		{"/" + strings.Repeat("x", maxTokenURL), "", 3, 0xff, "AQ.AAAA"},
		{"not a uri", "\x00", 7, 2, "\x00\xff.\u2603"},
		{"/caf\u00e9?\u00fc=\x00", "\u2603", 99, 4, "eyJhbGciOiJub25lIn0.e30."},
	} {
		f.Add(s.uri, s.ref, s.pos, s.xor, s.junk)
	}
	f.Fuzz(func(t *testing.T, uri, ref string, pos uint, xor byte, junk string) {
		now := time.Now()
		if _, err := a.checkToken(junk, uri, now); err == nil {
			t.Fatalf("%q verifies for %q", junk, uri)
		}
		tok, _ := a.issueToken(uri, HowLink, ref, now)
		_, perr := url.ParseRequestURI(uri)
		if tok == "" {
			if len(uri) <= maxTokenURL || perr == nil {
				t.Fatalf("no token for %q", uri)
			}
			return // too long to carry, and no request URI to hash
		}
		if len(tok) > maxTokenLen {
			t.Fatalf("a token of %d bytes for %q", len(tok), uri)
		}
		got, err := a.checkToken(tok, uri, now)
		if perr != nil {
			if err == nil {
				t.Fatalf("token of %q, which is no request URI, verifies", uri)
			}
		} else {
			if err != nil {
				t.Fatalf("token of %q: %v", uri, err)
			}
			wantRef := ref
			if len(wantRef) > maxReferrer {
				wantRef = wantRef[:maxReferrer]
			}
			if got.U != uri && !got.Hashed || got.Hashed != (len(uri) > maxTokenURL) || got.R != wantRef || got.H != HowLink || got.T != now.UnixMilli() || got.X <= now.Unix() {
				t.Fatalf("token of %q, %q reads back as %+v", uri, ref, got)
			}
			if _, err := a.checkToken(tok, uri, time.Unix(got.X, 0)); err != errTokenExpired {
				t.Fatalf("token of %q at its expiry: %v", uri, err)
			}
		}
		if xor == 0 {
			xor = 1
		}
		b := []byte(tok)
		b[pos%uint(len(b))] ^= xor
		if _, err := a.checkToken(string(b), uri, now); err == nil {
			t.Fatalf("token %q changed at %d to %q verifies", tok, pos%uint(len(b)), b)
		}
		if _, err := a.checkToken(tok[:pos%uint(len(tok))], uri, now); err == nil {
			t.Fatalf("token %q cut to %d bytes verifies", tok, pos%uint(len(tok)))
		}
		if _, err := a.checkToken(tok+junk[:min(len(junk), 1)], uri, now); err == nil && junk != "" {
			t.Fatalf("token %q with %q appended verifies", tok, junk[:1])
		}
	})
}
