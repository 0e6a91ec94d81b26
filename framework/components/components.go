// Package components holds Pagewire's counterparts of Dash's core
// components, as templ components that render plain, accessible HTML: every
// control has a label and a name, so a form around them submits without
// JavaScript. Callbacks address them by ID with the properties listed on
// each.
//
// Loading shows its indicator only with a rule like this in the app's CSS
// (the runtime sets data-pw-loading-on; the CSS is the app's, so a strict
// CSP needs no inline style):
//
//	.pw-loading:not([data-pw-loading-on]) > .pw-loading-indicator { display: none }
//
// # Graph
//
// Graph is Dash's dcc.Graph: a chart drawn by plotly.js from a plotly
// figure, {"data": [...], "layout": {...}}, given as a map[string]any, a
// json.RawMessage or any value encoding/json marshals to an object (such
// as go-plotly's figure types). The server renders an empty container of
// the graph's height (450px unless GraphProps.Height says) with the figure
// and config as JSON attributes, so the first paint never waits for the
// chart. plotly.js is embedded in the framework (vendored from npm at the
// version package.json pins, never from a CDN) and served, gzipped and
// content-hashed, under the runtime's prefix; the runtime loads it only
// once a shown page has a Graph, after a document load or an in-app
// navigation, and draws each graph with Plotly.react.
//
// A Graph's properties, as in Dash: "figure", an output (a callback or a
// push that sets it redraws the chart in place) that is readable as state;
// and "clickData", "hoverData", "selectedData" and "relayoutData", inputs
// that are null until the user clicks a point, hovers one, selects some
// (box or lasso) or zooms and pans. Their points keep the serialisable
// fields curveNumber, pointNumber, pointIndex, x, y, z, customdata, text,
// label and value, so a callback with Input(id, "clickData") and
// Output(other, "figure") filters one chart by another in one round trip:
//
//	reg.Callback(framework.CallbackSpec{
//		Outputs: []framework.Dep{framework.Output("detail", "figure")},
//		Inputs:  []framework.Dep{framework.Input("overview", "clickData")},
//		Func: func(c *framework.Ctx) error {
//			var click struct {
//				Points []struct{ X, Y any } `json:"points"`
//			}
//			c.Decode("overview", "clickData", &click) // null: no click yet
//			c.Set("detail", "figure", detailFigure(click.Points))
//			return nil
//		},
//	})
package components

import (
	"encoding/json"
	"strconv"
	"time"
)

// Option is one choice of a Dropdown, Checklist or RadioItems.
type Option struct {
	// Label is the text shown.
	Label string
	// Value is the value sent.
	Value string
	// Disabled greys the choice out.
	Disabled bool
}

// InputProps configures an Input. Properties: value, n_submit, disabled.
type InputProps struct {
	// ID addresses the input in callbacks. Required.
	ID string
	// Label is the visible label. Required for accessibility.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Type is the input type. Default "text".
	Type string
	// Value is the initial value.
	Value string
	// Placeholder is shown while empty.
	Placeholder string
	// Disabled disables the input.
	Disabled bool
}

// TextareaProps configures a Textarea. Properties: value, disabled.
type TextareaProps struct {
	// ID addresses the textarea in callbacks. Required.
	ID string
	// Label is the visible label.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Value is the initial text.
	Value string
	// Rows is the visible height in lines. Default 3.
	Rows int
}

// DropdownProps configures a Dropdown (a select). Properties: value (a
// string, or a list with Multi), disabled.
type DropdownProps struct {
	// ID addresses the dropdown in callbacks. Required.
	ID string
	// Label is the visible label.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Options are the choices.
	Options []Option
	// Value holds the selected values.
	Value []string
	// Multi allows several selections.
	Multi bool
}

// ChoiceProps configures a Checklist or RadioItems. Property: value (a list
// for a Checklist, a string for RadioItems).
type ChoiceProps struct {
	// ID addresses the group in callbacks. Required.
	ID string
	// Label is the group's legend.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Options are the choices.
	Options []Option
	// Value holds the checked values.
	Value []string
}

// SliderProps configures a Slider (a range input). Properties: value (a
// number as text; Ctx.Int and Ctx.Float parse it), disabled.
type SliderProps struct {
	// ID addresses the slider in callbacks. Required.
	ID string
	// Label is the visible label.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Min, Max and Step bound the value. Default 0, 100, 1.
	Min, Max, Step float64
	// Value is the initial value.
	Value float64
}

// ButtonProps configures a Button. Properties: n_clicks, disabled.
type ButtonProps struct {
	// ID addresses the button in callbacks. Required.
	ID string
	// Type is the button type. Default "button"; "submit" submits its form.
	Type string
	// Disabled disables the button.
	Disabled bool
}

// StoreProps configures a Store: JSON data kept in the page (memory), in
// localStorage or in sessionStorage. Property: data.
type StoreProps struct {
	// ID addresses the store in callbacks. Required.
	ID string
	// Storage is "memory", "local" or "session". Default "memory".
	Storage string
	// Data is the initial data, marshalled to JSON.
	Data any
}

// IntervalProps configures an Interval, a timer. Properties: n_intervals
// (input), disabled, data-pw-max-intervals.
type IntervalProps struct {
	// ID addresses the interval in callbacks. Required.
	ID string
	// Every is the time between ticks. Default one second.
	Every time.Duration
	// MaxIntervals stops the timer after that many ticks; 0 or less means
	// no limit.
	MaxIntervals int
	// Disabled pauses the timer.
	Disabled bool
}

// LoadingProps configures a Loading wrapper: while a callback that outputs
// to an element inside it runs, after Delay, its indicator shows.
type LoadingProps struct {
	// Delay is the time before the indicator shows. Default 0.
	Delay time.Duration
	// Text is the indicator's text. Default "Loading…".
	Text string
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func storeData(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

func maxIntervals(n int) string {
	if n <= 0 {
		return "-1"
	}
	return strconv.Itoa(n)
}

func every(d time.Duration) string {
	if d <= 0 {
		d = time.Second
	}
	return strconv.FormatInt(d.Milliseconds(), 10)
}

func sliderMax(p SliderProps) float64 {
	if p.Max == 0 && p.Min == 0 {
		return 100
	}
	return p.Max
}

func sliderStep(p SliderProps) float64 {
	if p.Step <= 0 {
		return 1
	}
	return p.Step
}
