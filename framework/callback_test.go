package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/a-h/templ"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

// page registers in reg a page whose layout is fixed HTML.
func page(reg *Registry, path, body string) {
	reg.RegisterPage(Page{Path: path, Layout: func(Request) templ.Component { return templ.Raw(body) }})
}

func outputs(ds ...Dep) []Dep { return ds }

// newCallbackApp builds an app from cfg.Registry, never from
// DefaultRegistry, and shuts it down when the test ends.
func newCallbackApp(t *testing.T, cfg Config) *App {
	t.Helper()
	if cfg.Registry == nil {
		t.Fatal("newCallbackApp: Config.Registry is nil")
	}
	cfg.Logger = discardLogger()
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}

func TestCallbackFirstPaintAndUpdate(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="in" value="start"><div id="out"></div><div id="never">untouched</div>`)
	var calls atomic.Int32
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")),
		Inputs:  outputs(Input("in", "value")),
		Func: func(c *Ctx) error {
			calls.Add(1)
			c.Set("out", "children", templ.Raw("<b>got: "+templ.EscapeString(c.String("in", "value"))+"</b>"))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("never", "children")),
		Inputs:             outputs(Input("in", "value")),
		PreventInitialCall: true,
		Func:               func(c *Ctx) error { c.Set("never", "children", "called: "+c.TriggeredID()); return nil },
	})
	app := newCallbackApp(t, Config{Registry: reg})
	body := do(app, "GET", "/").Body.String()
	if !strings.Contains(body, `<div id="out"><b>got: start</b></div>`) || !strings.Contains(body, "untouched") {
		t.Fatalf("first response lacks the initial output:\n%s", body)
	}
	p := ft.Visit(t, app, "/")
	if calls.Load() != 2 { // the GET above and the Visit's own load
		t.Fatalf("%d initial calls, want 2; connecting must not call again", calls.Load())
	}
	p.Set("in", "value", "<i>x</i>")
	if got := p.HTML("out"); got != "<b>got: &lt;i&gt;x&lt;/i&gt;</b>" {
		t.Fatalf("out = %q", got)
	}
	if got := p.Text("never"); got != "called: in" {
		t.Fatalf("never = %q", got)
	}
}

func TestCallbackChainInOneRoundTrip(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="a" value=""><input id="b"><input id="c"><div id="d"></div><input id="st" value="S">`)
	var order []string
	step := func(name, in, out string, f func(string) string) {
		reg.Callback(CallbackSpec{
			Outputs: outputs(Output(out, "value")),
			Inputs:  outputs(Input(in, "value")),
			Func: func(c *Ctx) error {
				order = append(order, name)
				c.Set(out, "value", f(c.String(in, "value")))
				return nil
			},
			PreventInitialCall: true,
		})
	}
	// Registered out of order: the graph, not registration, orders them.
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("d", "children")),
		Inputs:             outputs(Input("c", "value")),
		States:             outputs(State("st", "value")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			order = append(order, "C")
			c.Set("d", "children", c.String("c", "value")+c.String("st", "value"))
			return nil
		},
	})
	step("B", "b", "c", func(s string) string { return s + "2" })
	step("A", "a", "b", strings.ToUpper)
	app := newCallbackApp(t, Config{Registry: reg})
	p := ft.Visit(t, app, "/")
	order = nil
	p.Set("a", "value", "x") // one request, one reply
	if got := strings.Join(order, ""); got != "ABC" {
		t.Fatalf("ran %q, want ABC", got)
	}
	if got := p.Text("d"); got != "X2S" {
		t.Fatalf("d = %q, want X2S", got)
	}
	if got := p.Prop("c", "value"); got != "X2" {
		t.Fatalf("c = %v", got)
	}
}

