package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	"github.com/pagewire/pagewire/framework/internal/dom"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// dashProbe is what the echo callback of TestBrowserDashComponents reports:
// each component's properties as the runtime read them.
type dashProbe struct {
	DD    any `json:"dd"`
	Multi any `json:"multi"`
	Tabs  any `json:"tabs"`
	Day   any `json:"day"`
	Start any `json:"start"`
	End   any `json:"end"`
	Size  any `json:"size"`
}

var (
	dashOptions = []components.Option{{Label: "Red", Value: "r"}, {Label: "Green", Value: "g"}, {Label: "Greige", Value: "gr"}, {Label: "Blue", Value: "b"}}
	dashDD      = components.DropdownProps{ID: "dd", Label: "Colour", Options: dashOptions, Placeholder: "Pick a colour", Searchable: true, Clearable: true}
)

// goRead applies writes to a component as the server renders it, with the
// Go rules, and reads prop: what the runtime must agree with.
func goRead(t *testing.T, c templ.Component, id, prop string, writes ...[2]string) any {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	f, err := dom.ParseFragment(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range f.Elems {
		if e.ID != id {
			continue
		}
		for _, w := range writes {
			if err := dom.ApplyProp(e.N, w[0], json.RawMessage(w[1])); err != nil {
				t.Fatal(err)
			}
		}
		var v any
		json.Unmarshal(dom.ReadProp(e.N, prop, nil), &v)
		return v
	}
	t.Fatalf("no element %s", id)
	return nil
}

func TestBrowserDashComponents(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Join(
			components.Dropdown(dashDD),
			components.Dropdown(components.DropdownProps{ID: "multi", Label: "Several", Options: dashOptions, Multi: true, Clearable: true, Value: []string{"r"}}),
			components.Tabs(components.TabsProps{ID: "tabs", Label: "Views", Tabs: []components.Tab{
				{Label: "First", Value: "first", Content: templ.Raw(`<p id="in-first">first panel</p>`)},
				{Label: "Second", Value: "second", Content: templ.Raw(`<p id="in-second">second panel</p>`)},
				{Label: "Off", Value: "off", Disabled: true},
			}}),
			components.DatePickerSingle(components.DatePickerSingleProps{ID: "day", Label: "Day", Date: "2024-03-01", MinDateAllowed: "2024-01-01", MaxDateAllowed: "2024-12-31"}),
			components.DatePickerRange(components.DatePickerRangeProps{ID: "span", Label: "Span", StartDate: "2024-01-01"}),
			components.Slider(components.SliderProps{ID: "size", Label: "Size", Min: 0, Max: 10, Value: 5, Marks: map[float64]string{10: "L", 0: "S", 5: "M"}}),
			components.Tabs(components.TabsProps{ID: ID{"type": "more tabs", "i": 1}.String(), Tabs: []components.Tab{{Label: "A"}, {Label: "B"}}}),
			components.Dropdown(components.DropdownProps{ID: ID{"type": "more dd", "i": 1}.String(), Label: "More", Options: dashOptions, Clearable: true, Value: []string{"b"}}),
			templ.Raw(`<p id="dict-out"></p>`),
			components.Button(components.ButtonProps{ID: "load"}),
			components.Button(components.ButtonProps{ID: "show"}),
			components.Button(components.ButtonProps{ID: "probe"}),
			templ.Raw(`<pre id="echo"></pre><p id="shown"></p>`),
		)
	}})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("echo", "children")),
		Inputs: outputs(Input("dd", "value"), Input("multi", "value"), Input("tabs", "value"), Input("day", "date"),
			Input("span", "start_date"), Input("span", "end_date"), Input("size", "value"), Input("probe", "n_clicks")),
		Func: func(c *Ctx) error {
			p := dashProbe{}
			for _, x := range []struct {
				id, prop string
				to       *any
			}{{"dd", "value", &p.DD}, {"multi", "value", &p.Multi}, {"tabs", "value", &p.Tabs}, {"day", "date", &p.Day}, {"span", "start_date", &p.Start}, {"span", "end_date", &p.End}, {"size", "value", &p.Size}} {
				c.Decode(x.id, x.prop, x.to)
			}
			b, _ := json.Marshal(p)
			c.Set("echo", "children", string(b))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("dict-out", "children")),
		Inputs:  outputs(Input(ID{"type": "more tabs", "i": ALL}, "value"), Input(ID{"type": "more dd", "i": ALL}, "value")),
		Func: func(c *Ctx) error {
			dd := c.All(ID{"type": "more dd", "i": ALL}, "value")[0].Value
			c.Set("dict-out", "children", c.All(ID{"type": "more tabs", "i": ALL}, "value")[0].Value.String()+" "+string(dd.Raw()))
			return nil
		},
	})
	loads := 0
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("dd", "options"), Output("dd", "placeholder")), Inputs: outputs(Input("load", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			loads++
			if loads == 1 { // still offers g
				c.Set("dd", "options", []map[string]any{{"label": "Cyan", "value": "c"}, {"label": "Green", "value": "g"}, {"label": "Off", "value": "o", "disabled": true}})
			} else { // g is gone
				c.Set("dd", "options", []any{"x", map[string]any{"label": "Yellow", "value": "y"}})
			}
			c.Set("dd", "placeholder", "Pick again")
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("tabs", "value"), Output("day", "date"), Output("span", "end_date")), Inputs: outputs(Input("show", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			c.Set("tabs", "value", "first")
			c.Set("day", "date", "2024-02-30") // not a day: the input empties itself
			c.Set("span", "end_date", "2024-05-06T07:08:09")
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("shown", "children")), Inputs: outputs(Input("tabs", "value")),
		Func: func(c *Ctx) error { c.Set("shown", "children", "tab "+c.String("tabs", "value")); return nil },
	})
	// With the theme, whose rules put the slider's mark labels in place.
	ctx, _ := openApp(t, Config{Registry: reg, Theme: true}, "/")
	probe := func() dashProbe {
		t.Helper()
		var p dashProbe
		if err := json.Unmarshal([]byte(bt.Eval[string](t, ctx, `document.getElementById("echo").textContent`)), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	waitEcho := func(want string) {
		t.Helper()
		bt.WaitFor(t, ctx, `document.getElementById("echo").textContent === `+jsString(want), 5*time.Second)
	}
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
	}
	// First paint: the server read every component with the Go rules.
	waitEcho(`{"dd":null,"multi":["r"],"tabs":"first","day":"2024-03-01","start":"2024-01-01","end":null,"size":"5"}`)

	// Pattern-matching ids: a tab click and a clear fire ALL callbacks.
	bt.WaitFor(t, ctx, `document.getElementById("dict-out").textContent === 'tab-1 "b"'`, 5*time.Second)
	click(`[data-pw-tabs]:not(#tabs) [role=tab][value="tab-2"]`)
	bt.WaitFor(t, ctx, `document.getElementById("dict-out").textContent === 'tab-2 "b"'`, 5*time.Second)
	click(`.pw-dropdown:has(select[id*="more dd"]) > button`)
	bt.WaitFor(t, ctx, `document.getElementById("dict-out").textContent === 'tab-2 null'`, 5*time.Second)

	// Dropdown: the search box hides the options that do not match.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`.pw-dropdown input[type=search]`), "GRE")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `Array.from(document.getElementById("dd").options).map((o) => o.hidden ? "-" : o.value).join(" ") === "- - g gr -"`, 5*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `(() => { const s = document.querySelector(".pw-dropdown input[type=search]"); s.value = ""; s.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `Array.from(document.getElementById("dd").options).every((o) => !o.hidden)`, 5*time.Second)
	// A choice, then the clear button: null, as the Go rules read it.
	bt.Eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("dd"); s.value = "g"; s.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `JSON.parse(document.getElementById("echo").textContent).dd === "g"`, 5*time.Second)
	click(`#dd + button`)
	bt.WaitFor(t, ctx, `JSON.parse(document.getElementById("echo").textContent).dd === null`, 5*time.Second)
	if got := goRead(t, components.Dropdown(dashDD), "dd", "value", [2]string{"value", `"g"`}, [2]string{"value", `""`}); got != nil {
		t.Errorf("the Go rules read %v after the clear", got)
	}
	// Multi: clear gives [].
	bt.Eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("multi"); s.options[3].selected = true; s.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `JSON.stringify(JSON.parse(document.getElementById("echo").textContent).multi) === '["r","b"]'`, 5*time.Second)
	click(`#multi + button`)
	bt.WaitFor(t, ctx, `JSON.stringify(JSON.parse(document.getElementById("echo").textContent).multi) === "[]"`, 5*time.Second)

	// options as an output: the value is kept while offered; when it is
	// not, the browser and the Go rules agree on what it becomes.
	bt.Eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("dd"); s.value = "g"; s.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `JSON.parse(document.getElementById("echo").textContent).dd === "g"`, 5*time.Second)
	click(`#load`)
	bt.WaitFor(t, ctx, `Array.from(document.getElementById("dd").options).map((o) => o.text + (o.disabled ? "!" : "")).join(",") === "Pick again!,Cyan,Green,Off!"`, 5*time.Second)
	click(`#probe`)
	bt.WaitFor(t, ctx, `document.getElementById("echo").textContent.includes('"dd":"g"')`, 5*time.Second)
	click(`#load`)
	bt.WaitFor(t, ctx, `Array.from(document.getElementById("dd").options).map((o) => o.value).join(",") === ",x,y"`, 5*time.Second)
	click(`#probe`)
	want := goRead(t, components.Dropdown(dashDD), "dd", "value", [2]string{"value", `"g"`},
		[2]string{"options", `[{"label":"Cyan","value":"c"},{"label":"Green","value":"g"}]`}, [2]string{"options", `["x",{"label":"Yellow","value":"y"}]`})
	bt.WaitFor(t, ctx, `document.getElementById("probe").dataset.pwNClicks === "2"`, 5*time.Second)
	time.Sleep(100 * time.Millisecond)
	if got := probe().DD; got != want || want != "x" {
		t.Errorf("dd after its value left the options: browser %v, Go rules %v, want x", got, want)
	}

	// Tabs: a click selects the tab, shows its panel and fires value.
	click(`#pw-tabs-tab-1`)
	bt.WaitFor(t, ctx, `document.getElementById("shown").textContent === "tab second"`, 5*time.Second)
	state := `[0, 1, 2].map((i) => document.getElementById("pw-tabs-tab-" + i).getAttribute("aria-selected")[0] + (document.getElementById("pw-tabs-panel-" + i).hidden ? "h" : "S")).join(" ")`
	if got := bt.Eval[string](t, ctx, state); got != "fh tS fh" {
		t.Errorf("after a click on the second tab: %s", got)
	}
	if got := bt.Eval[bool](t, ctx, `document.getElementById("in-second").checkVisibility() && !document.getElementById("in-first").checkVisibility()`); !got {
		t.Error("the second panel does not show alone")
	}
	click(`#pw-tabs-tab-2`) // disabled: nothing
	time.Sleep(150 * time.Millisecond)
	if got := bt.Eval[string](t, ctx, `document.getElementById("tabs").getAttribute("value")`); got != "second" {
		t.Errorf("a disabled tab was selected: %s", got)
	}
	// value as an output (with dates, from the same callback).
	click(`#show`)
	bt.WaitFor(t, ctx, `document.getElementById("shown").textContent === "tab first"`, 5*time.Second)
	if got := bt.Eval[string](t, ctx, state); got != "tS fh fh" {
		t.Errorf("after value was set: %s", got)
	}
	click(`#probe`)
	bt.WaitFor(t, ctx, `document.getElementById("probe").dataset.pwNClicks === "3"`, 5*time.Second)
	time.Sleep(100 * time.Millisecond)
	p := probe()
	dayGo := goRead(t, components.DatePickerSingle(components.DatePickerSingleProps{ID: "day", Label: "Day"}), "day", "date", [2]string{"date", `"2024-02-30"`})
	endGo := goRead(t, components.DatePickerRange(components.DatePickerRangeProps{ID: "span", Label: "Span"}), "span", "end_date", [2]string{"end_date", `"2024-05-06T07:08:09"`})
	if p.Tabs != "first" || p.Day != dayGo || p.Day != nil || p.End != endGo || p.End != "2024-05-06" {
		t.Errorf("browser tabs %v day %v end %v; Go rules day %v end %v", p.Tabs, p.Day, p.End, dayGo, endGo)
	}

	// DatePickers: a change of each date fires its callbacks.
	for _, c := range []struct{ sel, date, field string }{
		{`#day`, "2024-07-14", "day"}, {`#span input[data-pw-prop=start_date]`, "2024-02-01", "start"}, {`#span input[data-pw-prop=end_date]`, "2024-02-29", "end"},
	} {
		bt.Eval[chromedp.Void](t, ctx, `(() => { const i = document.querySelector(`+jsString(c.sel)+`); i.value = `+jsString(c.date)+`; i.dispatchEvent(new Event("input", {bubbles: true})); })()`)
		bt.WaitFor(t, ctx, `JSON.parse(document.getElementById("echo").textContent).`+c.field+` === `+jsString(c.date), 5*time.Second)
	}
	bt.Eval[chromedp.Void](t, ctx, `(() => { const i = document.getElementById("day"); i.value = ""; i.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `JSON.parse(document.getElementById("echo").textContent).day === null`, 5*time.Second)

	// Slider marks: the browser's list, labels left to right in order.
	if got := bt.Eval[string](t, ctx, `Array.from(document.getElementById("size").list.options).map((o) => o.value + o.label).join(" ")`); got != "0S 5M 10L" {
		t.Errorf("the slider's list: %s", got)
	}
	if got := bt.Eval[string](t, ctx, `(() => {
		const r = document.getElementById("size").getBoundingClientRect();
		return Array.from(document.querySelectorAll(".pw-slider-marks text")).map((t) => {
			const b = t.getBoundingClientRect();
			return t.textContent + Math.round(((b.left + b.width / 2) - r.left) / r.width * 10);
		}).join(" ");
	})()`); got != "S0 M5 L10" {
		t.Errorf("mark labels, with their place in tenths of the slider: %s", got)
	}
	bt.Eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("size"); s.value = "10"; s.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `JSON.parse(document.getElementById("echo").textContent).size === "10"`, 5*time.Second)
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return strings.ReplaceAll(string(b), "</", `<\/`)
}
