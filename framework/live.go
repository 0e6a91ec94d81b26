package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/pagewire/pagewire/internal/wire"
)

// Server push: topics a layout subscribes its page to, broadcasts to every
// tab showing such a page, pushes to one tab.

// renderState collects what a page's layout asks for while it renders.
type renderState struct {
	mu     sync.Mutex
	topics []string
	page   Page // the render's copy of its page, which Request.Page points to
}

// Subscribe makes the tab showing the page receive what is broadcast on
// topic, for as long as it shows the page. Call it from a layout. Topics are
// signed into the page, so a tab can only subscribe to what a layout chose.
// It reports false for a topic that is empty or longer than 128 bytes, or
// when the request is not a page render.
func Subscribe(r Request, topic string) bool {
	if r.state == nil || topic == "" || len(topic) > wire.MaxTopicLen {
		return false
	}
	r.state.mu.Lock()
	defer r.state.mu.Unlock()
	for _, t := range r.state.topics {
		if t == topic {
			return true
		}
	}
	if len(r.state.topics) >= wire.MaxTopicsPerTab {
		return false
	}
	r.state.topics = append(r.state.topics, topic)
	return true
}

// signedTopics returns the page's topics signed, space-separated, for the
// page container's data-pw-topics attribute.
func (a *App) signedTopics(st *renderState) string {
	if st == nil {
		return ""
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.topics) == 0 {
		return ""
	}
	out := make([]string, len(st.topics))
	for i, t := range st.topics {
		out[i] = a.signer.sign("topic", t)
	}
	return strings.Join(out, " ")
}

// Update is a property change pushed to pages outside a callback, by
// Broadcast or Push. Value follows the rules of Ctx.Set.
type Update struct {
	// ID is the component id: a string or an ID.
	ID any
	// Prop is the property.
	Prop string
	// Value is the new value.
	Value any
}

// encodeUpdates renders updates once, for a push.
func (a *App) encodeUpdates(ctx context.Context, updates []Update) ([]wire.Prop, error) {
	w := make([]wire.Prop, 0, len(updates))
	for _, u := range updates {
		if err := checkProp(depOutput, u.Prop); err != nil {
			return nil, err
		}
		plain, id := splitAnyID(u.ID)
		raw, err := encodeValue(ctx, u.Prop, u.Value)
		if err != nil {
			return nil, err
		}
		wid := plain
		if id != nil {
			wid = id.String()
		}
		w = append(w, wire.Prop{ID: wid, Prop: u.Prop, Value: raw})
	}
	return w, nil
}

// Broker fans broadcasts out to every instance of the app. The default
// delivers within the process; a Redis broker spans instances.
// Implementations are safe for concurrent use.
type Broker interface {
	// Publish sends msg on topic to every subscriber, this instance's
	// included.
	Publish(ctx context.Context, topic string, msg []byte) error
	// Subscribe calls fn for every message published on any topic, until
	// the returned stop is called.
	Subscribe(fn func(topic string, msg []byte)) (stop func(), err error)
}

// MemoryBroker is the in-process Broker. Its zero value is ready; it is
// safe for concurrent use.
type MemoryBroker struct {
	mu   sync.RWMutex
	subs map[int]func(string, []byte)
	next int
}

// Publish calls every subscriber synchronously.
func (b *MemoryBroker) Publish(_ context.Context, topic string, msg []byte) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for i := 0; i < b.next; i++ {
		if fn, ok := b.subs[i]; ok {
			fn(topic, msg)
		}
	}
	return nil
}

// Subscribe registers fn.
func (b *MemoryBroker) Subscribe(fn func(string, []byte)) (func(), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[int]func(string, []byte){}
	}
	id := b.next
	b.next++
	b.subs[id] = fn
	return func() {
		b.mu.Lock()
		delete(b.subs, id)
		b.mu.Unlock()
	}, nil
}

// Broadcast sends updates to every tab, on every instance, showing a page
// subscribed to topic. Children are rendered once. It is safe to call from
// any goroutine.
func (a *App) Broadcast(ctx context.Context, topic string, updates ...Update) error {
	if topic == "" || len(topic) > wire.MaxTopicLen {
		return errors.New("framework: Broadcast: bad topic")
	}
	props, err := a.encodeUpdates(ctx, updates)
	if err != nil {
		return fmt.Errorf("framework: Broadcast: %w", err)
	}
	msg, err := encodeReply(wire.Push{Header: wire.Header{V: wire.Version, Type: wire.TypePush}, Updates: props})
	if err != nil {
		return fmt.Errorf("framework: Broadcast: %w", err)
	}
	return a.broker.Publish(ctx, topic, msg)
}

// Push sends updates to one tab, by the id Ctx.Session returns. It reports
// false when the tab is not connected to this instance. Like a broadcast,
// it replaces what the tab has not yet received of the same properties.
func (a *App) Push(ctx context.Context, tab string, updates ...Update) (bool, error) {
	props, err := a.encodeUpdates(ctx, updates)
	if err != nil {
		return false, fmt.Errorf("framework: Push: %w", err)
	}
	ups, err := pushUpdates(props)
	if err != nil {
		return false, fmt.Errorf("framework: Push: %w", err)
	}
	return a.hub.toTab(tab, ups), nil
}

func init() { handle(wire.TypeSubscribe, (*client).subscribe) }

// subscribe replaces the tab's topics with the signed ones of its page.
func (c *client) subscribe(in inbound) {
	var m wire.Subscribe
	if !decode(c, in, &m) {
		return
	}
	var topics []string
	for _, tok := range strings.Fields(m.Topics) {
		t, ok := c.hub.app.signer.verify("topic", tok)
		if !ok || len(topics) >= wire.MaxTopicsPerTab {
			c.queue(in.fail("bad topic subscription"))
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

// deliver hands a broadcast to this instance's subscribers of topic. The
// message is parsed once; each subscriber gets its updates merged into its
// pending pushes, which never blocks.
func (h *hub) deliver(topic string, msg []byte) {
	h.mu.Lock()
	subs := h.topics[topic]
	if len(subs) == 0 {
		h.mu.Unlock()
		return
	}
	cls := make([]*client, 0, len(subs))
	for c := range subs {
		cls = append(cls, c)
	}
	h.mu.Unlock()
	ups, err := parsePush(msg)
	if err != nil {
		h.app.log.Error("framework: a broadcast that is not a push message", "topic", topic, "err", err)
		return
	}
	for _, c := range cls {
		c.queuePush(ups)
	}
}

// toTab hands updates to one tab, if it is connected here.
func (h *hub) toTab(tab string, ups []pushUpdate) bool {
	h.mu.Lock()
	c := h.tabs[tab]
	h.mu.Unlock()
	if c == nil {
		return false
	}
	c.queuePush(ups)
	return true
}
