package framework

import (
	"bytes"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

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
	add(a.prefix+RuntimePrefix+"beacon", a.serveBeacon, http.MethodPost)
	add(a.prefix+AssetsPrefix+"*", a.serveAsset, http.MethodGet, http.MethodHead)
	a.echo.RouteNotFound("/*", a.serveDocument).Name = routeNamePrefix + "not-found"
	a.ours[routeNotFound+" /*"] = true
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
	// No lock: the app's registry is frozen by New and never written again
	// (a late registration panics before it changes anything).
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
	if allow := a.allow(r.URL.Path); allow != "" { // a route of another method
		c.Response().Header().Set(echo.HeaderAllow, allow)
		return echo.ErrMethodNotAllowed
	}
	return a.writeNotFound(c)
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

// request builds the layout's Request for a resolved page.
func (a *App) request(r *http.Request, res resolution) Request {
	path := r.URL.Path
	if a.prefix != "" {
		path = strings.TrimPrefix(path, a.prefix)
	}
	req := Request{Path: path, Vars: res.vars, HTTP: r, app: a}
	if r.URL.RawQuery != "" { // nil otherwise: reads of a nil url.Values work
		req.Query = r.URL.Query()
	}
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
// or the built-in one, carrying a navigation token for OnNotFound.
func (a *App) writeNotFound(c echo.Context) error {
	r := c.Request()
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	var token string
	if a.hasHooks() { // the work of a token only for apps that count 404s
		now, uri, ref := time.Now(), r.URL.RequestURI(), r.Referer()
		var navID string
		token, navID = a.issueToken(uri, HowDocument, ref, now)
		a.notFoundResponse(r, uri, HowDocument, ref, navID, now)
	}
	if a.notFound != nil {
		return c.HTMLBlob(http.StatusNotFound, a.staticNotFound(r, token))
	}
	req := a.notFoundRequest(r)
	req.nav = token
	return a.writeDocument(c, http.StatusNotFound, req)
}

// staticNotFound is Config.NotFoundFile as-is, unless OnNotFound hooks are
// registered: then the runtime's script tag, carrying the token, is added
// before </body> (or at the end), so the page can acknowledge its render.
func (a *App) staticNotFound(r *http.Request, token string) []byte {
	if token == "" { // no OnNotFound hook: nothing to acknowledge
		return a.notFound
	}
	tag := `<script src="` + a.prefix + RuntimePrefix + runtimeFile + `" data-pw-base="` + a.prefix + `/" data-pw-socket="` +
		a.prefix + RuntimePrefix + `socket" data-pw-nav="` + token + `"`
	if n := a.nonce(r); n != "" {
		tag += ` nonce="` + html.EscapeString(n) + `"`
	}
	tag += ` defer></script>`
	b := a.notFound
	i := bytes.LastIndex(bytes.ToLower(b), []byte("</body>"))
	if i < 0 {
		i = len(b)
	}
	out := make([]byte, 0, len(b)+len(tag))
	out = append(append(append(out, b[:i]...), tag...), b[i:]...)
	return out
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
