package framework

import (
	"fmt"
	"slices"
)

// graph is the callback dependency graph: an edge a -> b when an output of
// a feeds an input of b. It is built and checked when the app is built and
// read-only afterwards.
type graph struct {
	order []*callback // topological; ties in registration order
	down  map[*callback][]*callback
	rank  map[*callback]int // position in order
}

// buildGraph checks the callbacks: an output owned by two callbacks (unless
// both mark it AllowDuplicate) or a cycle is an error naming both sites.
func buildGraph(cbs []*callback) (*graph, error) {
	for i, a := range cbs {
		for _, b := range cbs[:i] {
			for _, oa := range a.Outputs {
				for _, ob := range b.Outputs {
					if oa.overlaps(ob) && !(oa.allowDup && ob.allowDup) {
						return nil, fmt.Errorf("framework: output %s is set by the callbacks registered at %s and %s; mark it AllowDuplicate in both", oa, b.site, a.site)
					}
				}
			}
		}
	}
	g := &graph{down: map[*callback][]*callback{}, rank: map[*callback]int{}}
	indeg := map[*callback]int{}
	for _, a := range cbs {
		for _, b := range cbs {
			if feeds(a, b) {
				if a == b {
					return nil, fmt.Errorf("framework: the callback registered at %s feeds its own input (a cycle)", a.site)
				}
				g.down[a] = append(g.down[a], b)
				indeg[b]++
			}
		}
	}
	ready := []*callback{}
	for _, c := range cbs {
		if indeg[c] == 0 {
			ready = append(ready, c)
		}
	}
	for len(ready) > 0 {
		slices.SortFunc(ready, func(x, y *callback) int { return x.index - y.index })
		c := ready[0]
		ready = ready[1:]
		g.rank[c] = len(g.order)
		g.order = append(g.order, c)
		for _, d := range g.down[c] {
			if indeg[d]--; indeg[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	if len(g.order) < len(cbs) {
		var left []*callback
		for _, c := range cbs {
			if _, ok := g.rank[c]; !ok {
				left = append(left, c)
			}
		}
		a, b := left[0], left[0]
		for _, d := range g.down[a] {
			if _, ok := g.rank[d]; !ok {
				b = d
				break
			}
		}
		return nil, fmt.Errorf("framework: callbacks form a cycle, through the callbacks registered at %s and %s", a.site, b.site)
	}
	return g, nil
}

// feeds reports whether an output of a is an input of b.
func feeds(a, b *callback) bool {
	for _, o := range a.Outputs {
		for _, in := range b.Inputs {
			if o.overlaps(in) {
				return true
			}
		}
	}
	return false
}
