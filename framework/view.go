package framework

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// view is one page view, the single result of rendering a URL: what a
// document load and a socket navigation both show. pageView builds it;
// HTTP wraps it in the shell (writeView), the socket sends it as a page
// reply (pageReply). Both reach pageView through the same echo route and
// middleware (serveDocument).
type view struct {
	status   int    // 200, 301, 308, 404 or 500
	redirect string // the Location of a redirect
	static   []byte // Config.NotFoundFile, shown as it is
	data     ShellData
	calls    pendingCalls // the first callbacks, run by the transport
	bufs     renderBufs   // the content, then the document or the meta tags
	builtin  bool         // an error page: wrapped in DefaultShell, not the app's shell
	pooled   bool         // from newView: release returns it to viewPool
}

// viewPool holds rendered views, buffers included, between requests.
var viewPool = sync.Pool{New: func() any { return new(view) }}

// newView is a pooled view with empty buffers, for a render; release
// returns it.
func newView(status int) *view {
	v := viewPool.Get().(*view)
	v.status, v.pooled = status, true
	return v
}

// release returns a view from newView to its pool, exactly once: the
// caller must not use v afterwards. Other views are left to the collector.
func (v *view) release() {
	if !v.pooled || v.bufs.content.Cap()+v.bufs.doc.Cap() > 2<<20 { // huge buffers are not kept
		return
	}
	v.bufs.content.Reset()
	v.bufs.doc.Reset()
	*v = view{bufs: v.bufs}
	viewPool.Put(v)
}

// navigation is how a page view was reached, carried in the request's
// context: a document load has none, a socket navigation or a callback's
// page check puts one there before passing the request through echo, and
// serveDocument hands its view back through it instead of writing.
type navigation struct {
	how       How    // how a missing page was reached (token, events)
	from      string // the page navigated from
	checkOnly bool   // resolve only: a callback checks its page still passes
	outside   outside

	view *view         // set by serveDocument: the chain let the request through
	req  *http.Request // the request as the page handler saw it
}

type navKey struct{}

// navigationOf returns the navigation a request carries, or nil for a
// document load.
func navigationOf(r *http.Request) *navigation {
	nav, _ := r.Context().Value(navKey{}).(*navigation)
	return nav
}

// serveDocument is the echo handler of every page, redirect and missing
// path: a document load writes the view as a document; a socket
// navigation, which passed the same middleware to get here, takes the view
// back through its navigation.
func (a *App) serveDocument(c echo.Context) error {
	r := c.Request()
	nav := navigationOf(r)
	res := a.resolve(r.URL)
	if res.status == http.StatusOK && r.Method != http.MethodGet && r.Method != http.MethodHead {
		c.Response().Header().Set(echo.HeaderAllow, a.allow(a.echoPath(res.entry)))
		return echo.ErrMethodNotAllowed
	}
	if res.status == http.StatusNotFound {
		if allow := a.allow(r.URL.Path); allow != "" { // a route of another method
			c.Response().Header().Set(echo.HeaderAllow, allow)
			return echo.ErrMethodNotAllowed
		}
	}
	if nav == nil {
		return a.writeView(c, a.pageView(r, res, &navigation{how: HowDocument, from: r.Referer()}))
	}
	nav.req = r
	if nav.checkOnly {
		nav.view = &view{status: res.status, data: ShellData{Request: a.request(r, res)}}
		return nil
	}
	nav.view = a.pageView(r, res, nav)
	return nil
}

// pageView renders what a resolved request leads to: a redirect, the page,
// or the not-found view; a failing layout, title or description gives the
// 500 view. The caller releases the view.
func (a *App) pageView(r *http.Request, res resolution, nav *navigation) *view {
	switch res.status {
	case http.StatusMovedPermanently, http.StatusPermanentRedirect:
		return &view{status: res.status, redirect: res.redirect}
	case http.StatusOK:
		return a.render(r, a.request(r, res), http.StatusOK, "", nav)
	}
	return a.notFoundView(r, nav)
}

// notFoundView is the 404 view of both transports: the navigation token
// for OnNotFound, the OnNotFoundResponse hooks, and the static file, the
// app's not-found page or the built-in one.
func (a *App) notFoundView(r *http.Request, nav *navigation) *view {
	if a.notFound != nil && nav.how != HowDocument {
		// The file brings its own styles: the runtime loads it as a
		// document, which issues the token and counts the response.
		return &view{status: http.StatusNotFound, static: a.notFound}
	}
	var token string
	if a.hasHooks() { // the work of a token only for apps that count 404s
		now, uri := time.Now(), r.URL.RequestURI()
		var navID string
		if nav.how != HowBackForward { // back and forward keep their entry's token
			token, navID = a.issueToken(uri, nav.how, nav.from, now)
		}
		a.notFoundResponse(r, uri, nav.how, nav.from, navID, now)
	}
	if a.notFound != nil {
		return &view{status: http.StatusNotFound, static: a.staticNotFound(r, token)}
	}
	req := a.request(r, resolution{})
	req.Page, req.NotFound = a.notFoundPage(), true
	return a.render(r, req, http.StatusNotFound, token, nav)
}

