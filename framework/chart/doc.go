// Package chart builds Plotly figures from Go data, in the spirit of
// plotly express: one call makes a common chart, with plotly express's
// default look, so that no one writes figure maps by hand.
//
// # The model
//
// A Figure is what plotly.js draws: a list of traces, each a Trace map of
// plotly.js attributes ("type", "x", "y", "name", "marker" and so on),
// and a Layout. It marshals to {"data": [...], "layout": {...}}; only that
// JSON matters, so a figure can go anywhere a plotly.js figure is taken,
// such as the figure property of a graph component. The output is
// deterministic: map keys are sorted, and traces and their columns keep
// the order of the data.
//
// The constructors build figures from slices:
//
//	fig, err := chart.Line(days, chart.Named("Sales", sales), chart.Named("Costs", costs))
//	fig, err := chart.Bar(regions, chart.Named("2024", v2024), chart.Named("2025", v2025))
//	fig, err := chart.Scatter(heights, weights)
//	fig, err := chart.Bubble(gdp, lifeExpectancy, population)
//	fig := chart.Histogram(ages, 20)
//	fig, err := chart.Pie(browsers, shares)
//	fig, err := chart.Donut(browsers, shares, 0.4)
//	fig, err := chart.Heatmap(hours, weekdays, visits)
//	fig := chart.Box(chart.Named("Control", control), chart.Named("Treatment", treatment))
//
// X values, categories and labels may be numbers, strings (categories) or
// time.Time values, which marshal as RFC 3339 strings that plotly reads as
// dates. A Series is a named column of numbers; Named converts any
// numeric slice into one. NaN values are written as null, which plotly
// draws as gaps. A constructor whose inputs can disagree, such as a
// series shorter than its x values, returns an error rather than a
// figure; Must turns that error into a panic for data fixed in the
// program.
//
// FromRows builds the same charts from a slice of structs, naming the
// fields to plot by Go name or json tag, as plotly express names the
// columns of a data frame. The Color field splits the rows into one trace
// per distinct value, in the order the values first appear, and the axes
// and legend are titled with the field names:
//
//	type sale struct {
//		Date    time.Time
//		Region  string
//		Product string
//		Sales   float64 `json:"sales"`
//	}
//
//	fig, err := chart.FromRows(sales, chart.Cols{X: "Date", Y: "Sales", Color: "Region"}).Line()
//
// A field that does not exist, or holds something that cannot be
// plotted, is an error returned by the chart method, never a panic.
//
// # The look, and changing it
//
// Every constructor starts from DefaultLayout: the main layout settings
// of plotly's "plotly" template (its colorway, the light blue plot area
// with white gridlines, the font color, closest-point hover) and the
// margins plotly express uses. They are plain layout attributes, not a
// template, so plotly.js needs nothing registered to draw them.
//
// A figure is plain data, changed after it is built. The Layout fields
// cover the usual settings; Layout.Set reaches any other layout attribute
// by its dotted plotly.js path, and Trace.Set and Figure.SetTraces do the
// same for traces:
//
//	fig.Layout.Title = "Sales by region"
//	fig.Layout.YTitle = "Sales (EUR)"
//	fig.Layout.Height = 400
//	fig.Layout.BarMode = chart.Stacked
//	fig.Layout.Set("legend.orientation", "h")
//	fig.Layout.Set("plot_bgcolor", nil) // back to plotly's white
//	fig.SetTraces("mode", "lines+markers")
//	fig.Data[0].Set("line.dash", "dot")
//
// Setting fig.Layout to a zero Layout drops the whole look, leaving
// plotly.js's own defaults.
//
// # In a callback
//
// A callback that outputs a graph's figure builds it from its inputs and
// sets it; the figure is sent as its JSON:
//
//	framework.Callback(framework.CallbackSpec{
//		Outputs: []framework.Dep{framework.Output("sales-graph", "figure")},
//		Inputs:  []framework.Dep{framework.Input("region", "value")},
//		Func: func(c *framework.Ctx) error {
//			rows := salesIn(c.String("region", "value")) // []sale
//			fig, err := chart.FromRows(rows, chart.Cols{X: "Date", Y: "Sales", Color: "Product"}).Line()
//			if err != nil {
//				return err
//			}
//			fig.Layout.Title = "Sales"
//			c.Set("sales-graph", "figure", fig)
//			return nil
//		},
//	})
//
// For a figure that cannot fail, the call fits on one line:
//
//	c.Set("age-graph", "figure", chart.Histogram(ages, 20))
package chart
