package framework

import (
	_ "embed"
	"sync"
)

// themeCSS is Pagewire's optional theme (Config.Theme): the layout, card,
// KPI and grid classes of a dashboard and the rules the components need.
//
//go:embed theme/pagewire.css
var themeCSS []byte

// The theme as served, under a content-hashed name so it is cached forever.
var themeCSSFile, themeFile = hashedCSS("theme", themeCSS)

// hashedCSS is a stylesheet of the framework as served, and its file name
// ("name.<hash>.css"), cached forever.
func hashedCSS(name string, css []byte) (hashedFile, string) {
	h := digest(css)
	gz := sync.OnceValue(func() []byte { return gzipBest(css) })
	return hashedFile{hash: h, contentType: "text/css; charset=utf-8", plain: css, gz: gz}, name + "." + h + ".css"
}
