package framework

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/gorilla/websocket"
)

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
func (c *client) queue(r any) {
	b, err := encodeReply(r)
	if err != nil {
		c.hub.app.log.Error("framework: encoding a reply", "err", err)
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

// queueRaw queues an encoded message; see queue.
func (c *client) queueRaw(b []byte) {
	select {
	case c.send <- b:
	case <-c.ctx.Done():
	default:
		c.closeWith(websocket.ClosePolicyViolation, "client too slow")
	}
}
