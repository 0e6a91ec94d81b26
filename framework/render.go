package framework

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// ContainerID is the id of the element that holds the page's content.
const ContainerID = "pw-content"

// ShellData is what a shell renders: the page's head data, the links to the
// app's assets and runtime, and the page's content.
type ShellData struct {
	// Lang is the document language.
	Lang string
	// Title is the document title.
	Title string
	// Description is the page's description, or "".
	Description string
	// Image is the absolute URL of the page's social card image, or "".
	Image string
	// Favicon is the URL of the app's favicon, or "".
	Favicon string
	// Stylesheets are the URLs of the app's CSS files, in path order. The
	// slice is shared between renders and must not be modified.
	Stylesheets []string
	// RuntimeSrc is the URL of the client runtime.
	RuntimeSrc string
	// SocketPath is the path of the websocket endpoint.
	SocketPath string
	// BasePath is the app's base path, ending in "/".
	BasePath string
	// Nonce is the request's CSP nonce, or "".
	Nonce string
	// Status is the HTTP status of the response.
	Status int
	// Topics are the page's signed subscriptions (see Subscribe).
	Topics string
	// Nav is the navigation token of a not-found render, or "".
	Nav string
	// Content is the page's rendered content.
	Content templ.Component
	// Request is the page's request.
	Request Request
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// renderBufs are the two buffers of a document render, pooled together.
type renderBufs struct{ content, doc bytes.Buffer }

var bufsPool = sync.Pool{New: func() any { return new(renderBufs) }}

func getBufs() *renderBufs { return bufsPool.Get().(*renderBufs) }

func putBufs(b *renderBufs) {
	if b.content.Cap()+b.doc.Cap() > 2<<20 {
		return
	}
	b.content.Reset()
	b.doc.Reset()
	bufsPool.Put(b)
}

func getBuf() *bytes.Buffer { return bufPool.Get().(*bytes.Buffer) }

func putBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 { // do not keep huge buffers alive
		return
	}
	b.Reset()
	bufPool.Put(b)
}

// layoutError is a failure of a page's layout: an error or a panic.
type layoutError struct {
	err   error
	stack []byte
}

// Error returns the underlying error's text.
func (e *layoutError) Error() string { return e.err.Error() }

// Unwrap returns the underlying error.
func (e *layoutError) Unwrap() error { return e.err }

// protect runs f, turning a panic into a *layoutError: app code (layouts,
// title funcs, shells) never takes a response down with it.
func protect(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &layoutError{err: fmt.Errorf("panic: %v", p), stack: debug.Stack()}
		}
	}()
	return f()
}

// renderContent renders the page's layout into buf, turning a panic into
// an error (recovered here, not through protect: this is the hot path).
func renderContent(ctx context.Context, req Request, buf *bytes.Buffer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &layoutError{err: fmt.Errorf("panic: %v", p), stack: debug.Stack()}
		}
	}()
	c := req.Page.Layout(req)
	if c == nil {
		return errors.New("layout returned a nil component")
	}
	return c.Render(ctx, buf)
}

// renderPage renders the page's layout, then runs the initial callbacks
// on it, so the first response holds their outputs.
func (a *App) renderPage(ctx context.Context, req Request, buf *bytes.Buffer) error {
	if err := renderContent(ctx, req, buf); err != nil {
		return err
	}
	if !a.cbs.mayFire(buf.Bytes()) {
		return nil
	}
	return protect(func() error { return a.initialCalls(ctx, req, buf) })
}

// notFoundPage is the registered not-found page or the built-in one.
func (a *App) notFoundPage() Page {
	if e := a.reg.notFound; e != nil {
		return e.page
	}
	return builtinNotFoundPage
}

var builtinNotFoundPage = Page{
	Name:   "Not found",
	Title:  "404: Page not found",
	Layout: func(r Request) templ.Component { return builtinNotFound(r) },
}

