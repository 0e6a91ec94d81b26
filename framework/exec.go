package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/pagewire/pagewire/internal/wire"
)

// propKey addresses a concrete property: a plain id, or an ID's canonical
// JSON, and a property name.
type propKey struct{ id, prop string }

// String renders the key as "id.prop".
func (k propKey) String() string { return k.id + "." + k.prop }

func keyOf(plain string, id ID, prop string) propKey {
	if id != nil {
		return propKey{id.String(), prop}
	}
	return propKey{plain, prop}
}

// propEntry is one property value of the page.
type propEntry struct {
	key   propKey
	id    ID     // nil for a plain id
	wire  string // the id as the page spells it, for replies
	value json.RawMessage
}

// update is one output of a run. Children are rendered to HTML when set.
type update struct {
	key   propKey
	plain string
	id    ID
	value any
	raw   json.RawMessage // the value as JSON (children: the HTML string)
}

// run is one execution of a chain of callbacks over a snapshot of the
// page's properties: an event from the page, or the initial calls of a
// render. It is used by one goroutine.
type run struct {
	app      *App
	ctx      context.Context
	req      *http.Request
	page     *Page
	tab      string
	props    []propEntry // page order
	index    map[propKey]int
	changed  map[propKey]bool
	updates  []update
	upIndex  map[propKey]int
	inputErr error           // the first bad-input error
	funcErr  error           // the first error returned or raised by a callback
	present  map[string]bool // ids on the page (initial calls only)
	fresh    map[string]bool // ids just rendered; nil when all are (initial calls only)
	freshIDs []ID            // the pattern-matching ids among fresh
}

func newRun(a *App, ctx context.Context, req *http.Request) *run {
	return &run{app: a, ctx: ctx, req: req, index: map[propKey]int{}, changed: map[propKey]bool{}, upIndex: map[propKey]int{}}
}

// addProp records a property value of the page.
func (r *run) addProp(e propEntry) {
	if i, ok := r.index[e.key]; ok {
		r.props[i].value = e.value
		return
	}
	r.index[e.key] = len(r.props)
	r.props = append(r.props, e)
}

// encodeValue renders an output value to its JSON: children become an HTML
// string (a templ.Component rendered, text escaped).
func encodeValue(ctx context.Context, prop string, v any) (json.RawMessage, error) {
	if prop == "children" {
		var h string
		switch x := v.(type) {
		case nil:
		case templ.Component:
			var b bytes.Buffer
			if err := protect(func() error { return x.Render(ctx, &b) }); err != nil {
				return nil, err
			}
			h = b.String()
		case string:
			h = templ.EscapeString(x)
		case fmt.Stringer:
			h = templ.EscapeString(x.String())
		case int, int64, float64, bool:
			h = templ.EscapeString(fmt.Sprint(x))
		default:
			return nil, fmt.Errorf("children: want a templ.Component or text, got %T", v)
		}
		return json.Marshal(h)
	}
	switch x := v.(type) {
	case templ.Component:
		return nil, fmt.Errorf("%s: a templ.Component only fits children", prop)
	case int:
		return []byte(strconv.Itoa(x)), nil
	}
	raw, err := json.Marshal(v)
	if err == nil {
		err = checkURLProp(prop, raw)
	}
	return raw, err
}

// commit applies a call's staged updates; triggering ones mark their
// property changed so downstream callbacks run.
func (r *run) commit(staged []update, triggering []bool) {
	for i, u := range staged {
		if j, ok := r.upIndex[u.key]; ok {
			r.updates[j] = u
		} else {
			r.upIndex[u.key] = len(r.updates)
			r.updates = append(r.updates, u)
		}
		wire := u.plain
		if u.id != nil {
			wire = u.id.String()
			if k, ok := r.index[u.key]; ok {
				wire = r.props[k].wire
			}
		}
		r.addProp(propEntry{key: u.key, id: u.id, wire: wire, value: u.raw})
		if triggering[i] {
			r.changed[u.key] = true
		}
	}
}

// invocation is one call of a callback.
type invocation struct {
	match    ID
	triggers []Trigger
}

