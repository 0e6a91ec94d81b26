package framework

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// hashedFile is a file of the framework served under a name that carries
// its content hash (the runtime, plotly.js, the theme), so it is cached
// forever and revalidated by its ETag.
type hashedFile struct {
	hash        string
	contentType string
	plain       []byte        // the file, or nil when only gz is kept
	gz          func() []byte // the file gzipped, computed on first use
}

// serve answers with the file: gzipped when the client accepts gzip, else
// plain, inflated from gz on the fly when no plain copy is kept.
func (f hashedFile) serve(c echo.Context) error {
	h := c.Response().Header()
	etag := `"` + f.hash + `"`
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", etag)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	if acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, f.contentType, f.gz())
	}
	if f.plain != nil {
		return c.Blob(http.StatusOK, f.contentType, f.plain)
	}
	gz := f.gz()
	h.Set("Content-Type", f.contentType)
	h.Set("Content-Length", strconv.Itoa(gzipSize(gz)))
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return err
	}
	_, err = io.Copy(c.Response(), zr)
	return err
}

// gzipSize is the size of gz's content, from the gzip trailer (the size
// modulo 2³²; the framework's files are far below 4 GB).
func gzipSize(gz []byte) int { return int(binary.LittleEndian.Uint32(gz[len(gz)-4:])) }

// gzipBest returns b gzipped at the best compression.
func gzipBest(b []byte) []byte {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return gz.Bytes()
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip: it
// names gzip (or *) without q=0.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "x-gzip" && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f == 0 {
				continue
			}
		}
		return true
	}
	return false
}
