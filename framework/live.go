package framework

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"
	"sync"
)

// Limits on what a page may ask of the server.
const (
	maxTopicsPerTab = 16   // subscriptions of one tab
	maxTopicLen     = 128  // bytes of a topic name
	maxProps        = 2000 // property values in one callback request
	maxIDLen        = 512  // bytes of a component id
)

// callbackSet is the app's callbacks, checked and indexed when it is built.
type callbackSet struct {
	graph *graph
	deps  []Dep  // every Input and State, once each
	hello []byte // the callback graph for the runtime, as JSON

	inputIDs      map[string]bool // plain ids of callback inputs
	patternInputs bool            // some input has a pattern-matching id
}

func newCallbackSet(cbs []*callback) (*callbackSet, error) {
	g, err := buildGraph(cbs)
	if err != nil {
		return nil, err
	}
	s := &callbackSet{graph: g}
	seen := map[string]bool{}
	type wdep struct {
		ID       any    `json:"id"`
		Prop     string `json:"prop"`
		Debounce int64  `json:"debounce,omitempty"`
	}
	type wcb struct {
		In  []wdep `json:"in"`
		St  []wdep `json:"st,omitempty"`
		Out []wdep `json:"out"`
	}
	conv := func(ds []Dep) []wdep {
		out := make([]wdep, len(ds))
		for i, d := range ds {
			out[i] = wdep{ID: d.plain, Prop: d.prop, Debounce: d.debounce.Milliseconds()}
			if d.pattern != nil {
				out[i].ID = d.pattern
			}
		}
		return out
	}
	wire := []wcb{}
	s.inputIDs = map[string]bool{}
	for _, cb := range g.order {
		for _, l := range [][]Dep{cb.Inputs, cb.States} {
			for _, d := range l {
				if k := d.String(); !seen[k] {
					seen[k] = true
					s.deps = append(s.deps, d)
				}
			}
		}
		for _, d := range cb.Inputs {
			if d.pattern != nil {
				s.patternInputs = true
			} else {
				s.inputIDs[d.plain] = true
			}
		}
		wire = append(wire, wcb{In: conv(cb.Inputs), St: conv(cb.States), Out: conv(cb.Outputs)})
	}
	if s.hello, err = json.Marshal(wire); err != nil {
		return nil, err
	}
	return s, nil
}

// mayFire reports whether a page's HTML may hold an input of a callback;
// when not, its render skips parsing. One pass over the id attributes.
func (s *callbackSet) mayFire(b []byte) bool {
	if len(s.inputIDs) == 0 && !s.patternInputs {
		return false
	}
	for {
		i := bytes.Index(b, []byte("id="))
		if i < 0 {
			return false
		}
		b = b[i+3:]
		if len(b) == 0 {
			return false
		}
		end := byte(' ')
		if b[0] == '"' || b[0] == '\'' {
			end, b = b[0], b[1:]
		}
		j := bytes.IndexByte(b, end)
		if j < 0 {
			j = len(b)
		}
		v := b[:j]
		if end == ' ' {
			if k := bytes.IndexByte(v, '>'); k >= 0 {
				v = v[:k]
			}
		}
		id := string(v)
		if bytes.IndexByte(v, '&') >= 0 {
			id = html.UnescapeString(id)
		}
		if len(v) > 0 && v[0] == '{' && s.patternInputs || s.inputIDs[id] {
			return true
		}
	}
}

// signer signs and checks short tokens with the app's secret.
type signer struct{ key []byte }

func newSigner(secret []byte) (signer, bool) {
	if len(secret) > 0 {
		return signer{key: secret}, false
	}
	k := make([]byte, 32)
	rand.Read(k)
	return signer{key: k}, true
}

func (s signer) mac(kind, v string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// sign returns "v.mac".
func (s signer) sign(kind, v string) string { return v + "." + s.mac(kind, v) }

// verify returns v of a "v.mac" token signed for kind.
func (s signer) verify(kind, token string) (string, bool) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return "", false
	}
	v := token[:i]
	return v, hmac.Equal([]byte(token[i+1:]), []byte(s.mac(kind, v)))
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// renderState collects what a page's layout asks for while it renders.
type renderState struct {
	mu     sync.Mutex
	topics []string
}

// Subscribe makes the tab showing the page receive what is broadcast on
// topic, for as long as it shows the page. Call it from a layout. Topics are
// signed into the page, so a tab can only subscribe to what a layout chose.
// It reports false for a topic that is empty or longer than 128 bytes, or
// when the request is not a page render.
func Subscribe(r Request, topic string) bool {
	if r.state == nil || topic == "" || len(topic) > maxTopicLen {
		return false
	}
	r.state.mu.Lock()
	defer r.state.mu.Unlock()
	for _, t := range r.state.topics {
		if t == topic {
			return true
		}
	}
	if len(r.state.topics) >= maxTopicsPerTab {
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
	out := make([]string, len(st.topics))
	for i, t := range st.topics {
		out[i] = a.signer.sign("topic", t)
	}
	return strings.Join(out, " ")
}

// Update is a property change pushed to pages outside a callback: by
// Broadcast, Push or PushSession. Value follows the rules of Ctx.Set.
type Update struct {
	// ID is the component id: a string or an ID.
	ID any
	// Prop is the property.
	Prop string
	// Value is the new value.
	Value any
}

// encodePush renders updates once into a push message.
func (a *App) encodePush(ctx context.Context, updates []Update) ([]byte, error) {
	w := make([]wireUpdate, 0, len(updates))
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
		w = append(w, wireUpdate{ID: wid, Prop: u.Prop, Value: raw})
	}
	return encodeReply(reply{V: protocolV, Type: "push", Updates: w})
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
	if topic == "" || len(topic) > maxTopicLen {
		return errors.New("framework: Broadcast: bad topic")
	}
	msg, err := a.encodePush(ctx, updates)
	if err != nil {
		return fmt.Errorf("framework: Broadcast: %w", err)
	}
	return a.broker.Publish(ctx, topic, msg)
}

// Push sends updates to one tab, by the id Ctx.Session returns. It reports
// false when the tab is not connected to this instance.
func (a *App) Push(ctx context.Context, tab string, updates ...Update) (bool, error) {
	msg, err := a.encodePush(ctx, updates)
	if err != nil {
		return false, fmt.Errorf("framework: Push: %w", err)
	}
	return a.hub.toTab(tab, msg), nil
}
