package dom

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readProps are the properties FuzzApplyProp reads back from every
// element after an update.
var readProps = []string{"children", "value", "checked", "disabled", "hidden", "class", "data", "figure", "clickData",
	"n_clicks", "n_intervals", "max_intervals", "pathname", "href", "date", "start_date", "end_date",
	"sort_by", "filter_query", "page_current", "page_size", "page_count", "selected_rows", "active_cell", "columns", "title"}

// FuzzParseFragment checks that any bytes parse as page content without a
// panic or an error, that the fragment renders, and that what it renders
// parses again and renders without an error.
func FuzzParseFragment(f *testing.F) {
	for _, s := range fuzzFragments {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		frag, err := ParseFragment(b)
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		var out bytes.Buffer
		if err := frag.Render(&out); err != nil {
			t.Fatalf("%q renders with %v", b, err)
		}
		again, err := ParseFragment(out.Bytes())
		if err != nil {
			t.Fatalf("%q renders %q, which does not parse: %v", b, out.Bytes(), err)
		}
		if err := again.Render(&bytes.Buffer{}); err != nil {
			t.Fatalf("%q renders %q, which parses and does not render: %v", b, out.Bytes(), err)
		}
		loc, _ := url.Parse("http://example.com/p?q=1#h")
		for _, e := range frag.Elems {
			for _, p := range readProps {
				if v := ReadProp(e.N, p, loc); !json.Valid(v) {
					t.Fatalf("%q: %s of #%s reads %q, not JSON", b, p, e.ID, v)
				}
			}
		}
	})
}

// FuzzApplyProp applies a property update to every element with an id of
// a fragment: no panic for any value; for a JSON value (what the server
// sends), every property of the element still reads as JSON, the fragment
// still renders and its HTML parses again; a string set as the value of a
// plain input, or as a class, reads back as it was set.
func FuzzApplyProp(f *testing.F) {
	for i, s := range fuzzFragments {
		for j, u := range [][2]string{
			{"children", `"<b>new</b><script>x()</script>"`}, {"value", `"v\u0000\u2603"`}, {"value", `["a","c"]`},
			{"value", `null`}, {"checked", `true`}, {"disabled", `0`}, {"class", `null`}, {"data", `[{"a":1},{"a":"x"}]`},
			{"figure", `{"data":[]}`}, {"max_intervals", `1e400`}, {"n_clicks", `-99999999999999999999`},
			{"page_current", `"2"`}, {"sort_by", `[{"column_id":"a","direction":"asc"}]`}, {"date", `"2024-13-45"`},
			{"title", `{"x":[1,2]}`}, {"on:click", `"alert(1)"`}, {"a b", `"x"`}, {"children", `"\u003c/textarea\u003e"`},
			{"value", `[1,`}, {"children", "\"\xff\""},
		} {
			if (i+j)%3 == 0 {
				f.Add([]byte(s), u[0], []byte(u[1]))
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, prop string, raw []byte) {
		frag, err := ParseFragment(b)
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		valid := json.Valid(raw)
		loc, _ := url.Parse("http://example.com/p?q=1#h")
		for _, e := range frag.Elems {
			plainInput := e.N.DataAtom == atom.Input && !hasPagewireAttr(e.N)
			err := ApplyProp(e.N, prop, raw)
			if !valid {
				continue // no panic is all that is asked
			}
			if err != nil {
				continue // a refused update leaves the element as it may
			}
			for _, p := range append(readProps, prop) {
				if v := ReadProp(e.N, p, loc); !json.Valid(v) {
					t.Fatalf("%q: after %s=%s, %s of #%s reads %q, not JSON", b, prop, raw, p, e.ID, v)
				}
			}
			var s string
			if json.Unmarshal(raw, &s) == nil && (prop == "value" && plainInput || prop == "class") {
				var got string
				if err := json.Unmarshal(ReadProp(e.N, prop, loc), &got); err != nil || got != s {
					t.Fatalf("%q: %s of #%s set to %q reads %q", b, prop, e.ID, s, got)
				}
			}
		}
		if !valid {
			return
		}
		var out bytes.Buffer
		if err := frag.Render(&out); err != nil {
			t.Fatalf("%q after %s=%s renders with %v", b, prop, raw, err)
		}
		if _, err := ParseFragment(out.Bytes()); err != nil {
			t.Fatalf("%q after %s=%s renders %q, which does not parse: %v", b, prop, raw, out.Bytes(), err)
		}
	})
}

func hasPagewireAttr(n *html.Node) bool {
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "data-pw-") {
			return true
		}
	}
	return false
}

// fuzzFragments are page contents the DOM fuzz targets start from: the
// components' markup, malformed and hostile HTML.
var fuzzFragments = []string{
	`<input id="in" value="start"><div id="out"></div>`,
	`<textarea id="t">a &lt; b</textarea><select id="s"><option value="a">A</option><option value="b" selected>B</option></select>`,
	`<select id="m" multiple><option>x</option><option disabled>y</option></select>`,
	`<div id="g" data-pw-group><input type="checkbox" value="a" checked><input type="checkbox" value="b"></div>`,
	`<div id="r" data-pw-group><input type="radio" value="1"><input type="radio" value="2" checked></div>`,
	`<div id="st" data-pw-store="local" data-pw-data='{"k":[1,2]}'></div>`,
	`<div id="gr" data-pw-graph data-pw-figure='{"data":[{"x":[1]}]}' data-pw-click-data='not json'></div>`,
	`<div id="loc" data-pw-location></div><button id="b" data-pw-n-clicks="3">go</button>`,
	`<div id="iv" data-pw-interval="1000" data-pw-n-intervals="x" data-pw-max-intervals="-1"></div>`,
	`<div id="tb" data-pw-table='{"columns":[{"id":"a","name":"A"}],"page_size":2}' data-pw-data='[{"a":1},{"a":2},{"a":3}]'></div>`,
	`<div id="tb2" data-pw-table='{"columns":' data-pw-data='[1,'></div>`,
	`<div id="tabs" data-pw-tabs value="a"><div role="tablist"><button value="a">A</button><button value="b">B</button></div></div>`,
	`<div id="dp" data-pw-dropdown><select><option data-pw-placeholder value="">pick</option><option value="x">x</option></select></div>`,
	`<div id="d"><input type="date" data-pw-prop="date" value="2024-01-02"></div>`,
	`<p id="unclosed"><b><i>mis</b>nested</i><table id="tbl"><tr><td id="cell">x</table>`,
	`<svg id="svg"><foreignObject><div id="inner"></div></foreignObject></svg><math id="m2"><mi id="mi">x</mi></math>`,
	`<img id="img" src=x onerror=alert(1)><br id="br"><template id="tpl"><p id="tp">t</p></template>`,
	"<div id=\"nul\x00\">\x00\xff\xfe\u2603</div><div id=\"\">empty id</div><div id=a id=b>dup</div>",
	`<script id="sc">if (a < b) {}</script><style id="sty">p{}</style><noscript id="ns"><p>n</p></noscript>`,
	`<plaintext id="pt"><div id="after">`,
	"",
}
