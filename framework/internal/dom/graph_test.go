package dom

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/internal/wire"
)

// graph parses a Graph as the server renders it and returns its element.
func graph(t *testing.T, extra string) *Fragment {
	t.Helper()
	f, err := ParseFragment([]byte(`<div id="g" class="pw-graph" data-pw-graph data-pw-figure="{&#34;data&#34;:[{&#34;y&#34;:[1,2]}],&#34;layout&#34;:{}}" data-pw-config="{&#34;responsive&#34;:true}"` + extra + `></div>`))
	if err != nil || len(f.Elems) != 1 {
		t.Fatalf("parse: %v, %d elements", err, len(f.Elems))
	}
	return f
}

func TestReadFigure(t *testing.T) {
	t.Parallel()
	n := graph(t, "").Elems[0].N
	if got := string(ReadProp(n, "figure", nil)); got != `{"data":[{"y":[1,2]}],"layout":{}}` {
		t.Errorf("figure reads %s", got)
	}
	for _, c := range []struct{ attr, want string }{
		{"", "null"}, // no figure
		{` data-pw-figure="{not json"`, "null"},
		{` data-pw-figure="null"`, "null"},
	} {
		f, _ := ParseFragment([]byte(`<div id="g" data-pw-graph` + c.attr + `></div>`))
		if got := string(ReadProp(f.Elems[0].N, "figure", nil)); got != c.want {
			t.Errorf("figure of <div%s> reads %s, want %s", c.attr, got, c.want)
		}
	}
}

// TestGraphDataPropsAreNullUntilSet checks clickData, hoverData,
// selectedData and relayoutData: null on the server's render, then what
// ApplyProp (the runtime's setProp, mirrored) wrote, in the attribute
// package wire names, and null again once set to null.
func TestGraphDataPropsAreNullUntilSet(t *testing.T) {
	t.Parallel()
	val := json.RawMessage(`{"points":[{"curveNumber":0,"pointNumber":1,"x":"2024-01-02","y":4,"customdata":{"k":"<&>\""}}]}`)
	for _, prop := range []string{"clickData", "hoverData", "selectedData", "relayoutData"} {
		f := graph(t, "")
		n := f.Elems[0].N
		if got := string(ReadProp(n, prop, nil)); got != "null" {
			t.Errorf("%s reads %s before the user acts", prop, got)
		}
		if err := ApplyProp(n, prop, val); err != nil {
			t.Fatal(err)
		}
		if got := ReadProp(n, prop, nil); !bytes.Equal(got, val) {
			t.Errorf("%s reads %s after it was set to %s", prop, got, val)
		}
		if v, ok := Attr(n, wire.GraphAttrs[prop]); !ok || v != string(val) {
			t.Errorf("%s: attribute %s = %q, %v", prop, wire.GraphAttrs[prop], v, ok)
		}
		// Rendered and parsed again (a page's first paint), it reads the same.
		var b bytes.Buffer
		f.Render(&b)
		again, _ := ParseFragment(b.Bytes())
		if got := ReadProp(again.Elems[0].N, prop, nil); !bytes.Equal(got, val) {
			t.Errorf("%s reads %s after a render of %s", prop, got, b.String())
		}
		if err := ApplyProp(n, prop, json.RawMessage("null")); err != nil {
			t.Fatal(err)
		}
		if _, ok := Attr(n, wire.GraphAttrs[prop]); ok || string(ReadProp(n, prop, nil)) != "null" {
			t.Errorf("%s set to null: attribute still there or not null", prop)
		}
	}
}

func TestApplyFigure(t *testing.T) {
	t.Parallel()
	f := graph(t, ` data-pw-click-data="{&#34;points&#34;:[]}"`)
	n := f.Elems[0].N
	fig := json.RawMessage(`{"data":[{"type":"bar","x":["</div>"],"y":[3]}],"layout":{"title":{"text":"a \"b\" & c"}}}`)
	if err := ApplyProp(n, "figure", fig); err != nil {
		t.Fatal(err)
	}
	if got := ReadProp(n, "figure", nil); !bytes.Equal(got, fig) {
		t.Errorf("figure reads %s after it was set to %s", got, fig)
	}
	var b bytes.Buffer
	f.Render(&b)
	if s := b.String(); strings.Contains(s, "</div>\"") || strings.Contains(s, `"b"`) || strings.Count(s, "<div") != 1 {
		t.Errorf("the figure is not escaped in its attribute: %s", s)
	}
	// The figure is the graph's own: config and clickData are untouched,
	// and the graph has no children (plotly.js draws them in the browser).
	if got := string(ReadProp(n, "clickData", nil)); got != `{"points":[]}` || n.FirstChild != nil {
		t.Errorf("clickData %s, children %v", got, n.FirstChild)
	}
	if v, _ := Attr(n, wire.AttrConfig); v != `{"responsive":true}` {
		t.Errorf("config %q", v)
	}
	if err := ApplyProp(n, "figure", json.RawMessage("null")); err != nil {
		t.Fatal(err)
	}
	if _, ok := Attr(n, wire.AttrFigure); ok {
		t.Error("a null figure leaves its attribute")
	}
}
