package framework

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzPathTemplate checks path templates: parsing never panics; a path
// built from a parsed template with non-empty values, each escaped as a
// segment, matches it and gives the values back; any path matches without
// a panic and gives only non-empty values; two different templates are
// ordered one way (moreSpecific is antisymmetric).
func FuzzPathTemplate(f *testing.F) {
	for _, s := range [][4]string{
		{"/report/<id>", "/report/<id>/<part>", "7", "summary"},
		{"/u/<name>", "/<a>/<b>", "j\u00fcrgen", "a/b"},
		{"/<a>/x/<b>", "/<a>/<b>/x", "%2F..", "?#"},
		{"/a b/<x>", "/report/<id", "\x00", " "},
		{"/<x>/<x>", "/<>", "..", "."},
		{"/report//<id>", "report/<id>", "\u2603", "\xff"},
		{"/<\u00e9>", "/../<x>", "100%", "%zz"},
		{"/" + strings.Repeat("<v>/", 3) + "<w>", "/<id>", "long-" + strings.Repeat("9", 40), "x"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, raw, other, v1, v2 string) {
		pt, err := parsePathTemplate(raw)
		if err != nil {
			if pt != nil {
				t.Fatalf("%q: an error and a template", raw)
			}
			return
		}
		_, _ = pt.shape(), pt.echoPath()
		if mixedSegment(raw) && (strings.ContainsAny(v1, raw) || strings.ContainsAny(v2, raw)) {
			return // a value holding its segment's literal text splits at it, by design
		}
		// A path from values, each escaped as one segment.
		want := map[string]string{}
		i := 0
		path := pt.format(func(name string) string {
			v := v1
			if i%2 == 1 {
				v = v2
			}
			i++
			if v == "" {
				v = "-"
			}
			want[name] = v
			return url.PathEscape(v)
		})
		vars, ok := pt.match(splitPath(path))
		if !ok {
			t.Fatalf("%q does not match %q, built from it with %q", path, raw, want)
		}
		if len(vars) != len(want) {
			t.Fatalf("%q on %q: %q, want %q", path, raw, vars, want)
		}
		for k, v := range want {
			if vars[k] != v {
				t.Fatalf("%q on %q: %q, want %q", path, raw, vars, want)
			}
		}
		// Any path: no panic, no empty variable.
		for _, p := range []string{other, "/" + v1 + "/" + v2, "/" + other} {
			if vars, ok := pt.match(splitPath(p)); ok {
				for k, v := range vars {
					if v == "" {
						t.Fatalf("%q on %q: variable %q is empty", p, raw, k)
					}
				}
			}
		}
		if po, err := parsePathTemplate(other); err == nil && po.raw != pt.raw {
			if moreSpecific(pt, po) == moreSpecific(po, pt) {
				t.Fatalf("moreSpecific(%q, %q) = moreSpecific(%q, %q)", raw, other, other, raw)
			}
		}
	})
}

// mixedSegment reports whether a template has a variable sharing its
// segment with literal text ("/report-<y>-<m>").
func mixedSegment(raw string) bool {
	for _, seg := range strings.Split(raw, "/") {
		if strings.Contains(seg, "<") && (strings.Count(seg, "<") > 1 || !strings.HasPrefix(seg, "<") || !strings.HasSuffix(seg, ">")) {
			return true
		}
	}
	return false
}
