package chart

import (
	"fmt"
	"math"
	"slices"
)

// Series is a named column of numbers: the y values of one line or one
// set of bars, or the sample of one box. The name labels the trace in the
// legend and on hover. NaN values are drawn as gaps.
type Series struct {
	// Name labels the trace; empty leaves it unnamed.
	Name string
	// Values are the numbers, one per x value or category for Line and
	// Bar.
	Values []float64
}

// Named returns a Series of name and values, converted to float64.
func Named[N Number](name string, values []N) Series {
	return Series{Name: name, Values: floats(values)}
}

// sizeMax is plotly express's default size_max: the diameter in pixels
// of the largest bubble.
const sizeMax = 20

// Line returns a line chart with one line per series, over x. Each
// series must have one value per x value. The lines take the colorway
// colors in order.
func Line[X Value](x []X, ys ...Series) (*Figure, error) {
	xs := column(x)
	f := New()
	for _, s := range ys {
		if len(s.Values) != len(x) {
			return nil, fmt.Errorf("chart: Line: series %q has %d values for %d x values", s.Name, len(s.Values), len(x))
		}
		f.Data = append(f.Data, lineTrace(s.Name, xs, Numbers(slices.Clone(s.Values))))
	}
	return f, nil
}

// Bar returns a bar chart with one bar per category for each series; each
// series must have one value per category. The series' bars are side by
// side (BarMode Grouped); set fig.Layout.BarMode to Stacked to stack them.
func Bar[C Value](categories []C, series ...Series) (*Figure, error) {
	cs := column(categories)
	f := New()
	f.Layout.BarMode = Grouped
	for _, s := range series {
		if len(s.Values) != len(categories) {
			return nil, fmt.Errorf("chart: Bar: series %q has %d values for %d categories", s.Name, len(s.Values), len(categories))
		}
		f.Data = append(f.Data, barTrace(s.Name, cs, Numbers(slices.Clone(s.Values))))
	}
	return f, nil
}

// Scatter returns a scatter plot with a marker at each (x[i], y[i]). x and
// y must have the same length.
func Scatter[X, Y Value](x []X, y []Y) (*Figure, error) {
	if len(x) != len(y) {
		return nil, fmt.Errorf("chart: Scatter: %d x values but %d y values", len(x), len(y))
	}
	return New(scatterTrace("", column(x), column(y))), nil
}

// Bubble returns a scatter plot whose markers have areas proportional to
// sizes, scaled as plotly express scales them: the largest bubble is 20
// pixels across. x, y and sizes must have the same length.
func Bubble[X, Y Value, S Number](x []X, y []Y, sizes []S) (*Figure, error) {
	if len(x) != len(y) || len(x) != len(sizes) {
		return nil, fmt.Errorf("chart: Bubble: %d x values, %d y values and %d sizes", len(x), len(y), len(sizes))
	}
	ss := floats(sizes)
	t := scatterTrace("", column(x), column(y))
	setSizes(t, ss, maxOf(ss))
	f := New(t)
	f.Layout.Set("legend.itemsizing", "constant")
	return f, nil
}

// Histogram returns a histogram counting values. bins is the largest
// number of bins plotly may use (it picks round bin edges, so it may use
// fewer); with zero or less, plotly chooses. The y axis is titled
// "count", as plotly express titles it.
func Histogram[V Value](values []V, bins int) *Figure {
	f := New(histogramTrace("", column(values), bins))
	f.Layout.YTitle = "count"
	return f
}

// Pie returns a pie chart with one slice per label, sized by values.
// labels and values must have the same length.
func Pie[L Value, N Number](labels []L, values []N) (*Figure, error) {
	if len(labels) != len(values) {
		return nil, fmt.Errorf("chart: Pie: %d labels but %d values", len(labels), len(values))
	}
	return New(pieTrace(labels, values)), nil
}

