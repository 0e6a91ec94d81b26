package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The property rules below are the runtime's too (runtime.js getProp and
// setProp): a first paint and a live update read and write the same way.

// pageDOM is a parsed page fragment with its elements that have ids.
type pageDOM struct {
	nodes []*html.Node
	elems []domElem // document order
}

type domElem struct {
	n     *html.Node
	plain string // a plain id, or ""
	id    ID     // a pattern-matching id, or nil
	wire  string // the id attribute as written
}

func (e domElem) key() string {
	if e.id != nil {
		return e.id.String()
	}
	return e.plain
}

var mainContext = &html.Node{Type: html.ElementNode, Data: "main", DataAtom: atom.Main}

func parseFragment(b []byte) (*pageDOM, error) {
	nodes, err := html.ParseFragment(bytes.NewReader(b), mainContext)
	if err != nil {
		return nil, err
	}
	d := &pageDOM{nodes: nodes}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if v, ok := attr(n, "id"); ok && v != "" {
				if plain, id, ok := parseID(v); ok {
					d.elems = append(d.elems, domElem{n: n, plain: plain, id: id, wire: v})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return d, nil
}

func (d *pageDOM) render(w *bytes.Buffer) error {
	for _, n := range d.nodes {
		if err := html.Render(w, n); err != nil {
			return err
		}
	}
	return nil
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func setAttr(n *html.Node, name, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: name, Val: val})
}

func removeAttr(n *html.Node, name string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != name {
			out = append(out, a)
		}
	}
	n.Attr = out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func jsonOf(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// groupInputs returns the checkbox or radio inputs of a data-pw-group
// element (Checklist, RadioItems).
func groupInputs(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Input {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func options(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Option {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func optionValue(o *html.Node) string {
	if v, ok := attr(o, "value"); ok {
		return v
	}
	return textOf(o)
}

// readProp reads a property of an element as the runtime would; loc is
// the page's URL, for a Location.
func readProp(n *html.Node, prop string, loc *url.URL) json.RawMessage {
	has := func(a string) bool { _, ok := attr(n, a); return ok }
	switch prop {
	case "data":
		if v, ok := attr(n, "data-pw-data"); ok && json.Valid([]byte(v)) {
			return json.RawMessage(v)
		}
		return jsonOf(nil)
	case "pathname", "search", "hash", "href":
		if has("data-pw-location") && loc != nil {
			switch prop {
			case "pathname":
				return jsonOf(loc.EscapedPath())
			case "search":
				if loc.RawQuery == "" {
					return jsonOf("")
				}
				return jsonOf("?" + loc.RawQuery)
			case "hash":
				return jsonOf("") // never sent to the server
			}
			return jsonOf(loc.String())
		}
	case "children":
		var b bytes.Buffer
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			html.Render(&b, c)
		}
		return jsonOf(b.String())
	case "value":
		switch {
		case has("data-pw-group"):
			var vals []string
			radio := false
			for _, in := range groupInputs(n) {
				t, _ := attr(in, "type")
				radio = radio || t == "radio"
				if _, ok := attr(in, "checked"); ok {
					v, _ := attr(in, "value")
					vals = append(vals, v)
				}
			}
			if radio {
				if len(vals) == 0 {
					return jsonOf(nil)
				}
				return jsonOf(vals[0])
			}
			if vals == nil {
				vals = []string{}
			}
			return jsonOf(vals)
		case n.DataAtom == atom.Textarea:
			return jsonOf(textOf(n))
		case n.DataAtom == atom.Select:
			opts := options(n)
			var sel []string
			for _, o := range opts {
				if _, ok := attr(o, "selected"); ok {
					sel = append(sel, optionValue(o))
				}
			}
			if has("multiple") {
				if sel == nil {
					sel = []string{}
				}
				return jsonOf(sel)
			}
			if len(sel) > 0 {
				return jsonOf(sel[0])
			}
			if len(opts) > 0 {
				return jsonOf(optionValue(opts[0]))
			}
			return jsonOf("")
		case n.DataAtom == atom.Input:
			v, _ := attr(n, "value")
			return jsonOf(v)
		}
		if v, ok := attr(n, "value"); ok {
			return jsonOf(v)
		}
		return jsonOf(nil)
	case "checked", "disabled", "hidden":
		return jsonOf(has(prop))
	case "class":
		v, _ := attr(n, "class")
		return jsonOf(v)
	case "n_clicks", "n_submit":
		v, ok := attr(n, "data-pw-"+strings.ReplaceAll(prop, "_", "-"))
		if i, err := strconv.Atoi(v); ok && err == nil {
			return jsonOf(i)
		}
		return jsonOf(nil)
	}
	if strings.HasPrefix(prop, "on:") {
		return jsonOf(nil)
	}
	if v, ok := attr(n, prop); ok {
		return jsonOf(v)
	}
	return jsonOf(nil)
}

// text converts a JSON value to the text the runtime would write.
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if string(raw) == "null" || len(raw) == 0 {
		return ""
	}
	return string(raw)
}

func truthy(raw json.RawMessage) bool {
	switch string(raw) {
	case "", "null", "false", "0", `""`:
		return false
	}
	return true
}

func toggleAttr(n *html.Node, name string, on bool) {
	if on {
		setAttr(n, name, "")
	} else {
		removeAttr(n, name)
	}
}

// applyProp writes a property of an element as the runtime would.
func applyProp(n *html.Node, prop string, raw json.RawMessage) error {
	switch prop {
	case "children":
		kids, err := html.ParseFragment(strings.NewReader(text(raw)), n)
		if err != nil {
			return err
		}
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			n.RemoveChild(c)
			c = next
		}
		for _, k := range kids {
			n.AppendChild(k)
		}
		return nil
	case "value":
		var list []string
		isList := json.Unmarshal(raw, &list) == nil
		in := func(v string) bool {
			if isList {
				for _, x := range list {
					if x == v {
						return true
					}
				}
				return false
			}
			return v == text(raw)
		}
		switch {
		case hasAttr(n, "data-pw-group"):
			for _, i := range groupInputs(n) {
				v, _ := attr(i, "value")
				toggleAttr(i, "checked", in(v))
			}
		case n.DataAtom == atom.Textarea:
			for c := n.FirstChild; c != nil; {
				next := c.NextSibling
				n.RemoveChild(c)
				c = next
			}
			n.AppendChild(&html.Node{Type: html.TextNode, Data: text(raw)})
		case n.DataAtom == atom.Select:
			for _, o := range options(n) {
				toggleAttr(o, "selected", in(optionValue(o)))
			}
		default:
			setAttr(n, "value", text(raw))
		}
		return nil
	case "checked", "disabled", "hidden":
		toggleAttr(n, prop, truthy(raw))
		return nil
	case "data":
		setAttr(n, "data-pw-data", string(raw))
		return nil
	case "pathname", "search", "hash", "href":
		if hasAttr(n, "data-pw-location") {
			return nil // a navigation: the runtime's to make
		}
	case "class", "style":
		if string(raw) == "null" {
			removeAttr(n, prop)
		} else {
			setAttr(n, prop, text(raw))
		}
		return nil
	}
	switch string(raw) {
	case "null", "false":
		removeAttr(n, prop)
	case "true":
		setAttr(n, prop, "")
	default:
		setAttr(n, prop, text(raw))
	}
	return nil
}

func hasAttr(n *html.Node, name string) bool { _, ok := attr(n, name); return ok }

// initialCalls runs the callbacks of the page's first paint on its HTML, so
// the first response already holds their outputs. Pages whose HTML holds
// none of the callbacks' inputs are left untouched (no parsing).
func (a *App) initialCalls(ctx context.Context, req Request, content *bytes.Buffer) error {
	if !a.cbs.mayFire(content.Bytes()) {
		return nil
	}
	dom, err := parseFragment(content.Bytes())
	if err != nil {
		return err
	}
	r := newRun(a, ctx, req.HTTP)
	r.page = req.Page
	r.present = map[string]bool{}
	for _, el := range dom.elems {
		r.present[el.key()] = true
		for _, d := range a.cbs.deps {
			if d.covers(el.plain, el.id, d.prop, nil) {
				r.addProp(propEntry{key: keyOf(el.plain, el.id, d.prop), id: el.id, wire: el.wire, value: readProp(el.n, d.prop, req.HTTP.URL)})
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
		for _, el := range dom.elems {
			if el.key() == u.key.id {
				if err := applyProp(el.n, u.key.prop, u.raw); err != nil {
					return err
				}
			}
		}
	}
	content.Reset()
	return dom.render(content)
}
