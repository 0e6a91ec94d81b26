package chart_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/framework/chart"
)

func TestDeterministic(t *testing.T) {
	t.Parallel()
	build := func() *chart.Figure {
		fig := chart.Must(chart.FromRows(sales, chart.Cols{X: "Date", Y: "Sales", Color: "region"}).Line())
		fig.Layout.Title = "Sales"
		fig.Layout.Set("legend.orientation", "h")
		fig.Layout.Set("annotations", []map[string]any{{"text": "peak", "x": 2, "y": 12, "showarrow": true}})
		fig.SetTraces("line", map[string]any{"width": 3, "shape": "spline", "dash": "dot"})
		return fig
	}
	fig := build()
	first := marshal(t, fig)
	if second := marshal(t, fig); second != first {
		t.Fatalf("two marshals differ:\n%s\n%s", first, second)
	}
	for range 20 {
		if again := marshal(t, build()); again != first {
			t.Fatalf("a rebuilt figure differs:\n%s\n%s", first, again)
		}
	}
}

func TestLayoutFields(t *testing.T) {
	t.Parallel()
	fig := chart.Must(chart.Scatter([]int{1}, []int{2}))
	fig.Layout.Title = "Height and weight"
	fig.Layout.XTitle = "Height (cm)"
	fig.Layout.YTitle = "Weight (kg)"
	fig.Layout.Width = 600
	fig.Layout.Height = 400
	fig.Layout.Set("xaxis.range", []int{0, 3})
	fig.Layout.Set("title.text", "loses to the Title field")
	fig.Layout.Set("plot_bgcolor", nil)
	fig.Layout.Set("margin.t", 100)
	fig.Layout.Set("no.such.path", nil) // Deleting what is not there does nothing.

	var layout map[string]any
	if err := json.Unmarshal([]byte(marshal(t, fig.Layout)), &layout); err != nil {
		t.Fatal(err)
	}
	if _, ok := layout["plot_bgcolor"]; ok {
		t.Error("plot_bgcolor was not deleted")
	}
	if _, ok := layout["no"]; ok {
		t.Error("deleting a missing path created maps")
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(defaultLayout), &want); err != nil {
		t.Fatal(err)
	}
	delete(want, "plot_bgcolor")
	var patch map[string]any
	if err := json.Unmarshal([]byte(`{
		"title":{"text":"Height and weight"},
		"xaxis":{"range":[0,3],"title":{"text":"Height (cm)"}},
		"yaxis":{"title":{"text":"Weight (kg)"}},
		"width":600,"height":400,"margin":{"t":100}
	}`), &patch); err != nil {
		t.Fatal(err)
	}
	merge(want, patch)
	if got, w := marshal(t, layout), marshal(t, want); got != w {
		t.Errorf("layout\n got: %s\nwant: %s", got, w)
	}

	// Marshaling set the typed fields into a copy: Extra is unchanged.
	if got := marshal(t, fig.Layout.Extra["title"]); got != `{"text":"loses to the Title field","x":0.05}` {
		t.Errorf("Extra title = %s", got)
	}
	if got := marshal(t, fig.Layout.Extra["yaxis"]); got != axisJSON {
		t.Errorf("Extra yaxis = %s", got)
	}
}

