package framework

import (
	_ "embed"
	"sync"

	"github.com/labstack/echo/v4"
)

// themeCSS is Pagewire's optional theme (Config.Theme): the layout, card,
// KPI and grid classes of a dashboard and the rules the components need.
//
//go:embed theme/pagewire.css
var themeCSS []byte

// The theme as served, under a content-hashed name so it is cached forever.
var (
	themeDigest = digest(themeCSS)
	themeFile   = "theme." + themeDigest + ".css"
	themeGzip   = sync.OnceValue(func() []byte { return gzipBest(themeCSS) })
)

// serveTheme serves the theme stylesheet.
func (a *App) serveTheme(c echo.Context) error {
	return hashedFile{hash: themeDigest, contentType: "text/css; charset=utf-8", plain: themeCSS, gz: themeGzip}.serve(c)
}
