package framework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// NoUpdate, set as an output's value, leaves that output unchanged, like
// Dash's no_update; not setting the output does the same.
var NoUpdate = noUpdate{}

type noUpdate struct{}

// PreventUpdate, returned by a callback, leaves every output unchanged,
// like Dash's PreventUpdate exception.
var PreventUpdate = errors.New("framework: prevent update")

// Ctx is what a callback receives: the values of its inputs and states, the
// trigger, the request, and the outputs it sets. It is a context.Context,
// cancelled when a newer call of the same callback supersedes it or the
// socket closes. A Ctx belongs to one call; do not keep it after Func
// returns or use it from other goroutines.
//
// A getter whose value cannot be converted to the asked type returns the
// zero value and makes the call answer a clear error; so does reading a
// property that is not an Input or State of the callback.
type Ctx struct {
	context.Context
	run     *run
	cb      *callback
	match   ID
	trigger []Trigger
	err     error // bad input: a failed conversion, an undeclared property
	fnErr   error // an output that failed to render

	staged     []update
	triggering []bool
}

// Trigger names a property whose change caused the call.
type Trigger struct {
	// ID is the component id: the plain id, or the ID's JSON.
	ID string
	// Pattern is the pattern-matching id, or nil for a plain one.
	Pattern ID
	// Prop is the property.
	Prop string
}

// Item is one component matched by an ALL pattern, with its value.
type Item struct {
	// ID is the component's pattern-matching id.
	ID ID
	// Value is the property's value.
	Value Value
}

// Value is a property value as the page sent it. Its getters convert it;
// a failed conversion is reported by the callback's reply.
type Value struct {
	raw  json.RawMessage
	name string
	ctx  *Ctx
}

// Raw returns the value's JSON; nil when the property is absent.
func (v Value) Raw() json.RawMessage { return v.raw }

// IsNil reports whether the value is absent or null.
func (v Value) IsNil() bool { return len(v.raw) == 0 || string(v.raw) == "null" }

func (v Value) fail(want string) {
	if v.ctx != nil && v.ctx.err == nil {
		v.ctx.err = fmt.Errorf("%s: want %s, got %.40s", v.name, want, string(v.raw))
	}
}

// String returns a string value; a number is returned as its text; absent
// or null is "".
func (v Value) String() string {
	if v.IsNil() {
		return ""
	}
	var s string
	if json.Unmarshal(v.raw, &s) == nil {
		return s
	}
	var f json.Number
	if json.Unmarshal(v.raw, &f) == nil {
		return f.String()
	}
	v.fail("a string")
	return ""
}

