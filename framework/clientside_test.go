package framework

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
	"github.com/pagewire/pagewire/internal/wire"
)

// TestClientsideCallbackInHello checks that a clientside callback is in
// the hello's graph with its function's name and PreventInitialCall, in
// graph order among the server's callbacks, and that a server callback
// has neither.
func TestClientsideCallbackInHello(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="a" value="1"><p id="b"></p><p id="c"></p>`)
	// Registered first, but fed by the clientside one: the graph puts it
	// after.
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("c", "children")), Inputs: outputs(Input("b", "children")),
		Func: func(c *Ctx) error { c.Set("c", "children", "server"); return nil },
	})
	reg.ClientsideCallback(ClientsideSpec{
		Outputs: outputs(Output("b", "children")), Inputs: outputs(Input("a", "value")), States: outputs(State("a", "class")),
		PreventInitialCall: true, Function: "ui.double",
	})
	app := newCallbackApp(t, Config{Registry: reg})
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/_pagewire/socket", http.Header{"Origin": {srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hello wire.Hello
	if err := conn.ReadJSON(&hello); err != nil || hello.Type != wire.TypeHello {
		t.Fatalf("hello %+v: %v", hello, err)
	}
	var graph []wire.CallbackSpec
	if err := json.Unmarshal(hello.Cbs, &graph); err != nil {
		t.Fatal(err)
	}
	want := []wire.CallbackSpec{
		{In: []wire.Dep{{ID: "a", Prop: "value"}}, St: []wire.Dep{{ID: "a", Prop: "class"}}, Out: []wire.Dep{{ID: "b", Prop: "children"}}, Fn: "ui.double", NoInit: true},
		{In: []wire.Dep{{ID: "b", Prop: "children"}}, St: []wire.Dep{}, Out: []wire.Dep{{ID: "c", Prop: "children"}}},
	}
	got, _ := json.Marshal(graph)
	exp, _ := json.Marshal(want)
	if string(got) != string(exp) {
		t.Fatalf("graph\n%s\nwant\n%s", got, exp)
	}
	if !strings.Contains(string(hello.Cbs), `"fn":"ui.double","ni":true`) || strings.Count(string(hello.Cbs), `"fn"`) != 1 {
		t.Fatalf("hello graph %s", hello.Cbs)
	}
}

// TestClientsideCallbackIsNotRunByTheServer checks that the server never
// runs a clientside callback: not on the first paint, not for a trigger
// that only it takes, and not in a chain; a server callback after it in
// the graph runs when the page sends the clientside output as its
// trigger, as the runtime does.
func TestClientsideCallbackIsNotRunByTheServer(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="a" value="x"><p id="b">from the layout</p><p id="c"></p>`)
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("b", "children")), Inputs: outputs(Input("a", "value")), Function: "ui.echo"})
	calls := 0
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("c", "children")), Inputs: outputs(Input("b", "children")),
		Func: func(c *Ctx) error {
			calls++
			c.Set("c", "children", "saw "+c.String("b", "children"))
			return nil
		},
	})
	app := newCallbackApp(t, Config{Registry: reg})
	body := do(app, "GET", "/").Body.String()
	if !strings.Contains(body, `<p id="b">from the layout</p><p id="c">saw from the layout</p>`) {
		t.Fatalf("first paint:\n%s", body)
	}
	p := ft.Visit(t, app, "/")
	calls = 0
	p.Set("a", "value", "y") // only the clientside callback takes it
	if p.Text("b") != "from the layout" || calls != 0 || p.Err() != "" {
		t.Fatalf("b %q, %d server calls, err %q", p.Text("b"), calls, p.Err())
	}
	// What the runtime sends once the clientside callback set b.
	p.Set("b", "children", "from the browser")
	if got := p.Text("c"); got != "saw from the browser" || calls != 1 {
		t.Fatalf("c %q after %d calls", got, calls)
	}
}

func TestClientsideCallbackGraphErrors(t *testing.T) {
	t.Parallel()
	f := func(*Ctx) error { return nil }
	for name, c := range map[string]struct {
		register func(*Registry)
		want     string
	}{
		"output owned twice": {func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("b", "value")), Function: "n.f"})
		}, "is set by the callbacks"},
		"cycle through the browser": {func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("b", "value")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("a", "value")), Inputs: outputs(Input("b", "value")), Function: "n.f"})
		}, "cycle"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			c.register(reg)
			_, err := New(Config{Registry: reg, Logger: discardLogger()})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "clientside_test.go:") {
				t.Fatalf("New: %v, want %q and the sites", err, c.want)
			}
		})
	}
}

