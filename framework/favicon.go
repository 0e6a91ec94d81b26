package framework

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // the default favicon
	"encoding/hex"
	"net/http"
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
	r := c.Request()
	h := c.Response().Header()
	h.Set("ETag", `"`+defaultFaviconHash+`"`)
	if r.URL.Query().Get("v") == defaultFaviconHash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Type", "image/x-icon")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(c.Response(), r, "favicon.ico", time.Time{}, bytes.NewReader(defaultFavicon))
	return nil
}