func TestZeroLayout(t *testing.T) {
	t.Parallel()
	var l chart.Layout
	if got := marshal(t, l); got != `{}` {
		t.Errorf("zero Layout = %s, want {}", got)
	}
	l.Set("showlegend", nil)
	if l.Extra != nil {
		t.Error("deleting from a zero Layout made Extra")
	}
	l.Set("legend.x", 1)
	l.BarMode = chart.Overlay
	if got, want := marshal(t, l), `{"barmode":"overlay","legend":{"x":1}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	fig := &chart.Figure{Layout: l}
	if got, want := marshal(t, fig), `{"data":[],"layout":{"barmode":"overlay","legend":{"x":1}}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// A Figure value marshals like a pointer to it.
	if got, want := marshal(t, *fig), marshal(t, fig); got != want {
		t.Errorf("value %s, pointer %s", got, want)
	}
}

func TestTraceSet(t *testing.T) {
	t.Parallel()
	fig := chart.Must(chart.Line([]int{1}, chart.Named("a", []int{1}), chart.Named("b", []int{2})))
	fig.SetTraces("line", map[string]any{"width": 3})
	fig.Data[0].Set("line.dash", "dot") // Only trace 0: SetTraces copied the map.
	fig.Data[1].Set("marker.symbol", "square")
	fig.Data[1].Set("mode", "lines+markers")
	fig.Data[1].Set("name", nil)
	wantFigure(t, fig, `[
		{"line":{"dash":"dot","width":3},"mode":"lines","name":"a","type":"scatter","x":[1],"y":[1]},
		{"line":{"width":3},"marker":{"symbol":"square"},"mode":"lines+markers","type":"scatter","x":[1],"y":[2]}
	]`, `{}`)

	tr := chart.Trace{"marker": "not a map", "line": chart.Trace{"color": "red"}}
	tr.Set("marker.color", "red")
	tr.Set("line.width", 2)
	if got, want := marshal(t, tr), `{"line":{"color":"red","width":2},"marker":{"color":"red"}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestNumbers(t *testing.T) {
	t.Parallel()
	tenth := 0.1
	n := chart.Numbers{0, -1.5, 1e21, 1e-7, 123456789, math.NaN(), math.Inf(1), math.Inf(-1), tenth + 0.2}
	if got, want := marshal(t, n), `[0,-1.5,1e+21,1e-7,123456789,null,null,null,0.30000000000000004]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := marshal(t, chart.Numbers(nil)); got != `[]` {
		t.Errorf("nil Numbers = %s, want []", got)
	}
	// Finite numbers are written exactly as encoding/json writes them.
	finite := []float64{0, -1.5, 1e21, 1e-7, 123456789, 0.30000000000000004, 5e-324, math.MaxFloat64, 1e20, 1e-6}
	if got, want := marshal(t, chart.Numbers(finite)), marshal(t, finite); got != want {
		t.Errorf("got %s, encoding/json %s", got, want)
	}
}

func TestNamed(t *testing.T) {
	t.Parallel()
	type cents int64
	s := chart.Named("x", []cents{100, -5})
	if s.Name != "x" || len(s.Values) != 2 || s.Values[0] != 100 || s.Values[1] != -5 {
		t.Errorf("Named(cents) = %+v", s)
	}
	if got := chart.Named("f", []float32{0.1}).Values[0]; got != 0.1 {
		t.Errorf("Named(float32 0.1) = %v, want 0.1", got)
	}
}

func TestInputsAreCopied(t *testing.T) {
	t.Parallel()
	x := []string{"a", "b"}
	y := []float64{1, 2}
	fig := chart.Must(chart.Line(x, chart.Series{Name: "s", Values: y}))
	before := marshal(t, fig)
	x[0], y[0] = "changed", 99
	if after := marshal(t, fig); after != before {
		t.Errorf("figure changed with its inputs:\n%s\n%s", before, after)
	}
}

func TestDefaultLayoutIsFresh(t *testing.T) {
	t.Parallel()
	a := chart.DefaultLayout()
	a.Set("xaxis.gridcolor", "black")
	a.Extra["colorway"].([]string)[0] = "#000000"
	if got := marshal(t, chart.DefaultLayout()); got != defaultLayout {
		t.Errorf("changing one DefaultLayout changed the next:\n%s", got)
	}
}

func TestMust(t *testing.T) {
	t.Parallel()
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || !strings.Contains(err.Error(), "chart: Scatter") {
			t.Errorf("recovered %v, want the Scatter error", r)
		}
	}()
	chart.Must(chart.Scatter([]int{1}, []int{}))
	t.Error("Must did not panic")
}
