package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"golang.org/x/net/html"

	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/internal/wire"
)

// pendingCalls are the first callbacks of a page view, run by its
// transport once it knows the whole document: a document load runs them on
// the document it renders; a socket navigation on the new content, with
// the rest of the document as the runtime describes it.
type pendingCalls struct {
	ctx     context.Context
	req     Request
	outside outside
}

// outside is the document around the page container, as the runtime
// describes it in a navigation, checked by parseOutside: the values of
// callback inputs and states there, and the ids there that callbacks name.
type outside struct {
	props []propEntry
	ids   []string // property-key ids
}

// parseOutside checks what a navigation says of the document around the
// container, before anything renders: a bad value is the client's error.
func parseOutside(m wire.Nav) (outside, error) {
	var out outside
	if len(m.Props) > wire.MaxProps || len(m.IDs) > wire.MaxProps {
		return out, fmt.Errorf("more than %d properties", wire.MaxProps)
	}
	for _, p := range m.Props {
		plain, id, err := checkWireKey(p.ID, p.Prop)
		if err != nil {
			return out, err
		}
		if len(p.Value) == 0 {
			p.Value = json.RawMessage("null")
		}
		out.props = append(out.props, propEntry{key: keyOf(plain, id, p.Prop), id: id, wire: p.ID, value: p.Value})
	}
	for _, s := range m.IDs {
		plain, id, ok := parseID(s)
		if s == "" || len(s) > wire.MaxIDLen || !ok {
			return out, errors.New("bad id")
		}
		out.ids = append(out.ids, keyOf(plain, id, "").id)
	}
	return out, nil
}

// documentCalls runs the first callbacks of a document load on the whole
// document, shell included: every element is new, as on Dash's first
// render. Outputs are applied to the document, which is re-serialized only
// when one changed.
func (a *App) documentCalls(p pendingCalls, doc *bytes.Buffer) error {
	root, err := dom.ParseDocument(doc.Bytes())
	if err != nil {
		return err
	}
	elems := dom.WithIDs(root)
	r, keys := a.firstCalls(p, elems, nil)
	if len(r.updates) == 0 {
		return nil
	}
	applied, err := applyTo(r, elems, keys)
	if err != nil || !applied {
		return err
	}
	doc.Reset()
	return html.Render(doc, root)
}

// contentCalls runs the first callbacks of a page shown by a socket
// navigation: the content's elements are new; inputs and states outside the
// container take the runtime's values, a Location's pathname, search, hash
// and href the new URL's (a change triggers its callbacks, as in Dash).
// Outputs in the content are applied to it; the others are returned as
// updates for the runtime to apply around the container.
func (a *App) contentCalls(p pendingCalls, content *bytes.Buffer) ([]wire.Prop, error) {
	if !a.cbs.mayFire(content.Bytes()) && len(p.outside.props) == 0 {
		return nil, nil
	}
	frag, err := dom.ParseFragment(content.Bytes())
	if err != nil {
		return nil, err
	}
	r, keys := a.firstCalls(p, frag.Elems, &p.outside)
	if len(r.updates) == 0 {
		return nil, nil
	}
	applied, err := applyTo(r, frag.Elems, keys)
	if err != nil {
		return nil, err
	}
	var around []wire.Prop
	inContent := make(map[string]bool, len(keys))
	for _, k := range keys {
		inContent[k] = true
	}
	for _, u := range r.updates {
		if !inContent[u.key.id] {
			around = append(around, r.wireUpdate(u))
		}
	}
	if applied {
		content.Reset()
		err = frag.Render(content)
	}
	return around, err
}

// firstCalls runs the initial calls over elems (new) and out (the rest of
// the document, nil when elems are the whole document). keys[i] is the
// property-key id of elems[i], "" when its id is not valid.
func (a *App) firstCalls(p pendingCalls, elems []dom.Elem, out *outside) (*run, []string) {
	req := p.req
	r := newRun(a, p.ctx, req.HTTP)
	r.page = req.Page
	r.present = map[string]bool{}
	if out != nil {
		r.fresh = map[string]bool{}
	}
	loc := pageURL(req.HTTP)
	keys := make([]string, len(elems))
	for i, el := range elems {
		plain, id, ok := parseID(el.ID)
		if !ok {
			continue
		}
		keys[i] = keyOf(plain, id, "").id
		r.present[keys[i]] = true
		if r.fresh != nil {
			r.fresh[keys[i]] = true
			if id != nil {
				r.freshIDs = append(r.freshIDs, id)
			}
		}
		for _, d := range a.cbs.deps {
			if d.covers(plain, id, d.prop, nil) {
				r.addProp(propEntry{key: keyOf(plain, id, d.prop), id: id, wire: el.ID, value: dom.ReadProp(el.N, d.prop, loc)})
			}
		}
	}
	if out != nil {
		r.addOutside(*out, loc)
	}
	r.execute(a.cbs.graph, true)
	if r.funcErr != nil {
		a.logError("framework: initial callback failed", req.HTTP, r.funcErr)
	}
	if r.inputErr != nil {
		a.log.Warn("framework: initial callback got a bad value", "path", req.Path, "err", r.inputErr)
	}
	return r, keys
}

// addOutside records the document around the container. A Location there
// follows the new URL: its pathname, search, hash and href change with the
// navigation and trigger their callbacks.
func (r *run) addOutside(out outside, loc *url.URL) {
	for _, e := range out.props {
		if dom.IsLocationProp(e.key.prop) {
			if now := dom.LocationProp(loc, e.key.prop); !bytes.Equal(now, e.value) {
				e.value = now
				r.changed[e.key] = true
			}
		}
		r.addProp(e)
		r.present[e.key.id] = true
	}
	for _, id := range out.ids {
		r.present[id] = true
	}
}

// pageURL is the absolute URL of a page request, as the browser's
// location shows it: with the hash an in-app navigation sent (navHash); a
// document load's never reaches the server.
func pageURL(r *http.Request) *url.URL {
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	if r.TLS != nil {
		u.Scheme = "https"
	}
	u.Fragment, u.RawFragment = "", ""
	if h := navHash(r); h != "" {
		// RawFragment is the hash as the browser shows it (see
		// dom.LocationProp), Fragment its decoded form where it has one.
		u.Fragment, u.RawFragment = h[1:], h[1:]
		if f, err := url.PathUnescape(h[1:]); err == nil {
			u.Fragment = f
		}
	}
	return &u
}

// applyTo applies a run's updates to the elements they address; applied
// reports whether any did.
func applyTo(r *run, elems []dom.Elem, keys []string) (applied bool, err error) {
	for _, u := range r.updates {
		for i, el := range elems {
			if keys[i] == u.key.id {
				if err := dom.ApplyProp(el.N, u.key.prop, u.raw); err != nil {
					return applied, err
				}
				applied = true
			}
		}
	}
	return applied, nil
}
