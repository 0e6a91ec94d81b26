package framework

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// drainPoll is how often shutdown checks that a socket's replies are out.
const drainPoll = 5 * time.Millisecond

// Shutdown stops the server gracefully within ctx, the grace period: no
// new connections or socket messages are accepted, in-flight requests and
// callbacks finish and their replies are written, then sockets are closed
// with a going-away close frame. When ctx ends first, what remains is
// closed at once (a client sending a request body slowly cannot hold the
// shutdown) and a warning is logged: that is still a clean shutdown, and
// Shutdown returns nil. It returns an error only for a real failure, such
// as a listener that does not close.
func (a *App) Shutdown(ctx context.Context) error {
	a.mu.Lock()
	srv := a.srv
	a.mu.Unlock()
	done := make(chan struct{})
	go func() { a.hub.shutdown(ctx); close(done) }()
	if a.stopSub != nil {
		a.stopSub()
	}
	var err error
	if srv != nil {
		err = srv.Shutdown(ctx)
		if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			n, known := a.hub.conns.open()
			err = srv.Close()
			if errors.Is(err, net.ErrClosed) {
				err = nil // Shutdown closed the listeners already
			}
			attrs := []any{"err", ctx.Err()}
			if known {
				attrs = append(attrs, "connections", n)
			}
			a.log.Warn("framework: shutdown grace period over; closing the remaining connections", attrs...)
		}
	}
	<-done
	a.hooks.close(ctx)
	return err
}

// shutdown stops new sockets and new messages, waits for the messages and
// callbacks in flight and for their replies to be written, then closes the
// sockets with a going-away close frame. When ctx ends first it closes
// them at once.
func (h *hub) shutdown(ctx context.Context) {
	h.mu.Lock()
	h.stopped, h.draining = true, true
	var idle chan struct{}
	if h.busy > 0 {
		idle = make(chan struct{})
		h.idle = idle
	}
	cls := make([]*client, 0, len(h.clients))
	for c := range h.clients {
		cls = append(cls, c)
	}
	h.mu.Unlock()
	if idle != nil {
		select {
		case <-idle:
		case <-ctx.Done():
		}
	}
	var wg sync.WaitGroup
	for _, c := range cls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.drain(ctx)
			c.closeWith(websocket.CloseGoingAway, hubStopped)
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// drain waits until the client's queued replies are written, its socket
// closes or ctx ends. A reply the writer has taken but not yet written
// goes out first all the same: the close frame waits for the write in
// progress.
func (c *client) drain(ctx context.Context) {
	t := time.NewTicker(drainPoll)
	defer t.Stop()
	for quiet := 0; quiet < 2; { // empty at two polls in a row
		if len(c.send) == 0 {
			quiet++
		} else {
			quiet = 0
		}
		select {
		case <-t.C:
		case <-c.ctx.Done():
			return
		case <-ctx.Done():
			return
		}
	}
}

// hold counts a message or callback in flight; it reports false, counting
// nothing, once shutdown has begun, unless force is set (work that an
// earlier hold covers).
func (h *hub) hold(force bool) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.draining && !force {
		return false
	}
	h.busy++
	return true
}

// release ends what hold counted.
func (h *hub) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.busy--
	if h.busy == 0 && h.idle != nil {
		close(h.idle)
		h.idle = nil
	}
}

// connCounter counts a server's open HTTP connections through its
// ConnState hook; shutdown names how many it cut. It is safe for
// concurrent use; its zero value counts nothing yet.
type connCounter struct {
	n       atomic.Int64
	tracked atomic.Bool
}

// track is an http.Server's ConnState hook.
func (cc *connCounter) track(_ net.Conn, s http.ConnState) {
	if !cc.tracked.Load() { // a store on every request would bounce the line between cores
		cc.tracked.Store(true)
	}
	switch s {
	case http.StateNew:
		cc.n.Add(1)
	case http.StateHijacked, http.StateClosed:
		cc.n.Add(-1)
	}
}

// open returns the number of open connections, and whether they are
// counted at all (the server reports their states).
func (cc *connCounter) open() (int64, bool) { return cc.n.Load(), cc.tracked.Load() }

// trackConn is the ConnState hook of the app's http.Server (set by Serve):
// it counts the open connections for Shutdown's log line.
func (a *App) trackConn(c net.Conn, s http.ConnState) { a.hub.conns.track(c, s) }
