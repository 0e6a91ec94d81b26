package framework

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/pagewire/pagewire/internal/wire"
)

// How tells how a navigation reached a missing page.
type How string

// The ways a navigation reaches a page. Back and forward never fire
// OnNotFound; a reload presents the token of the entry it reloads.
const (
	// HowDocument is a document load: a typed URL, an external link, a
	// bookmark, a new tab, a page without the runtime.
	HowDocument How = "document"
	// HowLink is an in-app link click.
	HowLink How = "link"
	// HowCallback is a navigation made by a callback setting a Location.
	HowCallback How = "callback"
	// HowScript is a navigation made by script with pagewire.navigate.
	HowScript How = "script"
	// HowRedirect is an in-app navigation that followed a redirect.
	HowRedirect How = "redirect"
	// HowBackForward is back or forward to an entry; only
	// OnNotFoundResponse sees it.
	HowBackForward How = "back-forward"
)

// NotFoundEvent describes a navigation that landed on a missing path.
type NotFoundEvent struct {
	// Path is the missing path, below the app's BasePath.
	Path string
	// Query is the URL's query.
	Query url.Values
	// Referrer is the page the navigation came from, when known.
	Referrer string
	// How is how the navigation happened.
	How How
	// NavigationID identifies the navigation: one per history entry.
	NavigationID string
	// Session is the tab's id (see Ctx.Session); "" for a beacon, which
	// carries none.
	Session string
	// UserAgent is the browser's User-Agent.
	UserAgent string
	// RemoteAddr is the client's address.
	RemoteAddr string
	// Time is when the missing page was rendered.
	Time time.Time
}

func init() { handle(wire.TypeAck, (*client).ack) }

// ack answers a page's acknowledgement over the socket.
func (c *client) ack(in inbound) {
	var m wire.Ack
	if !decode(c, in, &m) {
		return
	}
	res := c.hub.app.acknowledge(c.ctx, m.Token, m.URL, c.tab, c.req)
	res.Header = in.reply(wire.TypeAck)
	c.queue(res)
}

// acknowledge handles a page's acknowledgement of a not-found render: the
// hook fires when the token is valid and its navigation is claimed first.
func (a *App) acknowledge(ctx context.Context, token, uri, tab string, r *http.Request) wire.AckReply {
	now := time.Now()
	t, err := a.checkToken(token, uri, now)
	if err != nil {
		return wire.AckReply{Error: err.Error()}
	}
	fns := a.notFoundHooks()
	if len(fns) == 0 {
		return wire.AckReply{}
	}
	first, err := a.once.Claim(ctx, "nav:"+t.N, a.navTTL+time.Minute)
	if err != nil {
		a.log.Warn("framework: once store claim failed; the page will retry", "err", err)
		return wire.AckReply{Error: "store unavailable", Retry: true}
	}
	if !first {
		return wire.AckReply{}
	}
	u, _ := url.ParseRequestURI(t.U)
	ev := NotFoundEvent{NavigationID: t.N, How: t.H, Referrer: t.R, Session: tab, Time: time.UnixMilli(t.T)}
	if u != nil {
		ev.Path, ev.Query = a.appPath(u.Path), u.Query()
	}
	if r != nil {
		ev.UserAgent, ev.RemoteAddr = r.UserAgent(), r.RemoteAddr
	}
	a.hooks.enqueue(fns, ev)
	return wire.AckReply{Fired: true}
}
