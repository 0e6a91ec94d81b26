package framework

//go:generate go run ../internal/cmd/vendorgz -in ../node_modules/plotly.js-dist-min/plotly.min.js -out vendor/plotly.min.js.gz

import (
	_ "embed"
	"sync"

	"github.com/labstack/echo/v4"
)

// plotlyGz is plotly.js (npm's plotly.js-dist-min, at the version
// package.json pins) gzipped at the best compression, as go generate
// vendors it from node_modules (internal/cmd/vendorgz); plotly_test.go
// checks that it is fresh. It is served as it is to clients that accept
// gzip, so the binary carries 1.5 MB rather than 4.8.
//
//go:embed vendor/plotly.min.js.gz
var plotlyGz []byte

// plotlyDigest names plotlyGz's content: the first 12 hex digits of its
// SHA-256, computed on first use (about a millisecond). vendorgz rewrites
// the file only when plotly.js changed, so the name changes with the code.
var plotlyDigest = sync.OnceValue(func() string { return digest(plotlyGz) })

// plotlyFile is plotly.js's content-hashed file name below RuntimePrefix,
// "plotly.<hash>.js", so it is cached forever; every shell names it.
var plotlyFile = sync.OnceValue(func() string { return "plotly." + plotlyDigest() + ".js" })

// servePlotly serves plotly.js: the embedded gzip as it is to clients
// that accept gzip, inflated on the fly otherwise. The runtime loads it
// once a shown page has a Graph (components.Graph).
func (a *App) servePlotly(c echo.Context) error {
	return hashedFile{hash: plotlyDigest(), contentType: "text/javascript; charset=utf-8", gz: func() []byte { return plotlyGz }}.serve(c)
}