func TestClientsideCallbackRegistrationPanics(t *testing.T) {
	t.Parallel()
	ok := ClientsideSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Function: "ns.fn"}
	for name, c := range map[string]struct {
		spec ClientsideSpec
		want string
	}{
		"no function":     {ClientsideSpec{Outputs: ok.Outputs, Inputs: ok.Inputs}, "is not namespace.name"},
		"no namespace":    {ClientsideSpec{Outputs: ok.Outputs, Inputs: ok.Inputs, Function: "fn"}, "is not namespace.name"},
		"three parts":     {ClientsideSpec{Outputs: ok.Outputs, Inputs: ok.Inputs, Function: "a.b.c"}, "is not namespace.name"},
		"not identifiers": {ClientsideSpec{Outputs: ok.Outputs, Inputs: ok.Inputs, Function: "ns.fn()"}, "is not namespace.name"},
		"pattern id":      {ClientsideSpec{Outputs: ok.Outputs, Inputs: outputs(Input(ID{"t": "x", "i": ALL}, "value")), Function: "ns.fn"}, "plain ids"},
		"no outputs":      {ClientsideSpec{Inputs: ok.Inputs, Function: "ns.fn"}, "needs at least one Output"},
		"bad prop":        {ClientsideSpec{Outputs: outputs(Output("o", "onclick")), Inputs: ok.Inputs, Function: "ns.fn"}, "unknown property"},
		"state as input":  {ClientsideSpec{Outputs: ok.Outputs, Inputs: outputs(State("a", "value")), Function: "ns.fn"}, "was not built with Input()"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			msg := mustPanic(t, func() { reg.ClientsideCallback(c.spec) })
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "ClientsideCallback at ") || !strings.Contains(msg, "clientside_test.go:") {
				t.Errorf("panic %q, want %q and the site", msg, c.want)
			}
		})
	}
	reg := NewRegistry()
	reg.ClientsideCallback(ok) // a nil Func is what a clientside callback has
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("p", "children")), Inputs: ok.Inputs, Function: "$ns._f1"})
}

// TestCheckPropNewProperties checks the properties added for Dash's
// dashboards components: which kinds of dependency take them.
func TestCheckPropNewProperties(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		prop            string
		in, state, outp bool
	}{
		{"title", true, true, true},
		{"src", true, true, true},
		{"date", true, true, true},
		{"start_date", true, true, true},
		{"end_date", true, true, true},
		{"options", false, false, true},
		{"placeholder", false, false, true},
		{"marks", false, false, false},
		{"search_value", false, false, false},
	} {
		for kind, want := range map[depKind]bool{depInput: c.in, depState: c.state, depOutput: c.outp} {
			if err := checkProp(kind, c.prop); (err == nil) != want {
				t.Errorf("checkProp(%d, %q) = %v, want ok %v", kind, c.prop, err, want)
			}
		}
	}
	if err := checkProp(depInput, "options"); err == nil || !strings.Contains(err.Error(), "options is an output property") {
		t.Errorf("options as an input: %v", err)
	}
}

// TestUnsafeURLOutputsAreRefused checks that src and href outputs that a
// browser would run are refused, from a callback as from a push, and
// that ordinary ones pass.
func TestUnsafeURLOutputsAreRefused(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:x", "vbscript:x", "data:text/html,<script>x</script>", "DATA:text/html;base64,xx", "\x00javascript:x"} {
		for _, prop := range []string{"src", "href"} {
			if _, err := encodeValue(context.Background(), prop, s); err == nil || !strings.Contains(err.Error(), "unsafe URL") {
				t.Errorf("%s %q: %v, want refused", prop, s, err)
			}
		}
	}
	for _, s := range []any{"/img/a.png", "https://example.com/x.png", "data:image/png;base64,AAAA", "?q=javascript:", "#top", "", nil, "mailto:a@b.c"} {
		if _, err := encodeValue(context.Background(), "src", s); err != nil {
			t.Errorf("src %q: %v", s, err)
		}
	}
	if _, err := encodeValue(context.Background(), "title", "javascript:fine as a title"); err != nil {
		t.Errorf("title: %v", err)
	}

	reg := NewRegistry()
	page(reg, "/", `<input id="in"><img id="pic" src="/a.png" alt=""><a id="link" href="/x">x</a>`)
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("pic", "src"), Output("link", "href")), Inputs: outputs(Input("in", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			c.Set("pic", "src", c.String("in", "value"))
			c.Set("link", "href", c.String("in", "value"))
			return nil
		},
	})
	p := ft.Visit(t, newCallbackApp(t, Config{Registry: reg, Debug: true}), "/")
	p.Set("in", "value", "javascript:alert(document.cookie)")
	if p.Attr("pic", "src") != "/a.png" || p.Attr("link", "href") != "/x" || !strings.Contains(p.Err(), "unsafe URL") {
		t.Fatalf("src %q href %q err %q", p.Attr("pic", "src"), p.Attr("link", "href"), p.Err())
	}
	p.Set("in", "value", "/b.png")
	if p.Attr("pic", "src") != "/b.png" || p.Err() != "" {
		t.Fatalf("src %q err %q", p.Attr("pic", "src"), p.Err())
	}
	app := newCallbackApp(t, Config{Registry: NewRegistry()})
	if err := app.Broadcast(context.Background(), "t", Update{ID: "pic", Prop: "src", Value: "javascript:x"}); err == nil || !strings.Contains(err.Error(), "unsafe URL") {
		t.Fatalf("push of an unsafe src: %v", err)
	}
}
