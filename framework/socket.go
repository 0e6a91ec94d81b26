package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pagewire/pagewire/internal/wire"
)

// Timing and size limits of the socket, after gorilla's chat example; the
// limits of what a client may send are in package wire.
const (
	writeWait    = 10 * time.Second       // time allowed to write a message
	pongWait     = 60 * time.Second       // time allowed to read the next pong
	pingPeriod   = pongWait * 9 / 10      // pings are sent this often
	sendQueueLen = 16                     // replies queued per client; a full queue drops it
	closeGrace   = 2 * time.Second        // time given to a going-away close frame
	writeBufSize = 4 << 10                // gorilla write buffer, pooled
	readBufSize  = 1 << 10                // gorilla read buffer
	keptReadBuf  = 4 << 10                // a larger message buffer is dropped after its message
	refScanLen   = 4 << 10                // bytes of a too-big message scanned for its ref
	hubStopped   = "server shutting down" // the going-away close reason
)

// inbound is a message from a page: its header, its bytes (owned by the
// read loop until the handler returns) and when it arrived.
type inbound struct {
	wire.Header
	data  []byte
	start time.Time
}

// reply is the header of the answer to in, of type typ, with the time
// spent since the message arrived.
func (in inbound) reply(typ string) wire.Header {
	return wire.Header{V: wire.Version, Ref: in.Ref, Type: typ, US: time.Since(in.start).Microseconds()}
}

// fail is an error answer to in.
func (in inbound) fail(msg string) wire.Error {
	return wire.Error{Header: in.reply(wire.TypeError), Error: msg}
}

// handlers are the socket's message handlers by type. Each feature file
// registers its own in an init function (navigate.go, callrequest.go,
// live.go, notfound.go). A handler runs on the socket's read loop and may
// hand work to another goroutine, copying what it keeps of in.data.
var handlers = map[string]func(*client, inbound){}

// decode unmarshals a message into m, answering a malformed one with an
// error; it reports whether m is good.
func decode[T any](c *client, in inbound, m *T) bool {
	if err := json.Unmarshal(in.data, m); err != nil {
		c.queue(in.fail("malformed message: " + err.Error()))
		return false
	}
	return true
}

// handle registers the handler of a message type.
func handle(typ string, h func(*client, inbound)) {
	if handlers[typ] != nil {
		panic("framework: two socket handlers for " + typ)
	}
	handlers[typ] = h
}

// hub tracks the open sockets, for shutdown (and, later, broadcast). It is
// safe for concurrent use.
type hub struct {
	app      *App
	upgrader websocket.Upgrader

	mu      sync.Mutex
	clients map[*client]struct{}
	tabs    map[string]*client
	topics  map[string]map[*client]struct{}
	stopped bool

	// Work in flight, for a graceful shutdown (shutdown.go): messages being
	// handled and callbacks running. Guarded by mu.
	busy     int
	draining bool          // set by shutdown: no new messages are handled
	idle     chan struct{} // closed when busy drops to zero while draining

	lim   *hubLimits  // the socket caps and allowed hosts (limits.go)
	logs  logLimiter  // rate limit of the logs of client-caused failures
	conns connCounter // open HTTP connections, when the server reports them
}

// client is one socket. readPump owns reading and handles messages;
// writePump owns writing. Replies go through the bounded send queue.
type client struct {
	hub  *hub
	conn *websocket.Conn
	req  *http.Request // a copy of the upgrade request, owned by the client
	send chan []byte
	ctx  context.Context
	stop context.CancelFunc
	once sync.Once
	tab  string        // the tab's id, stable across reconnects
	sem  chan struct{} // callbacks in flight
	push *pushQueue    // pending pushes, drained by writePump

	mu       sync.Mutex
	inflight map[string]*flight // by trigger, to cancel a superseded call
	topics   []string
}

// upgradeHeaders are dropped from a socket's copy of its upgrade request,
// so the GETs made from it for navigations look like a document's.
var upgradeHeaders = []string{"Upgrade", "Connection", "Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Extensions", "Sec-Websocket-Protocol"}

// count returns the number of open sockets.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// closeWith sends a close frame (best effort) and closes the connection.
func (c *client) closeWith(code int, text string) {
	c.once.Do(func() {
		c.stop()
		c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(closeGrace))
		c.conn.Close()
		h := c.hub
		h.mu.Lock()
		delete(h.clients, c)
		if h.tabs[c.tab] == c {
			delete(h.tabs, c.tab)
		}
		h.unsubscribeLocked(c)
		h.mu.Unlock()
	})
}

func (c *client) readPump() {
	defer c.closeWith(websocket.CloseNormalClosure, "")
	c.conn.SetReadLimit(wire.MaxFrameSize)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	var buf bytes.Buffer // reused while small (keptReadBuf); handle does not keep it
	for {
		_, r, err := c.conn.NextReader()
		if err != nil || c.ctx.Err() != nil {
			return
		}
		// Read at most MaxMessageSize; the rest of a larger message is
		// discarded as it streams in, never buffered, and answered with an
		// error. Past MaxFrameSize gorilla closes the socket (1009).
		buf.Reset()
		start := time.Now()
		_, err = buf.ReadFrom(io.LimitReader(r, wire.MaxMessageSize+1))
		data := buf.Bytes()
		if err == nil && len(data) > wire.MaxMessageSize {
			ref := refOf(data[:refScanLen])
			if _, err = io.Copy(io.Discard, r); err == nil {
				c.queue(inbound{Header: wire.Header{Ref: ref}, start: start}.fail("message too big"))
				buf = bytes.Buffer{}
				continue
			}
		}
		if err != nil {
			return
		}
		c.handle(data, start)
		if buf.Cap() > keptReadBuf {
			// A large message must not pin its buffer for the socket's
			// life: thousands of idle sockets would each hold 128 KiB.
			buf = bytes.Buffer{}
		}
	}
}

// refOf returns the top-level "ref" of a message's first bytes, 0 when it
// is not among them: a message too big to handle is answered with its ref
// all the same, so its sender does not wait for a timeout. The runtime
// sends "v", "ref" and "type" first.
func refOf(prefix []byte) int64 {
	d := json.NewDecoder(bytes.NewReader(prefix))
	d.UseNumber()
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return 0
	}
	for d.More() {
		t, err := d.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return 0
		}
		if key == "ref" {
			t, err := d.Token()
			n, ok := t.(json.Number)
			if err != nil || !ok {
				return 0
			}
			ref, err := n.Int64()
			if err != nil {
				return 0
			}
			return ref
		}
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			return 0
		}
	}
	return 0
}

// handle answers one message through the handler of its type. A bad
// message gets an error reply; the socket stays open. A closed socket's
// messages, and those that arrive once shutdown has begun, are dropped.
func (c *client) handle(data []byte, start time.Time) {
	if c.ctx.Err() != nil || !c.hub.hold(false) {
		return
	}
	defer c.hub.release()
	in := inbound{data: data, start: start}
	if err := json.Unmarshal(data, &in.Header); err != nil {
		c.queue(in.fail("malformed message: " + err.Error()))
		return
	}
	if in.V != wire.Version {
		c.queue(in.fail("unsupported protocol version"))
		return
	}
	h := handlers[in.Type]
	if h == nil {
		c.queue(in.fail("unknown message type"))
		return
	}
	h(c, in)
}