// shellData fills the shell's data for a request.
func (a *App) shellData(r *http.Request, req Request, status int, content templ.Component) ShellData {
	links := a.assets.cachedLinks(a.prefix)
	d := ShellData{
		Lang:        a.cfg.Lang,
		Title:       req.title(),
		Description: req.Page.Description,
		Favicon:     links.favicon,
		Stylesheets: links.css,
		RuntimeSrc:  a.prefix + RuntimePrefix + runtimeFile,
		SocketPath:  a.prefix + RuntimePrefix + "socket",
		BasePath:    a.prefix + "/",
		Status:      status,
		Topics:      a.signedTopics(req.state),
		Nav:         req.nav,
		Content:     content,
		Request:     req,
	}
	if img := req.Page.Image; img != "" {
		d.Image = a.absoluteAssetURL(r, img)
	}
	if a.cfg.Nonce != nil {
		d.Nonce = a.cfg.Nonce(r)
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

// writeDocument renders the full document into a buffer, then writes status
// and body, so a failing layout never leaves a half-written response.
func (a *App) writeDocument(c echo.Context, status int, req Request) error {
	r := c.Request()
	ctx := r.Context()
	if d := a.nonce(r); d != "" {
		ctx = templ.WithNonce(ctx, d)
	}
	bufs := getBufs()
	defer putBufs(bufs)
	content, doc := &bufs.content, &bufs.doc
	req.state = &renderState{}
	if err := a.renderPage(ctx, req, content); err != nil {
		return a.writeError(c, http.StatusInternalServerError, err)
	}
	if err := a.renderShell(ctx, r, req, status, content.Bytes(), doc); err != nil {
		return a.writeError(c, http.StatusInternalServerError, err)
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	if status != http.StatusOK {
		h.Set("Cache-Control", "no-store")
	}
	return c.HTMLBlob(status, doc.Bytes())
}

func (a *App) nonce(r *http.Request) string {
	if a.cfg.Nonce == nil {
		return ""
	}
	return a.cfg.Nonce(r)
}

// renderShell renders the document around already-rendered content, turning
// a panic (in the shell, a TitleFunc...) into an error.
func (a *App) renderShell(ctx context.Context, r *http.Request, req Request, status int, content []byte, doc *bytes.Buffer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &layoutError{err: fmt.Errorf("panic: %v", p), stack: debug.Stack()}
		}
	}()
	return a.shell(a.shellData(r, req, status, rawComponent(content))).Render(ctx, doc)
}

// rawComponent writes already-rendered HTML.
func rawComponent(b []byte) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// writeError logs err and renders the error page with status inside the
// built-in shell; details only in debug mode.
func (a *App) writeError(c echo.Context, status int, err error) error {
	r := c.Request()
	if status >= 500 {
		attrs := []any{"method", r.Method, "path", r.URL.Path, "err", err}
		var le *layoutError
		if errors.As(err, &le) && a.cfg.Debug {
			attrs = append(attrs, "stack", string(le.stack))
		}
		a.log.Error("framework: render failed", attrs...)
	}
	detail := ""
	if a.cfg.Debug && err != nil {
		detail = err.Error()
	}
	req := Request{Path: r.URL.Path, HTTP: r, app: a, Page: Page{Title: fmt.Sprintf("%d: %s", status, statusText(status))}}
	doc := getBuf()
	defer putBuf(doc)
	d := a.shellData(r, req, status, errorContent(status, detail))
	if rerr := DefaultShell(d).Render(r.Context(), doc); rerr != nil {
		return c.String(status, statusText(status))
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, doc.Bytes())
}

// handleError replaces echo's JSON error handler: errors render as HTML
// pages with the right status, and 405 answers carry a sorted Allow header.
// Clients that ask for JSON and not HTML keep the previous handler's JSON.
func (a *App) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	if status == http.StatusMethodNotAllowed {
		h := c.Response().Header()
		if allow := h.Get(echo.HeaderAllow); allow != "" {
			h.Set(echo.HeaderAllow, sortAllow(allow))
		}
	}
	accept := c.Request().Header.Get(echo.HeaderAccept)
	if strings.Contains(accept, echo.MIMEApplicationJSON) && !strings.Contains(accept, "text/html") && a.prevErr != nil {
		a.prevErr(err, c)
		return
	}
	if status == http.StatusNotFound {
		if werr := a.writeNotFound(c); werr != nil {
			a.log.Error("framework: not-found page failed", "err", werr)
		}
		return
	}
	if werr := a.writeError(c, status, err); werr != nil {
		a.log.Error("framework: error page failed", "err", werr)
	}
}

func sortAllow(allow string) string {
	ms := strings.Split(allow, ",")
	for i := range ms {
		ms[i] = strings.TrimSpace(ms[i])
	}
	slices.Sort(ms)
	return strings.Join(slices.Compact(ms), ", ")
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Error"
}
