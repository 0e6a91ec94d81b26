// Package dom holds the rules by which Pagewire reads and writes component
// properties on parsed HTML: the server's first paint and the test client
// use them, and the browser runtime (runtime.js getProp and setProp) mirrors
// them.
package dom

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagewire/pagewire/internal/wire"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Fragment is a parsed page fragment with its elements that have ids.
type Fragment struct {
	// Nodes are the fragment's top-level nodes.
	Nodes []*html.Node
	// Elems are the elements with an id, in document order.
	Elems []Elem
}

// Elem is an element with an id.
type Elem struct {
	// N is the element.
	N *html.Node
	// ID is its id attribute as written.
	ID string
}

var mainContext = &html.Node{Type: html.ElementNode, Data: "main", DataAtom: atom.Main}

// ParseFragment parses HTML as the content of the page container.
func ParseFragment(b []byte) (*Fragment, error) {
	nodes, err := html.ParseFragment(bytes.NewReader(b), mainContext)
	if err != nil {
		return nil, err
	}
	d := &Fragment{Nodes: nodes}
	for _, n := range nodes {
		d.Elems = append(d.Elems, WithIDs(n)...)
	}
	return d, nil
}

// ParseDocument parses a whole HTML document.
func ParseDocument(b []byte) (*html.Node, error) { return html.Parse(bytes.NewReader(b)) }

// WithIDs returns the elements with an id in the tree under n, n included,
// in document order.
func WithIDs(n *html.Node) []Elem {
	var out []Elem
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if v, ok := Attr(n, "id"); ok && v != "" {
				out = append(out, Elem{N: n, ID: v})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// Render writes the fragment's HTML.
func (d *Fragment) Render(w io.Writer) error {
	for _, n := range d.Nodes {
		if err := html.Render(w, n); err != nil {
			return err
		}
	}
	return nil
}

// Attr returns the value of an attribute, comma-ok.
func Attr(n *html.Node, name string) (string, bool) {
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

// Text returns the text content of n.
func Text(n *html.Node) string {
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

// descendants returns the elements of kind under n, in document order.
func descendants(n *html.Node, kind atom.Atom) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == kind {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// groupInputs returns the checkbox or radio inputs of a data-pw-group
// element (Checklist, RadioItems).
func groupInputs(n *html.Node) []*html.Node { return descendants(n, atom.Input) }

func options(n *html.Node) []*html.Node { return descendants(n, atom.Option) }

func optionValue(o *html.Node) string {
	if v, ok := Attr(o, "value"); ok {
		return v
	}
	return Text(o)
}

// ReadProp reads a property of an element as the runtime would; loc is
// the page's URL, for a Location.
func ReadProp(n *html.Node, prop string, loc *url.URL) json.RawMessage {
	has := func(a string) bool { _, ok := Attr(n, a); return ok }
	switch prop {
	case "max_intervals":
		if i, err := strconv.Atoi(attrOr(n, wire.AttrMaxIntervals, "-1")); err == nil {
			return jsonOf(i)
		}
		return jsonOf(-1)
	case "data":
		if v, ok := Attr(n, wire.AttrData); ok && json.Valid([]byte(v)) {
			return json.RawMessage(v)
		}
		return jsonOf(nil)
	case "pathname", "search", "hash", "href":
		if has(wire.AttrLocation) && loc != nil {
			return LocationProp(loc, prop)
		}
	case "children":
		var b bytes.Buffer
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			html.Render(&b, c)
		}
		return jsonOf(b.String())
	case "value":
		switch {
		case has(wire.AttrGroup):
			var vals []string
			radio := false
			for _, in := range groupInputs(n) {
				t, _ := Attr(in, "type")
				radio = radio || t == "radio"
				if _, ok := Attr(in, "checked"); ok {
					v, _ := Attr(in, "value")
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
			return jsonOf(Text(n))
		case n.DataAtom == atom.Select:
			opts := options(n)
			var sel []string
			for _, o := range opts {
				if _, ok := Attr(o, "selected"); ok {
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
			v, _ := Attr(n, "value")
			return jsonOf(v)
		}
		if v, ok := Attr(n, "value"); ok {
			return jsonOf(v)
		}
		return jsonOf(nil)
	case "checked", "disabled", "hidden":
		return jsonOf(has(prop))
	case "class":
		v, _ := Attr(n, "class")
		return jsonOf(v)
	case "n_clicks", "n_submit", "n_intervals":
		v, ok := Attr(n, CounterAttr(prop))
		if i, err := strconv.Atoi(v); ok && err == nil {
			return jsonOf(i)
		}
		if prop == "n_intervals" {
			return jsonOf(0) // as the runtime: an Interval starts at 0
		}
		return jsonOf(nil)
	}
	if strings.HasPrefix(prop, "on:") {
		return jsonOf(nil)
	}
	if v, ok := Attr(n, prop); ok {
		return jsonOf(v)
	}
	return jsonOf(nil)
}

// IsLocationProp reports whether prop is a property of a Location that
// follows the page's URL.
func IsLocationProp(prop string) bool {
	switch prop {
	case "pathname", "search", "hash", "href":
		return true
	}
	return false
}

// LocationProp reads a Location's property from the page's URL, as the
// runtime reads it from location; the hash never reaches the server and
// reads "".
func LocationProp(loc *url.URL, prop string) json.RawMessage {
	switch prop {
	case "pathname":
		return jsonOf(loc.EscapedPath())
	case "search":
		if loc.RawQuery == "" {
			return jsonOf("")
		}
		return jsonOf("?" + loc.RawQuery)
	case "hash":
		return jsonOf("")
	}
	return jsonOf(loc.String())
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

// ApplyProp writes a property of an element as the runtime would.
func ApplyProp(n *html.Node, prop string, raw json.RawMessage) error {
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
		case hasAttr(n, wire.AttrGroup):
			for _, i := range groupInputs(n) {
				v, _ := Attr(i, "value")
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
		setAttr(n, wire.AttrData, string(raw))
		return nil
	case "max_intervals":
		setAttr(n, wire.AttrMaxIntervals, text(raw))
		return nil
	case "pathname", "search", "hash", "href":
		if hasAttr(n, wire.AttrLocation) {
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

// CounterAttr is the attribute that holds a counter property: n_clicks,
// n_submit or n_intervals.
func CounterAttr(prop string) string {
	switch prop {
	case "n_clicks":
		return wire.AttrNClicks
	case "n_submit":
		return wire.AttrNSubmit
	}
	return wire.AttrNIntervals
}

func attrOr(n *html.Node, name, def string) string {
	if v, ok := Attr(n, name); ok {
		return v
	}
	return def
}

func hasAttr(n *html.Node, name string) bool { _, ok := Attr(n, name); return ok }
