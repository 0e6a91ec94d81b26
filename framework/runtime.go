package framework

//go:generate go run ../internal/cmd/minifyjs -in runtime -out runtime.min.js -ext-out runtime-ext.min.js

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"sync"

	"github.com/labstack/echo/v4"
)

// runtimeMin is the client runtime as go generate minified it from
// runtime/*.js: a "Code generated" comment line, the minified code and a
// final newline. runtime_test.go checks that it is fresh.
//
//go:embed runtime.min.js
var runtimeMin []byte

// The client runtime as served, with its content-hashed file name
// ("runtime.<hash>.js"), so it is cached forever. runtimeJS is
// runtimeMin without its comment line and final newline: exactly the
// minifier's output, so clients download no comment and the hash names the
// code alone.
var (
	runtimeJS     = servedRuntime(runtimeMin)
	runtimeDigest = digest(runtimeJS)
	runtimeFile   = "runtime." + runtimeDigest + ".js"
)

// runtimeExtMin is the runtime's extension as go generate minified it from
// runtime/ext/*.js, in the same form as runtimeMin: the code of
// DataTables, which the runtime loads only on pages that show one.
// runtime_test.go checks that it is fresh.
//
//go:embed runtime-ext.min.js
var runtimeExtMin []byte

// The runtime's extension as served, as the runtime is: its code alone,
// under a content-hashed file name ("runtime-ext.<hash>.js"), which the
// runtime's script tag carries (wire.AttrExt).
var (
	runtimeExtJS     = servedRuntime(runtimeExtMin)
	runtimeExtDigest = digest(runtimeExtJS)
	runtimeExtFile   = "runtime-ext." + runtimeExtDigest + ".js"
)

// runtimeExtGzip returns runtimeExtJS gzipped at the best compression,
// computed on first use, as runtimeGzip is.
var runtimeExtGzip = sync.OnceValue(func() []byte { return gzipBest(runtimeExtJS) })

// runtimeGzip returns runtimeJS gzipped at the best compression, computed
// on first use (about a millisecond and most of a megabyte of garbage) so
// that a process that never serves the runtime never pays for it.
var runtimeGzip = sync.OnceValue(func() []byte { return gzipBest(runtimeJS) })

// servedRuntime returns the code in the generated file b: b without its
// leading "//" comment line and its final newline. It shares b's memory.
func servedRuntime(b []byte) []byte {
	if bytes.HasPrefix(b, []byte("//")) {
		_, b, _ = bytes.Cut(b, []byte("\n"))
	}
	return bytes.TrimSuffix(b, []byte("\n"))
}

// digest returns the first 12 hex digits of the SHA-256 of b.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// serveRuntime serves the minified runtime with immutable caching, gzipped
// when the client accepts it.
func (a *App) serveRuntime(c echo.Context) error {
	return hashedFile{hash: runtimeDigest, contentType: "text/javascript; charset=utf-8", plain: runtimeJS, gz: runtimeGzip}.serve(c)
}

// serveRuntimeExt serves the runtime's minified extension as serveRuntime
// serves the runtime.
func (a *App) serveRuntimeExt(c echo.Context) error {
	return hashedFile{hash: runtimeExtDigest, contentType: "text/javascript; charset=utf-8", plain: runtimeExtJS, gz: runtimeExtGzip}.serve(c)
}
