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

// ack answers a page's acknowledgement over the socket, off the read loop
// so a slow store never stalls the tab's navigations and callbacks. A tab
// has at most maxAcksPerTab in flight; more are answered with a retry.
func (c *client) ack(in inbound) {
	var m wire.Ack
	if !decode(c, in, &m) {
		return
	}
	in.data = nil // the read loop reuses its buffer; m holds copies
	a := c.hub.app
	if !a.hooks.acks.enter(c.tab) {
		c.queue(wire.AckReply{Header: in.reply(wire.TypeAck), Error: "too many acknowledgements in flight", Retry: true})
		return
	}
	work(func() {
		defer a.hooks.acks.leave(c.tab)
		res := a.acknowledge(c.ctx, m.Token, m.URL, c.tab, c.req)
		res.Header = in.reply(wire.TypeAck)
		c.queue(res)
	})
}

// claimTimeout bounds a once store claim, which goes on after its ack was
// answered with a retry.
const claimTimeout = time.Minute

// claimed is the outcome of a once store claim.
type claimed struct {
	first bool
	err   error
}

// acknowledge handles a page's acknowledgement of a not-found render: the
// hook fires when the token is valid, issued in the store's epoch, within
// the client's quotas, and its navigation is claimed first. A store that
// fails, is full or answers later than the ack timeout gets a retry; the
// claim then goes on, and fires the hooks if it wins, so a retry never
// fires twice and the event is not lost.
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
	h := a.hooks
	ctx, cancel := context.WithTimeout(ctx, h.ackTimeout)
	defer cancel()
	epoch, err := h.epoch.get(ctx)
	if err != nil {
		a.log.Warn("framework: reading the once store's epoch failed; the page will retry", "err", err)
		return wire.AckReply{Error: "store unavailable", Retry: true}
	}
	if t.T < epoch.UnixMilli() {
		return wire.AckReply{Error: errTokenStale.Error()}
	}
	addr := addrKey(r)
	if !h.acks.take(addr, tab, now) {
		return wire.AckReply{Error: errTooMany.Error()}
	}
	select {
	case h.acks.claims <- struct{}{}:
	default:
		h.acks.give(addr, tab)
		return wire.AckReply{Error: "store busy", Retry: true}
	}
	ev := a.notFoundEvent(t, uri, tab, r)
	done := make(chan claimed, 1)
	// The claim outlives the ack's wait (a socket closing, the timeout):
	// one cut short could be recorded by the store without its answer,
	// and the retry would then find it taken and fire nothing.
	claimCtx, cancelClaim := context.WithTimeout(context.WithoutCancel(ctx), claimTimeout)
	go func() {
		defer func() { <-h.acks.claims }()
		defer cancelClaim()
		first, err := a.once.Claim(claimCtx, "nav:"+t.N, a.navTTL+time.Minute)
		if err != nil || !first {
			h.acks.give(addr, tab)
		} else {
			h.enqueue(fns, ev)
		}
		done <- claimed{first && err == nil, err}
	}()
	select {
	case c := <-done:
		if c.err != nil {
			a.log.Warn("framework: once store claim failed; the page will retry", "err", c.err)
			return wire.AckReply{Error: "store unavailable", Retry: true}
		}
		return wire.AckReply{Fired: c.first}
	case <-ctx.Done():
		a.log.Warn("framework: once store claim timed out; the page will retry", "timeout", h.ackTimeout)
		return wire.AckReply{Error: "store unavailable", Retry: true}
	}
}

// notFoundEvent is the event of an acknowledged token. Its path and query
// are the acknowledged URL's, which checkToken matched to the token's.
func (a *App) notFoundEvent(t navToken, uri, tab string, r *http.Request) NotFoundEvent {
	ev := NotFoundEvent{NavigationID: t.N, How: t.H, Referrer: t.R, Session: tab, Time: time.UnixMilli(t.T)}
	if u, err := url.ParseRequestURI(uri); err == nil {
		ev.Path, ev.Query = a.appPath(u.Path), u.Query()
	}
	if r != nil {
		ev.UserAgent, ev.RemoteAddr = r.UserAgent(), r.RemoteAddr
	}
	return ev
}
