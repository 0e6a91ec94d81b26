package framework

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/pagewire/pagewire/internal/wire"
)

// The socket transport of a page view: an in-app navigation passes the
// request through echo, the same routes and middleware as a document load,
// and answers with the view as a page reply.

func init() {
	handle(wire.TypeNav, func(c *client, in inbound) {
		var m wire.Nav
		if decode(c, in, &m) {
			c.queue(c.navigate(in, m))
		}
	})
}

// maxRedirects is the most redirects followed for one navigation.
const maxRedirects = 5

// navigate answers a navigation with the rendered page and its status,
// following redirects. It answers Reload, so the runtime loads the URL as
// a document, for what the app does not show in place: a path that is not
// a page route (the echo instance's own routes, assets), a static
// not-found file, and a request that the app's middleware did not let
// through (a login redirect, a 401 or 403): the document load then gets
// the middleware's own answer.
func (c *client) navigate(in inbound, m wire.Nav) any {
	u, err := parseNavURL(m.URL)
	if err != nil {
		return in.fail(err.Error())
	}
	out, err := parseOutside(m)
	if err != nil {
		return in.fail("bad request: " + err.Error())
	}
	hash, err := parseNavHash(m.Hash)
	if err != nil {
		return in.fail(err.Error())
	}
	a := c.hub.app
	from := ""
	if isSameOriginPath(m.From, c.req.Host) {
		from = m.From
	}
	for hop := range maxRedirects + 1 {
		nav := &navigation{how: navHow(m.Kind, hop > 0), from: from, outside: out}
		if m.Topics {
			nav.how = HowBackForward // the page the tab shows: its entry keeps its token
		}
		v := a.dispatch(withHash(c.requestFor(u, nav), hash), nav)
		switch {
		case v == nil, v.static != nil:
			return wire.Page{Header: in.reply(wire.TypePage), URL: u.RequestURI(), Reload: true}
		case v.redirect != "":
			if u, err = url.Parse(v.redirect); err != nil {
				return in.fail("bad redirect")
			}
			continue
		}
		if m.Topics {
			return topicsReply(in, v, nav.req)
		}
		return a.pageReply(in, v, nav.req)
	}
	return in.fail("too many redirects")
}

// dispatch passes a GET of a page, carrying nav (see requestFor), through
// the app's echo instance, its routing and middleware, and returns the view
// that serveDocument handed back: nil when the request did not reach a
// page (not a page route, or middleware answered it).
func (a *App) dispatch(r *http.Request, nav *navigation) *view {
	if !a.isPageRoute(r) {
		return nil
	}
	a.echo.ServeHTTP(&discardWriter{h: http.Header{}}, r)
	return nav.view
}

// pageReply sends a view as the runtime's page: its content with the first
// callbacks run, its head data, and the outputs of those callbacks that
// live around the container.
func (a *App) pageReply(in inbound, v *view, r *http.Request) any {
	defer v.release()
	rep := wire.Page{URL: r.URL.RequestURI(), Status: v.status, Title: v.data.Title, Topics: v.data.Topics, Nav: v.data.Nav}
	content := &v.bufs.content
	if !v.builtin {
		err := protect(func() (err error) { rep.Updates, err = a.contentCalls(v.calls, content); return err })
		if err != nil {
			return a.pageReply(in, a.errorView(r, http.StatusInternalServerError, err), r) // v is released on return
		}
	}
	meta := &v.bufs.doc
	hw := bufferWriter(meta)
	hw.pageMeta(&v.data)
	hw.flush()
	rep.Meta, rep.HTML = meta.String(), content.String()
	rep.Header = in.reply(wire.TypePage)
	return rep
}

// topicsReply answers a Nav that asks only for its page's signed topics
// (wire.Nav.Topics): the page's URL, status and topics, without content.
func topicsReply(in inbound, v *view, r *http.Request) any {
	defer v.release()
	return wire.Page{Header: in.reply(wire.TypePage), URL: r.URL.RequestURI(), Status: v.status, Topics: v.data.Topics}
}

// parseNavURL accepts only a same-origin path with an optional query: a
// navigation can never name another host.
func parseNavURL(raw string) (*url.URL, error) {
	if raw == "" || len(raw) > wire.MaxURLLen {
		return nil, errors.New("bad url: empty or too long")
	}
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, `/\`) {
		return nil, errors.New("bad url: want an absolute path on this origin")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return nil, errors.New("bad url: want an absolute path on this origin")
	}
	// "/%2F x" decodes to "// x", which re-escapes to "//%20x": a URL of
	// another host once written back. The path as it will be written must
	// still be on this origin.
	if p := u.EscapedPath(); strings.HasPrefix(p, "//") || strings.HasPrefix(p, `/\`) {
		return nil, errors.New("bad url: want an absolute path on this origin")
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// parseNavHash checks a navigation's hash (wire.Nav.Hash): empty, or "#"
// and a fragment, as location.hash reads. A lone "#" is no hash. The
// fragment is kept as the browser gives it, which need not be a valid
// escape ("#100%" is one location.hash); only control characters, which
// the browser always escapes, are refused.
func parseNavHash(raw string) (string, error) {
	if raw == "" || raw == "#" {
		return "", nil
	}
	if len(raw) > wire.MaxURLLen || raw[0] != '#' {
		return "", errors.New("bad hash: want \"#\" and a fragment")
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] < ' ' || raw[i] == 0x7f {
			return "", errors.New("bad hash: a control character")
		}
	}
	return raw, nil
}

// hashKey is the context key of a navigation's hash.
type hashKey struct{}

// withHash makes a navigation's request carry the URL's hash, which no
// HTTP request does (see navHash); "" leaves r as it is.
func withHash(r *http.Request, hash string) *http.Request {
	if hash == "" {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), hashKey{}, hash))
}

// navHash is the hash (location.hash) of the URL a page request shows:
// what an in-app navigation sent, "" for a document load, whose hash the
// browser keeps to itself. It is the layout's Request.Hash.
func navHash(r *http.Request) string {
	if r == nil {
		return ""
	}
	h, _ := r.Context().Value(hashKey{}).(string)
	return h
}

// requestFor is a GET of u as the tab's document would send it, carrying
// nav: the upgrade request's cookies, headers and remote address (its copy
// has no upgrade headers), with the navigated URL.
func (c *client) requestFor(u *url.URL, nav *navigation) *http.Request {
	r := c.req.Clone(context.WithValue(c.ctx, navKey{}, nav))
	r.URL = u
	r.RequestURI = u.RequestURI()
	return r
}

// discardWriter is the ResponseWriter of a request passed through echo for
// a socket navigation: what middleware writes is dropped.
type discardWriter struct{ h http.Header }

// Header returns the response's header map, which is never sent.
func (w *discardWriter) Header() http.Header { return w.h }

// Write discards b.
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// WriteHeader does nothing.
func (w *discardWriter) WriteHeader(int) {}

// navHow maps a runtime navigation kind to How.
func navHow(kind string, redirected bool) How {
	switch {
	case kind == wire.KindPop:
		return HowBackForward
	case redirected:
		return HowRedirect
	case kind == wire.KindLocation:
		return HowCallback
	case kind == wire.KindPush:
		return HowScript
	}
	return HowLink
}

// isSameOriginPath reports whether a referrer sent by the page is a URL of
// this origin; others are dropped from events.
func isSameOriginPath(ref string, host string) bool {
	u, err := url.Parse(ref)
	return err == nil && strings.EqualFold(u.Host, host)
}
