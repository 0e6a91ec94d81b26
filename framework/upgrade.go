package framework

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"

	"github.com/pagewire/pagewire/internal/wire"
)

func newHub(a *App) *hub {
	h := &hub{app: a, clients: map[*client]struct{}{}, tabs: map[string]*client{}, topics: map[string]map[*client]struct{}{}}
	allowed := map[string]bool{}
	for _, o := range a.cfg.AllowedOrigins {
		allowed[strings.ToLower(strings.TrimSuffix(o, "/"))] = true
	}
	h.upgrader = websocket.Upgrader{
		ReadBufferSize:  readBufSize,
		WriteBufferSize: writeBufSize,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin: func(r *http.Request) bool {
			origin := r.Header.Get("Origin")
			if origin == "" {
				return true // not a browser: no cross-site risk
			}
			u, err := url.Parse(origin)
			if err != nil {
				return false
			}
			return strings.EqualFold(u.Host, r.Host) || allowed[strings.ToLower(origin)]
		},
	}
	lim := &hubLimits{sockets: newAddrCounter(orDefault(a.cfg.MaxSockets, DefaultMaxSockets), orDefault(a.cfg.MaxSocketsPerClient, DefaultMaxSocketsPerClient))}
	if hl := newHostList(a.cfg.AllowedHosts); len(a.cfg.AllowedHosts) > 0 && !hl.any {
		lim.hosts = hl
	}
	h.lim = lim
	return h
}

// serveSocket upgrades to a websocket. The echo.Context is not kept: the
// client copies the request it needs.
func (a *App) serveSocket(c echo.Context) error {
	h := a.hub
	h.mu.Lock()
	stopped := h.stopped
	h.mu.Unlock()
	if stopped {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	r := c.Request()
	lim := h.limits()
	if lim.hosts != nil && !lim.hosts.allows(r.Host) {
		return c.String(http.StatusForbidden, hostRefusal+"\n")
	}
	socks, ip := lim.sockets, clientIP(r.RemoteAddr)
	if ok, perClient := socks.acquire(ip); !ok {
		status, text := socketRefusal(perClient)
		c.Response().Header().Set("Retry-After", retryAfter)
		return c.String(status, text)
	}
	conn, err := h.upgrader.Upgrade(c.Response(), r, nil)
	if err != nil {
		socks.release(ip)
		return nil // the upgrader has answered with an error status
	}
	ctx, stop := context.WithCancel(context.Background())
	context.AfterFunc(ctx, func() { socks.release(ip) }) // closeWith cancels ctx
	cl := &client{hub: h, conn: conn, req: r.Clone(ctx), send: make(chan []byte, sendQueueLen), ctx: ctx, stop: stop,
		sem: make(chan struct{}, maxInFlight), inflight: map[string]*flight{}, push: newPushQueue()}
	cl.req.Body = http.NoBody
	for _, k := range upgradeHeaders {
		cl.req.Header.Del(k)
	}
	if tab, ok := a.signer.verify("tab", r.URL.Query().Get("tab")); ok {
		cl.tab = tab
	} else {
		cl.tab = randomID()
	}
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		cl.closeWith(websocket.CloseGoingAway, hubStopped)
		return nil
	}
	h.clients[cl] = struct{}{}
	if h.tabs[cl.tab] != nil {
		// A duplicated browser tab copies the id: the copy gets its own,
		// so the two never take the id from each other in a loop.
		cl.tab = randomID()
	}
	h.tabs[cl.tab] = cl
	h.mu.Unlock()
	if d := a.dev; d != nil { // Config.Dev's poller runs while sockets are open
		d.acquire()
		context.AfterFunc(ctx, d.release)
	}
	cl.queue(wire.Hello{Header: wire.Header{V: wire.Version, Type: wire.TypeHello}, Tab: a.signer.sign("tab", cl.tab), Cbs: a.cbs.hello, Debug: a.cfg.Debug, Dev: a.devID,
		CbWait: (a.callbackTimeout() + callbackWaitMargin).Milliseconds()})
	go cl.writePump()
	go cl.readPump()
	return nil
}

// callbackWaitMargin is added to the callback timeout for the runtime's
// wait for a callback's reply (wire.Hello.CbWait): the reply of a call
// that times out still arrives in time.
const callbackWaitMargin = 5 * time.Second
