package components_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/framework/components"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func ExampleGraph() {
	components.Graph(components.GraphProps{
		ID: "sales",
		Figure: map[string]any{
			"data":   []any{map[string]any{"type": "bar", "x": []string{"Q1", "Q2"}, "y": []int{3, 5}}},
			"layout": map[string]any{"title": map[string]any{"text": "Sales"}},
		},
	}).Render(context.Background(), os.Stdout)
	// Output: <div id="sales" class="pw-graph" data-pw-graph data-pw-figure="{&#34;data&#34;:[{&#34;type&#34;:&#34;bar&#34;,&#34;x&#34;:[&#34;Q1&#34;,&#34;Q2&#34;],&#34;y&#34;:[3,5]}],&#34;layout&#34;:{&#34;title&#34;:{&#34;text&#34;:&#34;Sales&#34;}}}" data-pw-config="{&#34;responsive&#34;:true}" style="height:450px;"></div>
}

// renderGraph renders a Graph and parses it back, as a browser would.
func renderGraph(t *testing.T, p components.GraphProps) (string, map[string]string) {
	t.Helper()
	var b bytes.Buffer
	if err := components.Graph(p).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	nodes, err := html.ParseFragment(strings.NewReader(b.String()), &html.Node{Type: html.ElementNode, Data: "main", DataAtom: atom.Main})
	if err != nil || len(nodes) != 1 || nodes[0].Data != "div" || nodes[0].FirstChild != nil {
		t.Fatalf("%s does not parse to one empty div (%v)", b.String(), err)
	}
	attrs := map[string]string{}
	for _, a := range nodes[0].Attr {
		attrs[a.Key] = a.Val
	}
	return b.String(), attrs
}

// plotlyFig is shaped like go-plotly's figure types: plain structs with
// json tags.
type plotlyFig struct {
	Data   []plotlyTrace  `json:"data"`
	Layout map[string]any `json:"layout,omitempty"`
}

type plotlyTrace struct {
	Type string    `json:"type"`
	X    []float64 `json:"x"`
	Text []string  `json:"text,omitempty"`
}

func TestGraphRendersEscapedJSONAndSize(t *testing.T) {
	t.Parallel()
	nasty := `</div><script>alert("x")</script> & 'q'`
	fig := plotlyFig{Data: []plotlyTrace{{Type: "scatter", X: []float64{1, 2.5}, Text: []string{nasty}}}, Layout: map[string]any{"title": nasty}}
	out, attrs := renderGraph(t, components.GraphProps{ID: `g"1`, Figure: fig, Class: `big" onclick="x`, Height: "60vh", Style: `border:0;content:"<b>"`})
	for _, bad := range []string{"<script", `"x"`, "'q'", `onclick="`} {
		if strings.Contains(out, bad) {
			t.Errorf("%q is not escaped in %s", bad, out)
		}
	}
	var got plotlyFig
	if err := json.Unmarshal([]byte(attrs["data-pw-figure"]), &got); err != nil {
		t.Fatalf("data-pw-figure %q: %v", attrs["data-pw-figure"], err)
	}
	if got.Data[0].Text[0] != nasty || got.Layout["title"] != nasty || got.Data[0].X[1] != 2.5 {
		t.Errorf("the figure does not survive its attribute: %+v", got)
	}
	want := map[string]string{
		"id": `g"1`, "class": `pw-graph big" onclick="x`, "data-pw-graph": "",
		"data-pw-config": `{"responsive":true}`, "style": `height:60vh;border:0;content:"<b>"`,
	}
	for k, v := range want {
		if attrs[k] != v {
			t.Errorf("%s = %q, want %q", k, attrs[k], v)
		}
	}
}

func TestGraphDefaults(t *testing.T) {
	t.Parallel()
	_, attrs := renderGraph(t, components.GraphProps{})
	if _, ok := attrs["id"]; ok {
		t.Errorf("a graph without an ID renders id=%q", attrs["id"])
	}
	for k, v := range map[string]string{
		"class": "pw-graph", "data-pw-figure": `{"data":[],"layout":{}}`, "data-pw-config": `{"responsive":true}`, "style": "height:450px;",
	} {
		if attrs[k] != v {
			t.Errorf("%s = %q, want %q", k, attrs[k], v)
		}
	}
	var nilFig *plotlyFig // a typed nil marshals to null: the empty figure too
	if _, attrs := renderGraph(t, components.GraphProps{Figure: nilFig}); attrs["data-pw-figure"] != `{"data":[],"layout":{}}` {
		t.Errorf("a nil *figure renders %q", attrs["data-pw-figure"])
	}
}

func TestGraphConfigKeepsResponsiveUnlessSet(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		config any
		want   string
	}{
		{map[string]any{"displayModeBar": false}, `{"responsive":true,"displayModeBar":false}`},
		{map[string]any{"responsive": false, "scrollZoom": true}, `{"responsive":false,"scrollZoom":true}`},
		{map[string]any{}, `{"responsive":true}`},
		{json.RawMessage(`{ "staticPlot" : true }`), `{"responsive":true,"staticPlot":true}`},
		{struct {
			ModeBar bool `json:"displayModeBar"`
		}{}, `{"responsive":true,"displayModeBar":false}`},
	} {
		if _, attrs := renderGraph(t, components.GraphProps{Config: c.config}); attrs["data-pw-config"] != c.want {
			t.Errorf("config %v renders %s, want %s", c.config, attrs["data-pw-config"], c.want)
		}
	}
}

func TestGraphRejectsWhatIsNotAnObject(t *testing.T) {
	t.Parallel()
	for _, p := range []components.GraphProps{
		{ID: "a", Figure: `{"data":[]}`}, // JSON text is a string: json.RawMessage is the way
		{ID: "b", Figure: []int{1}},
		{ID: "c", Figure: map[string]any{"data": []any{map[string]any{"y": []float64{math.NaN()}}}}},
		{ID: "d", Config: "responsive"},
		{ID: "e", Figure: map[string]any{"f": func() {}}},
	} {
		var b bytes.Buffer
		err := components.Graph(p).Render(context.Background(), &b)
		if err == nil || b.Len() > 0 || !strings.Contains(err.Error(), `components.Graph "`+p.ID+`"`) {
			t.Errorf("%+v: err %v, wrote %q", p, err, b.String())
		}
	}
	if _, attrs := renderGraph(t, components.GraphProps{Figure: json.RawMessage(`{"data": [ {"y": [1]} ]}`)}); attrs["data-pw-figure"] != `{"data":[{"y":[1]}]}` {
		t.Errorf("a json.RawMessage figure renders %q", attrs["data-pw-figure"])
	}
}
