package framework

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/websocket"
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

func TestCallbackGraphErrors(t *testing.T) {
	t.Parallel()
	f := func(*Ctx) error { return nil }
	cases := []struct {
		name     string
		register func(*Registry)
		want     string
	}{
		{"cycle", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("b", "value")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output("a", "value")), Inputs: outputs(Input("b", "value")), Func: f})
		}, "cycle"},
		{"self loop", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("a", "value")), Inputs: outputs(Input("a", "value")), Func: f})
		}, "feeds its own input"},
		{"duplicate output", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("b", "value")), Func: f})
		}, "is set by the callbacks"},
		{"duplicate pattern output", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output(ID{"t": "x", "i": ALL}, "class")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output(ID{"t": "x", "i": 3}, "class")), Inputs: outputs(Input("b", "value")), Func: f})
		}, "is set by the callbacks"},
		{"one-sided AllowDuplicate", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children").AllowDuplicate()), Inputs: outputs(Input("b", "value")), Func: f})
		}, "AllowDuplicate in both"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			c.register(reg)
			_, err := New(Config{Registry: reg, Logger: discardLogger()})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New: %v, want %q", err, c.want)
			}
			if strings.Count(err.Error(), "callback_test.go:") < 1 {
				t.Fatalf("error %q names no registration site", err)
			}
		})
	}
	reg := NewRegistry()
	reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children").AllowDuplicate()), Inputs: outputs(Input("a", "value")), Func: f})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children").AllowDuplicate()), Inputs: outputs(Input("b", "value")), Func: f})
	app, err := New(Config{Registry: reg, Logger: discardLogger()})
	if err != nil {
		t.Fatalf("AllowDuplicate on both: %v", err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
}

func TestCallbackRegistrationPanics(t *testing.T) {
	t.Parallel()
	f := func(*Ctx) error { return nil }
	for name, spec := range map[string]CallbackSpec{
		"nil func":         {Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value"))},
		"no inputs":        {Outputs: outputs(Output("o", "children")), Func: f},
		"input as output":  {Outputs: outputs(Input("o", "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"bad prop":         {Outputs: outputs(Output("o", "onclick")), Inputs: outputs(Input("a", "value")), Func: f},
		"n_clicks output":  {Outputs: outputs(Output("o", "n_clicks")), Inputs: outputs(Input("a", "value")), Func: f},
		"bad id type":      {Outputs: outputs(Output(42, "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"twice one output": {Outputs: outputs(Output("o", "children"), Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"MATCH to a plain": {Outputs: outputs(Output("o", "children")), Inputs: outputs(Input(ID{"i": MATCH}, "value")), Func: f},
		"empty id":         {Outputs: outputs(Output("", "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"bad data- attr":   {Outputs: outputs(Output("o", "data-X Y")), Inputs: outputs(Input("a", "value")), Func: f},
		"on: event output": {Outputs: outputs(Output("o", "on:click")), Inputs: outputs(Input("a", "value")), Func: f},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			msg := mustPanic(t, func() { reg.Callback(spec) })
			if !strings.Contains(msg, "callback_test.go:") {
				t.Errorf("panic %q names no site", msg)
			}
		})
	}
}

func TestBroadcastAndPush(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/live", Layout: func(r Request) templ.Component {
		Subscribe(r, "counter")
		return templ.Raw(`<span id="count">0</span><input id="in"><div id="tab"></div>`)
	}})
	page(reg, "/quiet", `<span id="count">0</span>`)
	var tab atomic.Value
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("tab", "children")),
		Inputs:             outputs(Input("in", "value")),
		PreventInitialCall: true,
		Func:               func(c *Ctx) error { tab.Store(c.Session()); c.Set("tab", "children", "ok"); return nil },
	})
	app := newCallbackApp(t, Config{Registry: reg})
	a, b := ft.Visit(t, app, "/live"), ft.Visit(t, app, "/live")
	quiet := ft.Visit(t, app, "/quiet")
	a.Set("in", "value", "x") // a round trip: the subscriptions before it are in place
	b.Set("in", "value", "x")
	quiet.Prop("count", "children")
	if err := app.Broadcast(context.Background(), "counter", Update{ID: "count", Prop: "children", Value: 42}); err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*ft.Page{"a": a, "b": b} {
		if !p.WaitPush(5*time.Second) || p.Text("count") != "42" {
			t.Errorf("tab %s: count %q after the broadcast", name, p.Text("count"))
		}
	}
	if quiet.WaitPush(300 * time.Millisecond) {
		t.Error("a page that did not subscribe received the broadcast")
	}
	// Push to the one tab whose callback ran last (b).
	a.Set("in", "value", "y")
	ok, err := app.Push(context.Background(), tab.Load().(string), Update{ID: "count", Prop: "children", Value: "just a"})
	if err != nil || !ok {
		t.Fatalf("Push: %v %v", ok, err)
	}
	if !a.WaitPush(5*time.Second) || a.Text("count") != "just a" {
		t.Errorf("a: count %q after Push", a.Text("count"))
	}
	if b.WaitPush(300 * time.Millisecond) {
		t.Error("Push reached another tab")
	}
	if ok, _ := app.Push(context.Background(), "no-such-tab", Update{ID: "count", Prop: "children", Value: 1}); ok {
		t.Error("Push to an unknown tab reported true")
	}
	if err := app.Broadcast(context.Background(), "counter", Update{ID: "count", Prop: "n_clicks", Value: 1}); err == nil {
		t.Error("Broadcast of an input-only property accepted")
	}
}

func TestForgedTopicIsRefused(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<p>x</p>`)
	app := newCallbackApp(t, Config{Registry: reg})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	if r := roundTrip(t, conn, `{"v":1,"ref":3,"type":"sub","topics":"admin.forgedmac"}`); r.Type != "error" || r.Error != "bad topic subscription" {
		t.Fatalf("forged topic: %+v", r)
	}
}

func cbMsg(ref int, id, value string) string {
	return fmt.Sprintf(`{"v":1,"ref":%d,"type":"cb","url":"/","trigger":[{"id":%q,"prop":"value"}],"props":[{"id":%q,"prop":"value","value":%q}]}`, ref, id, id, value)
}

func TestSupersededCallIsCancelled(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="q"><div id="out"></div>`)
	cancelled := make(chan string, 4)
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children")),
		Inputs:             outputs(Input("q", "value")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			v := c.String("q", "value")
			if v == "slow" {
				select {
				case <-c.Done():
					cancelled <- v
					return c.Err()
				case <-time.After(5 * time.Second):
				}
			}
			c.Set("out", "children", v)
			return nil
		},
	})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	conn.WriteMessage(1, []byte(cbMsg(1, "q", "slow")))
	time.Sleep(50 * time.Millisecond)
	conn.WriteMessage(1, []byte(cbMsg(2, "q", "fast")))
	got := map[int64]reply{}
	for len(got) < 2 {
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		var r reply
		if err := conn.ReadJSON(&r); err != nil {
			t.Fatalf("reading replies: %v (got %v)", err, got)
		}
		got[r.Ref] = r
	}
	if !got[1].Superseded || got[1].Error != "" || len(got[1].Updates) != 0 {
		t.Errorf("the superseded call's reply: %+v", got[1])
	}
	if got[2].Error != "" || len(got[2].Updates) != 1 || string(got[2].Updates[0].Value) != `"fast"` {
		t.Errorf("the newer call's reply: %+v", got[2])
	}
	select {
	case <-cancelled:
	case <-time.After(time.Second):
		t.Error("the superseded call's context was not cancelled")
	}
}