// render renders a page's content and head data into a view. A failure
// gives the 500 view.
func (a *App) render(r *http.Request, req Request, status int, token string, nav *navigation) *view {
	ctx, nonce := r.Context(), a.nonce(r)
	if nonce != "" {
		ctx = templ.WithNonce(ctx, nonce)
	}
	v := newView(status)
	// The state is not in the pooled view: a layout may keep its Request.
	// It holds the render's copy of the page, so a layout that changes its
	// Page changes no other render's.
	st := &renderState{page: *req.Page}
	req.state, req.Page = st, &st.page
	if err := renderContent(ctx, req, &v.bufs.content); err != nil {
		v.release()
		return a.errorView(r, http.StatusInternalServerError, err)
	}
	if req.Page.TitleFunc == nil && req.Page.DescriptionFunc == nil { // no app code to protect from
		v.data = a.shellData(r, req, status, nonce)
	} else if err := protect(func() error { v.data = a.shellData(r, req, status, nonce); return nil }); err != nil {
		v.release()
		return a.errorView(r, http.StatusInternalServerError, err)
	}
	v.data.Nav = token
	v.calls = pendingCalls{ctx: ctx, req: req, outside: nav.outside}
	return v
}

// errorView is the error page of status as a view, in the built-in shell;
// for a 5xx it logs err once, with its stack when it is a panic. With
// Config.Debug (or Dev) the page shows err and where it happened
// (failurePos); without, nothing of it.
func (a *App) errorView(r *http.Request, status int, err error) *view {
	if status >= 500 {
		a.logError("framework: render failed", r, err)
	}
	detail := ""
	if a.cfg.Debug && err != nil { // with where it failed: see failurePos
		detail = withPos(err.Error(), failurePos(err))
	}
	req := Request{Path: a.appPath(r.URL.Path), HTTP: r, app: a, Page: &Page{Title: fmt.Sprintf("%d: %s", status, statusText(status))}}
	v := newView(status)
	v.builtin = true
	if err := errorContent(status, detail).Render(r.Context(), &v.bufs.content); err != nil {
		v.bufs.content.Reset()
		v.bufs.content.WriteString(statusText(status))
	}
	v.data = a.shellData(r, req, status, a.nonce(r))
	return v
}

// logError logs a failure of app code once, with where it happened (its
// .templ position, "templ", or else failurePos's, "at") and the stack of a
// panic, rate-limited per message (see logLimiter). A failure that is only the
// client going away (the request's context cancelled, a closed socket) is
// not an error and is not logged.
func (a *App) logError(msg string, r *http.Request, err error, attrs ...any) {
	if clientGone(r, err) {
		return
	}
	if r != nil {
		attrs = append(attrs, "method", r.Method, "path", r.URL.Path)
	}
	attrs = append(attrs, "err", err)
	if pos := templPosOf(err); pos != "" {
		attrs = append(attrs, "templ", pos)
	} else if pos := failurePos(err); pos != "" {
		attrs = append(attrs, "at", pos)
	}
	var pe *panicError
	if errors.As(err, &pe) {
		attrs = append(attrs, "stack", string(pe.stack))
	}
	a.logLimited(levelError, msg, attrs...)
}

// request builds the layout's Request for a resolved page.
func (a *App) request(r *http.Request, res resolution) Request {
	req := Request{Path: a.appPath(r.URL.Path), Vars: res.vars, HTTP: r, Hash: navHash(r), app: a}
	if r.URL.RawQuery != "" { // nil otherwise: reads of a nil url.Values work
		req.Query = r.URL.Query()
	}
	if res.entry != nil {
		req.Page = &res.entry.page // render copies it
	}
	return req
}

// notFoundPage is the registered not-found page or the built-in one.
func (a *App) notFoundPage() *Page {
	if e := a.pages.notFound; e != nil {
		return &e.page // render copies it
	}
	return &builtinNotFoundPage
}

var builtinNotFoundPage = Page{
	Name:   "Not found",
	Title:  "404: Page not found",
	Layout: func(r Request) templ.Component { return builtinNotFound(r) },
}

// shellData fills the head data of a page view. It runs app code (a
// TitleFunc, a DescriptionFunc); callers protect it. A page's title is
// its TitleFunc's, its Title, its Name, then the app's (Config.Title); its
// description its DescriptionFunc's, its Description, then the app's
// (Config.Description).
func (a *App) shellData(r *http.Request, req Request, status int, nonce string) ShellData {
	links := a.assets.cachedLinks(a.prefix)
	title := req.title()
	if title == "" {
		title = a.cfg.Title
	}
	desc := req.Page.Description
	if req.Page.DescriptionFunc != nil {
		desc = req.Page.DescriptionFunc(req)
	} else if desc == "" {
		desc = a.cfg.Description
	}
	d := ShellData{
		Lang:        a.cfg.Lang,
		Title:       title,
		Description: desc,
		Favicon:     links.favicon,
		Stylesheets: links.css,
		Scripts:     links.js,
		RuntimeSrc:  a.links.runtime,
		SocketPath:  a.links.socket,
		BasePath:    a.links.base,
		Status:      status,
		Topics:      a.signedTopics(req.state),
		Request:     req,
		Nonce:       nonce,
	}
	if img := req.Page.Image; img != "" {
		d.Image = a.absoluteAssetURL(r, img)
	}
	return d
}

// absoluteAssetURL makes an og:image URL: absolute URLs pass through, asset
// names are served from AssetsPrefix on the request's host.
func (a *App) absoluteAssetURL(r *http.Request, img string) string {
	if strings.HasPrefix(img, "https://") || strings.HasPrefix(img, "http://") {
		return img
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + a.prefix + AssetsPrefix + strings.TrimPrefix(img, "/")
}

func (a *App) nonce(r *http.Request) string {
	if a.cfg.Nonce == nil {
		return ""
	}
	return a.cfg.Nonce(r)
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Error"
}
