package chart_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
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

func day(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }

func intp(n int) *int { return &n }

var sales = []sale{
	{Date: day(1), Region: "North", Sales: 10, Units: intp(1)},
	{Date: day(1), Region: "South", Sales: 7},
	{Date: day(2), Region: "North", Sales: 12, Units: intp(3)},
	{Date: day(2), Region: "East", Sales: 3, Units: intp(2)},
	{Date: day(3), Region: "South", Sales: 9, Units: intp(4)},
}

func TestFromRowsLineColor(t *testing.T) {
	t.Parallel()
	fig, err := chart.FromRows(sales, chart.Cols{X: "Date", Y: "Sales", Color: "region"}).Line()
	if err != nil {
		t.Fatal(err)
	}
	// One trace per region, in first-seen order: North, South, East.
	wantFigure(t, fig, `[
		{"mode":"lines","name":"North","type":"scatter","x":["2025-03-01T00:00:00Z","2025-03-02T00:00:00Z"],"y":[10,12]},
		{"mode":"lines","name":"South","type":"scatter","x":["2025-03-01T00:00:00Z","2025-03-03T00:00:00Z"],"y":[7,9]},
		{"mode":"lines","name":"East","type":"scatter","x":["2025-03-02T00:00:00Z"],"y":[3]}
	]`, `{"legend":{"title":{"text":"region"}},"xaxis":{"title":{"text":"Date"}},"yaxis":{"title":{"text":"Sales"}}}`)
}

