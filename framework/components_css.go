package framework

import (
	_ "embed"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
)

// componentCSS is the few rules the components need (a Loading indicator
// hidden while nothing loads, a Slider as wide as its marks),
// linked on every page when the theme, which holds them too, is not.
//
//go:embed components.css
var componentCSS []byte

// The component rules as served, under a content-hashed name so they are
// cached forever.
var (
	componentCSSDigest = digest(componentCSS)
	componentCSSFile   = "components." + componentCSSDigest + ".css"
	componentCSSGzip   = sync.OnceValue(func() []byte { return gzipBest(componentCSS) })
)

// serveComponentCSS serves the component stylesheet.
func (a *App) serveComponentCSS(c echo.Context) error {
	return hashedFile{hash: componentCSSDigest, contentType: "text/css; charset=utf-8", plain: componentCSS, gz: componentCSSGzip}.serve(c)
}

// linkFrameworkCSS links the framework's stylesheet on every page, before
// the app's: the theme with Config.Theme, else the component rules unless
// the app opts out of them.
func (a *App) linkFrameworkCSS(cfg Config) {
	switch {
	case cfg.Theme:
		a.assets.theme = a.prefix + RuntimePrefix + themeFile
	case !noComponentCSS(cfg):
		a.assets.theme = a.prefix + RuntimePrefix + componentCSSFile
		for _, m := range []string{http.MethodGet, http.MethodHead} {
			path := a.prefix + RuntimePrefix + componentCSSFile
			a.echo.Add(m, path, a.serveComponentCSS).Name = routeNamePrefix + m + " " + path
		}
	}
}

// noComponentCSS reports whether the app opted out of the component rules.
func noComponentCSS(cfg Config) bool { return cfg.NoComponentCSS }
