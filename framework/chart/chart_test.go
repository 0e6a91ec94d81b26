package chart_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/pagewire/pagewire/framework/chart"
)

// axisJSON is the x and y axis style of the "plotly" template.
const axisJSON = `{"automargin":true,"gridcolor":"white","linecolor":"white","ticks":"","title":{"standoff":15},"zerolinecolor":"white","zerolinewidth":2}`

// defaultLayout is DefaultLayout's JSON, written out by hand from plotly's
// "plotly" template and plotly express's layout patch (top margin 60,
// legend tracegroupgap 0).
const defaultLayout = `{"autotypenumbers":"strict",` +
	`"colorway":["#636efa","#EF553B","#00cc96","#ab63fa","#FFA15A","#19d3f3","#FF6692","#B6E880","#FF97FF","#FECB52"],` +
	`"font":{"color":"#2a3f5f"},"hoverlabel":{"align":"left"},"hovermode":"closest",` +
	`"legend":{"tracegroupgap":0},"margin":{"t":60},"paper_bgcolor":"white","plot_bgcolor":"#E5ECF6",` +
	`"title":{"x":0.05},"xaxis":` + axisJSON + `,"yaxis":` + axisJSON + `}`

// plasma is the "plotly" template's sequential colorscale.
const plasma = `[[0,"#0d0887"],[0.1111111111111111,"#46039f"],[0.2222222222222222,"#7201a8"],` +
	`[0.3333333333333333,"#9c179e"],[0.4444444444444444,"#bd3786"],[0.5555555555555556,"#d8576b"],` +
	`[0.6666666666666666,"#ed7953"],[0.7777777777777778,"#fb9f3a"],[0.8888888888888888,"#fdca26"],[1,"#f0f921"]]`

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return string(b)
}

// compact returns the JSON text s without insignificant space, keys kept
// in their written order.
func compact(t *testing.T, s string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(s)); err != nil {
		t.Fatalf("bad JSON in test: %v\n%s", err, s)
	}
	return buf.String()
}

// merge sets the values of patch into m, merging nested objects.
func merge(m, patch map[string]any) {
	for k, v := range patch {
		pm, ok := v.(map[string]any)
		mm, ok2 := m[k].(map[string]any)
		if ok && ok2 {
			merge(mm, pm)
			continue
		}
		m[k] = v
	}
}

// wantFigure checks that fig marshals exactly to
// {"data":data,"layout":L}, L being defaultLayout with layoutPatch merged
// into it ("{}" for none).
func wantFigure(t *testing.T, fig *chart.Figure, data, layoutPatch string) {
	t.Helper()
	var layout, patch map[string]any
	if err := json.Unmarshal([]byte(defaultLayout), &layout); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(layoutPatch), &patch); err != nil {
		t.Fatalf("bad layout patch: %v", err)
	}
	merge(layout, patch)
	want := `{"data":` + compact(t, data) + `,"layout":` + marshal(t, layout) + `}`
	if got := marshal(t, fig); got != want {
		t.Errorf("figure JSON\n got: %s\nwant: %s", got, want)
	}
}

func TestDefaultLayout(t *testing.T) {
	t.Parallel()
	if got := marshal(t, chart.DefaultLayout()); got != defaultLayout {
		t.Errorf("DefaultLayout JSON\n got: %s\nwant: %s", got, defaultLayout)
	}
}

func TestLineFullJSON(t *testing.T) {
	t.Parallel()
	fig, err := chart.Line([]int{1, 2, 3}, chart.Named("Sales", []int{10, 20, 15}))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"data":[{"mode":"lines","name":"Sales","type":"scatter","x":[1,2,3],"y":[10,20,15]}],` +
		`"layout":{"autotypenumbers":"strict",` +
		`"colorway":["#636efa","#EF553B","#00cc96","#ab63fa","#FFA15A","#19d3f3","#FF6692","#B6E880","#FF97FF","#FECB52"],` +
		`"font":{"color":"#2a3f5f"},"hoverlabel":{"align":"left"},"hovermode":"closest",` +
		`"legend":{"tracegroupgap":0},"margin":{"t":60},"paper_bgcolor":"white","plot_bgcolor":"#E5ECF6",` +
		`"title":{"x":0.05},` +
		`"xaxis":{"automargin":true,"gridcolor":"white","linecolor":"white","ticks":"","title":{"standoff":15},"zerolinecolor":"white","zerolinewidth":2},` +
		`"yaxis":{"automargin":true,"gridcolor":"white","linecolor":"white","ticks":"","title":{"standoff":15},"zerolinecolor":"white","zerolinewidth":2}}}`
	if got := marshal(t, fig); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestLine(t *testing.T) {
	t.Parallel()
	fig, err := chart.Line([]string{"Mon", "Tue", "Wed"},
		chart.Named("Visits", []int{120, 95, 143}),
		chart.Series{Name: "Signups", Values: []float64{3.5, math.NaN(), 7}},
	)
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[
		{"mode":"lines","name":"Visits","type":"scatter","x":["Mon","Tue","Wed"],"y":[120,95,143]},
		{"mode":"lines","name":"Signups","type":"scatter","x":["Mon","Tue","Wed"],"y":[3.5,null,7]}
	]`, `{}`)
}

func TestLineUnnamedSeriesHasNoName(t *testing.T) {
	t.Parallel()
	fig := chart.Must(chart.Line([]float64{0.5, 1.5}, chart.Series{Values: []float64{1, 2}}))
	wantFigure(t, fig, `[{"mode":"lines","type":"scatter","x":[0.5,1.5],"y":[1,2]}]`, `{}`)
}

