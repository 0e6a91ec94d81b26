package chart

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Figure is a Plotly figure: the traces that draw the data and the layout
// around them. It marshals to {"data": [...], "layout": {...}}, the
// arguments plotly.js's newPlot and react take.
type Figure struct {
	// Data holds the traces, drawn in order. Plotly gives the i-th trace
	// the i-th colorway color.
	Data []Trace
	// Layout holds everything that is not a trace: titles, axes, legend,
	// size and colors.
	Layout Layout
}

// New returns a figure holding traces, with DefaultLayout. The chart
// constructors start from it; use it for traces built by hand.
func New(traces ...Trace) *Figure {
	return &Figure{Data: traces, Layout: DefaultLayout()}
}

// Must returns f, or panics if err is not nil. Like template.Must, it is
// meant for figures built from data fixed in the program; a figure built
// from user data should have its error returned instead.
func Must(f *Figure, err error) *Figure {
	if err != nil {
		panic(err)
	}
	return f
}

// MarshalJSON encodes f as {"data": [...], "layout": {...}}. A nil Data
// is written as an empty list.
func (f Figure) MarshalJSON() ([]byte, error) {
	data := f.Data
	if data == nil {
		data = []Trace{}
	}
	return json.Marshal(struct {
		Data   []Trace `json:"data"`
		Layout Layout  `json:"layout"`
	}{data, f.Layout})
}

// SetTraces calls Set(path, v) on every trace of f, like plotly's
// update_traces: fig.SetTraces("mode", "lines+markers") adds markers to
// every line. A map value (map[string]any or Trace) is copied for each
// trace, so the traces do not share it.
func (f *Figure) SetTraces(path string, v any) {
	for _, t := range f.Data {
		if m, ok := asMap(v); ok {
			t.Set(path, clone(m))
			continue
		}
		t.Set(path, v)
	}
}

// Trace is one plotly.js trace: its attributes by name, such as "type",
// "x", "y", "name" and "marker", as listed in the plotly.js reference
// (https://plotly.com/javascript/reference/). Nested attributes are
// map[string]any values. Keys marshal in sorted order, so a trace encodes
// to the same bytes on every run.
type Trace map[string]any

// Set sets the attribute at a dotted path, such as "marker.color" or
// "line.dash", creating the maps on the way; a value on the way that is
// not a map[string]any or a Trace is replaced by a map. Set with a nil v
// deletes the attribute.
func (t Trace) Set(path string, v any) { setPath(t, path, v) }

// Layout is a figure's layout. The fields cover the settings most charts
// change; any other plotly.js layout attribute goes in Extra, most easily
// with Set. When the layout is marshaled, a non-zero field wins over the
// same attribute in Extra, and the rest of Extra is kept: setting Title
// keeps the title position from DefaultLayout.
type Layout struct {
	// Title is the figure title (layout attribute title.text).
	Title string
	// XTitle is the x axis title (xaxis.title.text).
	XTitle string
	// YTitle is the y axis title (yaxis.title.text).
	YTitle string
	// Width is the figure width in pixels (width). Zero leaves it to
	// plotly, which fills the container.
	Width int
	// Height is the figure height in pixels (height). Zero leaves it to
	// plotly.
	Height int
	// BarMode sets how the traces of bar charts and histograms share a
	// category (barmode). Empty leaves plotly's default, Grouped.
	BarMode BarMode
	// Extra holds every other layout attribute, by plotly.js name, with
	// nested attributes as map[string]any values. DefaultLayout fills it
	// with plotly express's look.
	Extra map[string]any
}

// Set sets the layout attribute at a dotted path in Extra, such as
// "legend.orientation" or "xaxis.range", creating the maps on the way; a
// value on the way that is not a map[string]any or a Trace is replaced by
// a map. Set
// with a nil v deletes the attribute. The typed fields are not changed:
// where a field is set, it wins over Extra.
func (l *Layout) Set(path string, v any) {
	if l.Extra == nil {
		if v == nil {
			return
		}
		l.Extra = map[string]any{}
	}
	setPath(l.Extra, path, v)
}

