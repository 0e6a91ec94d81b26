package framework

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// Timing and size limits of the socket, after gorilla's chat example.
const (
	writeWait      = 10 * time.Second       // time allowed to write a message
	pongWait       = 60 * time.Second       // time allowed to read the next pong
	pingPeriod     = pongWait * 9 / 10      // pings are sent this often
	maxMessageSize = 64 << 10               // largest message read from a client
	sendQueueLen   = 16                     // replies queued per client; a full queue drops it
	maxRedirects   = 5                      // redirects followed for one navigation
	protocolV      = 1                      // the message protocol version
	closeGrace     = 2 * time.Second        // time given to a going-away close frame
	maxURLLen      = 8 << 10                // longest navigation URL accepted
	writeBufSize   = 4 << 10                // gorilla write buffer, pooled
	readBufSize    = 1 << 10                // gorilla read buffer
	hubStopped     = "server shutting down" // the going-away close reason
)

// message is a client's message.
type message struct {
	V    int    `json:"v"`
	Ref  int64  `json:"ref"`
	Type string `json:"type"`
	URL  string `json:"url,omitempty"`
	Kind string `json:"kind,omitempty"`
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
}

// hub tracks the open sockets, for shutdown (and, later, broadcast). It is
// safe for concurrent use.
type hub struct {
	app      *App
	upgrader websocket.Upgrader

	mu      sync.Mutex
	clients map[*client]struct{}
	stopped bool
}

func newHub(a *App) *hub {
	h := &hub{app: a, clients: map[*client]struct{}{}}
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
	conn, err := h.upgrader.Upgrade(c.Response(), r, nil)
	if err != nil {
		return nil // the upgrader has answered with an error status
	}
	ctx, stop := context.WithCancel(context.Background())
	cl := &client{hub: h, conn: conn, req: r.Clone(ctx), send: make(chan []byte, sendQueueLen), ctx: ctx, stop: stop}
	cl.req.Body = http.NoBody
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		cl.closeWith(websocket.CloseGoingAway, hubStopped)
		return nil
	}
	h.clients[cl] = struct{}{}
	h.mu.Unlock()
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
		c.hub.mu.Lock()
		delete(c.hub.clients, c)
		c.hub.mu.Unlock()
	})
}

func (c *client) readPump() {
	defer c.closeWith(websocket.CloseNormalClosure, "")
	c.conn.SetReadLimit(maxMessageSize)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			if err == websocket.ErrReadLimit {
				c.closeWith(websocket.CloseMessageTooBig, "message too big")
			}
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
	b, err := json.Marshal(r)
	if err != nil {
		return
	}
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
		c.queue(c.hub.app.navigate(c, m))
	default:
		c.queue(reply{Ref: m.Ref, Type: "error", Error: "unknown message type"})
	}
}
