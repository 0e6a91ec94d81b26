package framework

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/pagewire/pagewire/internal/wire"
)

// socketPath is the websocket endpoint below RuntimePrefix.
const socketPath = wire.SocketPath

// routes registers the app's routes on its echo instance: every page and
// redirect as GET and HEAD, the runtime and its extension, the socket, the
// assets, and a catch-all not-found route.
func (a *App) routes() {
	add := func(path string, h echo.HandlerFunc, methods ...string) {
		for _, m := range methods {
			a.echo.Add(m, path, h).Name = routeNamePrefix + m + " " + path
		}
	}
	a.pageRoutes = map[string]bool{"/*": true}
	for _, e := range a.pages.ordered {
		add(a.echoPath(e), a.serveDocument, http.MethodGet, http.MethodHead)
		a.pageRoutes[a.echoPath(e)] = true
		if e.routed != "" { // a Path set next to a PathTemplate
			add(a.prefix+e.routed, a.serveDocument, http.MethodGet, http.MethodHead)
			a.pageRoutes[a.prefix+e.routed] = true
		}
	}
	for _, from := range a.pages.redirFrom {
		add(a.prefix+from, a.serveDocument, http.MethodGet, http.MethodHead)
		a.pageRoutes[a.prefix+from] = true
	}
	add(a.prefix+RuntimePrefix+runtimeFile, a.serveRuntime, http.MethodGet, http.MethodHead)
	add(a.prefix+RuntimePrefix+runtimeExtFile, a.serveRuntimeExt, http.MethodGet, http.MethodHead)
	add(a.prefix+RuntimePrefix+plotlyFile(), a.servePlotly, http.MethodGet, http.MethodHead)
	add(a.prefix+RuntimePrefix+themeFile, themeCSSFile.serve, http.MethodGet, http.MethodHead)
	add(a.prefix+RuntimePrefix+componentCSSFile, componentCSSServed.serve, http.MethodGet, http.MethodHead)
	add(a.prefix+RuntimePrefix+socketPath, a.serveSocket, http.MethodGet)
	add(a.prefix+RuntimePrefix+wire.BeaconPath, a.serveBeacon, http.MethodPost)
	add(a.prefix+AssetsPrefix+"*", a.serveAsset, http.MethodGet, http.MethodHead)
	a.echo.RouteNotFound("/*", a.serveDocument).Name = routeNamePrefix + "not-found"
	a.indexMethods()
}

// routeNamePrefix starts the echo route names of the app's own routes; a
// route that replaced one of them loses it.
const routeNamePrefix = "pagewire:"

// routeNotFound is the method echo records for RouteNotFound routes.
const routeNotFound = "echo_route_not_found"

// resolution is where a request path leads.
type resolution struct {
	entry    *entry // the page; nil for not found
	vars     map[string]string
	redirect string // a same-origin Location, when status is a redirect
	status   int    // 200, 301, 308 or 404
}

// resolve maps a request URL to a page, a redirect or not found. It is the
// single routing decision for document loads and socket navigations, so
// both always agree.
func (a *App) resolve(u *url.URL) resolution {
	escaped := u.EscapedPath()
	query := ""
	if u.RawQuery != "" {
		query = "?" + u.RawQuery
	}
	if a.prefix != "" {
		if escaped == a.prefix {
			return resolution{status: http.StatusPermanentRedirect, redirect: a.prefix + "/" + query}
		}
		if !strings.HasPrefix(escaped, a.prefix+"/") {
			return resolution{status: http.StatusNotFound}
		}
		escaped = escaped[len(a.prefix):]
	}
	if r, ok := a.resolvePath(escaped); ok {
		if r.status == http.StatusMovedPermanently {
			r.redirect += query
		}
		return r
	}
	// "/analytics/" -> 308 "/analytics", only when the trimmed path is a
	// page or a redirect, so the Location is always one of the app's paths.
	if len(escaped) > 1 && strings.HasSuffix(escaped, "/") {
		trimmed := escaped[:len(escaped)-1]
		if _, ok := a.resolvePath(trimmed); ok {
			return resolution{status: http.StatusPermanentRedirect, redirect: safeLocation(a.prefix + trimmed + query)}
		}
	}
	return resolution{status: http.StatusNotFound}
}

// resolvePath resolves an escaped path below the BasePath to a page or a
// RedirectFrom redirect.
func (a *App) resolvePath(escaped string) (resolution, bool) {
	decoded, err := url.PathUnescape(escaped)
	if err != nil {
		return resolution{}, false
	}
	// No lock: the app's page table is never written after New.
	if e, ok := a.pages.byPath[decoded]; ok {
		return resolution{entry: e, status: http.StatusOK}, true
	}
	if e, ok := a.pages.redirects[decoded]; ok {
		return resolution{status: http.StatusMovedPermanently, redirect: a.RelativePath(e.page.Path)}, true
	}
	if len(a.pages.templates) == 0 {
		return resolution{}, false
	}
	var buf [16]string
	segs := appendSegments(buf[:0], escaped)
	for _, e := range a.pages.templates {
		if vars, ok := e.tmpl.match(segs); ok {
			return resolution{entry: e, vars: vars, status: http.StatusOK}, true
		}
	}
	return resolution{}, false
}

// safeLocation makes a same-origin Location: a single leading slash, no
// backslash (browsers read "/\" as "//").
func safeLocation(loc string) string {
	loc = strings.ReplaceAll(loc, `\`, "%5C")
	for strings.HasPrefix(loc, "//") {
		loc = loc[1:]
	}
	if !strings.HasPrefix(loc, "/") {
		loc = "/" + loc
	}
	return loc
}

// allow lists the methods routed at an echo path, sorted, or "".
func (a *App) allow(path string) string {
	if m := a.methods.Load(); m != nil {
		return (*m)[path]
	}
	return ""
}

// indexMethods records, for every echo route path, the methods routed
// there: a request with another method answers 405 with them in Allow.
// echo itself sends such requests to the catch-all not-found route.
func (a *App) indexMethods() {
	byPath := map[string][]string{}
	for _, rt := range a.echo.Routes() {
		if rt.Method != routeNotFound && !strings.HasSuffix(rt.Path, "*") {
			byPath[rt.Path] = append(byPath[rt.Path], rt.Method)
		}
	}
	m := make(map[string]string, len(byPath))
	for p, ms := range byPath {
		m[p] = sortAllow(strings.Join(ms, ","))
	}
	a.methods.Store(&m)
}

// isPageRoute reports whether a GET of r's URL reaches one of the app's
// page, redirect or not-found routes. Anything else (the echo instance's
// own routes, an API, /metrics, the assets and the runtime) is not a page:
// socket navigation loads it as a document instead.
func (a *App) isPageRoute(r *http.Request) bool {
	c := a.echo.AcquireContext()
	defer a.echo.ReleaseContext(c)
	c.Reset(r, nopWriter{})
	a.echo.Router().Find(http.MethodGet, echo.GetPath(r), c)
	p := c.Path()
	return p == "" || a.pageRoutes[p]
}

// nopWriter is the ResponseWriter of a context used only for routing.
type nopWriter struct{}

// Header returns a fresh, unused header map.
func (nopWriter) Header() http.Header { return http.Header{} }

// Write discards b.
func (nopWriter) Write(b []byte) (int, error) { return io.Discard.Write(b) }

// WriteHeader does nothing.
func (nopWriter) WriteHeader(int) {}
