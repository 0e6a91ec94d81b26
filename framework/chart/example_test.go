package chart_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/pagewire/pagewire/framework/chart"
)

// printJSON prints v as JSON, one line.
func printJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(string(b))
}

func ExampleLine() {
	days := []time.Time{
		time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 6, 3, 0, 0, 0, 0, time.UTC),
	}
	fig, err := chart.Line(days, chart.Named("Sales", []int{120, 135}), chart.Named("Costs", []int{80, 90}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fig.Layout.Title = "Sales and costs"
	printJSON(fig.Data)
	// Output:
	// [{"mode":"lines","name":"Sales","type":"scatter","x":["2025-06-02T00:00:00Z","2025-06-03T00:00:00Z"],"y":[120,135]},{"mode":"lines","name":"Costs","type":"scatter","x":["2025-06-02T00:00:00Z","2025-06-03T00:00:00Z"],"y":[80,90]}]
}

func ExampleBar() {
	fig, err := chart.Bar([]string{"North", "South"},
		chart.Named("2024", []float64{4.5, 3}),
		chart.Named("2025", []float64{5, 2.5}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fig.Layout.BarMode = chart.Stacked // Grouped by default.
	printJSON(fig.Data)
	fmt.Println(fig.Layout.BarMode)
	// Output:
	// [{"name":"2024","type":"bar","x":["North","South"],"y":[4.5,3]},{"name":"2025","type":"bar","x":["North","South"],"y":[5,2.5]}]
	// stack
}

func ExampleScatter() {
	fig, err := chart.Scatter([]float64{170, 182}, []float64{65.5, 80})
	if err != nil {
		fmt.Println(err)
		return
	}
	fig.Layout.XTitle, fig.Layout.YTitle = "Height (cm)", "Weight (kg)"
	printJSON(fig.Data)
	// Output:
	// [{"mode":"markers","type":"scatter","x":[170,182],"y":[65.5,80]}]
}

func ExampleBubble() {
	gdp := []float64{1.2, 3.4}
	life := []float64{71, 82}
	pop := []int{50, 200}
	fig, err := chart.Bubble(gdp, life, pop)
	if err != nil {
		fmt.Println(err)
		return
	}
	printJSON(fig.Data)
	// Output:
	// [{"marker":{"size":[50,200],"sizemode":"area","sizeref":1},"mode":"markers","type":"scatter","x":[1.2,3.4],"y":[71,82]}]
}

func ExampleHistogram() {
	ages := []int{23, 35, 35, 41, 62}
	fig := chart.Histogram(ages, 4)
	printJSON(fig.Data)
	fmt.Println(fig.Layout.YTitle)
	// Output:
	// [{"nbinsx":4,"type":"histogram","x":[23,35,35,41,62]}]
	// count
}

func ExamplePie() {
	fig, err := chart.Pie([]string{"Chrome", "Safari", "Firefox"}, []int{65, 20, 15})
	if err != nil {
		fmt.Println(err)
		return
	}
	printJSON(fig.Data)
	// Output:
	// [{"labels":["Chrome","Safari","Firefox"],"type":"pie","values":[65,20,15]}]
}

func ExampleDonut() {
	fig, err := chart.Donut([]string{"Done", "To do"}, []int{7, 3}, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	printJSON(fig.Data)
	// Output:
	// [{"hole":0.5,"labels":["Done","To do"],"type":"pie","values":[7,3]}]
}

func ExampleHeatmap() {
	hours := []string{"9h", "12h", "15h"}
	days := []string{"Mon", "Tue"}
	visits := [][]float64{
		{5, 12, 7}, // Mon
		{3, 15, 9}, // Tue
	}
	fig, err := chart.Heatmap(hours, days, visits)
	if err != nil {
		fmt.Println(err)
		return
	}
	fig.Data[0].Set("colorscale", "Viridis") // Replaces plotly express's plasma.
	printJSON(fig.Data)
	// Output:
	// [{"colorbar":{"outlinewidth":0,"ticks":""},"colorscale":"Viridis","type":"heatmap","x":["9h","12h","15h"],"y":["Mon","Tue"],"z":[[5,12,7],[3,15,9]]}]
}

func ExampleBox() {
	fig := chart.Box(
		chart.Named("Control", []float64{1.2, 1.9, 2.4, 8}),
		chart.Named("Treatment", []float64{2.8, 3.1, 3.5}),
	)
	printJSON(fig.Data)
	// Output:
	// [{"name":"Control","type":"box","y":[1.2,1.9,2.4,8]},{"name":"Treatment","type":"box","y":[2.8,3.1,3.5]}]
}

func ExampleFromRows() {
	type sale struct {
		Date   time.Time
		Region string
		Sales  float64 `json:"sales"`
	}
	day := func(d int) time.Time { return time.Date(2025, 6, d, 0, 0, 0, 0, time.UTC) }
	rows := []sale{
		{day(2), "North", 120},
		{day(2), "South", 90},
		{day(3), "North", 135},
		{day(3), "South", 95},
	}
	// Fields are named by Go name or json tag; Color makes one trace per region.
	fig, err := chart.FromRows(rows, chart.Cols{X: "Date", Y: "sales", Color: "Region"}).Line()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range fig.Data {
		printJSON(t)
	}
	fmt.Println(fig.Layout.XTitle, fig.Layout.YTitle)

	_, err = chart.FromRows(rows, chart.Cols{X: "Date", Y: "Revenue"}).Line()
	fmt.Println(err)
	// Output:
	// {"mode":"lines","name":"North","type":"scatter","x":["2025-06-02T00:00:00Z","2025-06-03T00:00:00Z"],"y":[120,135]}
	// {"mode":"lines","name":"South","type":"scatter","x":["2025-06-02T00:00:00Z","2025-06-03T00:00:00Z"],"y":[90,95]}
	// Date sales
	// chart: chart_test.sale has no field or json tag "Revenue"
}

func ExampleLayout_Set() {
	var l chart.Layout // A zero Layout has none of plotly express's look.
	l.Title = "Weekly visits"
	l.Height = 300
	l.Set("legend.orientation", "h")
	l.Set("xaxis.range", []int{0, 7})
	printJSON(l)
	// Output:
	// {"height":300,"legend":{"orientation":"h"},"title":{"text":"Weekly visits"},"xaxis":{"range":[0,7]}}
}

func ExampleFigure_SetTraces() {
	fig := chart.Must(chart.Line([]int{1, 2}, chart.Named("a", []int{3, 4}), chart.Named("b", []int{5, 6})))
	fig.SetTraces("mode", "lines+markers")
	fig.Data[1].Set("line.dash", "dot")
	printJSON(fig.Data)
	// Output:
	// [{"mode":"lines+markers","name":"a","type":"scatter","x":[1,2],"y":[3,4]},{"line":{"dash":"dot"},"mode":"lines+markers","name":"b","type":"scatter","x":[1,2],"y":[5,6]}]
}

// A whole figure, as a graph component sends it to plotly.js.
func ExampleFigure() {
	fig := chart.New(chart.Trace{"type": "bar", "x": []string{"a", "b"}, "y": chart.Numbers{1, 2}})
	fig.Layout = chart.Layout{Title: "Plain plotly.js defaults"}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(fig); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"data":[{"type":"bar","x":["a","b"],"y":[1,2]}],"layout":{"title":{"text":"Plain plotly.js defaults"}}}
}