func TestCallbacksPerTabAreBounded(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	var body strings.Builder
	for i := range 12 {
		fmt.Fprintf(&body, `<input id="in%d">`, i)
	}
	page(reg, "/", body.String()+`<div id="out"></div>`)
	var running, peak atomic.Int32
	release := make(chan struct{})
	var ins []Dep
	for i := range 12 {
		ins = append(ins, Input(fmt.Sprintf("in%d", i), "value"))
	}
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: ins, PreventInitialCall: true,
		Func: func(c *Ctx) error {
			n := running.Add(1)
			defer running.Add(-1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			<-release
			return nil
		},
	})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	for i := range 12 {
		conn.WriteMessage(1, []byte(cbMsg(i+1, fmt.Sprintf("in%d", i), "x")))
	}
	deadline := time.Now().Add(3 * time.Second)
	for running.Load() < maxInFlight && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for a fifth to start, if the bound failed
	if p := peak.Load(); p != maxInFlight {
		t.Fatalf("%d callbacks ran at once, want the bound %d", p, maxInFlight)
	}
	close(release)
	for range 12 { // every request is answered, none lost
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		var r reply
		if err := conn.ReadJSON(&r); err != nil || r.Type != "cb" {
			t.Fatalf("reply: %+v %v", r, err)
		}
	}
}

