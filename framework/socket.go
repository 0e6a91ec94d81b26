package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// Timing and size limits of the socket, after gorilla's chat example.
const (
	writeWait      = 10 * time.Second       // time allowed to write a message
	pongWait       = 60 * time.Second       // time allowed to read the next pong
	pingPeriod     = pongWait * 9 / 10      // pings are sent this often
	maxMessageSize = 64 << 10               // largest message handled; a larger one gets an error reply
	maxFrameSize   = 1 << 20                // largest message read at all; a larger one closes the socket (1009)
	sendQueueLen   = 16                     // replies queued per client; a full queue drops it
	maxRedirects   = 5                      // redirects followed for one navigation
	protocolV      = 1                      // the message protocol version
	closeGrace     = 2 * time.Second        // time given to a going-away close frame
	maxURLLen      = 8 << 10                // longest navigation URL accepted
	writeBufSize   = 4 << 10                // gorilla write buffer, pooled
	readBufSize    = 1 << 10                // gorilla read buffer
	hubStopped     = "server shutting down" // the going-away close reason
	maxInFlight    = 4                      // callbacks of one tab running at once
	maxTriggers    = 32                     // triggering properties in one request
)

// message is a client's message.
type message struct {
	V       int        `json:"v"`
	Ref     int64      `json:"ref"`
	Type    string     `json:"type"`
	URL     string     `json:"url,omitempty"`
	Kind    string     `json:"kind,omitempty"`
	Trigger []wireKey  `json:"trigger,omitempty"`
	Props   []wireProp `json:"props,omitempty"`
	Topics  string     `json:"topics,omitempty"`
	Token   string     `json:"token,omitempty"`
	From    string     `json:"from,omitempty"`
}

// wireKey names a property on the page.
type wireKey struct {
	ID   string `json:"id"`
	Prop string `json:"prop"`
}

// wireProp is a property value sent by the page.
type wireProp struct {
	ID    string          `json:"id"`
	Prop  string          `json:"prop"`
	Value json.RawMessage `json:"value"`
}

// reply is the server's answer to a message.
type reply struct {
	V      int    `json:"v"`
	Ref    int64  `json:"ref"`
	Type   string `json:"type"`
	URL    string `json:"url,omitempty"`
	Status int    `json:"status,omitempty"`
	Title  string `json:"title,omitempty"`
	Meta   string `json:"meta,omitempty"`
	HTML   string `json:"html,omitempty"`
	Reload bool   `json:"reload,omitempty"`
	Error  string `json:"error,omitempty"`

	Updates []wireUpdate    `json:"updates,omitempty"`
	Topics  string          `json:"topics,omitempty"`
	Tab     string          `json:"tab,omitempty"`
	Cbs     json.RawMessage `json:"cbs,omitempty"`
	Debug   bool            `json:"debug,omitempty"`
	Nav     string          `json:"nav,omitempty"`
	Fired   bool            `json:"fired,omitempty"`
	Retry   bool            `json:"retry,omitempty"`
	US      int64           `json:"us,omitempty"` // server time handling the message, in microseconds
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
}

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
	return h
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

	mu       sync.Mutex
	inflight map[string]*flight // by trigger, to cancel a superseded call
	topics   []string
}

// flight is a callback request in progress.
type flight struct{ cancel context.CancelFunc }

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
	conn, err := h.upgrader.Upgrade(c.Response(), r, nil)
	if err != nil {
		return nil // the upgrader has answered with an error status
	}
	ctx, stop := context.WithCancel(context.Background())
	cl := &client{hub: h, conn: conn, req: r.Clone(ctx), send: make(chan []byte, sendQueueLen), ctx: ctx, stop: stop,
		sem: make(chan struct{}, maxInFlight), inflight: map[string]*flight{}}
	cl.req.Body = http.NoBody
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
	cl.queue(reply{Type: "hello", Tab: a.signer.sign("tab", cl.tab), Cbs: a.cbs.hello, Debug: a.cfg.Debug})
	go cl.writePump()
	go cl.readPump()
	return nil
}