func TestPreventUpdateAndNoUpdate(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="in"><div id="o1">-</div><div id="o2">-</div>`)
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("o1", "children"), Output("o2", "children")),
		Inputs:             outputs(Input("in", "value")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			v := c.String("in", "value")
			if v == "skip" {
				c.Set("o1", "children", "set before PreventUpdate")
				return PreventUpdate
			}
			c.Set("o1", "children", v)
			if v != "one" {
				c.Set("o2", "children", v)
			} else {
				c.Set("o2", "children", NoUpdate)
			}
			return nil
		},
	})
	p := ft.Visit(t, newCallbackApp(t, Config{Registry: reg}), "/")
	p.Set("in", "value", "both")
	p.Set("in", "value", "one")
	if a, b := p.Text("o1"), p.Text("o2"); a != "one" || b != "both" {
		t.Fatalf("after a partial update: %q %q", a, b)
	}
	p.Set("in", "value", "skip")
	if a, b := p.Text("o1"), p.Text("o2"); a != "one" || b != "both" || p.Err() != "" {
		t.Fatalf("after PreventUpdate: %q %q err %q", a, b, p.Err())
	}
}

// registerFailing registers in reg a page whose callbacks fail on demand.
func registerFailing(reg *Registry) {
	page(reg, "/", `<input id="in"><input id="num"><div id="out">-</div><div id="ok">-</div>`)
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children")),
		Inputs:             outputs(Input("in", "value")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			switch c.String("in", "value") {
			case "error":
				return errors.New("database is down: secret")
			case "panic":
				panic("exploded: secret")
			case "undeclared":
				c.String("nope", "value")
			case "badset":
				c.Set("ok", "children", "x")
			}
			c.Set("out", "children", "fine")
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("ok", "children")),
		Inputs:             outputs(Input("num", "value")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			c.Set("ok", "children", fmt.Sprint(c.Int("num", "value")*2))
			return nil
		},
	})
}

func TestCallbackErrors(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	registerFailing(reg)
	p := ft.Visit(t, newCallbackApp(t, Config{Registry: reg}), "/")
	for value, want := range map[string]string{
		"error":      "callback failed",
		"panic":      "callback failed",
		"undeclared": "bad input: nope.value is not an Input or State of this callback",
		"badset":     "bad input: ok.children is not an Output of this callback (use SetProps)",
	} {
		p.Set("in", "value", value)
		if p.Err() != want || p.Text("out") != "-" {
			t.Errorf("%s: err %q out %q, want %q and no output", value, p.Err(), p.Text("out"), want)
		}
	}
	p.Set("num", "value", "abc")
	if !strings.HasPrefix(p.Err(), "bad input: num.value: want a number") || p.Text("ok") != "-" {
		t.Errorf("wrong type: err %q ok %q", p.Err(), p.Text("ok"))
	}
	p.Set("num", "value", "21") // the socket survived every error
	if p.Err() != "" || p.Text("ok") != "42" {
		t.Errorf("after the errors: err %q ok %q", p.Err(), p.Text("ok"))
	}
}

func TestCallbackErrorDetailsInDebug(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	registerFailing(reg)
	p := ft.Visit(t, newCallbackApp(t, Config{Registry: reg, Debug: true}), "/")
	p.Set("in", "value", "panic")
	if !strings.Contains(p.Err(), "exploded: secret") || !strings.Contains(p.Err(), "callback_test.go:") {
		t.Fatalf("debug error %q lacks the panic and the callback's site", p.Err())
	}
}

func TestPatternMatchingTodo(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	item := func(i int, text string, done bool) string {
		id := ID{"type": "done", "index": i}.String()
		lid := ID{"type": "label", "index": i}.String()
		checked := ""
		if done {
			checked = " checked"
		}
		return fmt.Sprintf(`<li><input type="checkbox" id='%s'%s><span id='%s'>%s</span></li>`, id, checked, lid, text)
	}
	page(reg, "/", `<ul>`+item(1, "milk", false)+item(2, "eggs", true)+item(7, "tea", false)+`</ul><p id="summary"></p>`)
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("summary", "children")),
		Inputs:  outputs(Input(ID{"type": "done", "index": ALL}, "checked")),
		Func: func(c *Ctx) error {
			n := 0
			all := c.All(ID{"type": "done", "index": ALL}, "checked")
			for _, it := range all {
				if it.Value.Bool() {
					n++
				}
			}
			c.Set("summary", "children", fmt.Sprintf("%d of %d done", n, len(all)))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output(ID{"type": "label", "index": MATCH}, "class")),
		Inputs:  outputs(Input(ID{"type": "done", "index": MATCH}, "checked")),
		Func: func(c *Ctx) error {
			cls := ""
			if c.Bool(ID{"type": "done", "index": MATCH}, "checked") {
				cls = "done"
			}
			c.Set(ID{"type": "label", "index": MATCH}, "class", cls)
			return nil
		},
	})
	app := newCallbackApp(t, Config{Registry: reg})
	body := do(app, "GET", "/").Body.String()
	if !strings.Contains(body, "1 of 3 done") {
		t.Fatalf("first paint lacks the ALL summary:\n%s", body)
	}
	p := ft.Visit(t, app, "/")
	label := func(i int) string { return p.Attr(ID{"type": "label", "index": i}.String(), "class") }
	if label(2) != "done" || label(1) != "" {
		t.Fatalf("initial MATCH calls: labels %q %q", label(1), label(2))
	}
	p.Set(ID{"type": "done", "index": 7}.String(), "checked", true)
	if got := p.Text("summary"); got != "2 of 3 done" {
		t.Fatalf("summary %q", got)
	}
	if label(7) != "done" || label(1) != "" || label(2) != "done" {
		t.Fatalf("MATCH output went to the wrong item: %q %q %q", label(1), label(2), label(7))
	}
}

func TestSetPropsAndTriggered(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<button id="go">go</button><button id="other">other</button><div id="out"></div><div id="side" hidden>side</div>`)
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children")),
		Inputs:             outputs(Input("go", "n_clicks"), Input("other", "n_clicks")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			if !SetProps(c, "side", map[string]any{"hidden": false, "data-count": c.Int("go", "n_clicks")}) {
				return errors.New("SetProps did not find the Ctx")
			}
			c.Set("out", "children", fmt.Sprintf("%s %d/%d", c.TriggeredID(), c.Int("go", "n_clicks"), c.Int("other", "n_clicks")))
			return nil
		},
	})
	p := ft.Visit(t, newCallbackApp(t, Config{Registry: reg}), "/")
	p.Click("go")
	p.Click("go")
	p.Click("other")
	if got := p.Text("out"); got != "other 2/1" || p.Err() != "" {
		t.Fatalf("out %q err %q", got, p.Err())
	}
	if p.Prop("side", "hidden") != false || p.Attr("side", "data-count") != "2" {
		t.Fatalf("SetProps: hidden %v data-count %q", p.Prop("side", "hidden"), p.Attr("side", "data-count"))
	}
	if SetProps(context.Background(), "x", nil) {
		t.Fatal("SetProps outside a callback reported true")
	}
}

func TestIntervalProps(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<div id="tick" data-pw-interval="1000" data-pw-max-intervals="-1" data-pw-n-intervals="0" hidden></div><p id="out"></p>`)
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children"), Output("tick", "max_intervals"), Output("tick", "disabled")),
		Inputs:             outputs(Input("tick", "n_intervals")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			n := c.Int("tick", "n_intervals")
			c.Set("out", "children", fmt.Sprint("ticks ", n))
			c.Set("tick", "max_intervals", 5)
			c.Set("tick", "disabled", n >= 2)
			return nil
		},
	})
	p := ft.Visit(t, newCallbackApp(t, Config{Registry: reg}), "/")
	p.Tick("tick")
	p.Tick("tick")
	if p.Text("out") != "ticks 2" || p.Prop("tick", "max_intervals") != float64(5) || p.Prop("tick", "disabled") != true {
		t.Fatalf("out %q max %v disabled %v", p.Text("out"), p.Prop("tick", "max_intervals"), p.Prop("tick", "disabled"))
	}
}
