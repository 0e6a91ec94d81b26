package framework

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
)

// The HTTP transport of a page view: the view wrapped in the shell, as a
// whole document.

// writeView writes a view as an HTTP response: a redirect, the static
// not-found file, or the document (shell and content, with the first
// callbacks run on it). The document is rendered into a buffer before the
// status is written, so a failure never leaves a half-written response.
func (a *App) writeView(c echo.Context, v *view) error {
	defer v.release()
	h := c.Response().Header()
	switch {
	case v.redirect != "":
		return c.Redirect(v.status, v.redirect)
	case v.static != nil:
		h[echo.HeaderCacheControl] = noStore
		return writeHTML(c, v.status, v.static)
	}
	doc := &v.bufs.doc
	if err := a.renderDocument(v, doc); err != nil {
		if v.builtin { // the built-in error page failed: plain text
			return c.String(v.status, statusText(v.status))
		}
		return a.writeView(c, a.errorView(c.Request(), http.StatusInternalServerError, err)) // v is released on return
	}
	if v.status != http.StatusOK {
		h[echo.HeaderCacheControl] = noStore
	}
	return writeHTML(c, v.status, doc.Bytes())
}

// renderDocument renders the shell around the view's content into doc and
// runs the page's first callbacks on the whole document, so inputs and
// outputs in the shell take part as they do in the page.
func (a *App) renderDocument(v *view, doc *bytes.Buffer) error {
	content := v.bufs.content.Bytes()
	scan := doc                      // where callback inputs may be: the shell's, or the content alone in DefaultShell
	if v.builtin || a.shell == nil { // DefaultShell, written straight into doc
		hw := bufferWriter(doc)
		hw.assets, hw.links = a.assets.links.Load(), &a.links
		if err := hw.shell(&v.data, func() error { _, err := doc.Write(content); return err }); err != nil {
			return err
		}
		scan = &v.bufs.content
	} else {
		ctx := v.calls.ctx
		if ctx == nil {
			ctx = v.data.Request.Context()
		}
		v.data.Content = rawComponent(content)
		if err := protect(func() error { return a.shell(v.data).Render(ctx, doc) }); err != nil {
			return err
		}
	}
	if v.builtin || !a.cbs.mayFire(scan.Bytes()) {
		return nil
	}
	return protect(func() error { return a.documentCalls(v.calls, doc) })
}

// Header values of every HTML answer, one slice each shared by all
// responses' headers: Header.Set replaces a value and Header.Add grows a
// copy, neither writes into it. They save an allocation each per answer.
var (
	htmlType = []string{echo.MIMETextHTMLCharsetUTF8}
	noStore  = []string{"no-store"}
)

// writeHTML writes an HTML answer, as echo's HTMLBlob does.
func writeHTML(c echo.Context, status int, b []byte) error {
	res := c.Response()
	res.Header()[echo.HeaderContentType] = htmlType
	res.WriteHeader(status)
	_, err := res.Write(b)
	return err
}

// writeNotFound answers a document request with the not-found view.
func (a *App) writeNotFound(c echo.Context) error {
	r := c.Request()
	return a.writeView(c, a.notFoundView(r, &navigation{how: HowDocument, from: r.Referer()}))
}

// staticNotFound is Config.NotFoundFile as it is, unless OnNotFound hooks
// are registered: then the runtime's script tag, carrying the token, is
// added before </body> (or at the end), so the page can acknowledge its
// render.
func (a *App) staticNotFound(r *http.Request, token string) []byte {
	if token == "" { // no OnNotFound hook: nothing to acknowledge
		return a.notFound
	}
	var tag bytes.Buffer
	d := ShellData{RuntimeSrc: a.links.runtime, BasePath: a.links.base, SocketPath: a.links.socket, Nav: token, Nonce: a.nonce(r)}
	if err := RuntimeScript(d).Render(r.Context(), &tag); err != nil {
		return a.notFound
	}
	b := a.notFound
	i := bytes.LastIndex(bytes.ToLower(b), []byte("</body>"))
	if i < 0 {
		i = len(b)
	}
	out := make([]byte, 0, len(b)+tag.Len())
	return append(append(append(out, b[:i]...), tag.Bytes()...), b[i:]...)
}

// handleError replaces echo's JSON error handler: errors render as HTML
// pages with the right status, and 405 answers carry a sorted Allow header.
// Clients that ask for JSON and not HTML keep the previous handler's JSON.
// A 404 renders the not-found view, for a socket navigation too; any other
// error stops a socket navigation, which then loads the page as a document.
func (a *App) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
	}
	r := c.Request()
	if nav := navigationOf(r); nav != nil {
		if status == http.StatusNotFound && !nav.checkOnly {
			nav.req, nav.view = r, a.notFoundView(r, nav)
		}
		return
	}
	if status == http.StatusMethodNotAllowed {
		h := c.Response().Header()
		if allow := h.Get(echo.HeaderAllow); allow != "" {
			h.Set(echo.HeaderAllow, sortAllow(allow))
		}
	}
	accept := r.Header.Get(echo.HeaderAccept)
	if strings.Contains(accept, echo.MIMEApplicationJSON) && !strings.Contains(accept, "text/html") && a.prevErr != nil {
		a.prevErr(err, c)
		return
	}
	var werr error
	if status == http.StatusNotFound {
		werr = a.writeNotFound(c)
	} else {
		werr = a.writeView(c, a.errorView(r, status, err))
	}
	if werr != nil {
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
