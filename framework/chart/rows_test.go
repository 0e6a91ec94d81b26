package chart_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pagewire/pagewire/framework/chart"
)

func day(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }

func intp(n int) *int { return &n }

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
