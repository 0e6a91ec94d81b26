// Package dom holds the rules by which Pagewire reads and writes component
// properties on parsed HTML: the server's first paint and the test client
// use them, and the browser runtime (getProp and setProp in runtime/60-props.js) mirrors
// them.
package dom

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

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

// replaceChildren replaces n's children with the HTML fragment read from
// r, parsed in n's context.
func replaceChildren(n *html.Node, r io.Reader) error {
	kids, err := html.ParseFragment(r, n)
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
}