// MarshalJSON encodes the layout as one plotly.js layout object: Extra,
// with the non-zero typed fields set over it. Keys are sorted.
func (l Layout) MarshalJSON() ([]byte, error) {
	m := clone(l.Extra)
	if m == nil {
		m = map[string]any{}
	}
	if l.Title != "" {
		setPath(m, "title.text", l.Title)
	}
	if l.XTitle != "" {
		setPath(m, "xaxis.title.text", l.XTitle)
	}
	if l.YTitle != "" {
		setPath(m, "yaxis.title.text", l.YTitle)
	}
	if l.Width > 0 {
		m["width"] = l.Width
	}
	if l.Height > 0 {
		m["height"] = l.Height
	}
	if l.BarMode != "" {
		m["barmode"] = string(l.BarMode)
	}
	return json.Marshal(m)
}

// BarMode is how the bars of several traces share a category: the layout
// attribute barmode.
type BarMode string

// The bar modes of plotly.js.
const (
	// Grouped draws the traces' bars side by side.
	Grouped BarMode = "group"
	// Stacked draws the traces' bars on top of each other.
	Stacked BarMode = "stack"
	// Relative stacks positive values above zero and negative ones below,
	// plotly express's default.
	Relative BarMode = "relative"
	// Overlay draws the traces' bars over each other.
	Overlay BarMode = "overlay"
)

// colorway is the "plotly" template's colorway, plotly express's default
// discrete colors.
var colorway = [...]string{"#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"}

// sequential is the "plotly" template's sequential colorscale (plasma),
// which its heatmaps use.
func sequential() [][]any {
	return [][]any{
		{0.0, "#0d0887"}, {0.1111111111111111, "#46039f"},
		{0.2222222222222222, "#7201a8"}, {0.3333333333333333, "#9c179e"},
		{0.4444444444444444, "#bd3786"}, {0.5555555555555556, "#d8576b"},
		{0.6666666666666666, "#ed7953"}, {0.7777777777777778, "#fb9f3a"},
		{0.8888888888888888, "#fdca26"}, {1.0, "#f0f921"},
	}
}

// DefaultLayout returns a layout holding plotly express's default look in
// Extra: the main layout settings of plotly's "plotly" template (colorway,
// font color, paper and plot background, white gridlines and zero lines,
// closest-point hover, title position) and the 60 pixel top margin and
// legend spacing that plotly express adds. It sets them as plain layout
// attributes, so they need no template registry in the browser, and any
// of them can be overridden with Set, or dropped with Set(path, nil). Each
// call returns new maps.
func DefaultLayout() Layout {
	axis := func() map[string]any {
		return map[string]any{
			"automargin":    true,
			"gridcolor":     "white",
			"linecolor":     "white",
			"ticks":         "",
			"title":         map[string]any{"standoff": 15},
			"zerolinecolor": "white",
			"zerolinewidth": 2,
		}
	}
	return Layout{Extra: map[string]any{
		"autotypenumbers": "strict",
		"colorway":        slices.Clone(colorway[:]),
		"font":            map[string]any{"color": "#2a3f5f"},
		"hoverlabel":      map[string]any{"align": "left"},
		"hovermode":       "closest",
		"legend":          map[string]any{"tracegroupgap": 0},
		"margin":          map[string]any{"t": 60},
		"paper_bgcolor":   "white",
		"plot_bgcolor":    "#E5ECF6",
		"title":           map[string]any{"x": 0.05},
		"xaxis":           axis(),
		"yaxis":           axis(),
	}}
}

// Numbers is a column of numbers in a trace. It marshals like []float64,
// except that NaN and the infinities are written as null, which plotly
// draws as a gap. The constructors use it for every numeric column.
type Numbers []float64

// MarshalJSON encodes n as a JSON list, with null for NaN and the
// infinities. Numbers are formatted as encoding/json formats float64.
func (n Numbers) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+8*len(n))
	b = append(b, '[')
	for i, f := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloat(b, f)
	}
	return append(b, ']'), nil
}

// appendFloat appends f as encoding/json writes a float64, or null.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// Shorten e-09 to e-9, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// setPath sets the value at a dotted path in m, creating maps on the way,
// or deletes it when v is nil.
func setPath(m map[string]any, path string, v any) {
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := asMap(m[k])
		if !ok {
			if v == nil {
				return
			}
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	if last := keys[len(keys)-1]; v == nil {
		delete(m, last)
	} else {
		m[last] = v
	}
}

// asMap returns v as a map[string]any if it is one or a Trace.
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case Trace:
		return m, true
	}
	return nil, false
}

// clone copies m and the maps nested in it (map[string]any or Trace);
// other values are shared.
func clone(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := asMap(v); ok {
			v = clone(sub)
		}
		out[k] = v
	}
	return out
}
