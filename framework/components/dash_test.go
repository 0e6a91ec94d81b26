package components_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/framework/components"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func ExampleTabs() {
	components.Tabs(components.TabsProps{ID: "views", Label: "Views", Tabs: []components.Tab{
		{Label: "Chart", Value: "chart", Content: templ.Raw("<p>chart</p>")},
		{Label: "Table", Value: "table", Content: templ.Raw("<p>table</p>")},
	}}).Render(context.Background(), os.Stdout)
	// Output: <div id="views" class="pw-tabs" data-pw-tabs value="chart"><div role="tablist" aria-label="Views"><button type="button" role="tab" id="pw-views-tab-0" value="chart" aria-selected="true" aria-controls="pw-views-panel-0">Chart</button><button type="button" role="tab" id="pw-views-tab-1" value="table" aria-selected="false" aria-controls="pw-views-panel-1">Table</button></div><div role="tabpanel" id="pw-views-panel-0" aria-labelledby="pw-views-tab-0" tabindex="0"><p>chart</p></div><div role="tabpanel" id="pw-views-panel-1" aria-labelledby="pw-views-tab-1" tabindex="0" hidden><p>table</p></div></div>
}

func ExampleDatePickerSingle() {
	components.DatePickerSingle(components.DatePickerSingleProps{ID: "day", Label: "Day", Date: "2024-05-17", MinDateAllowed: "2024-01-01", MaxDateAllowed: "2024-12-31"}).Render(context.Background(), os.Stdout)
	// Output: <label for="day">Day</label> <input id="day" name="day" type="date" data-pw-prop="date" value="2024-05-17" min="2024-01-01" max="2024-12-31">
}

func ExampleDatePickerRange() {
	components.DatePickerRange(components.DatePickerRangeProps{ID: "span", Label: "Period", StartDate: "2024-01-01"}).Render(context.Background(), os.Stdout)
	// Output: <fieldset id="span" class="pw-date-range"><legend>Period</legend><label>Start <input type="date" name="span_start" data-pw-prop="start_date" value="2024-01-01"></label><label>End <input type="date" name="span_end" data-pw-prop="end_date" value=""></label></fieldset>
}

func ExampleDropdown_searchable() {
	components.Dropdown(components.DropdownProps{
		ID: "city", Label: "City", Placeholder: "Pick a city", Searchable: true, Clearable: true,
		Options: []components.Option{{Label: "Oslo", Value: "osl"}, {Label: "Lima", Value: "lim"}},
	}).Render(context.Background(), os.Stdout)
	// Output: <label for="city">City</label> <div class="pw-dropdown" data-pw-dropdown><input type="search" class="pw-dropdown-search" aria-label="Search: City" aria-controls="city" placeholder="Search…" autocomplete="off"><select id="city" name="city"><option value="" data-pw-placeholder disabled selected>Pick a city</option> <option value="osl">Oslo</option><option value="lim">Lima</option></select><button type="button" class="pw-dropdown-clear" value="" aria-label="Clear: City" aria-controls="city">×</button></div>
}

func ExampleSlider_marks() {
	components.Slider(components.SliderProps{ID: "temp", Label: "Temperature", Min: 0, Max: 40, Step: 5, Value: 20, Marks: map[float64]string{40: "Hot", 0: "Cold", 10: "Cool"}}).Render(context.Background(), os.Stdout)
	// Output: <div class="pw-slider"><label for="temp">Temperature</label> <input id="temp" name="temp" type="range" min="0" max="40" step="5" value="20" list="pw-temp-marks"> <datalist id="pw-temp-marks"><option value="0" label="Cold"></option><option value="10" label="Cool"></option><option value="40" label="Hot"></option></datalist> <svg class="pw-slider-marks" aria-hidden="true" width="100%" height="1.5em" overflow="visible" fill="currentColor"><text x="0%" y="1em" text-anchor="middle">Cold</text><text x="25%" y="1em" text-anchor="middle">Cool</text><text x="100%" y="1em" text-anchor="middle">Hot</text></svg></div>
}

