package framework

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/js"
)

//go:embed runtime.js
var runtimeSource []byte

// The client runtime, minified once at start-up, with its gzip form and
// content-hashed file name ("runtime.<hash>.js"), so it is cached forever.
var (
	runtimeJS     []byte
	runtimeGzip   []byte
	runtimeFile   string
	runtimeDigest string
)

func init() {
	var out bytes.Buffer
	if err := js.Minify(minify.New(), &out, bytes.NewReader(runtimeSource), nil); err != nil {
		panic("framework: minify runtime.js: " + err.Error())
	}
	runtimeJS = out.Bytes()
	sum := sha256.Sum256(runtimeJS)
	runtimeDigest = hex.EncodeToString(sum[:6])
	runtimeFile = "runtime." + runtimeDigest + ".js"
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(runtimeJS)
	zw.Close()
	runtimeGzip = gz.Bytes()
}

// serveRuntime serves the minified runtime with immutable caching, gzipped
// when the client accepts it.
func (a *App) serveRuntime(c echo.Context) error {
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+runtimeDigest+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	if c.Request().Header.Get("If-None-Match") == `"`+runtimeDigest+`"` {
		return c.NoContent(http.StatusNotModified)
	}
	body := runtimeJS
	if strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = runtimeGzip
	}
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", body)
}
