package framework

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/gorilla/websocket"
)

// writePump writes the client's messages: replies first, in order, then
// its pending pushes, drained into one message each time it is free.
func (c *client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer ticker.Stop()
	q := c.push
	for {
		select {
		case msg := <-c.send:
			if !c.write(msg) {
				return
			}
			continue
		default:
		}
		select {
		case msg := <-c.send:
			if !c.write(msg) {
				return
			}
		case <-q.ready:
			buf := getBuf()
			ok := !q.take(buf) || c.write(buf.Bytes())
			putBuf(buf)
			if !ok {
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

// write writes one message, closing the client when that fails; it
// reports whether it succeeded.
func (c *client) write(msg []byte) bool {
	c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
		c.closeWith(websocket.CloseAbnormalClosure, "")
		return false
	}
	return true
}

// queue sends a reply, dropping the client when its queue is full: a slow
// client is never waited on.
func (c *client) queue(r any) {
	b, err := encodeReply(r)
	if err != nil {
		c.hub.app.logLimited(slog.LevelError, "framework: encoding a reply", "err", err)
		return
	}
	c.queueRaw(b)
}

// encodeReply marshals a reply without HTML escaping: replies are parsed
// by JSON.parse, never embedded in HTML, so "<" need not become "\u003c"
// (page HTML is most of a reply; escaping it costs time and bytes).
func encodeReply(r any) ([]byte, error) {
	buf := getBuf()
	defer putBuf(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// queueRaw queues an encoded message; see queue. It never blocks: the
// close of a client too slow is left to a goroutine (see dropSlow).
func (c *client) queueRaw(b []byte) {
	select {
	case c.send <- b:
	case <-c.ctx.Done():
	default:
		c.dropSlow()
	}
}