func TestBadCallbackRequests(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="q"><div id="out"></div>`)
	reg.Callback(CallbackSpec{Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("q", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("out", "children", c.String("q", "value")); return nil }})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	many := strings.Repeat(`{"id":"q","prop":"value"},`, maxTriggers)
	for msg, want := range map[string]string{
		`{"v":1,"ref":1,"type":"cb","trigger":[{"id":"q","prop":"value"}]}`:                                                               "bad request: bad url",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[]}`:                                                                              "bad request: want 1 to 32 triggers",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[` + many + `{"id":"q","prop":"value"}]}`:                                         "bad request: want 1 to 32 triggers",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"nope","prop":"value"}]}`:                                                  "bad request: no callback has the input nope.value",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"q","prop":"onclick"}]}`:                                                   `bad request: unknown property "onclick"`,
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"{bad json","prop":"value"}]}`:                                             "bad request: bad id",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"","prop":"value"}]}`:                                                      "bad request: bad id",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"q","prop":"value"}],"props":[{"id":"q","prop":"value","value":{"x":1}}]}`: "bad input: q.value: want a string",
	} {
		r := roundTrip(t, conn, msg)
		if r.Type != "cb" || !strings.HasPrefix(r.Error, want) || len(r.Updates) != 0 {
			t.Errorf("%.70s: %+v, want error %q", msg, r, want)
		}
	}
	if r := roundTrip(t, conn, cbMsg(9, "q", "still here")); r.Error != "" || len(r.Updates) != 1 {
		t.Fatalf("after bad requests: %+v", r)
	}
}

func TestDisconnectCancelsRunningCalls(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="q"><div id="out"></div>`)
	started, cancelled := make(chan struct{}), make(chan struct{})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("q", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			close(started)
			select {
			case <-c.Done():
				close(cancelled)
			case <-time.After(5 * time.Second):
			}
			return c.Err()
		},
	})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	conn.WriteMessage(1, []byte(cbMsg(1, "q", "x")))
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the callback never started")
	}
	conn.Close()
	select {
	case <-cancelled:
	case <-time.After(3 * time.Second):
		t.Fatal("closing the socket did not cancel the running callback")
	}
}

func TestDuplicatedTabGetsItsOwnID(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<p>x</p>`)
	app := newCallbackApp(t, Config{Registry: reg})
	srv := httptest.NewServer(app)
	defer srv.Close()
	dialSocket(t, srv, RuntimePrefix+"socket", "")
	tok := ""
	app.hub.mu.Lock()
	for c := range app.hub.clients {
		tok = app.signer.sign("tab", c.tab)
	}
	app.hub.mu.Unlock()
	// Both present the same token, as a duplicated tab does.
	second := dialSocket(t, srv, RuntimePrefix+"socket?tab="+url.QueryEscape(tok), "")
	third := dialSocket(t, srv, RuntimePrefix+"socket?tab="+url.QueryEscape(tok), "")
	time.Sleep(100 * time.Millisecond)
	if n := app.hub.count(); n != 3 {
		t.Fatalf("%d sockets open, want all 3 (none closed for sharing an id)", n)
	}
	app.hub.mu.Lock()
	tabs := len(app.hub.tabs)
	app.hub.mu.Unlock()
	if tabs != 3 {
		t.Fatalf("%d tab ids for 3 sockets", tabs)
	}
	for _, c := range []*websocket.Conn{second, third} {
		if r := roundTrip(t, c, nav(1, "/")); r.Status != 200 {
			t.Fatalf("%+v", r)
		}
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

func TestMayFireScansIDs(t *testing.T) {
	t.Parallel()
	s := &callbackSet{inputIDs: map[string]bool{"in": true, "a&b": true}}
	for html, want := range map[string]bool{
		`<input id="in">`:               true,
		`<input id='in'>`:               true,
		`<input id=in>`:                 true,
		`<input id=in value=x>`:         true,
		`<input id="a&amp;b">`:          true,
		`<input id="input">`:            false,
		`<p data-x="id=">`:              false,
		`<li id="{&#34;i&#34;:1}">`:     false, // no pattern inputs registered
		`<p>no ids at all</p>`:          false,
		`<input id="x"><b id="in"></b>`: true,
	} {
		if got := s.mayFire([]byte(html)); got != want {
			t.Errorf("mayFire(%s) = %v, want %v", html, got, want)
		}
	}
	s.patternInputs = true
	if !s.mayFire([]byte(`<li id="{&#34;i&#34;:1}">`)) {
		t.Error("a pattern id was missed")
	}
}