// Donut returns a pie chart with a hole in the middle, hole being the
// hole's fraction of the radius, from 0 (a full pie) up to but excluding
// 1. labels and values must have the same length.
func Donut[L Value, N Number](labels []L, values []N, hole float64) (*Figure, error) {
	if len(labels) != len(values) {
		return nil, fmt.Errorf("chart: Donut: %d labels but %d values", len(labels), len(values))
	}
	if !(hole >= 0 && hole < 1) {
		return nil, fmt.Errorf("chart: Donut: hole %v is outside [0, 1)", hole)
	}
	t := pieTrace(labels, values)
	t["hole"] = hole
	return New(t), nil
}

func pieTrace[L Value, N Number](labels []L, values []N) Trace {
	return Trace{"type": "pie", "labels": column(labels), "values": floats(values)}
}

// Heatmap returns a heatmap of z, where z[i][j] is the cell at y[i] and
// x[j]. As in plotly, the first row is drawn at the bottom. Every row
// must have one value per x label and there must be one row per y label;
// a nil x or y numbers the columns or rows from 0 instead, and then the
// rows must have equal lengths. NaN cells are left empty. The colors are
// the "plotly" template's sequential scale.
func Heatmap[X, Y Value](x []X, y []Y, z [][]float64) (*Figure, error) {
	if y != nil && len(z) != len(y) {
		return nil, fmt.Errorf("chart: Heatmap: z has %d rows for %d y labels", len(z), len(y))
	}
	width := len(x)
	if x == nil && len(z) > 0 {
		width = len(z[0])
	}
	zs := make([]Numbers, len(z))
	for i, row := range z {
		if len(row) != width {
			if x == nil {
				return nil, fmt.Errorf("chart: Heatmap: z row %d has %d values, row 0 has %d", i, len(row), width)
			}
			return nil, fmt.Errorf("chart: Heatmap: z row %d has %d values for %d x labels", i, len(row), width)
		}
		zs[i] = Numbers(slices.Clone(row))
	}
	t := Trace{
		"type":       "heatmap",
		"z":          zs,
		"colorscale": sequential(),
		"colorbar":   map[string]any{"outlinewidth": 0, "ticks": ""},
	}
	if x != nil {
		t["x"] = column(x)
	}
	if y != nil {
		t["y"] = column(y)
	}
	return New(t), nil
}

// Box returns a box plot with one box per group, summarizing the group's
// values: median, quartiles, whiskers and outliers.
func Box(groups ...Series) *Figure {
	f := New()
	for _, g := range groups {
		f.Data = append(f.Data, boxTrace(g.Name, nil, Numbers(slices.Clone(g.Values))))
	}
	return f
}

// withName sets the trace's name, unless it is empty.
func withName(t Trace, name string) Trace {
	if name != "" {
		t["name"] = name
	}
	return t
}

func lineTrace(name string, x, y any) Trace {
	return withName(Trace{"type": "scatter", "mode": "lines", "x": x, "y": y}, name)
}

func barTrace(name string, x, y any) Trace {
	return withName(Trace{"type": "bar", "x": x, "y": y}, name)
}

func scatterTrace(name string, x, y any) Trace {
	return withName(Trace{"type": "scatter", "mode": "markers", "x": x, "y": y}, name)
}

func histogramTrace(name string, x any, bins int) Trace {
	t := withName(Trace{"type": "histogram", "x": x}, name)
	if bins > 0 {
		t["nbinsx"] = bins
	}
	return t
}

// boxTrace returns a box trace of y, grouped along x when x is not nil.
func boxTrace(name string, x, y any) Trace {
	t := withName(Trace{"type": "box", "y": y}, name)
	if x != nil {
		t["x"] = x
	}
	return t
}

// setSizes makes t's markers bubbles of the given sizes, scaled so that
// the largest size in the figure is sizeMax pixels across.
func setSizes(t Trace, sizes Numbers, largest float64) {
	t.Set("marker.size", sizes)
	t.Set("marker.sizemode", "area")
	if largest > 0 {
		t.Set("marker.sizeref", 2*largest/(sizeMax*sizeMax))
	}
}

// maxOf returns the largest finite value in n, or 0.
func maxOf(n Numbers) float64 {
	m := 0.0
	for _, v := range n {
		if !math.IsNaN(v) && !math.IsInf(v, 0) && v > m {
			m = v
		}
	}
	return m
}