// Float returns a number value; a numeric string is parsed; absent, null
// or an empty string is 0.
func (v Value) Float() float64 {
	if v.IsNil() {
		return 0
	}
	var f float64
	if json.Unmarshal(v.raw, &f) == nil {
		return f
	}
	var s string
	if json.Unmarshal(v.raw, &s) == nil {
		if strings.TrimSpace(s) == "" {
			return 0
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	v.fail("a number")
	return 0
}

// Int returns an integer value; see Float. A fractional number is an error.
func (v Value) Int() int {
	f := v.Float()
	if f != math.Trunc(f) || f > math.MaxInt32*float64(1<<31) || f < -math.MaxInt32*float64(1<<31) {
		v.fail("an integer")
		return 0
	}
	return int(f)
}

// Bool returns a boolean value; absent or null is false.
func (v Value) Bool() bool {
	if v.IsNil() {
		return false
	}
	var b bool
	if json.Unmarshal(v.raw, &b) == nil {
		return b
	}
	v.fail("a boolean")
	return false
}

// Decode unmarshals the value's JSON into dst.
func (v Value) Decode(dst any) error {
	if v.IsNil() {
		return nil
	}
	if err := json.Unmarshal(v.raw, dst); err != nil {
		v.fail(fmt.Sprintf("JSON for %T", dst))
		return err
	}
	return nil
}

// Get returns the value of an Input or State property. With an ID
// holding MATCH, it is the component matching the trigger.
func (c *Ctx) Get(id any, prop string) Value {
	plain, pid := splitAnyID(id)
	if pid != nil && pid.isPattern() {
		if !pid.hasWildcard(MATCH) || pid.hasWildcard(ALL) {
			c.setErr(fmt.Errorf("%s.%s: use All for an ALL pattern", pid, prop))
			return Value{}
		}
		for _, e := range c.run.props {
			if e.id != nil && e.key.prop == prop && pid.matches(e.id, c.match) {
				return c.valueOf(e)
			}
		}
		return Value{name: pid.String() + "." + prop, ctx: c}
	}
	if !c.declared(plain, pid, prop) {
		name := plain
		if pid != nil {
			name = pid.String()
		}
		c.setErr(fmt.Errorf("%s.%s is not an Input or State of this callback", name, prop))
		return Value{}
	}
	k := keyOf(plain, pid, prop)
	if i, ok := c.run.index[k]; ok {
		return c.valueOf(c.run.props[i])
	}
	return Value{name: k.String(), ctx: c}
}

func (c *Ctx) valueOf(e propEntry) Value {
	return Value{raw: e.value, name: e.key.String(), ctx: c}
}

// declared reports whether (id, prop) is covered by an Input or State.
func (c *Ctx) declared(plain string, id ID, prop string) bool {
	for _, l := range [][]Dep{c.cb.Inputs, c.cb.States} {
		for _, d := range l {
			if d.covers(plain, id, prop, c.match) {
				return true
			}
		}
	}
	return false
}

// All returns the components matching an ALL pattern Input or State, in
// page order, with their values.
func (c *Ctx) All(pattern ID, prop string) []Item {
	var out []Item
	for _, e := range c.run.props {
		if e.id != nil && e.key.prop == prop && pattern.matches(e.id, c.match) {
			out = append(out, Item{ID: e.id, Value: c.valueOf(e)})
		}
	}
	return out
}

// String returns Get(id, prop).String().
func (c *Ctx) String(id any, prop string) string { return c.Get(id, prop).String() }

// Int returns Get(id, prop).Int().
func (c *Ctx) Int(id any, prop string) int { return c.Get(id, prop).Int() }

// Float returns Get(id, prop).Float().
func (c *Ctx) Float(id any, prop string) float64 { return c.Get(id, prop).Float() }

// Bool returns Get(id, prop).Bool().
func (c *Ctx) Bool(id any, prop string) bool { return c.Get(id, prop).Bool() }

// Decode unmarshals Get(id, prop) into dst.
func (c *Ctx) Decode(id any, prop string, dst any) error { return c.Get(id, prop).Decode(dst) }

// Set sets a declared Output. With an ID holding MATCH, it is the component
// matching the trigger; an ALL output takes each concrete ID. Outputs that
// are not set keep their value (Dash's no_update). For "children", v is a
// templ.Component (rendered on the server), a string (shown as text) or nil.
func (c *Ctx) Set(id any, prop string, v any) {
	plain, pid := splitAnyID(id)
	if pid != nil && pid.hasWildcard(MATCH) {
		pid = c.resolveMatch(pid)
	}
	if pid != nil && pid.isPattern() {
		c.setErr(fmt.Errorf("Set %s.%s: give a concrete ID for an ALL output", pid, prop))
		return
	}
	ok := false
	for _, d := range c.cb.Outputs {
		if d.covers(plain, pid, prop, c.match) {
			ok = true
			break
		}
	}
	if !ok {
		name := plain
		if pid != nil {
			name = pid.String()
		}
		c.setErr(fmt.Errorf("%s.%s is not an Output of this callback (use SetProps)", name, prop))
		return
	}
	c.set(plain, pid, prop, v)
}

// SetProps sets properties of any component, declared as outputs or not,
// like Dash's set_props. ctx must be the callback's Ctx (or derived from
// it); elsewhere SetProps does nothing and reports false. Properties set
// this way do not trigger other callbacks.
func SetProps(ctx context.Context, id any, props map[string]any) bool {
	c, ok := ctx.Value(ctxKey{}).(*Ctx)
	if !ok {
		return false
	}
	plain, pid := splitAnyID(id)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := checkProp(depOutput, k); err != nil {
			c.setErr(fmt.Errorf("SetProps: %v", err))
			continue
		}
		c.stage(update{key: keyOf(plain, pid, k), plain: plain, id: pid, value: props[k]}, false)
	}
	return true
}

// ctxKey finds the Ctx in its own context, for SetProps.
type ctxKey struct{}

func (c *Ctx) set(plain string, id ID, prop string, v any) {
	if v == any(NoUpdate) {
		return
	}
	c.stage(update{key: keyOf(plain, id, prop), plain: plain, id: id, value: v}, true)
}

func (c *Ctx) resolveMatch(p ID) ID {
	out := ID{}
	for k, v := range p {
		if v == any(MATCH) {
			out[k] = c.match[k]
		} else {
			out[k] = v
		}
	}
	return out
}

func (c *Ctx) setErr(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Triggered returns the properties whose change caused this call; empty
// for the initial call made while the page renders.
func (c *Ctx) Triggered() []Trigger { return c.trigger }

// TriggeredID returns the id of the first triggering component, or "".
func (c *Ctx) TriggeredID() string {
	if len(c.trigger) == 0 {
		return ""
	}
	return c.trigger[0].ID
}

// MatchID returns the concrete id a MATCH callback was called for, or nil.
func (c *Ctx) MatchID() ID { return c.match }

// Request returns the page's request: cookies, headers, path and query.
func (c *Ctx) Request() *http.Request { return c.run.req }

// Page returns the page the callback runs on; zero when unknown.
func (c *Ctx) Page() Page {
	if c.run.page == nil {
		return Page{}
	}
	return *c.run.page
}

// Session returns the per-tab session id, or "" during the page render.
func (c *Ctx) Session() string { return c.run.tab }

func splitAnyID(id any) (string, ID) {
	switch v := id.(type) {
	case string:
		return v, nil
	case ID:
		return "", v
	}
	return fmt.Sprint(id), nil
}
