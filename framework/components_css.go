package framework

import (
	_ "embed"
)

// componentCSS is the few rules the components need (a Loading indicator
// hidden while nothing loads, a Slider as wide as its marks),
// linked on every page when the theme, which holds them too, is not.
//
//go:embed components.css
var componentCSS []byte

// The component rules as served, under a content-hashed name so they are
// cached forever.
var componentCSSServed, componentCSSFile = hashedCSS("components", componentCSS)

// linkFrameworkCSS links the framework's stylesheet on every page, before
// the app's: the theme with Config.Theme, else the component rules unless
// the app opts out of them (Config.NoComponentCSS).
func (a *App) linkFrameworkCSS(cfg Config) {
	switch {
	case cfg.Theme:
		a.assets.theme = a.prefix + RuntimePrefix + themeFile
	case !cfg.NoComponentCSS:
		a.assets.theme = a.prefix + RuntimePrefix + componentCSSFile
	}
}
