package framework

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/a-h/templ"
)

// parseNavURL accepts only a same-origin path with an optional query: a
// navigation can never name another host.
func parseNavURL(raw string) (*url.URL, error) {
	if raw == "" || len(raw) > maxURLLen {
		return nil, errors.New("bad url: empty or too long")
	}
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, `/\`) {
		return nil, errors.New("bad url: want an absolute path on this origin")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return nil, errors.New("bad url: want an absolute path on this origin")
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// navigate answers a socket navigation with the rendered page and its
// status, following redirects; paths that the app does not render itself
// (the echo instance's own routes, a static not-found file) are answered
// with reload, so the runtime loads them as documents.
func (a *App) navigate(c *client, m message) reply {
	u, err := parseNavURL(m.URL)
	if err != nil {
		return reply{Ref: m.Ref, Type: "error", Error: err.Error()}
	}
	for hop := range maxRedirects + 1 {
		res := a.resolve(u)
		switch res.status {
		case http.StatusMovedPermanently, http.StatusPermanentRedirect:
			if u, err = url.Parse(res.redirect); err != nil {
				return reply{Ref: m.Ref, Type: "error", Error: "bad redirect"}
			}
			continue
		case http.StatusOK:
			return a.pageReply(c.ctx, m.Ref, a.request(c.requestFor(u), res), http.StatusOK)
		}
		r := c.requestFor(u)
		if a.notFound != nil || a.isForeignRoute(r) {
			return reply{Ref: m.Ref, Type: "page", URL: u.RequestURI(), Reload: true}
		}
		how, from := navHow(m.Kind, hop > 0), ""
		if isSameOriginPath(m.From, c.req.Host) {
			from = m.From
		}
		now := time.Now()
		rep := a.pageReply(c.ctx, m.Ref, a.notFoundRequest(r), http.StatusNotFound)
		navID := ""
		if how != HowBackForward { // back and forward keep their entry's token
			rep.Nav, navID = a.issueToken(u.RequestURI(), how, from, now)
		}
		a.notFoundResponse(r, u.RequestURI(), how, from, navID, now)
		return rep
	}
	return reply{Ref: m.Ref, Type: "error", Error: "too many redirects"}
}

// requestFor is the client's upgrade request with the navigated URL.
func (c *client) requestFor(u *url.URL) *http.Request {
	r := c.req.Clone(c.ctx)
	r.URL = u
	r.RequestURI = u.RequestURI()
	return r
}

// pageReply renders a page's content and head for the runtime. A failing
// layout answers the 500 page, as a document load would.
func (a *App) pageReply(ctx context.Context, ref int64, req Request, status int) reply {
	if n := a.nonce(req.HTTP); n != "" {
		ctx = templ.WithNonce(ctx, n)
	}
	content := getBuf()
	defer putBuf(content)
	var body templ.Component
	req.state = &renderState{}
	if err := a.renderPage(ctx, req, content); err != nil {
		a.log.Error("framework: render failed", "path", req.Path, "err", err)
		detail := ""
		if a.cfg.Debug {
			detail = err.Error()
		}
		status = http.StatusInternalServerError
		req.Page = Page{Title: "500: " + statusText(status)}
		content.Reset()
		body = errorContent(status, detail)
		if err := body.Render(ctx, content); err != nil {
			return reply{Ref: ref, Type: "error", Error: "render failed"}
		}
	}
	meta := getBuf()
	defer putBuf(meta)
	var d ShellData
	if err := protect(func() error {
		d = a.shellData(req.HTTP, req, status, nil)
		return PageMeta(d).Render(ctx, meta)
	}); err != nil {
		a.log.Error("framework: render failed", "path", req.Path, "err", err)
		return reply{Ref: ref, Type: "error", Error: "render failed"}
	}
	return reply{
		Ref: ref, Type: "page", URL: req.HTTP.URL.RequestURI(), Status: status,
		Title: d.Title, Meta: meta.String(), HTML: content.String(), Topics: d.Topics,
	}
}
