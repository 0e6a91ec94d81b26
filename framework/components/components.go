// Package components holds Pagewire's counterparts of Dash's core
// components, as templ components that render plain, accessible HTML: every
// control has a label and a name, so a form around them submits without
// JavaScript. Callbacks address them by ID with the properties listed on
// each. An ID is a plain id or, for pattern-matching callbacks (ALL,
// MATCH), a framework.ID's String(), as in:
//
//	components.Dropdown(components.DropdownProps{ID: framework.ID{"type": "filter", "index": i}.String(), ...})
//
// Every component takes either; the ids a component derives for its parts
// (a tab, a panel, a slider's datalist) escape it into a valid IDREF.
//
// # Dashboards
//
// Dropdown, Tabs, DatePickerSingle, DatePickerRange and Slider are Dash's
// dcc components of the same names, on native HTML:
//
//   - Dropdown is a select. Searchable adds a search box (an input of type
//     search) that hides the options whose label does not contain its
//     text, in the browser; Clearable adds a button that clears the value
//     (to null, or [] with Multi) and fires its callbacks; Placeholder
//     shows while no value is chosen, when the value is null. options
//     ({label, value, disabled} each) and placeholder are outputs: options
//     rebuilds the choices and keeps the value while it is still offered.
//
//   - Tabs is a tablist (role tablist, tab and tabpanel, aria-selected,
//     aria-controls) with every panel rendered and the inactive ones
//     hidden. A click on a tab shows its panel in the browser and fires the
//     callbacks of value, which is an input and an output.
//
//   - DatePickerSingle (property date) and DatePickerRange (start_date and
//     end_date) are inputs of type date, with MinDateAllowed and
//     MaxDateAllowed as min and max. Dates are "YYYY-MM-DD", or null while
//     empty; a value that is not a date empties the input, as the browser
//     does.
//
//   - Slider's Marks label values: a datalist (the browser's ticks) and
//     labels under the slider, in order, placed by SVG attributes so that
//     a strict CSP needs no inline style.
//
// The mark labels line up with the track when the slider fills its
// wrapper, as the framework's stylesheet (see Loading below) makes it;
// without that stylesheet, a rule like this does:
//
//	.pw-slider input[type="range"] { display: block; width: 100%; margin: 0 }
//
// Any element also takes the writable properties placeholder, title and
// src (a URL a browser would run, such as javascript:, is refused by the
// server), and disabled.
//
// Loading hides its indicator until a callback that outputs inside it
// runs: the runtime sets data-pw-loading-on, and a rule of the stylesheet
// the framework links on every page (the theme with Config.Theme, else
// its component rules; a stylesheet, so a strict CSP needs no inline
// style) hides the indicator without it. An app that opts out of that
// stylesheet (Config.NoComponentCSS) needs the rule in its own CSS:
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
//
// # DataTable
//
// DataTable is Dash's DataTable with page_action, sort_action and
// filter_action "custom": only the page shown ever reaches the browser,
// and a callback answers its sort_by, filter_query and page_current with
// package table, over rows in memory. The first paint is a complete,
// plain table (sort buttons with aria-sort, filter inputs, the page's
// rows, a pager); the runtime then redraws its rows from each new page's
// JSON with the columns' formats (FormatNumber, FormatPercent,
// FormatMoney, FormatDate), which it and the server apply alike, by hand.
// Each sort, filter or page change is one request, answered by one page:
//
//	reg.Callback(framework.CallbackSpec{
//		Outputs: []framework.Dep{framework.Output("tbl", "data"), framework.Output("tbl", "page_count")},
//		Inputs: []framework.Dep{framework.Input("tbl", "sort_by"),
//			framework.Input("tbl", "filter_query"), framework.Input("tbl", "page_current")},
//		Func: func(c *framework.Ctx) error {
//			q := table.Query{Filter: c.String("tbl", "filter_query"), Page: c.Int("tbl", "page_current"), PageSize: 25}
//			if err := c.Decode("tbl", "sort_by", &q.SortBy); err != nil {
//				return err
//			}
//			page, total, err := table.Apply(rows, q)
//			if err != nil {
//				return err // a bad filter names its position
//			}
//			c.Set("tbl", "data", page)
//			c.Set("tbl", "page_count", table.PageCount(total, q.PageSize))
//			return nil
//		},
//	})
//
// Its active_cell and selected_rows are inputs too.
package components

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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

// InputProps configures an Input. Properties: value, n_submit, disabled,
// placeholder (an output).
type InputProps struct {
	// ID addresses the input in callbacks: a plain id, or a
	// pattern-matching framework.ID's String(), as for every component.
	// Required.
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

// TextareaProps configures a Textarea. Properties: value, disabled,
// placeholder (an output).
type TextareaProps struct {
	// ID addresses the textarea in callbacks. Required.
	ID string
	// Label is the visible label.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Value is the initial text.
	Value string
	// Rows is the visible height in lines, at least 3: a smaller value, 0
	// included, gives 3.
	Rows int
	// Placeholder is shown while empty.
	Placeholder string
	// Disabled disables the textarea.
	Disabled bool
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

// mark is a Slider mark, placed at a percentage of the slider's width.
type mark struct {
	value float64
	label string
	at    string // "37.5%"
}

// sliderMarks returns the marks within the slider's range, in order.
func sliderMarks(p SliderProps) []mark {
	lo, hi := p.Min, sliderMax(p)
	var out []mark
	for v, label := range p.Marks {
		if v < lo || v > hi || math.IsNaN(v) {
			continue
		}
		at := 0.0
		if hi > lo {
			at = (v - lo) / (hi - lo) * 100
		}
		out = append(out, mark{value: v, label: label, at: strconv.FormatFloat(at, 'f', -1, 64) + "%"})
	}
	slices.SortFunc(out, func(a, b mark) int { return cmp.Compare(a.value, b.value) })
	return out
}

// hasPlaceholder reports whether a Dropdown has a placeholder option: a
// single one with a Placeholder, or Clearable (its empty placeholder
// stands for null).
func hasPlaceholder(p DropdownProps) bool {
	return !p.Multi && (p.Placeholder != "" || p.Clearable)
}

// offered reports whether one of the Dropdown's values is among its
// options.
func offered(p DropdownProps) bool {
	for _, o := range p.Options {
		if contains(p.Value, o.Value) {
			return true
		}
	}
	return false
}

// tabValue is a tab's value: its Value, or "tab-N" as in Dash.
func tabValue(t Tab, i int) string {
	if t.Value == "" {
		return "tab-" + strconv.Itoa(i+1)
	}
	return t.Value
}

// tabsValue is the selected tab's value: Value, or the first tab's.
func tabsValue(p TabsProps) string {
	if p.Value != "" || len(p.Tabs) == 0 {
		return p.Value
	}
	return tabValue(p.Tabs[0], 0)
}

// dateOrEmpty returns s when it is a valid date, "YYYY-MM-DD", as an input
// of type date takes it, and "" otherwise.
func dateOrEmpty(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1 {
		return ""
	}
	return s
}

// subID derives the id of a part of the component with id: "pw-", id with
// every character but ASCII letters, digits and "-" written as _XX (its
// bytes in hex), "-" and part. It is unique per id and part, and a valid
// IDREF (no spaces) even for a pattern-matching id's JSON.
func subID(id, part string) string {
	var b strings.Builder
	b.WriteString("pw-")
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	b.WriteString("-")
	b.WriteString(part)
	return b.String()
}
