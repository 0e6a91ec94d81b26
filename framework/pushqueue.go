package framework

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/gorilla/websocket"

	"github.com/pagewire/pagewire/internal/wire"
)

// Pushes (Broadcast, Push) do not go through a client's reply queue: each
// client has a set of pending updates, the latest value of each property,
// that its write pump drains into one push message whenever it is free to
// write. A burst of pushes to the same properties thus costs a reading
// client a few messages, never its socket; a client that does not read
// is dropped once its pending set outgrows the bounds below.
const (
	// maxPendingKeys is the most distinct properties pending for a client.
	maxPendingKeys = 1024
	// maxPendingBytes is the most bytes of pending updates for a client;
	// a single update larger than that is let through alone.
	maxPendingBytes = 8 << 20
	// tooSlow is the reason a client that cannot keep up is closed with.
	tooSlow = "client too slow"
)

// pushUpdate is one property of a push, encoded once for every client.
type pushUpdate struct {
	key wire.Key
	enc []byte // the wire.Prop as JSON
}

// pushPrefix starts every push message; its updates and "]}" follow.
var pushPrefix = func() []byte {
	b, err := encodeReply(wire.Push{Header: wire.Header{V: wire.Version, Type: wire.TypePush}, Updates: []wire.Prop{}})
	if err != nil || !bytes.HasSuffix(b, []byte("[]}")) {
		panic("framework: encoding an empty push")
	}
	return b[:len(b)-2]
}()

// pushUpdates encodes the properties of a push.
func pushUpdates(props []wire.Prop) ([]pushUpdate, error) {
	ups := make([]pushUpdate, len(props))
	for i, p := range props {
		b, err := encodeReply(p)
		if err != nil {
			return nil, err
		}
		ups[i] = pushUpdate{key: wire.Key{ID: p.ID, Prop: p.Prop}, enc: b}
	}
	return ups, nil
}

// parsePush splits a push message, as Broadcast encodes it, into its
// updates. Each update keeps its bytes as they are in msg: only its key is
// decoded.
func parsePush(msg []byte) ([]pushUpdate, error) {
	var m struct {
		wire.Header
		Updates []json.RawMessage `json:"updates"`
	}
	if err := json.Unmarshal(msg, &m); err != nil {
		return nil, err
	}
	if m.V != wire.Version || m.Type != wire.TypePush {
		return nil, errors.New("not a push message")
	}
	ups := make([]pushUpdate, len(m.Updates))
	for i, raw := range m.Updates {
		if err := json.Unmarshal(raw, &ups[i].key); err != nil {
			return nil, err
		}
		ups[i].enc = raw
	}
	return ups, nil
}

// pushQueue is a client's pending pushes. It is safe for concurrent use:
// the fan-out adds, the client's write pump takes.
type pushQueue struct {
	ready   chan struct{} // one slot: there may be updates to take
	dropped atomic.Bool   // the client is being closed as too slow

	mu    sync.Mutex
	order []pushUpdate     // pending, by the order their keys were first seen
	index map[wire.Key]int // position in order
	bytes int              // of the encoded updates in order
}

func newPushQueue() *pushQueue {
	return &pushQueue{ready: make(chan struct{}, 1), index: map[wire.Key]int{}}
}

// add merges updates into the pending set, a newer value replacing an
// older one of the same property in place, and wakes the writer. It
// reports false, leaving the rest out, once the set outgrows its bounds.
func (q *pushQueue) add(ups []pushUpdate) bool {
	ok := true
	q.mu.Lock()
	for _, u := range ups {
		if i, seen := q.index[u.key]; seen {
			q.bytes += len(u.enc) - len(q.order[i].enc)
			q.order[i].enc = u.enc
		} else {
			q.index[u.key] = len(q.order)
			q.order = append(q.order, u)
			q.bytes += len(u.enc)
		}
		if len(q.order) > maxPendingKeys || q.bytes > maxPendingBytes && len(q.order) > 1 {
			ok = false
			break
		}
	}
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default: // the writer is already woken
	}
	return ok
}

// take empties the pending set into buf as one push message; it reports
// false when nothing was pending.
func (q *pushQueue) take(buf *bytes.Buffer) bool {
	q.mu.Lock()
	order := q.order
	q.order = nil
	clear(q.index)
	q.bytes = 0
	q.mu.Unlock()
	if len(order) == 0 {
		return false
	}
	buf.Write(pushPrefix)
	for i, u := range order {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(u.enc)
	}
	buf.WriteString("]}")
	return true
}

// pushes returns the client's pending pushes.
func (c *client) pushes() *pushQueue { return c.push }

// queuePush hands updates to the client's write pump. It never blocks: a
// client whose pending set outgrows its bounds is dropped.
func (c *client) queuePush(ups []pushUpdate) {
	if c.ctx.Err() != nil {
		return
	}
	q := c.pushes()
	if q == nil {
		return // the pump has not started or has ended
	}
	if !q.add(ups) {
		c.dropSlow()
	}
}

// dropSlow closes a client that cannot keep up with a policy-violation
// close frame. It does not wait: writing the close frame to a client that
// does not read takes up to closeGrace, which a fan-out must not spend.
func (c *client) dropSlow() {
	if q := c.pushes(); q != nil && !q.dropped.CompareAndSwap(false, true) {
		return // already being dropped
	}
	go c.closeWith(websocket.ClosePolicyViolation, tooSlow)
}
