package framework

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // the default favicon
	"encoding/hex"
	"time"

	"github.com/labstack/echo/v4"
)

// defaultFavicon is the icon of an app whose assets have no favicon.ico,
// so browsers do not log a 404 for /favicon.ico on every page load. Like
// Dash's /_favicon.ico, its URL is the app's own favicon's: AssetsPrefix +
// "favicon.ico", which serves the app's file when there is one.
//
//go:embed favicon.ico
var defaultFavicon []byte

// defaultFaviconHash is the version of the default favicon, in its URL.
var defaultFaviconHash = func() string {
	sum := sha256.Sum256(defaultFavicon)
	return hex.EncodeToString(sum[:8])
}()

// defaultFaviconURL is the link to the default favicon below prefix.
func defaultFaviconURL(prefix string) string {
	return prefix + AssetsPrefix + "favicon.ico?v=" + defaultFaviconHash
}

// serveDefaultFavicon answers a request for the assets' favicon.ico when
// the assets have none: cached for good when it names the icon's version,
// revalidated by its ETag otherwise.
func serveDefaultFavicon(c echo.Context) error {
	c.Response().Header().Set("Content-Type", "image/x-icon")
	serveVersioned(c, "favicon.ico", defaultFaviconHash, time.Time{}, bytes.NewReader(defaultFavicon))
	return nil
}
