package jsmin

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBundleExtSharesTheNamesUsed checks the names a core hands its
// extension: those the core declares at its top level (a const, a
// destructured const, a function, a class) that the extension uses, not
// the words of its comments, strings and property names, nor names it
// declares itself; the same list is published last and taken first.
func TestBundleExtSharesTheNamesUsed(t *testing.T) {
	fsys := fstest.MapFS{
		"rt/00-a.js": {Data: []byte("const A = { X: 1 };\nconst { b, c: d } = A;\nlet state = 0;\nvar v = 1;\n")},
		"rt/10-b.js": {Data: []byte("function f() { state++; return v; }\nasync function g() {}\nclass K {}\nconst unused = 1;\n")},
		"rt/ext/x.js": {Data: []byte(`// state, v and unused are words here
const local = A.X + d + "state v";
/** @param {any} o */
function h(o) { const f = 1; return o.state + f + g() + new K() + b; }
`)},
	}
	s, err := BundleExt(fsys, "rt", "rt/ext")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"A", "K", "b", "d", "g"}; !slices.Equal(s.Shared, want) {
		t.Errorf("shared %v, want %v", s.Shared, want)
	}
	core, ext := string(s.Core), string(s.Ext)
	if !strings.HasSuffix(core, "const unused = 1;\n\n"+`Object.defineProperty(window, "__pagewire", { value: { A, K, b, d, g } });`+"\n})();\n") {
		t.Errorf("the core does not publish the names last:\n%s", core)
	}
	if !strings.HasPrefix(ext, "(() => {\n\"use strict\";\nconst { A, K, b, d, g } = window.__pagewire;\n// state") {
		t.Errorf("the extension does not take the names first:\n%s", ext)
	}
	for _, js := range []string{core, ext} {
		if _, err := Minify([]byte(js)); err != nil {
			t.Errorf("does not minify: %v\n%s", err, js)
		}
	}
}

// TestBundleExtRefusesReassignableNames checks that an extension that
// uses a let or a var of the core fails to bundle, naming them.
func TestBundleExtRefusesReassignableNames(t *testing.T) {
	for ext, want := range map[string]string{
		"const y = state;":         "let state",
		"function y() { v = 2; }":  "var v",
		"const y = [v, state, A];": "let state, var v",
		"const { state: y } = A;":  "",
		"const y = () => l;":       "let l",
	} {
		fsys := fstest.MapFS{
			"rt/a.js":     {Data: []byte("const A = {};\nlet state = 0, [l] = [1];\nif (A) { var v = 1; }\n")},
			"rt/ext/x.js": {Data: []byte(ext)},
		}
		_, err := BundleExt(fsys, "rt", "rt/ext")
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", ext, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), "uses "+want+" of the core")):
			t.Errorf("%s: error %v, want one naming %s", ext, err, want)
		}
	}
}

// TestBundleExtNeedsFiles checks that a missing folder fails.
func TestBundleExtNeedsFiles(t *testing.T) {
	fsys := fstest.MapFS{"rt/a.js": {Data: []byte("const A = 1;\n")}}
	if _, err := BundleExt(fsys, "rt", "rt/ext"); err == nil || !strings.Contains(err.Error(), "no .js files") {
		t.Errorf("no extension files: %v", err)
	}
}
