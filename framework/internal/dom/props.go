package dom

// ReadProp and ApplyProp: how each property is read from and written to an
// element.

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/pagewire/pagewire/internal/wire"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ReadProp reads a property of an element as the runtime would; loc is
// the page's URL, for a Location.
func ReadProp(n *html.Node, prop string, loc *url.URL) json.RawMessage {
	has := func(a string) bool { _, ok := Attr(n, a); return ok }
	if v, ok := readMore(n, prop); ok {
		return v // a DatePicker's (components.go)
	}
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
	case "figure", "clickData", "hoverData", "selectedData", "relayoutData":
		// A Graph's JSON properties: null while the attribute is absent
		// (no figure, or the user has not acted) or not JSON.
		if v, ok := Attr(n, wire.GraphAttrs[prop]); ok && json.Valid([]byte(v)) {
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
				return selectedValue(opts, sel[0])
			}
			for _, o := range opts {
				if !hasAttr(o, "disabled") {
					return jsonOf(optionValue(o)) // as a browser selects it
				}
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
	if v, ok := tableProp(n, prop); ok {
		return v // a DataTable's (table.go)
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
// runtime reads it from location. The hash is "#" and loc's RawFragment
// as it is (the browser's location.hash, which need not be a valid
// escape), else its escaped Fragment, or "" when loc has none: a document
// load never sends it, an in-app navigation does.
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
		return jsonOf(hashOf(loc))
	}
	u := *loc
	u.Fragment, u.RawFragment = "", ""
	return jsonOf(u.String() + hashOf(loc))
}

// hashOf is loc's location.hash: "#" and its fragment, or "".
func hashOf(loc *url.URL) string {
	f := loc.RawFragment
	if f == "" {
		f = loc.EscapedFragment()
	}
	if f == "" {
		return ""
	}
	return "#" + f
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

// voidElements are the HTML elements that have no content: html.Render
// refuses one with children.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "keygen": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}

// ApplyProp writes a property of an element as the runtime would.
func ApplyProp(n *html.Node, prop string, raw json.RawMessage) error {
	if ok, err := writeMore(n, prop, raw); ok {
		return err // a Tabs', Dropdown's or DatePicker's (components.go)
	}
	switch prop {
	case "children":
		if voidElements[n.Data] {
			return nil // children of an <input> are never rendered, as in the browser
		}
		return replaceChildren(n, strings.NewReader(text(raw)))
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
			isList = isList && string(raw) != "null" // null selects "", a Dropdown's placeholder
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
		return paintTable(n) // a DataTable draws its new rows
	case "figure", "clickData", "hoverData", "selectedData", "relayoutData":
		// Null removes the attribute: the property reads null again.
		if string(raw) == "null" || len(raw) == 0 {
			removeAttr(n, wire.GraphAttrs[prop])
		} else {
			setAttr(n, wire.GraphAttrs[prop], string(raw))
		}
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
	if ok, err := setTableProp(n, prop, raw); ok {
		return err // a DataTable's (table.go)
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