// shutdown stops new sockets and closes the open ones with a going-away
// close frame.
func (h *hub) shutdown(ctx context.Context) {
	h.mu.Lock()
	h.stopped = true
	cls := make([]*client, 0, len(h.clients))
	for c := range h.clients {
		cls = append(cls, c)
	}
	h.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range cls {
		wg.Add(1)
		go func() { defer wg.Done(); c.closeWith(websocket.CloseGoingAway, hubStopped) }()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

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
	c.conn.SetReadLimit(maxFrameSize)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	var buf bytes.Buffer // reused for every message; handle does not keep it
	for {
		_, r, err := c.conn.NextReader()
		if err != nil {
			return
		}
		// Read at most maxMessageSize; the rest of a larger message is
		// discarded as it streams in, never buffered, and answered with an
		// error. Past maxFrameSize gorilla closes the socket (1009).
		buf.Reset()
		_, err = buf.ReadFrom(io.LimitReader(r, maxMessageSize+1))
		data := buf.Bytes()
		if err == nil && len(data) > maxMessageSize {
			if _, err = io.Copy(io.Discard, r); err == nil {
				c.queue(reply{Type: "error", Error: "message too big"})
				continue
			}
		}
		if err != nil {
			return
		}
		c.handle(data)
	}
}

func (c *client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer ticker.Stop()
	for {
		select {
		case msg := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				c.closeWith(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-ticker.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.closeWith(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-c.ctx.Done():
			return
		}
	}
}

// queue sends a reply, dropping the client when its queue is full: a slow
// client is never waited on.
func (c *client) queue(r reply) {
	r.V = protocolV
	b, err := encodeReply(r)
	if err != nil {
		return
	}
	c.queueRaw(b)
}

// encodeReply marshals a reply without HTML escaping: replies are parsed
// by JSON.parse, never embedded in HTML, so "<" need not become "\u003c"
// (page HTML is most of a reply; escaping it costs time and bytes).
func encodeReply(r reply) ([]byte, error) {
	buf := getBuf()
	defer putBuf(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// queueRaw queues an encoded message; see queue.
func (c *client) queueRaw(b []byte) {
	select {
	case c.send <- b:
	case <-c.ctx.Done():
	default:
		c.closeWith(websocket.ClosePolicyViolation, "client too slow")
	}
}

// handle answers one message. A bad message gets an error reply; the socket
// stays open.
func (c *client) handle(data []byte) {
	start := time.Now()
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		c.queue(reply{Type: "error", Error: "malformed message: " + err.Error()})
		return
	}
	if m.V != protocolV {
		c.queue(reply{Ref: m.Ref, Type: "error", Error: "unsupported protocol version"})
		return
	}
	switch m.Type {
	case "nav":
		rep := c.hub.app.navigate(c, m)
		rep.US = time.Since(start).Microseconds()
		c.queue(rep)
	case "cb":
		c.startCallback(m, start)
	case "sub":
		c.subscribe(m)
	case "ack":
		res := c.hub.app.acknowledge(c.ctx, m.Token, m.URL, c.tab, c.req)
		c.queue(reply{Ref: m.Ref, Type: "ack", Fired: res.Fired, Error: res.Error, Retry: res.Retry})
	default:
		c.queue(reply{Ref: m.Ref, Type: "error", Error: "unknown message type"})
	}
}

// startCallback runs a callback request off the read loop. At most
// maxInFlight run at once per tab: the read loop waits for a slot, so a
// tab can never start unbounded goroutines. A newer request with the same
// trigger cancels the older one's context.
func (c *client) startCallback(m message, start time.Time) {
	select {
	case c.sem <- struct{}{}:
	case <-c.ctx.Done():
		return
	}
	key := triggerKey(m.Trigger)
	ctx, cancel := context.WithCancel(c.ctx)
	f := &flight{cancel: cancel}
	c.mu.Lock()
	if prev := c.inflight[key]; prev != nil {
		prev.cancel()
	}
	c.inflight[key] = f
	c.mu.Unlock()
	work(func() {
		defer func() {
			cancel()
			c.mu.Lock()
			if c.inflight[key] == f {
				delete(c.inflight, key)
			}
			c.mu.Unlock()
			<-c.sem
		}()
		rep := c.hub.app.runCallbacks(ctx, c, m)
		rep.US = time.Since(start).Microseconds()
		c.queue(rep)
	})
}

// Callback calls run on pooled goroutines: a warm worker has grown its
// stack already. At most maxIdleWorkers wait for work; each tab's
// semaphore bounds how many run, so the pool never grows without bound.
const (
	maxIdleWorkers = 64
	workerIdle     = 10 * time.Second
)

var workQueue = make(chan func())

// work runs f on an idle worker, or on a new one when none is free.
func work(f func()) {
	select {
	case workQueue <- f:
	default:
		go worker(f)
	}
}

var idleWorkers atomic.Int32

func worker(f func()) {
	timer := time.NewTimer(workerIdle)
	defer timer.Stop()
	for {
		f()
		if idleWorkers.Add(1) > maxIdleWorkers {
			idleWorkers.Add(-1)
			return
		}
		timer.Reset(workerIdle)
		select {
		case f = <-workQueue:
			idleWorkers.Add(-1)
		case <-timer.C:
			idleWorkers.Add(-1)
			return
		}
	}
}

func triggerKey(ts []wireKey) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.ID)
		b.WriteByte(0)
		b.WriteString(t.Prop)
		b.WriteByte(0)
	}
	return b.String()
}

// subscribe replaces the tab's topics with the signed ones of its page.
func (c *client) subscribe(m message) {
	var topics []string
	for _, tok := range strings.Fields(m.Topics) {
		t, ok := c.hub.app.signer.verify("topic", tok)
		if !ok || len(topics) >= maxTopicsPerTab {
			c.queue(reply{Ref: m.Ref, Type: "error", Error: "bad topic subscription"})
			return
		}
		topics = append(topics, t)
	}
	h := c.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	h.unsubscribeLocked(c)
	c.topics = topics
	for _, t := range topics {
		if h.topics[t] == nil {
			h.topics[t] = map[*client]struct{}{}
		}
		h.topics[t][c] = struct{}{}
	}
}

func (h *hub) unsubscribeLocked(c *client) {
	for _, t := range c.topics {
		delete(h.topics[t], c)
		if len(h.topics[t]) == 0 {
			delete(h.topics, t)
		}
	}
	c.topics = nil
}

// deliver hands a broadcast to this instance's subscribers of topic.
func (h *hub) deliver(topic string, msg []byte) {
	h.mu.Lock()
	cls := make([]*client, 0, len(h.topics[topic]))
	for c := range h.topics[topic] {
		cls = append(cls, c)
	}
	h.mu.Unlock()
	for _, c := range cls {
		c.queueRaw(msg)
	}
}

// toTab hands a message to one tab, if it is connected here.
func (h *hub) toTab(tab string, msg []byte) bool {
	h.mu.Lock()
	c := h.tabs[tab]
	h.mu.Unlock()
	if c == nil {
		return false
	}
	c.queueRaw(msg)
	return true
}
