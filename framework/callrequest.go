package framework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/pagewire/pagewire/internal/wire"
)

// The socket's callback requests: a page event runs the callbacks it
// reaches, off the read loop.

func init() { handle(wire.TypeCallback, (*client).startCallback) }

// Limits of a tab's callbacks.
const (
	maxInFlight            = 4                // callbacks of one tab running at once
	defaultCallbackTimeout = 30 * time.Second // Config.CallbackTimeout's default
)

// errTimedOut is the error reply of a callback request past its deadline.
const errTimedOut = "callback timed out"

// flight is a callback request in progress.
type flight struct{ cancel context.CancelFunc }

// callbackTimeout is Config.CallbackTimeout or its default.
func (a *App) callbackTimeout() time.Duration {
	if d := a.cfg.CallbackTimeout; d > 0 {
		return d
	}
	return defaultCallbackTimeout
}

// startCallback runs a callback request off the read loop. At most
// maxInFlight run at once per tab: the read loop waits for a slot, so a
// tab can never start unbounded goroutines. A newer request with the same
// trigger cancels the older one's context.
//
// A request ends when its callbacks return or when its deadline
// (Config.CallbackTimeout) passes, whichever comes first: then its reply
// is queued and its slot released. A callback that ignores its context
// keeps its goroutine past the deadline (Go cannot stop it); nothing of
// the framework waits on it, and its result is dropped.
func (c *client) startCallback(in inbound) {
	var m wire.Callback
	if !decode(c, in, &m) {
		return
	}
	in.data = nil // the read loop reuses it
	select {
	case c.sem <- struct{}{}:
	case <-c.ctx.Done():
		return
	}
	c.hub.hold(true) // covered by handle's hold: shutdown waits for the reply
	a := c.hub.app
	key := triggerKey(m.Trigger)
	timeout := a.callbackTimeout()
	ctx, cancel := context.WithTimeout(c.ctx, timeout)
	f := &flight{cancel: cancel}
	c.mu.Lock()
	if prev := c.inflight[key]; prev != nil {
		prev.cancel()
	}
	c.inflight[key] = f
	c.mu.Unlock()
	var once sync.Once
	finish := func(rep wire.CallbackReply) {
		once.Do(func() {
			cancel()
			c.mu.Lock()
			if c.inflight[key] == f {
				delete(c.inflight, key)
			}
			c.mu.Unlock()
			if rep.Error == errTimedOut {
				a.logLimited(slog.LevelWarn, "framework: callback timed out", "path", m.URL, "timeout", timeout)
			}
			if c.ctx.Err() == nil { // a closed socket's replies are dropped
				rep.Header = in.reply(wire.TypeCallback)
				c.queue(rep)
			}
			<-c.sem
			c.hub.release()
		})
	}
	timer := time.AfterFunc(timeout, func() { finish(wire.CallbackReply{Error: errTimedOut}) })
	work(func() {
		rep := c.runCallbacks(ctx, m)
		timer.Stop()
		finish(rep)
	})
}

func triggerKey(ts []wire.Key) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.ID)
		b.WriteByte(0)
		b.WriteString(t.Prop)
		b.WriteByte(0)
	}
	return b.String()
}

// runCallbacks answers a page event: it runs every callback the trigger
// reaches, chained ones included, in one reply. The page's URL passes the
// app's middleware as a GET of it would; when it no longer does (a session
// expired), the reply asks the runtime to reload the page. Bad input gets a
// clear error reply; a failing callback a generic one (its error in debug
// mode) and a log line with its stack; outputs of the callbacks that
// succeeded still apply.
func (c *client) runCallbacks(ctx context.Context, m wire.Callback) wire.CallbackReply {
	a := c.hub.app
	fail := func(msg string) wire.CallbackReply { return wire.CallbackReply{Error: "bad request: " + msg} }
	if len(m.Trigger) == 0 || len(m.Trigger) > wire.MaxTriggers {
		return fail(fmt.Sprintf("want 1 to %d triggers", wire.MaxTriggers))
	}
	if len(m.Props) > wire.MaxProps {
		return fail(fmt.Sprintf("more than %d properties", wire.MaxProps))
	}
	u, err := parseNavURL(m.URL)
	if err != nil {
		return fail(err.Error())
	}
	nav := &navigation{checkOnly: true}
	v := a.dispatch(c.requestFor(u, nav), nav)
	if v == nil {
		return wire.CallbackReply{Reload: true, URL: u.RequestURI()}
	}
	r := newRun(a, ctx, nav.req)
	r.tab = c.tab
	r.page = v.data.Request.Page
	for _, p := range m.Props {
		plain, id, err := checkWireKey(p.ID, p.Prop)
		if err != nil {
			return fail(err.Error())
		}
		if len(p.Value) == 0 {
			p.Value = json.RawMessage("null")
		}
		r.addProp(propEntry{key: keyOf(plain, id, p.Prop), id: id, wire: p.ID, value: p.Value})
	}
	for _, t := range m.Trigger {
		plain, id, err := checkWireKey(t.ID, t.Prop)
		if err != nil {
			return fail(err.Error())
		}
		k := keyOf(plain, id, t.Prop)
		if !a.cbs.isInput(plain, id, t.Prop) {
			return fail("no callback has the input " + k.String())
		}
		if _, ok := r.index[k]; !ok {
			r.addProp(propEntry{key: k, id: id, wire: t.ID, value: json.RawMessage("null")})
		}
		r.changed[k] = true
	}
	r.execute(a.cbs.graph, false)
	if err := ctx.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return wire.CallbackReply{Error: errTimedOut}
		}
		return wire.CallbackReply{Superseded: true}
	}
	rep := wire.CallbackReply{Updates: r.wire()}
	if r.funcErr != nil {
		a.logError("framework: callback failed", r.req, r.funcErr)
		rep.Error = "callback failed"
		if a.cfg.Debug { // with where it failed: see failurePos
			rep.Error += ": " + withPos(r.funcErr.Error(), failurePos(r.funcErr))
		}
	}
	if r.inputErr != nil {
		rep.Error = "bad input: " + r.inputErr.Error()
	}
	return rep
}

// checkWireKey validates an id and property sent by a page.
func checkWireKey(wireID, prop string) (string, ID, error) {
	if wireID == "" || len(wireID) > wire.MaxIDLen {
		return "", nil, errors.New("bad id")
	}
	plain, id, ok := parseID(wireID)
	if !ok {
		return "", nil, fmt.Errorf("bad id %.60q", wireID)
	}
	if err := checkProp(depInput, prop); err != nil {
		return "", nil, err
	}
	return plain, id, nil
}