func TestBar(t *testing.T) {
	t.Parallel()
	fig, err := chart.Bar([]string{"North", "South"},
		chart.Named("2024", []int{5, 7}),
		chart.Named("2025", []int{6, 4}),
	)
	if err != nil {
		t.Fatal(err)
	}
	data := `[
		{"name":"2024","type":"bar","x":["North","South"],"y":[5,7]},
		{"name":"2025","type":"bar","x":["North","South"],"y":[6,4]}
	]`
	wantFigure(t, fig, data, `{"barmode":"group"}`)

	fig.Layout.BarMode = chart.Stacked
	wantFigure(t, fig, data, `{"barmode":"stack"}`)
}

func TestScatter(t *testing.T) {
	t.Parallel()
	fig, err := chart.Scatter([]float64{1.5, 2.5}, []int{3, -4})
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"mode":"markers","type":"scatter","x":[1.5,2.5],"y":[3,-4]}]`, `{}`)
}

func TestBubble(t *testing.T) {
	t.Parallel()
	fig, err := chart.Bubble([]int{1, 2, 3}, []int{4, 5, 6}, []float64{10, 40, math.NaN()})
	if err != nil {
		t.Fatal(err)
	}
	// sizeref = 2 * max size / size_max², with plotly express's size_max 20.
	wantFigure(t, fig, `[{
		"marker":{"size":[10,40,null],"sizemode":"area","sizeref":0.2},
		"mode":"markers","type":"scatter","x":[1,2,3],"y":[4,5,6]
	}]`, `{"legend":{"itemsizing":"constant"}}`)
}

func TestBubbleWithoutPositiveSizeHasNoSizeref(t *testing.T) {
	t.Parallel()
	fig := chart.Must(chart.Bubble([]int{1}, []int{2}, []int{0}))
	wantFigure(t, fig, `[{"marker":{"size":[0],"sizemode":"area"},"mode":"markers","type":"scatter","x":[1],"y":[2]}]`,
		`{"legend":{"itemsizing":"constant"}}`)
}

func TestHistogram(t *testing.T) {
	t.Parallel()
	fig := chart.Histogram([]int{21, 35, 35, 62}, 10)
	wantFigure(t, fig, `[{"nbinsx":10,"type":"histogram","x":[21,35,35,62]}]`,
		`{"yaxis":{"title":{"text":"count"}}}`)

	fig = chart.Histogram([]string{"a", "b", "a"}, 0)
	wantFigure(t, fig, `[{"type":"histogram","x":["a","b","a"]}]`,
		`{"yaxis":{"title":{"text":"count"}}}`)
}

func TestPie(t *testing.T) {
	t.Parallel()
	fig, err := chart.Pie([]string{"Chrome", "Firefox"}, []float32{0.7, 0.3})
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"labels":["Chrome","Firefox"],"type":"pie","values":[0.7,0.3]}]`, `{}`)
}

func TestDonut(t *testing.T) {
	t.Parallel()
	fig, err := chart.Donut([]string{"A", "B"}, []int{1, 3}, 0.4)
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"hole":0.4,"labels":["A","B"],"type":"pie","values":[1,3]}]`, `{}`)
}

func TestHeatmap(t *testing.T) {
	t.Parallel()
	fig, err := chart.Heatmap([]string{"9h", "10h"}, []string{"Mon", "Tue", "Wed"}, [][]float64{
		{1, 2},
		{3, math.NaN()},
		{5, 6},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{
		"colorbar":{"outlinewidth":0,"ticks":""},
		"colorscale":`+plasma+`,
		"type":"heatmap",
		"x":["9h","10h"],
		"y":["Mon","Tue","Wed"],
		"z":[[1,2],[3,null],[5,6]]
	}]`, `{}`)
}

func TestHeatmapWithoutLabels(t *testing.T) {
	t.Parallel()
	fig, err := chart.Heatmap[int, int](nil, nil, [][]float64{{1, 2}, {3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"colorbar":{"outlinewidth":0,"ticks":""},"colorscale":`+plasma+`,"type":"heatmap","z":[[1,2],[3,4]]}]`, `{}`)
}

func TestBox(t *testing.T) {
	t.Parallel()
	fig := chart.Box(chart.Named("Control", []int{1, 2, 3}), chart.Named("Treatment", []float64{2.5, 4}))
	wantFigure(t, fig, `[
		{"name":"Control","type":"box","y":[1,2,3]},
		{"name":"Treatment","type":"box","y":[2.5,4]}
	]`, `{}`)
}

func TestTimeValues(t *testing.T) {
	t.Parallel()
	cet := time.FixedZone("CET", 3600)
	x := []time.Time{
		time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 1, 3, 14, 30, 5, 250_000_000, time.UTC),
		time.Date(2025, 1, 4, 9, 0, 0, 0, cet),
	}
	fig, err := chart.Line(x, chart.Named("Sales", []int{1, 2, 3}))
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"mode":"lines","name":"Sales","type":"scatter",
		"x":["2025-01-02T00:00:00Z","2025-01-03T14:30:05.25Z","2025-01-04T09:00:00+01:00"],
		"y":[1,2,3]}]`, `{}`)
}

// sale is a row type with a json tag, a pointer field and a time.
type sale struct {
	Date   time.Time
	Region string `json:"region"`
	Sales  float64
	Units  *int `json:"units,omitempty"`
	Tags   []string
}

var sales = []sale{
	{Date: day(1), Region: "North", Sales: 10, Units: intp(1)},
	{Date: day(1), Region: "South", Sales: 7},
	{Date: day(2), Region: "North", Sales: 12, Units: intp(3)},
	{Date: day(2), Region: "East", Sales: 3, Units: intp(2)},
	{Date: day(3), Region: "South", Sales: 9, Units: intp(4)},
}

type hidden struct{ Secret int }

// Promoted is exported so that its fields are promoted and visible.
type Promoted struct{ Shown int }
