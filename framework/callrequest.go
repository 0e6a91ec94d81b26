package framework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// runCallbacks answers a page event: it runs every callback the trigger
// reaches, chained ones included, in one reply. Bad input gets a clear
// error reply; a failing callback a generic one (its error in debug mode)
// and a log line; outputs of the callbacks that succeeded still apply.
func (a *App) runCallbacks(ctx context.Context, c *client, m message) reply {
	fail := func(msg string) reply { return reply{Ref: m.Ref, Type: "cb", Error: "bad request: " + msg} }
	if len(m.Trigger) == 0 || len(m.Trigger) > maxTriggers {
		return fail(fmt.Sprintf("want 1 to %d triggers", maxTriggers))
	}
	if len(m.Props) > maxProps {
		return fail(fmt.Sprintf("more than %d properties", maxProps))
	}
	r := newRun(a, ctx, c.req)
	r.tab = c.tab
	if m.URL != "" {
		if u, err := parseNavURL(m.URL); err == nil {
			r.req = c.requestFor(u)
			if res := a.resolve(u); res.entry != nil {
				r.page = res.entry.page
			}
		}
	}
	for _, p := range m.Props {
		plain, id, err := checkWireKey(p.ID, p.Prop)
		if err != nil {
			return fail(err.Error())
		}
		if len(p.Value) == 0 {
			p.Value = json.RawMessage("null")
		}
		r.addProp(propEntry{key: keyOf(plain, id, p.Prop), id: id, wire: p.ID, value: p.Value})
	}
	for _, t := range m.Trigger {
		plain, id, err := checkWireKey(t.ID, t.Prop)
		if err != nil {
			return fail(err.Error())
		}
		k := keyOf(plain, id, t.Prop)
		if !a.cbs.isInput(plain, id, t.Prop) {
			return fail("no callback has the input " + k.String())
		}
		if _, ok := r.index[k]; !ok {
			r.addProp(propEntry{key: k, id: id, wire: t.ID, value: json.RawMessage("null")})
		}
		r.changed[k] = true
	}
	r.execute(a.cbs.graph, false)
	if ctx.Err() != nil {
		return reply{Ref: m.Ref, Type: "cb", Error: "superseded"}
	}
	rep := reply{Ref: m.Ref, Type: "cb", Updates: r.wire()}
	if r.funcErr != nil {
		a.log.Error("framework: callback failed", "path", r.req.URL.Path, "err", r.funcErr)
		rep.Error = "callback failed"
		if a.cfg.Debug {
			rep.Error += ": " + r.funcErr.Error()
		}
	}
	if r.inputErr != nil {
		rep.Error = "bad input: " + r.inputErr.Error()
	}
	return rep
}

// checkWireKey validates an id and property sent by a page.
func checkWireKey(wireID, prop string) (string, ID, error) {
	if wireID == "" || len(wireID) > maxIDLen {
		return "", nil, errors.New("bad id")
	}
	plain, id, ok := parseID(wireID)
	if !ok {
		return "", nil, fmt.Errorf("bad id %.60q", wireID)
	}
	if err := checkProp(depInput, prop); err != nil {
		return "", nil, err
	}
	return plain, id, nil
}

// isInput reports whether some callback has (id, prop) as an Input.
func (s *callbackSet) isInput(plain string, id ID, prop string) bool {
	for _, cb := range s.graph.order {
		for _, d := range cb.Inputs {
			if d.covers(plain, id, prop, nil) {
				return true
			}
		}
	}
	return false
}
