package framework

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// routes registers the app's routes on its echo instance: every page and
// redirect as GET and HEAD, the runtime, the socket, the assets, and a
// catch-all not-found route.
func (a *App) routes() {
	add := func(path string, h echo.HandlerFunc, methods ...string) {
		for _, m := range methods {
			a.echo.Add(m, path, h).Name = routeNamePrefix + m + " " + path
			a.ours[m+" "+path] = true
		}
	}
	a.reg.mu.Lock()
	for _, e := range a.reg.ordered {
		add(a.echoPath(e), a.serveDocument, http.MethodGet, http.MethodHead)
	}
	for from := range a.reg.redirects {
		add(a.prefix+from, a.serveDocument, http.MethodGet, http.MethodHead)
	}
	a.reg.mu.Unlock()
	add(a.prefix+RuntimePrefix+runtimeFile, a.serveRuntime, http.MethodGet, http.MethodHead)
	add(a.prefix+RuntimePrefix+"socket", a.serveSocket, http.MethodGet)
	add(a.prefix+AssetsPrefix+"*", a.serveAsset, http.MethodGet, http.MethodHead)
	a.echo.RouteNotFound("/*", a.serveDocument).Name = routeNamePrefix + "not-found"
	a.ours[routeNotFound+" /*"] = true
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
	a.reg.mu.Lock()
	defer a.reg.mu.Unlock()
	if e, ok := a.reg.byPath[decoded]; ok {
		return resolution{entry: e, status: http.StatusOK}, true
	}
	if e, ok := a.reg.redirects[decoded]; ok {
		return resolution{status: http.StatusMovedPermanently, redirect: a.RelativePath(e.page.Path)}, true
	}
	if len(a.reg.templates) == 0 {
		return resolution{}, false
	}
	segs := splitPath(escaped)
	for _, e := range a.reg.templates {
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

// serveDocument answers a document request: a page, a redirect or the
// not-found page, always from resolve.
func (a *App) serveDocument(c echo.Context) error {
	r := c.Request()
	res := a.resolve(r.URL)
	switch res.status {
	case http.StatusMovedPermanently, http.StatusPermanentRedirect:
		return c.Redirect(res.status, res.redirect)
	case http.StatusOK:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			c.Response().Header().Set(echo.HeaderAllow, a.allow(a.echoPath(res.entry)))
			return echo.ErrMethodNotAllowed
		}
		return a.writeDocument(c, http.StatusOK, a.request(r, res))
	}
	return a.writeNotFound(c)
}

// allow lists the methods routed at an echo path: the page's GET and HEAD
// and any route of the app's own there, sorted.
func (a *App) allow(path string) string {
	ms := []string{http.MethodGet, http.MethodHead}
	for _, rt := range a.echo.Routes() {
		if rt.Path == path && rt.Method != routeNotFound {
			ms = append(ms, rt.Method)
		}
	}
	return sortAllow(strings.Join(ms, ","))
}

// request builds the layout's Request for a resolved page.
func (a *App) request(r *http.Request, res resolution) Request {
	path := r.URL.Path
	if a.prefix != "" {
		path = strings.TrimPrefix(path, a.prefix)
	}
	req := Request{Path: path, Vars: res.vars, Query: r.URL.Query(), HTTP: r, app: a}
	if res.entry != nil {
		req.Page = res.entry.page
	}
	return req
}

// notFoundRequest builds the Request for the not-found page.
func (a *App) notFoundRequest(r *http.Request) Request {
	req := a.request(r, resolution{})
	req.Page = a.notFoundPage()
	req.NotFound = true
	return req
}

// writeNotFound answers 404 with the static file, the app's not-found page
// or the built-in one.
func (a *App) writeNotFound(c echo.Context) error {
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	if a.notFound != nil {
		return c.HTMLBlob(http.StatusNotFound, a.notFound)
	}
	return a.writeDocument(c, http.StatusNotFound, a.notFoundRequest(c.Request()))
}

// isForeignRoute reports whether a GET of u would reach one of the echo
// instance's own routes rather than the app's (an API, /metrics, a static
// handler): socket navigation sends those to a document load.
func (a *App) isForeignRoute(r *http.Request) bool {
	c := a.echo.AcquireContext()
	defer a.echo.ReleaseContext(c)
	c.Reset(r, nopWriter{})
	a.echo.Router().Find(http.MethodGet, echo.GetPath(r), c)
	p := c.Path()
	return p != "" && !a.ours[http.MethodGet+" "+p] && !a.ours[routeNotFound+" "+p]
}

// nopWriter is the ResponseWriter of a context used only for routing.
type nopWriter struct{}

// Header returns a fresh, unused header map.
func (nopWriter) Header() http.Header { return http.Header{} }

// Write discards b.
func (nopWriter) Write(b []byte) (int, error) { return io.Discard.Write(b) }

// WriteHeader does nothing.
func (nopWriter) WriteHeader(int) {}
