package framework

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"testing"

	"github.com/pagewire/pagewire/internal/jsmin"
)

// runtimeFiles are the runtime's source files, which the served runtime is
// generated from. Only tests embed them: the binary carries the minified
// runtime.min.js alone.
//
//go:embed runtime/*.js
var runtimeFiles embed.FS

// runtimeSource is the runtime's source as one script, as go generate
// joins it.
var runtimeSource = func() []byte {
	b, err := jsmin.Bundle(runtimeFiles, "runtime")
	if err != nil {
		panic(err)
	}
	return b
}()

// TestRuntimeMinIsFresh fails when runtime.min.js is not what go generate
// makes of runtime/*.js, so that plain go test catches an edit of the
// runtime without a regeneration.
func TestRuntimeMinIsFresh(t *testing.T) {
	t.Parallel()
	want, err := jsmin.Generate(runtimeSource, "runtime/*.js")
	if err != nil {
		t.Fatalf("the runtime does not minify: %v", err)
	}
	if !bytes.Equal(runtimeMin, want) {
		t.Fatalf("runtime.min.js is stale: run go generate ./framework (it has %d bytes, runtime/*.js minifies to %d)", len(runtimeMin), len(want))
	}
	code, err := jsmin.Minify(runtimeSource)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(runtimeJS, code) {
		t.Fatalf("the served runtime (%d bytes) is not runtime/*.js minified (%d bytes): servedRuntime cuts the wrong bytes", len(runtimeJS), len(code))
	}
	if bytes.HasPrefix(runtimeJS, []byte("//")) || bytes.Contains(runtimeJS, []byte("DO NOT EDIT")) {
		t.Error("the served runtime carries the generated-file comment")
	}
	if want := "runtime." + digest(code) + ".js"; runtimeFile != want || len(runtimeDigest) != 12 {
		t.Errorf("runtimeFile %q, digest %q, want %q", runtimeFile, runtimeDigest, want)
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
