package dom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework/components"
	. "github.com/pagewire/pagewire/framework/internal/dom"
)

// render renders components as the server does and parses them as the
// page container's content.
func render(t *testing.T, cs ...templ.Component) map[string]*html {
	t.Helper()
	var b bytes.Buffer
	for _, c := range cs {
		if err := c.Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
	}
	f, err := ParseFragment(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*html{}
	for _, e := range f.Elems {
		out[e.ID] = &html{t: t, f: f, e: e}
	}
	return out
}

// html is an element of a rendered fragment, with the property rules.
type html struct {
	t *testing.T
	f *Fragment
	e Elem
}

func (h *html) read(prop string) string {
	h.t.Helper()
	return string(ReadProp(h.e.N, prop, nil))
}

func (h *html) write(prop, raw string) {
	h.t.Helper()
	if err := ApplyProp(h.e.N, prop, json.RawMessage(raw)); err != nil {
		h.t.Fatalf("ApplyProp %s %s: %v", prop, raw, err)
	}
}

func (h *html) String() string {
	var b bytes.Buffer
	h.f.Render(&b)
	return b.String()
}

func (h *html) expect(prop, want string) {
	h.t.Helper()
	if got := h.read(prop); got != want {
		h.t.Errorf("%s of %s reads %s, want %s in\n%s", prop, h.e.ID, got, want, h)
	}
}

var colours = []components.Option{{Label: "Red", Value: "r"}, {Label: "Green", Value: "g"}, {Label: "Blue", Value: "b", Disabled: true}}

func TestDropdownPlaceholderAndClear(t *testing.T) {
	t.Parallel()
	els := render(t,
		components.Dropdown(components.DropdownProps{ID: "ph", Label: "L", Options: colours, Placeholder: "Pick one", Clearable: true}),
		components.Dropdown(components.DropdownProps{ID: "set", Label: "L", Options: colours, Placeholder: "Pick one", Value: []string{"g"}}),
		components.Dropdown(components.DropdownProps{ID: "plain", Label: "L", Options: colours}),
		components.Dropdown(components.DropdownProps{ID: "multi", Label: "L", Options: colours, Multi: true, Placeholder: "ignored", Clearable: true, Value: []string{"r", "g"}}),
	)
	els["ph"].expect("value", "null") // the placeholder shows: no value
	els["set"].expect("value", `"g"`)
	els["plain"].expect("value", `"r"`) // as a browser selects it: the first enabled option
	els["multi"].expect("value", `["r","g"]`)
	// The clear button's value, "", as the runtime writes it.
	els["set"].write("value", `""`)
	els["set"].expect("value", "null")
	els["multi"].write("value", `""`)
	els["multi"].expect("value", `[]`)
	els["ph"].write("value", `"g"`)
	els["ph"].expect("value", `"g"`)
	els["ph"].write("value", "null")
	els["ph"].expect("value", "null")
	// placeholder writes the placeholder option's text.
	els["ph"].write("placeholder", `"Choose <a colour>"`)
	if got := els["ph"].String(); !bytes.Contains([]byte(got), []byte(`disabled="" selected="">Choose &lt;a colour&gt;</option>`)) {
		t.Errorf("placeholder not written: %s", got)
	}
	// Without a placeholder option, placeholder is an attribute.
	els["plain"].write("placeholder", `"x"`)
	if v, _ := Attr(els["plain"].e.N, "placeholder"); v != "x" {
		t.Errorf("placeholder attribute %q", v)
	}
}

func TestDropdownOptionsOutput(t *testing.T) {
	t.Parallel()
	els := render(t,
		components.Dropdown(components.DropdownProps{ID: "d", Label: "L", Options: colours, Placeholder: "Pick", Value: []string{"g"}}),
		components.Dropdown(components.DropdownProps{ID: "m", Label: "L", Options: colours, Multi: true, Value: []string{"r", "g"}}),
		components.Dropdown(components.DropdownProps{ID: "p", Label: "L", Options: colours, Value: []string{"g"}}),
	)
	d := els["d"]
	// The value is kept while it is still offered.
	d.write("options", `[{"label":"Cyan","value":"c"},{"label":"Green <3","value":"g"},{"label":"Off","value":"o","disabled":true}]`)
	d.expect("value", `"g"`)
	if got := d.String(); !bytes.Contains([]byte(got), []byte(`<select id="d" name="d"><option value="" data-pw-placeholder="" disabled="">Pick</option><option value="c">Cyan</option><option value="g" selected="">Green &lt;3</option><option value="o" disabled="">Off</option></select>`)) {
		t.Errorf("options not rebuilt:\n%s", got)
	}
	// Not offered any more: as a browser, the first enabled option.
	d.write("options", `[{"label":"One","value":1},{"label":"Two","value":"2"}]`)
	d.expect("value", `"1"`)
	// Strings (and numbers) are both label and value, as in Dash; anything
	// but a list empties the choices (the placeholder stays).
	d.write("options", `["NYC", "MTL", 3, null]`)
	if got := d.String(); !bytes.Contains([]byte(got), []byte(`<option value="NYC">NYC</option><option value="MTL">MTL</option><option value="3">3</option><option value=""></option>`)) {
		t.Errorf("string options:\n%s", got)
	}
	d.write("options", `{"not":"a list"}`)
	d.expect("value", `""`) // only the disabled placeholder is left, not selected: as a browser, nothing
	m := els["m"]
	m.write("options", `[{"label":"G","value":"g"},{"label":"B","value":"b"},{"label":"R","value":"r"}]`)
	m.expect("value", `["g","r"]`)
	p := els["p"]
	p.write("options", `[{"label":"X","value":"x","disabled":true},{"label":"Y","value":"y"}]`)
	p.expect("value", `"y"`) // the first enabled option
}

func TestTabsValue(t *testing.T) {
	t.Parallel()
	els := render(t, components.Tabs(components.TabsProps{ID: "t", Tabs: []components.Tab{
		{Label: "One", Value: "one", Content: templ.Raw(`<p id="in-one">1</p>`)},
		{Label: "Two", Content: templ.Raw(`<p id="in-two">2</p>`)},
		{Label: "Three", Value: "three", Disabled: true},
	}}))
	tabs := els["t"]
	tabs.expect("value", `"one"`)
	state := func() string {
		var s string
		for _, id := range []string{"pw-t-tab-0", "pw-t-tab-1", "pw-t-tab-2"} {
			v, _ := Attr(els[id].e.N, "aria-selected")
			s += v[:1]
		}
		for _, id := range []string{"pw-t-panel-0", "pw-t-panel-1", "pw-t-panel-2"} {
			if _, hidden := Attr(els[id].e.N, "hidden"); hidden {
				s += "h"
			} else {
				s += "S"
			}
		}
		return s
	}
	if got := state(); got != "tffShh" {
		t.Fatalf("first paint %s", got)
	}
	tabs.write("value", `"tab-2"`) // Dash's default value of the second tab
	tabs.expect("value", `"tab-2"`)
	if got := state(); got != "ftfhSh" {
		t.Fatalf("after tab-2: %s\n%s", got, tabs)
	}
	tabs.write("value", `"none"`)
	if got := state(); got != "fffhhh" {
		t.Fatalf("after an unknown value: %s", got)
	}
}

func TestDatePickerDates(t *testing.T) {
	t.Parallel()
	els := render(t,
		components.DatePickerSingle(components.DatePickerSingleProps{ID: "day", Label: "Day", Date: "2024-02-29"}),
		components.DatePickerSingle(components.DatePickerSingleProps{ID: "none", Label: "Day", Date: "2023-02-29"}),
		components.DatePickerRange(components.DatePickerRangeProps{ID: "span", Label: "Span", StartDate: "2024-01-01"}),
	)
	els["day"].expect("date", `"2024-02-29"`)
	els["none"].expect("date", "null") // not a date: empty
	els["span"].expect("start_date", `"2024-01-01"`)
	els["span"].expect("end_date", "null")
	for _, c := range []struct{ raw, want string }{
		{`"2024-12-31"`, `"2024-12-31"`},
		{`"2024-03-05T10:30:00"`, `"2024-03-05"`}, // a datetime keeps its date, as Dash
		{`"2024-13-01"`, "null"},
		{`"0000-01-01"`, "null"},
		{`"24-1-5"`, "null"},
		{`20240101`, "null"},
		{`null`, "null"},
	} {
		els["span"].write("end_date", c.raw)
		els["span"].expect("end_date", c.want)
		els["day"].write("date", c.raw)
		els["day"].expect("date", c.want)
	}
	els["span"].expect("start_date", `"2024-01-01"`) // untouched
	// date of an element that is no DatePicker reads null.
	els2 := render(t, templ.Raw(`<div id="x" date="2024-01-01"></div>`))
	els2["x"].expect("date", "null")
}
