package framework

import (
	"bytes"
	"encoding/json"
	"html"

	"github.com/pagewire/pagewire/internal/wire"
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
	conv := func(ds []Dep) []wire.Dep {
		out := make([]wire.Dep, len(ds))
		for i, d := range ds {
			out[i] = wire.Dep{ID: d.plain, Prop: d.prop, Debounce: d.debounce.Milliseconds()}
			if d.pattern != nil {
				out[i].ID = d.pattern
			}
		}
		return out
	}
	graph := []wire.CallbackSpec{}
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
		spec := wire.CallbackSpec{In: conv(cb.Inputs), St: conv(cb.States), Out: conv(cb.Outputs)}
		if cb.client != "" {
			spec.Fn, spec.NoInit = cb.client, cb.PreventInitialCall
		}
		graph = append(graph, spec)
	}
	if s.hello, err = json.Marshal(graph); err != nil {
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
		// Find "id=" by its '=', rarer in HTML than 'i' (a search for the
		// whole string stops at every 'i' of the text).
		i := bytes.IndexByte(b, '=')
		if i < 0 {
			return false
		}
		if i < 2 || b[i-2] != 'i' || b[i-1] != 'd' {
			b = b[i+1:]
			continue
		}
		b = b[i+1:]
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
		if len(v) > 0 && v[0] == '{' && s.patternInputs {
			return true
		}
		if bytes.IndexByte(v, '&') >= 0 {
			if s.inputIDs[html.UnescapeString(string(v))] {
				return true
			}
		} else if s.inputIDs[string(v)] { // no allocation
			return true
		}
	}
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
