package dom

// The rules of the Tabs, Dropdown and DatePicker components, as
// runtime/65-components.js has them: ReadProp and ApplyProp ask them first.

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/pagewire/pagewire/internal/wire"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readMore reads a DatePicker's date, start_date or end_date: its date
// input's value, null while empty. ok is false for other properties.
func readMore(n *html.Node, prop string) (v json.RawMessage, ok bool) {
	in := dateInput(n, prop)
	if in == nil {
		return nil, false
	}
	if s, _ := Attr(in, "value"); s != "" && in.DataAtom == atom.Input {
		return jsonOf(s), true
	}
	return jsonOf(nil), true
}

// writeMore writes a DatePicker's dates (an input of type date keeps a
// valid YYYY-MM-DD, the first ten characters of the value, and empties
// itself otherwise, as a browser does); the value of Tabs, which selects
// the tab of that value and shows its panel; a Dropdown's options (a list
// of {label, value, disabled}, or of strings and numbers that are both
// label and value; the placeholder option stays, and the value is kept
// when still offered); and the placeholder of an element with a
// placeholder option. ok is false for the rest.
func writeMore(n *html.Node, prop string, raw json.RawMessage) (ok bool, err error) {
	s := text(raw)
	if in := dateInput(n, prop); in != nil {
		if in.DataAtom == atom.Input {
			d := s[:min(len(s), 10)]
			if t, _ := Attr(in, "type"); t == "date" && !validDate(d) {
				d = ""
			}
			setAttr(in, "value", d)
		}
		return true, nil
	}
	switch {
	case prop == "value" && hasAttr(n, wire.AttrTabs):
		setAttr(n, "value", s)
		kids := elementChildren(n)
		i := 0
		for _, list := range kids {
			if role, _ := Attr(list, "role"); role != "tablist" {
				continue
			}
			for _, b := range elementChildren(list) {
				if b.DataAtom != atom.Button {
					continue
				}
				v, _ := Attr(b, "value")
				setAttr(b, "aria-selected", strconv.FormatBool(v == s))
				if i+1 < len(kids) {
					toggleAttr(kids[i+1], "hidden", v != s)
				}
				i++
			}
		}
		return true, nil
	case prop == "options" && n.DataAtom == atom.Select:
		old := ReadProp(n, "value", nil)
		p := placeholderOption(n)
		if p != nil {
			p.Parent.RemoveChild(p)
		}
		for c := n.FirstChild; c != nil; c = n.FirstChild {
			n.RemoveChild(c)
		}
		if p != nil {
			n.AppendChild(p)
		}
		var list []json.RawMessage
		json.Unmarshal(raw, &list) // anything but a list: no options
		for _, o := range list {
			label, value, disabled := text(o), text(o), false
			var m map[string]json.RawMessage
			if len(o) > 0 && o[0] == '[' {
				label, value = "", "" // an object without label or value
			} else if json.Unmarshal(o, &m) == nil && m != nil {
				label, value, disabled = text(m["label"]), text(m["value"]), truthy(m["disabled"])
			}
			opt := &html.Node{Type: html.ElementNode, Data: "option", DataAtom: atom.Option, Attr: []html.Attribute{{Key: "value", Val: value}}}
			toggleAttr(opt, "disabled", disabled)
			opt.AppendChild(&html.Node{Type: html.TextNode, Data: label})
			n.AppendChild(opt)
		}
		return true, ApplyProp(n, "value", old)
	case prop == "placeholder":
		p := placeholderOption(n)
		if p == nil {
			return false, nil
		}
		for c := p.FirstChild; c != nil; c = p.FirstChild {
			p.RemoveChild(c)
		}
		p.AppendChild(&html.Node{Type: html.TextNode, Data: s})
		return true, nil
	}
	return false, nil
}

// selectedValue is the value of a single select whose first selected
// option has the value v: null when that option is a Dropdown's
// placeholder.
func selectedValue(opts []*html.Node, v string) json.RawMessage {
	for _, o := range opts {
		if hasAttr(o, "selected") {
			if hasAttr(o, wire.AttrPlaceholder) {
				return jsonOf(nil)
			}
			break
		}
	}
	return jsonOf(v)
}

// dateInput is the element that holds a DatePicker's date, start_date or
// end_date: the first element under n whose data-pw-prop names it, or n.
// Nil for other properties.
func dateInput(n *html.Node, prop string) *html.Node {
	if prop != "date" && prop != "start_date" && prop != "end_date" {
		return nil
	}
	if d := findUnder(n, func(c *html.Node) bool { v, ok := Attr(c, wire.AttrProp); return ok && v == prop }); d != nil {
		return d
	}
	return n
}

// placeholderOption is the first element under n marked as a Dropdown's
// placeholder option, or nil.
func placeholderOption(n *html.Node) *html.Node {
	return findUnder(n, func(c *html.Node) bool { return hasAttr(c, wire.AttrPlaceholder) })
}

// findUnder returns the first element below n, in document order, for
// which f is true.
func findUnder(n *html.Node, f func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && f(c) {
			return c
		}
		if d := findUnder(c, f); d != nil {
			return d
		}
	}
	return nil
}

// elementChildren returns the element children of n.
func elementChildren(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			out = append(out, c)
		}
	}
	return out
}

// validDate reports whether s is a valid date string as an input of type
// date takes it: YYYY-MM-DD, a day that exists, a year from 0001.
func validDate(s string) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Year() >= 1
}
