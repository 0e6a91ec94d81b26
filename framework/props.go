package framework

import (
	"bytes"
	"context"

	"github.com/pagewire/pagewire/framework/internal/dom"
)

// initialCalls runs the callbacks of the page's first paint on its HTML, so
// the first response already holds their outputs. renderPage calls it only
// for pages whose HTML may hold a callback input (no parsing otherwise).
func (a *App) initialCalls(ctx context.Context, req Request, content *bytes.Buffer) error {
	frag, err := dom.ParseFragment(content.Bytes())
	if err != nil {
		return err
	}
	r := newRun(a, ctx, req.HTTP)
	r.page = req.Page
	r.present = map[string]bool{}
	keys := make([]string, len(frag.Elems))
	for i, el := range frag.Elems {
		plain, id, ok := parseID(el.ID)
		if !ok {
			continue
		}
		keys[i] = keyOf(plain, id, "").id
		r.present[keys[i]] = true
		for _, d := range a.cbs.deps {
			if d.covers(plain, id, d.prop, nil) {
				r.addProp(propEntry{key: keyOf(plain, id, d.prop), id: id, wire: el.ID, value: dom.ReadProp(el.N, d.prop, req.HTTP.URL)})
			}
		}
	}
	r.execute(a.cbs.graph, true)
	if r.funcErr != nil {
		a.log.Error("framework: initial callback failed", "path", req.Path, "err", r.funcErr)
	}
	if r.inputErr != nil {
		a.log.Warn("framework: initial callback got a bad value", "path", req.Path, "err", r.inputErr)
	}
	if len(r.updates) == 0 {
		return nil
	}
	for _, u := range r.updates {
		for i, el := range frag.Elems {
			if keys[i] == u.key.id {
				if err := dom.ApplyProp(el.N, u.key.prop, u.raw); err != nil {
					return err
				}
			}
		}
	}
	content.Reset()
	return frag.Render(content)
}
