package framework

import (
	"strings"
	"testing"

	"github.com/pagewire/pagewire/internal/wire"
)

// FuzzParseNavURL checks the navigation URL parser: no panic; what it
// accepts is a path on this origin without a fragment, whose request URI
// (what a page reply shows) is again a same-origin path that parses to the
// same path and query.
func FuzzParseNavURL(f *testing.F) {
	for _, s := range []string{
		"/", "/report/7?x=a&x=b#top", "/report/%3Cb%3E", "//evil.example/x", `/\evil.example`,
		"https://evil.example/", "javascript:alert(1)", "/%2F%2Fevil.example", "/%5Cevil.example",
		"/a\x00b", "/caf\u00e9/\u2603?q=\u00fc", "/?", "/#", "/a?b#c#d", "/%zz", "/.././..//x",
		"/" + strings.Repeat("a", wire.MaxURLLen), "", "relative/path", "/a@b/c", "/:x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := parseNavURL(raw)
		if err != nil {
			if u != nil {
				t.Fatalf("%.200q: an error and a URL %v", raw, u)
			}
			return
		}
		if u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || u.Fragment != "" || u.RawFragment != "" {
			t.Fatalf("%.200q: accepted as %#v", raw, u)
		}
		if len(raw) > wire.MaxURLLen || !strings.HasPrefix(raw, "/") {
			t.Fatalf("%.200q: accepted", raw)
		}
		out := u.RequestURI()
		if !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") || strings.HasPrefix(out, `/\`) {
			t.Fatalf("%.200q: request URI %q is not a path on this origin", raw, out)
		}
		if len(out) > wire.MaxURLLen {
			return // escaping made it longer than a page may send
		}
		again, err := parseNavURL(out)
		if err != nil {
			t.Fatalf("%.200q: its request URI %q does not parse: %v", raw, out, err)
		}
		if again.Path != u.Path || again.RawQuery != u.RawQuery || again.RequestURI() != out {
			t.Fatalf("%.200q: %q parses back as path %q query %q, want %q %q", raw, out, again.Path, again.RawQuery, u.Path, u.RawQuery)
		}
	})
}
