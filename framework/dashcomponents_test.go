package framework

import (
	"fmt"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework/components"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

// TestDashComponentsWithPatternIDs drives Tabs, DatePickers and Dropdowns
// whose ids are pattern-matching ones through server callbacks, over the
// socket (frameworktest applies the same property rules as the first
// paint): ALL gathers the dates, MATCH pairs each Dropdown with its own
// output, and options, value and placeholder are outputs.
func TestDashComponentsWithPatternIDs(t *testing.T) {
	t.Parallel()
	day := func(i int) string { return ID{"type": "day", "index": i}.String() }
	dd := func(i int) string { return ID{"type": "dd", "index": i}.String() }
	echo := func(i int) string { return ID{"type": "echo", "index": i}.String() }
	tabs := ID{"type": "tabs", "name": "main view"}.String()
	opts := []components.Option{{Label: "Red", Value: "r"}, {Label: "Green", Value: "g"}}
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Join(
			components.Tabs(components.TabsProps{ID: tabs, Tabs: []components.Tab{
				{Label: "Dates", Value: "dates", Content: templ.Join(
					components.DatePickerSingle(components.DatePickerSingleProps{ID: day(1), Label: "First", Date: "2024-01-02"}),
					components.DatePickerSingle(components.DatePickerSingleProps{ID: day(2), Label: "Second"}),
					components.DatePickerRange(components.DatePickerRangeProps{ID: "span", Label: "Span", StartDate: "2024-01-01", EndDate: "2024-01-31"}),
				)},
				{Label: "Choices", Value: "choices", Content: templ.Join(
					components.Dropdown(components.DropdownProps{ID: dd(1), Label: "One", Options: opts, Placeholder: "Pick", Clearable: true}),
					components.Dropdown(components.DropdownProps{ID: dd(2), Label: "Two", Options: opts, Value: []string{"g"}}),
				)},
			}}),
			components.Button(components.ButtonProps{ID: "reload"}),
			templ.Raw(`<p id="dates"></p><p id="tab"></p><p id="span-out"></p>`),
			templ.Raw(`<p id="`+templ.EscapeString(echo(1))+`"></p><p id="`+templ.EscapeString(echo(2))+`"></p>`),
		)
	}})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("dates", "children")), Inputs: outputs(Input(ID{"type": "day", "index": ALL}, "date")),
		Func: func(c *Ctx) error {
			var ds []string
			for _, it := range c.All(ID{"type": "day", "index": ALL}, "date") {
				if it.Value.IsNil() {
					ds = append(ds, fmt.Sprint(it.ID["index"], "=null"))
				} else {
					ds = append(ds, fmt.Sprint(it.ID["index"], "=", it.Value.String()))
				}
			}
			c.Set("dates", "children", strings.Join(ds, " "))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("span-out", "children")), Inputs: outputs(Input("span", "start_date"), Input("span", "end_date")),
		Func: func(c *Ctx) error {
			c.Set("span-out", "children", c.String("span", "start_date")+".."+c.String("span", "end_date"))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("tab", "children")), Inputs: outputs(Input(ID{"type": "tabs", "name": ALL}, "value")),
		Func: func(c *Ctx) error {
			c.Set("tab", "children", "showing "+c.All(ID{"type": "tabs", "name": ALL}, "value")[0].Value.String())
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output(ID{"type": "echo", "index": MATCH}, "children")), Inputs: outputs(Input(ID{"type": "dd", "index": MATCH}, "value")),
		Func: func(c *Ctx) error {
			v := c.All(ID{"type": "dd", "index": MATCH}, "value")[0].Value
			s := "null"
			if !v.IsNil() {
				s = v.String()
			}
			c.Set(ID{"type": "echo", "index": MATCH}, "children", s)
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(
			Output(ID{"type": "dd", "index": 1}, "options"), Output(ID{"type": "dd", "index": 1}, "placeholder"),
			Output(ID{"type": "day", "index": 2}, "date"), Output(ID{"type": "tabs", "name": "main view"}, "value"),
		),
		Inputs: outputs(Input("reload", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			c.Set(ID{"type": "dd", "index": 1}, "options", []map[string]any{{"label": "Green", "value": "g"}, {"label": "Blue", "value": "b"}})
			c.Set(ID{"type": "dd", "index": 1}, "placeholder", "Pick again")
			c.Set(ID{"type": "day", "index": 2}, "date", "2024-06-30")
			c.Set(ID{"type": "tabs", "name": "main view"}, "value", "choices")
			return nil
		},
	})
	p := ft.Visit(t, newCallbackApp(t, Config{Registry: reg}), "/")
	// First paint: the Go rules read every component.
	for id, want := range map[string]string{"dates": "1=2024-01-02 2=null", "tab": "showing dates", "span-out": "2024-01-01..2024-01-31", echo(1): "null", echo(2): "g"} {
		if got := p.Text(id); got != want {
			t.Errorf("first paint: %s = %q, want %q", id, got, want)
		}
	}
	panel := func(i int) any { return p.Prop("pw-"+escapedPart(tabs)+"-panel-"+fmt.Sprint(i), "hidden") }
	if panel(0) != false || panel(1) != true {
		t.Fatalf("panels hidden: %v %v", panel(0), panel(1))
	}
	p.Set(day(2), "date", "2024-02-29")
	p.Set("span", "end_date", "2024-02-15")
	p.Set(dd(1), "value", "r")
	p.Set(tabs, "value", "choices")
	if panel(0) != true || panel(1) != false {
		t.Fatalf("panels hidden after the value changed: %v %v", panel(0), panel(1))
	}
	for id, want := range map[string]string{"dates": "1=2024-01-02 2=2024-02-29", "span-out": "2024-01-01..2024-02-15", echo(1): "r", echo(2): "g", "tab": "showing choices"} {
		if got := p.Text(id); got != want || p.Err() != "" {
			t.Errorf("after changes: %s = %q, want %q (err %q)", id, got, want, p.Err())
		}
	}
	p.Set(dd(1), "value", nil) // the clear button
	if got := p.Text(echo(1)); got != "null" {
		t.Errorf("cleared: %q", got)
	}
	p.Set(tabs, "value", "dates")
	p.Set(dd(1), "value", "g")
	p.Click("reload")
	if got := p.Prop(dd(1), "value"); got != "g" {
		t.Errorf("value after options: %v (kept while offered)", got)
	}
	if html := p.HTML(dd(1)); !strings.Contains(html, `disabled="">Pick again</option><option value="g" selected="">Green</option><option value="b">Blue</option>`) {
		t.Errorf("options and placeholder: %s", html)
	}
	if p.Prop(day(2), "date") != "2024-06-30" || p.Prop(tabs, "value") != "choices" || p.Text("tab") != "showing choices" {
		t.Errorf("date %v, tabs %v, tab %q", p.Prop(day(2), "date"), p.Prop(tabs, "value"), p.Text("tab"))
	}
}

// escapedPart is an id as the components spell it inside derived ids.
func escapedPart(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}