// invocations returns the calls of cb this run needs, from the changed
// properties (and, for the initial calls, from what the page holds).
func (r *run) invocations(cb *callback, initial bool) []invocation {
	var out []invocation
	byMatch := map[string]int{}
	for _, e := range r.props {
		if !r.changed[e.key] {
			continue
		}
		for _, d := range cb.Inputs {
			if !d.covers(e.key.id, e.id, e.key.prop, nil) {
				continue
			}
			tr := Trigger{ID: e.wire, Pattern: e.id, Prop: e.key.prop}
			var m ID
			if cb.match && e.id != nil {
				m = matchBinding(d.pattern, e.id)
			}
			mk := ""
			if m != nil {
				mk = m.String()
			}
			if i, ok := byMatch[mk]; ok {
				out[i].triggers = append(out[i].triggers, tr)
			} else {
				byMatch[mk] = len(out)
				out = append(out, invocation{match: m, triggers: []Trigger{tr}})
			}
			break
		}
	}
	if len(out) > 0 || !initial || cb.PreventInitialCall || !r.touchesFresh(cb) {
		return out
	}
	// The initial call: every plain input and output is on the page.
	for _, l := range [][]Dep{cb.Inputs, cb.Outputs} {
		for _, d := range l {
			if d.pattern == nil && !r.present[d.plain] {
				return nil
			}
		}
	}
	if !cb.match {
		return []invocation{{}}
	}
	seen := map[string]bool{}
	for _, d := range cb.Inputs {
		if d.pattern == nil || !d.pattern.hasWildcard(MATCH) {
			continue
		}
		for _, e := range r.props {
			if e.id != nil && d.covers("", e.id, e.key.prop, nil) && (r.fresh == nil || r.fresh[e.key.id]) {
				m := matchBinding(d.pattern, e.id)
				if k := m.String(); !seen[k] {
					seen[k] = true
					out = append(out, invocation{match: m})
				}
			}
		}
	}
	return out
}

// touchesFresh reports whether an input or output of cb is among the
// elements just rendered: like Dash, a navigation makes the initial calls
// of the callbacks of the new content, not of the whole document again.
func (r *run) touchesFresh(cb *callback) bool {
	if r.fresh == nil {
		return true
	}
	for _, l := range [][]Dep{cb.Inputs, cb.Outputs} {
		for _, d := range l {
			if d.pattern == nil {
				if r.fresh[d.plain] {
					return true
				}
				continue
			}
			for _, id := range r.freshIDs {
				if d.pattern.matches(id, nil) {
					return true
				}
			}
		}
	}
	return false
}

// matchBinding returns the values of the MATCH keys of pattern in id.
func matchBinding(pattern, id ID) ID {
	m := ID{}
	for k, v := range pattern {
		if v == any(MATCH) {
			m[k] = id[k]
		}
	}
	return m
}

// execute runs the triggered callbacks in topological order.
func (r *run) execute(g *graph, initial bool) {
	for _, cb := range g.order {
		if r.ctx.Err() != nil {
			return
		}
		if cb.client != "" {
			continue // a clientside callback: the runtime runs it
		}
		for _, inv := range r.invocations(cb, initial) {
			r.call(cb, inv)
		}
	}
}

// call runs one invocation; its updates count only when it succeeds.
func (r *run) call(cb *callback, inv invocation) {
	c := &Ctx{run: r, cb: cb, match: inv.match, trigger: inv.triggers}
	c.Context = context.WithValue(r.ctx, ctxKey{}, c)
	err := protect(func() error { return cb.Func(c) })
	if err == nil {
		err = c.fnErr
	}
	switch {
	case errors.Is(err, PreventUpdate):
		return
	case err != nil:
		if r.funcErr == nil {
			var pe *panicError
			if !errors.As(err, &pe) { // a panic's stack has its position
				err = &callbackError{err: err, pc: cb.pc}
			}
			r.funcErr = fmt.Errorf("callback registered at %s: %w", cb.site, err)
		}
		return
	case c.err != nil:
		if r.inputErr == nil {
			r.inputErr = c.err
		}
		return
	}
	r.commit(c.staged, c.triggering)
}

// stage records an output of a call.
func (c *Ctx) stage(u update, triggering bool) {
	raw, err := encodeValue(c.Context, u.key.prop, u.value)
	if err != nil {
		if c.fnErr == nil {
			c.fnErr = fmt.Errorf("%s: %w", u.key, err)
		}
		return
	}
	u.raw = raw
	for i, s := range c.staged {
		if s.key == u.key {
			c.staged[i], c.triggering[i] = u, triggering
			return
		}
	}
	c.staged = append(c.staged, u)
	c.triggering = append(c.triggering, triggering)
}

// wire returns the run's outputs for the runtime, in the order set.
func (r *run) wire() []wire.Prop {
	out := make([]wire.Prop, 0, len(r.updates))
	for _, u := range r.updates {
		out = append(out, r.wireUpdate(u))
	}
	return out
}

// wireUpdate is an output as sent to the runtime, its id spelled as the
// page spells it.
func (r *run) wireUpdate(u update) wire.Prop {
	id := u.plain
	if u.id != nil {
		id = u.id.String()
		if i, ok := r.index[u.key]; ok {
			id = r.props[i].wire
		}
	}
	return wire.Prop{ID: id, Prop: u.key.prop, Value: u.raw}
}
