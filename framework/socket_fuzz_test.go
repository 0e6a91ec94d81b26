package framework

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pagewire/pagewire/internal/wire"
)

// fuzzConn returns the server side of one real websocket, for the clients
// a fuzz target builds in process: handle never writes to it (replies go
// to the send queue, which the target reads), but a client that is dropped
// closes it, which must not panic.
func fuzzConn(f *testing.F) *websocket.Conn {
	f.Helper()
	got := make(chan *websocket.Conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err == nil {
			got <- c
		}
	}))
	f.Cleanup(srv.Close)
	peer, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { peer.Close() })
	c := <-got
	f.Cleanup(func() { c.Close() })
	return c
}

// FuzzSocketHandle feeds one message at a time to a socket client's
// handle, as its read loop does, and checks the answer: no panic; a
// message that is not JSON, of another version or of an unknown type gets
// exactly one error reply with the message's ref; nav, cb and ack get
// exactly one reply (their answer or an error); sub at most an error; the
// client is never dropped; every reply is a protocol message.
func FuzzSocketHandle(f *testing.F) {
	a := newFuzzApp(f)
	conn := fuzzConn(f)
	tok, _ := a.issueToken("/missing?q=1", HowLink, "/", time.Now())
	for _, s := range []string{
		`{"v":1,"ref":1,"type":"nav","url":"/","kind":"link"}`,
		`{"v":1,"ref":2,"type":"nav","url":"/report/%3Cb%3E?x=1#frag","kind":"push","from":"http://example.com/"}`,
		`{"v":1,"ref":3,"type":"nav","url":"/old","kind":"location","props":[{"id":"in","prop":"value","value":"2"}],"ids":["in"]}`,
		`{"v":1,"ref":4,"type":"nav","url":"/boom","kind":"pop"}`,
		`{"v":1,"ref":5,"type":"nav","url":"//evil.example/x"}`,
		`{"v":1,"ref":6,"type":"cb","url":"/calc","trigger":[{"id":"in","prop":"value"}],"props":[{"id":"in","prop":"value","value":"\"7\""}]}`,
		`{"v":1,"ref":7,"type":"cb","url":"/calc","trigger":[{"id":"in","prop":"value"}],"props":[{"id":"in","prop":"value","value":"\"fail\""}]}`,
		`{"v":1,"ref":8,"type":"cb","url":"/calc","trigger":[{"id":"{\"type\":\"x\",\"i\":[\"ALL\"]}","prop":"value"}]}`,
		`{"v":1,"ref":9,"type":"cb","url":"/calc","trigger":[]}`,
		`{"v":1,"ref":10,"type":"sub","topics":"not-a-signed-topic"}`,
		`{"v":1,"ref":11,"type":"sub","topics":""}`,
		`{"v":1,"ref":12,"type":"ack","token":"` + tok + `","url":"/missing?q=1"}`,
		`{"v":1,"ref":13,"type":"ack","token":"` + tok + `","url":"/other"}`,
		`{"v":1,"ref":14,"type":"ack","token":"x.y","url":"/"}`,
		`{"v":1,"ref":15,"type":"nav","url":"/`,
		`{"v":2,"ref":16,"type":"nav","url":"/"}`,
		`{"v":1,"ref":17,"type":"hack"}`,
		`{"v":1,"ref":"x","type":"nav"}`,
		`{"v":1,"ref":99999999999999999999999,"type":"nav","url":"/"}`,
		`{"v":1e400,"ref":1,"type":"nav"}`,
		`{"v":1,"ref":18,"type":"nav","url":["/"]}`,
		`{"v":1,"ref":19,"type":"cb","url":"/calc","trigger":{"id":"in"}}`,
		`{"v":1,"ref":20,"type":"nav","url":"/r\u00e9port/\u2603?q=\u0000"}`,
		"{\"v\":1,\"ref\":21,\"type\":\"nav\",\"url\":\"/\x00\"}",
		`null`, `[]`, `"nav"`, `1`, ``, "\xff\xfe",
		`{"V":1,"REF":22,"TYPE":"nav","URL":"/"}`,
		`{"v":1,"ref":23,"type":"nav","url":"/","type":"hack"}`,
	} {
		f.Add([]byte(s))
	}
	req := httptest.NewRequest("GET", "http://example.com"+RuntimePrefix+wire.SocketPath, nil)
	req.Header.Set("User-Agent", "fuzz")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > wire.MaxMessageSize {
			return // the read loop answers those itself
		}
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		c := &client{hub: a.hub, conn: conn, req: req.Clone(ctx), send: make(chan []byte, sendQueueLen), ctx: ctx, stop: stop,
			sem: make(chan struct{}, maxInFlight), inflight: map[string]*flight{}, tab: "fuzz-tab"}
		defer func() {
			a.hub.mu.Lock()
			a.hub.unsubscribeLocked(c)
			a.hub.mu.Unlock()
		}()
		// handle may keep nothing of data: the read loop reuses it.
		buf := append([]byte(nil), data...)
		c.handle(buf, time.Now())
		for i := range buf {
			buf[i] = 'X'
		}
		// Wait for a callback to finish: its worker holds a slot.
		for range maxInFlight {
			select {
			case c.sem <- struct{}{}:
			case <-time.After(10 * time.Second):
				t.Fatalf("%q: a callback still runs after 10 s", data)
			}
		}
		var in wire.Header
		known := json.Unmarshal(data, &in) == nil && in.V == wire.Version && handlers[in.Type] != nil
		if known && in.Type != wire.TypeSubscribe && len(c.send) == 0 {
			// An answer made off the read loop (an ack's) may be on its way.
			select {
			case b := <-c.send:
				c.send <- b
			case <-time.After(10 * time.Second):
				t.Fatalf("%q: no answer after 10 s", data)
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("%q: the client was dropped", data)
		}
		var replies []wire.Header
		var errs []string
		for len(c.send) > 0 {
			b := <-c.send
			var h struct {
				wire.Header
				Error string `json:"error"`
			}
			if err := json.Unmarshal(b, &h); err != nil {
				t.Fatalf("%q: reply %q is not JSON: %v", data, b, err)
			}
			if h.V != wire.Version {
				t.Fatalf("%q: reply %q of version %d", data, b, h.V)
			}
			replies = append(replies, h.Header)
			if h.Type == wire.TypeError {
				errs = append(errs, h.Error)
			}
		}
		if !known {
			if len(replies) != 1 || replies[0].Type != wire.TypeError || replies[0].Ref != in.Ref {
				t.Fatalf("%q: replies %+v, want one error of ref %d", data, replies, in.Ref)
			}
			return
		}
		for _, r := range replies {
			if r.Ref != in.Ref {
				t.Fatalf("%q: reply %+v, want ref %d", data, r, in.Ref)
			}
		}
		want := map[string]string{wire.TypeNav: wire.TypePage, wire.TypeCallback: wire.TypeCallback, wire.TypeAck: wire.TypeAck}[in.Type]
		switch {
		case in.Type == wire.TypeSubscribe:
			if len(replies) > 1 || len(replies) == 1 && replies[0].Type != wire.TypeError {
				t.Fatalf("%q: replies %+v, want none or an error", data, replies)
			}
		case len(replies) != 1 || replies[0].Type != want && replies[0].Type != wire.TypeError:
			t.Fatalf("%q: replies %+v, want one %s or error", data, replies, want)
		}
		for _, e := range errs {
			if e == "" {
				t.Fatalf("%q: an error reply without its error", data)
			}
		}
	})
}
