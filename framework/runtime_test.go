package framework

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/internal/jsmin"
)

// runtimeFiles are the runtime's source files, which the served runtime
// and its extension are generated from. Only tests embed them: the binary
// carries the minified runtime.min.js and runtime-ext.min.js alone.
//
//go:embed runtime/*.js runtime/ext/*.js
var runtimeFiles embed.FS

// runtimeSplit is the runtime's source as go generate bundles it: the core
// and the extension, each one script.
var runtimeSplit = func() jsmin.Split {
	s, err := jsmin.BundleExt(runtimeFiles, "runtime", "runtime/ext")
	if err != nil {
		panic(err)
	}
	return s
}()

// runtimeSource is all of the runtime's source, the core then the
// extension, for the tests that read what the runtime says.
var runtimeSource = slices.Concat(runtimeSplit.Core, runtimeSplit.Ext)

// TestRuntimeMinIsFresh fails when runtime.min.js or runtime-ext.min.js is
// not what go generate makes of runtime/*.js and runtime/ext/*.js, so that
// plain go test catches an edit of the runtime without a regeneration.
func TestRuntimeMinIsFresh(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, from   string
		src, min, js []byte
		file, hash   string
		prefix       string
	}{
		{"runtime.min.js", "runtime/*.js", runtimeSplit.Core, runtimeMin, runtimeJS, runtimeFile, runtimeDigest, "runtime."},
		{"runtime-ext.min.js", "runtime/ext/*.js", runtimeSplit.Ext, runtimeExtMin, runtimeExtJS, runtimeExtFile, runtimeExtDigest, "runtime-ext."},
	} {
		want, err := jsmin.Generate(c.src, c.from)
		if err != nil {
			t.Fatalf("%s does not minify: %v", c.from, err)
		}
		if !bytes.Equal(c.min, want) {
			t.Fatalf("%s is stale: run go generate ./framework (it has %d bytes, %s minifies to %d)", c.name, len(c.min), c.from, len(want))
		}
		code, err := jsmin.Minify(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.js, code) {
			t.Fatalf("the served %s (%d bytes) is not %s minified (%d bytes): servedRuntime cuts the wrong bytes", c.name, len(c.js), c.from, len(code))
		}
		if bytes.HasPrefix(c.js, []byte("//")) || bytes.Contains(c.js, []byte("DO NOT EDIT")) {
			t.Errorf("the served %s carries the generated-file comment", c.name)
		}
		if want := c.prefix + digest(code) + ".js"; c.file != want || len(c.hash) != 12 {
			t.Errorf("%s: file %q, digest %q, want %q", c.name, c.file, c.hash, want)
		}
	}
}

// TestRuntimeExtSharesNames checks the names the core hands the
// extension: the same list published by one and taken by the other, the
// names the DataTable's code needs among them, and no name that the core
// reassigns.
func TestRuntimeExtSharesNames(t *testing.T) {
	t.Parallel()
	list := strings.Join(runtimeSplit.Shared, ", ")
	publish := `Object.defineProperty(window, "` + jsmin.ExtGlobal + `", { value: { ` + list + ` } });`
	take := `const { ` + list + ` } = window.` + jsmin.ExtGlobal + `;`
	if !bytes.Contains(runtimeSplit.Core, []byte(publish)) || !bytes.HasPrefix(runtimeSplit.Ext, []byte("(() => {\n\"use strict\";\n"+take+"\n")) {
		t.Errorf("the core does not publish, or the extension does not take first, the shared names %s", list)
	}
	for _, name := range []string{"A", "ext", "fire", "inputDeps", "json", "morphChildren", "parse", "tableSet", "tableState"} {
		if !slices.Contains(runtimeSplit.Shared, name) {
			t.Errorf("the extension does not take %s from the core: %s", name, list)
		}
	}
	for _, name := range []string{"state", "document", "NUMERIC", "paint", "tables"} {
		if slices.Contains(runtimeSplit.Shared, name) {
			t.Errorf("the shared names hold %s: %s", name, list)
		}
	}
}

// TestRuntimeExtRoute checks that the runtime's extension is served like
// the runtime (gzip, immutable, ETag), under the base path too, and that
// the runtime's script tag names it there.
func TestRuntimeExtRoute(t *testing.T) {
	t.Parallel()
	for base, want := range map[string]string{"": "/_pagewire/", "/dash/": "/dash/_pagewire/"} {
		app := newTestApp(t, Config{Registry: registerTestPages(t), BasePath: base})
		path := want + runtimeExtFile
		w := do(app, "GET", path, "Accept-Encoding", "gzip")
		h := w.Header()
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), runtimeExtGzip()) || h.Get("Content-Encoding") != "gzip" ||
			h.Get("Cache-Control") != "public, max-age=31536000, immutable" || h.Get("ETag") != `"`+runtimeExtDigest+`"` ||
			h.Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("GET %s: %d, %d bytes, headers %v", path, w.Code, w.Body.Len(), h)
		}
		if w := do(app, "GET", path); w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), runtimeExtJS) {
			t.Errorf("GET %s without gzip: %d, %d bytes", path, w.Code, w.Body.Len())
		}
		if w := do(app, "GET", path, "If-None-Match", `"`+runtimeExtDigest+`"`); w.Code != http.StatusNotModified {
			t.Errorf("GET %s with its ETag: %d, want 304", path, w.Code)
		}
		if w := do(app, "HEAD", path); w.Code != http.StatusOK {
			t.Errorf("HEAD %s: %d", path, w.Code)
		}
		if w := do(app, "GET", want+"runtime-ext.000000000000.js"); w.Code != http.StatusNotFound {
			t.Errorf("another hash: %d, want 404", w.Code)
		}
		body := do(app, "GET", strings.TrimSuffix(want, "_pagewire/")+"analytics").Body.String()
		tag := regexp.MustCompile(`<script src="[^"]*runtime\.[^>]*>`).FindString(body)
		if !strings.Contains(tag, ` data-pw-ext="`+path+`"`) {
			t.Errorf("base %q: the runtime's tag %q does not name %s", base, tag, path)
		}
	}
	var b bytes.Buffer
	RuntimeScript(ShellData{RuntimeSrc: "/r.js", BasePath: `/a"b/`}).Render(t.Context(), &b)
	if !strings.Contains(b.String(), ` data-pw-ext="/a&#34;b/_pagewire/`+runtimeExtFile+`"`) {
		t.Errorf("a custom shell's tag: %s", b.String())
	}
}

// TestRuntimeGzip checks that the lazily built gzip form is the served
// runtime, and is built once.
func TestRuntimeGzip(t *testing.T) {
	t.Parallel()
	gz := runtimeGzip()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, runtimeJS) {
		t.Fatalf("runtimeGzip() inflates to %d bytes, not the %d-byte runtime", len(got), len(runtimeJS))
	}
	if again := runtimeGzip(); &again[0] != &gz[0] {
		t.Error("runtimeGzip() compressed the runtime twice")
	}
}

// TestServedRuntimeCutsTheHeader checks servedRuntime on the shapes of
// generated file it may meet.
func TestServedRuntimeCutsTheHeader(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"// Code generated; DO NOT EDIT.\n(()=>{})()\n", "(()=>{})()"},
		{"// header\n(()=>{})()", "(()=>{})()"},
		{"(()=>{})()\n", "(()=>{})()"},
		{"// only a comment\n", ""},
	} {
		if got := string(servedRuntime([]byte(c.in))); got != c.want {
			t.Errorf("servedRuntime(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