// renderHTML renders c and parses it as page content.
func renderHTML(t *testing.T, c templ.Component) (string, []*html.Node) {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	nodes, err := html.ParseFragment(strings.NewReader(b.String()), &html.Node{Type: html.ElementNode, Data: "main", DataAtom: atom.Main})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), nodes
}

// walk calls f on every element of nodes, in document order.
func walk(nodes []*html.Node, f func(*html.Node)) {
	var w func(*html.Node)
	w = func(n *html.Node) {
		if n.Type == html.ElementNode {
			f(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w(c)
		}
	}
	for _, n := range nodes {
		w(n)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// TestNewPropsRender checks the props added for Dash parity on the
// existing components: placeholder, disabled and Dash's defaults.
func TestNewPropsRender(t *testing.T) {
	t.Parallel()
	opts := []components.Option{{Label: "A", Value: "a"}, {Label: "B", Value: "b"}}
	for _, c := range []struct {
		c    templ.Component
		want []string
		not  []string
	}{
		{components.Textarea(components.TextareaProps{ID: "t", Label: "T", Placeholder: "Say <hi>", Disabled: true}),
			[]string{`<textarea id="t" name="t" rows="3" placeholder="Say &lt;hi&gt;" disabled>`}, nil},
		{components.Textarea(components.TextareaProps{ID: "t", Label: "T"}), []string{`<textarea id="t" name="t" rows="3"></textarea>`}, []string{"placeholder", "disabled"}},
		{components.Checklist(components.ChoiceProps{ID: "c", Label: "C", Options: opts, Disabled: true}), []string{`<fieldset id="c" data-pw-group disabled>`}, nil},
		{components.RadioItems(components.ChoiceProps{ID: "r", Label: "R", Options: opts}), []string{`<fieldset id="r" data-pw-group>`}, []string{"disabled"}},
		{components.Slider(components.SliderProps{ID: "s", Label: "S", Disabled: true}), []string{`value="0" disabled>`}, []string{"pw-slider", "datalist"}},
		// A plain Dropdown keeps its plain markup.
		{components.Dropdown(components.DropdownProps{ID: "d", Label: "D", Options: opts}), []string{`<label for="d">D</label> <select id="d" name="d"><option value="a">A</option>`}, []string{"pw-dropdown", "placeholder", "search"}},
		// Disabled reaches the select and its search box and clear button.
		{components.Dropdown(components.DropdownProps{ID: "d", Label: "D", Options: opts, Searchable: true, Clearable: true, Disabled: true, SearchPlaceholder: "Find"}),
			[]string{`placeholder="Find" autocomplete="off" disabled>`, `<select id="d" name="d" disabled>`, `aria-controls="d" disabled>×</button>`}, nil},
		// A placeholder shows only while no offered value is selected.
		{components.Dropdown(components.DropdownProps{ID: "d", Label: "D", Options: opts, Placeholder: "P", Value: []string{"b"}}),
			[]string{`<option value="" data-pw-placeholder disabled>P</option>`, `<option value="b" selected>B</option>`}, nil},
		{components.Dropdown(components.DropdownProps{ID: "d", Label: "D", Options: opts, Placeholder: "P", Value: []string{"gone"}}),
			[]string{`<option value="" data-pw-placeholder disabled selected>P</option>`}, nil},
		// Clearable alone has an empty placeholder, which stands for null;
		// with Multi there is none: clearing leaves [].
		{components.Dropdown(components.DropdownProps{ID: "d", Label: "D", Options: opts, Clearable: true}),
			[]string{`<option value="" data-pw-placeholder disabled selected></option>`}, nil},
		{components.Dropdown(components.DropdownProps{ID: "d", Label: "D", Options: opts, Multi: true, Clearable: true, Placeholder: "P"}),
			[]string{`<select id="d" name="d" multiple>`}, []string{"data-pw-placeholder"}},
		// Tabs: Dash's default values, a set Value, a class, a disabled tab.
		{components.Tabs(components.TabsProps{ID: "t", Value: "tab-2", Class: "wide", Tabs: []components.Tab{{Label: "One"}, {Label: "Two"}, {Label: "Three", Disabled: true}}}),
			[]string{`<div id="t" class="pw-tabs wide" data-pw-tabs value="tab-2"><div role="tablist">`, `value="tab-1" aria-selected="false"`, `value="tab-2" aria-selected="true"`, `value="tab-3" aria-selected="false" aria-controls="pw-t-panel-2" disabled>Three`,
				`id="pw-t-panel-0" aria-labelledby="pw-t-tab-0" tabindex="0" hidden></div>`, `id="pw-t-panel-1" aria-labelledby="pw-t-tab-1" tabindex="0"></div>`}, nil},
		{components.Tabs(components.TabsProps{ID: "t"}), []string{`<div id="t" class="pw-tabs" data-pw-tabs value=""><div role="tablist"></div></div>`}, nil},
		// Dates that are not YYYY-MM-DD, or not days, are left out.
		{components.DatePickerSingle(components.DatePickerSingleProps{ID: "d", Label: "D", Date: "2024-02-30", MinDateAllowed: "yesterday", MaxDateAllowed: "2024-1-1", Disabled: true}),
			[]string{`type="date" data-pw-prop="date" value="" disabled>`}, []string{"min=", "max="}},
		{components.DatePickerRange(components.DatePickerRangeProps{ID: "r", Name: "period", Label: "R", StartLabel: "From", EndLabel: "To", EndDate: "2024-12-31", MinDateAllowed: "2024-01-01", Disabled: true}),
			[]string{`<fieldset id="r" class="pw-date-range" disabled>`, `From <input type="date" name="period_start" data-pw-prop="start_date" value="" min="2024-01-01">`, `To <input type="date" name="period_end" data-pw-prop="end_date" value="2024-12-31" min="2024-01-01">`}, nil},
	} {
		out, _ := renderHTML(t, c.c)
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s\nlacks %s", out, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(out, n) {
				t.Errorf("%s\nhas %s", out, n)
			}
		}
	}
}

// TestSliderMarks checks the marks: in order, those outside the range
// left out, placed at their share of the range, and the datalist the
// input's list names.
func TestSliderMarks(t *testing.T) {
	t.Parallel()
	_, nodes := renderHTML(t, components.Slider(components.SliderProps{ID: "s", Label: "S", Min: -10, Max: 30, Marks: map[float64]string{30: "max", -10: "min", 0: "zero", 2.5: "a bit", 31: "out", -11: "out"}}))
	var list string
	var options, texts []string
	walk(nodes, func(n *html.Node) {
		switch n.Data {
		case "input":
			list, _ = attr(n, "list")
		case "datalist":
			if id, _ := attr(n, "id"); id != list || list == "" {
				t.Errorf("datalist %q, the input's list %q", id, list)
			}
		case "option":
			v, _ := attr(n, "value")
			l, _ := attr(n, "label")
			options = append(options, v+"="+l)
		case "text":
			x, _ := attr(n, "x")
			texts = append(texts, x+" "+n.FirstChild.Data)
		}
	})
	if got := strings.Join(options, ", "); got != "-10=min, 0=zero, 2.5=a bit, 30=max" {
		t.Errorf("datalist %s", got)
	}
	if got := strings.Join(texts, ", "); got != "0% min, 25% zero, 31.25% a bit, 100% max" {
		t.Errorf("labels %s", got)
	}
}

// TestNewComponentsEscape checks that every text and attribute the new
// components take is escaped.
func TestNewComponentsEscape(t *testing.T) {
	t.Parallel()
	bad := `"><script>alert(1)</script>`
	for _, c := range []templ.Component{
		components.Tabs(components.TabsProps{ID: bad, Label: bad, Class: bad, Value: bad, Tabs: []components.Tab{{Label: bad, Value: bad}}}),
		components.Dropdown(components.DropdownProps{ID: bad, Label: bad, Placeholder: bad, SearchPlaceholder: bad, Searchable: true, Clearable: true, Options: []components.Option{{Label: bad, Value: bad}}}),
		components.DatePickerSingle(components.DatePickerSingleProps{ID: bad, Label: bad, Name: bad, Date: bad}),
		components.DatePickerRange(components.DatePickerRangeProps{ID: bad, Label: bad, StartLabel: bad, EndLabel: bad, Name: bad}),
		components.Slider(components.SliderProps{ID: bad, Label: bad, Max: 2, Marks: map[float64]string{1: bad}}),
		components.Textarea(components.TextareaProps{ID: bad, Label: bad, Placeholder: bad}),
	} {
		out, nodes := renderHTML(t, c)
		if strings.Contains(out, "<script") {
			t.Errorf("unescaped: %s", out)
		}
		walk(nodes, func(n *html.Node) {
			if n.Data == "script" {
				t.Errorf("a script element in %s", out)
			}
		})
	}
}

// TestDictIDs renders every component with a pattern-matching id, as
// framework.ID's String() spells it, and checks that the element that
// holds the component's properties carries it, that labels point to it,
// and that the ids derived from it are unique and free of spaces (valid in
// aria-controls and list).
func TestDictIDs(t *testing.T) {
	t.Parallel()
	id := framework.ID{"type": "filter box", "index": 2}.String()
	opts := []components.Option{{Label: "A", Value: "a"}}
	kids := templ.WithChildren(context.Background(), templ.Raw("x"))
	for name, c := range map[string]templ.Component{
		"Input":            components.Input(components.InputProps{ID: id, Label: "L"}),
		"Textarea":         components.Textarea(components.TextareaProps{ID: id, Label: "L"}),
		"Dropdown":         components.Dropdown(components.DropdownProps{ID: id, Label: "L", Options: opts}),
		"Dropdown search":  components.Dropdown(components.DropdownProps{ID: id, Label: "L", Options: opts, Searchable: true, Clearable: true}),
		"Checklist":        components.Checklist(components.ChoiceProps{ID: id, Label: "L", Options: opts}),
		"RadioItems":       components.RadioItems(components.ChoiceProps{ID: id, Label: "L", Options: opts}),
		"Slider":           components.Slider(components.SliderProps{ID: id, Label: "L"}),
		"Slider marks":     components.Slider(components.SliderProps{ID: id, Label: "L", Marks: map[float64]string{50: "half"}}),
		"Button":           components.Button(components.ButtonProps{ID: id}),
		"Store":            components.Store(components.StoreProps{ID: id}),
		"Interval":         components.Interval(components.IntervalProps{ID: id}),
		"Location":         components.Location(id),
		"Graph":            components.Graph(components.GraphProps{ID: id}),
		"Markdown":         components.Markdown("# hi", components.MarkdownID(id)),
		"Tabs":             components.Tabs(components.TabsProps{ID: id, Tabs: []components.Tab{{Label: "A"}, {Label: "B"}}}),
		"DatePickerSingle": components.DatePickerSingle(components.DatePickerSingleProps{ID: id, Label: "L"}),
		"DatePickerRange":  components.DatePickerRange(components.DatePickerRangeProps{ID: id, Label: "L"}),
	} {
		var b bytes.Buffer
		if err := c.Render(kids, &b); err != nil {
			t.Fatal(err)
		}
		nodes, err := html.ParseFragment(&b, &html.Node{Type: html.ElementNode, Data: "main", DataAtom: atom.Main})
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		ids := map[string]bool{}
		walk(nodes, func(n *html.Node) {
			v, ok := attr(n, "id")
			if !ok {
				return
			}
			if v == id {
				found++
			} else if strings.ContainsAny(v, " \t\n") || ids[v] || v == "" {
				t.Errorf("%s: derived id %q is not a unique IDREF", name, v)
			}
			ids[v] = true
			for _, ref := range []string{"aria-controls", "aria-labelledby", "list"} {
				if r, ok := attr(n, ref); ok && r != id && strings.ContainsAny(r, " ") {
					t.Errorf("%s: %s=%q", name, ref, r)
				}
			}
			if f, ok := attr(n, "for"); ok && f != id {
				t.Errorf("%s: label for %q", name, f)
			}
		})
		if found != 1 {
			t.Errorf("%s: %d elements have the id %s in %s", name, found, id, b.String())
		}
	}
}