func TestFromRowsWithoutColor(t *testing.T) {
	t.Parallel()
	// Pointers to structs work, and a nil pointer field is a gap.
	rows := []*sale{&sales[0], &sales[1], &sales[2]}
	fig, err := chart.FromRows(rows, chart.Cols{X: "region", Y: "units"}).Line()
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"mode":"lines","type":"scatter","x":["North","South","North"],"y":[1,null,3]}]`,
		`{"xaxis":{"title":{"text":"region"}},"yaxis":{"title":{"text":"units"}}}`)
}

func TestFromRowsBar(t *testing.T) {
	t.Parallel()
	type row struct {
		Quarter string
		Product string
		Revenue int
	}
	rows := []row{{"Q1", "A", 5}, {"Q1", "B", 3}, {"Q2", "A", 6}, {"Q2", "B", 4}}
	fig, err := chart.FromRows(rows, chart.Cols{X: "Quarter", Y: "Revenue", Color: "Product"}).Bar()
	if err != nil {
		t.Fatal(err)
	}
	fig.Layout.BarMode = chart.Stacked
	wantFigure(t, fig, `[
		{"name":"A","type":"bar","x":["Q1","Q2"],"y":[5,6]},
		{"name":"B","type":"bar","x":["Q1","Q2"],"y":[3,4]}
	]`, `{"barmode":"stack","legend":{"title":{"text":"Product"}},
		"xaxis":{"title":{"text":"Quarter"}},"yaxis":{"title":{"text":"Revenue"}}}`)
}

func TestFromRowsScatterSize(t *testing.T) {
	t.Parallel()
	type country struct {
		GDP, Life float64
		Pop       int64
		Continent string
	}
	rows := []country{{1, 70, 10, "Asia"}, {2, 80, 50, "Europe"}, {3, 75, 20, "Asia"}}
	fig, err := chart.FromRows(rows, chart.Cols{X: "GDP", Y: "Life", Size: "Pop", Color: "Continent"}).Scatter()
	if err != nil {
		t.Fatal(err)
	}
	// The bubbles of all traces share one scale: sizeref = 2*50/20² = 0.25.
	wantFigure(t, fig, `[
		{"marker":{"size":[10,20],"sizemode":"area","sizeref":0.25},"mode":"markers","name":"Asia","type":"scatter","x":[1,3],"y":[70,75]},
		{"marker":{"size":[50],"sizemode":"area","sizeref":0.25},"mode":"markers","name":"Europe","type":"scatter","x":[2],"y":[80]}
	]`, `{"legend":{"itemsizing":"constant","title":{"text":"Continent"}},
		"xaxis":{"title":{"text":"GDP"}},"yaxis":{"title":{"text":"Life"}}}`)
}

func TestFromRowsHistogram(t *testing.T) {
	t.Parallel()
	fig, err := chart.FromRows(sales, chart.Cols{X: "Sales"}).Histogram(5)
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"nbinsx":5,"type":"histogram","x":[10,7,12,3,9]}]`,
		`{"xaxis":{"title":{"text":"Sales"}},"yaxis":{"title":{"text":"count"}}}`)

	fig, err = chart.FromRows(sales[:3], chart.Cols{X: "region", Y: "Sales"}).Histogram(0)
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"histfunc":"sum","type":"histogram","x":["North","South","North"],"y":[10,7,12]}]`,
		`{"xaxis":{"title":{"text":"region"}},"yaxis":{"title":{"text":"sum of Sales"}}}`)
}

func TestFromRowsBox(t *testing.T) {
	t.Parallel()
	type bill struct {
		Day    string
		Total  float64
		Smoker bool
	}
	rows := []bill{{"Sat", 10, true}, {"Sun", 20, false}, {"Sat", 15, false}}
	fig, err := chart.FromRows(rows, chart.Cols{X: "Day", Y: "Total", Color: "Smoker"}).Box()
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[
		{"name":"true","type":"box","x":["Sat"],"y":[10]},
		{"name":"false","type":"box","x":["Sun","Sat"],"y":[20,15]}
	]`, `{"boxmode":"group","legend":{"title":{"text":"Smoker"}},
		"xaxis":{"title":{"text":"Day"}},"yaxis":{"title":{"text":"Total"}}}`)

	fig, err = chart.FromRows(rows, chart.Cols{Y: "Total"}).Box()
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"type":"box","y":[10,20,15]}]`, `{"yaxis":{"title":{"text":"Total"}}}`)
}

func TestFromRowsEmbeddedFields(t *testing.T) {
	t.Parallel()
	type Base struct{ When int }
	type row struct {
		*Base
		Value float32
	}
	rows := []row{{&Base{1}, 0.1}, {nil, 0.2}}
	fig, err := chart.FromRows(rows, chart.Cols{X: "When", Y: "Value"}).Scatter()
	if err != nil {
		t.Fatal(err)
	}
	// A nil embedded pointer is a missing value; float32 keeps its short form.
	wantFigure(t, fig, `[{"mode":"markers","type":"scatter","x":[1,null],"y":[0.1,0.2]}]`,
		`{"xaxis":{"title":{"text":"When"}},"yaxis":{"title":{"text":"Value"}}}`)
}

func TestFromRowsEmpty(t *testing.T) {
	t.Parallel()
	fig, err := chart.FromRows([]sale(nil), chart.Cols{X: "Date", Y: "Sales", Color: "region"}).Line()
	if err != nil {
		t.Fatal(err)
	}
	if got := marshal(t, fig); !strings.HasPrefix(got, `{"data":[],"layout":{`) {
		t.Errorf("figure = %s, want no traces", got)
	}
	fig, err = chart.FromRows([]sale{}, chart.Cols{X: "Date", Y: "Sales"}).Line()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := marshal(t, fig.Data), `[{"mode":"lines","type":"scatter","x":[],"y":[]}]`; got != want {
		t.Errorf("data = %s, want %s", got, want)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	build := func(f *chart.Figure, err error) error { return err }
	type country struct {
		Name string
		Pop  string
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"Line length", build(chart.Line([]int{1, 2, 3}, chart.Named("Sales", []int{1, 2}))),
			`chart: Line: series "Sales" has 2 values for 3 x values`},
		{"Bar length", build(chart.Bar([]string{"a"}, chart.Named("2024", []int{1, 2}))),
			`chart: Bar: series "2024" has 2 values for 1 categories`},
		{"Scatter length", build(chart.Scatter([]int{1, 2}, []int{1})),
			`chart: Scatter: 2 x values but 1 y values`},
		{"Bubble length", build(chart.Bubble([]int{1, 2}, []int{1, 2}, []int{1})),
			`chart: Bubble: 2 x values, 2 y values and 1 sizes`},
		{"Pie length", build(chart.Pie([]string{"a", "b"}, []int{1})),
			`chart: Pie: 2 labels but 1 values`},
		{"Donut length", build(chart.Donut([]string{"a"}, []int{1, 2}, 0.5)),
			`chart: Donut: 1 labels but 2 values`},
		{"Donut hole", build(chart.Donut([]string{"a"}, []int{1}, 1)),
			`chart: Donut: hole 1 is outside [0, 1)`},
		{"Donut NaN hole", build(chart.Donut([]string{"a"}, []int{1}, math.NaN())),
			`chart: Donut: hole NaN is outside [0, 1)`},
		{"Heatmap rows", build(chart.Heatmap([]int{1}, []int{1, 2}, [][]float64{{1}})),
			`chart: Heatmap: z has 1 rows for 2 y labels`},
		{"Heatmap row length", build(chart.Heatmap([]int{1, 2}, []int{1, 2}, [][]float64{{1, 2}, {3}})),
			`chart: Heatmap: z row 1 has 1 values for 2 x labels`},
		{"Heatmap ragged", build(chart.Heatmap[int, int](nil, nil, [][]float64{{1, 2}, {3}})),
			`chart: Heatmap: z row 1 has 1 values, row 0 has 2`},
		{"unknown field", build(chart.FromRows(sales, chart.Cols{X: "Date", Y: "Revenue"}).Line()),
			`chart: chart_test.sale has no field or json tag "Revenue"`},
		{"unknown color", build(chart.FromRows(sales, chart.Cols{X: "Date", Y: "Sales", Color: "Region "}).Bar()),
			`chart: chart_test.sale has no field or json tag "Region "`},
		{"unsupported type", build(chart.FromRows(sales, chart.Cols{X: "Date", Y: "Tags"}).Line()),
			`chart: field "Tags" of chart_test.sale is []string, not a number, string, bool or time.Time`},
		{"not structs", build(chart.FromRows([]int{1}, chart.Cols{X: "A", Y: "B"}).Line()),
			`chart: FromRows needs structs or pointers to structs, not int`},
		{"missing X and Y", build(chart.FromRows(sales, chart.Cols{Color: "region"}).Scatter()),
			`chart: Scatter needs Cols.X and Cols.Y`},
		{"missing Y", build(chart.FromRows(sales, chart.Cols{X: "Date"}).Box()),
			`chart: Box needs Cols.Y`},
		{"missing X", build(chart.FromRows(sales, chart.Cols{Y: "Sales"}).Histogram(0)),
			`chart: Histogram needs Cols.X`},
		{"Size on Line", build(chart.FromRows(sales, chart.Cols{X: "Date", Y: "Sales", Size: "Sales"}).Line()),
			`chart: Line: Cols.Size applies to Scatter only`},
		{"Size not a number", build(chart.FromRows([]country{{"a", "1"}}, chart.Cols{X: "Name", Y: "Name", Size: "Pop"}).Scatter()),
			`chart: Cols.Size field "Pop" of chart_test.country is not a number`},
		{"nil row", build(chart.FromRows([]*sale{&sales[0], nil}, chart.Cols{X: "Date", Y: "Sales"}).Line()),
			`chart: Line: row 1 is nil`},
		{"zero Table", build(chart.Table{}.Bar()),
			`chart: Bar needs Cols.X and Cols.Y`},
		{"zero Table with Cols", build(chart.Table{}.Box()),
			`chart: Box needs Cols.Y`},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error, want %q", tt.name, tt.want)
			continue
		}
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%s: error\n got: %s\nwant: %s", tt.name, got, tt.want)
		}
	}
}

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

type hidden struct{ Secret int }

// Promoted is exported so that its fields are promoted and visible.
type Promoted struct{ Shown int }

func TestFromRowsFieldLookup(t *testing.T) {
	t.Parallel()
	type row struct {
		hidden
		Promoted
		A    uint8 `json:"B"`
		B    int16
		C    int `json:"-"`
		Year int
	}
	rows := []row{
		{hidden{1}, Promoted{10}, 1, 100, 0, 2024},
		{hidden{2}, Promoted{20}, 2, 200, 0, 2025},
		{hidden{3}, Promoted{30}, 3, 300, 0, 2024},
	}
	// "B" is the Go name of B before the json tag of A; a numeric Color
	// still makes one trace per value.
	fig, err := chart.FromRows(rows, chart.Cols{X: "B", Y: "A", Color: "Year"}).Scatter()
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[
		{"mode":"markers","name":"2024","type":"scatter","x":[100,300],"y":[1,3]},
		{"mode":"markers","name":"2025","type":"scatter","x":[200],"y":[2]}
	]`, `{"legend":{"title":{"text":"Year"}},"xaxis":{"title":{"text":"B"}},"yaxis":{"title":{"text":"A"}}}`)

	fig, err = chart.FromRows(rows, chart.Cols{X: "Shown", Y: "C"}).Line()
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, fig, `[{"mode":"lines","type":"scatter","x":[10,20,30],"y":[0,0,0]}]`,
		`{"xaxis":{"title":{"text":"Shown"}},"yaxis":{"title":{"text":"C"}}}`)

	for _, name := range []string{"Secret", "-", "hidden", "b"} {
		_, err := chart.FromRows(rows, chart.Cols{X: name, Y: "A"}).Line()
		want := `chart: chart_test.row has no field or json tag "` + name + `"`
		if err == nil || err.Error() != want {
			t.Errorf("X %q: error %v, want %s", name, err, want)
		}
	}
}
