package framework

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// clientsideJS is an app's asset that defines its clientside functions,
// before the runtime loads, as the README tells apps to.
const clientsideJS = `window.pagewire ??= { clientside: {} };
window.pagewire.clientside.ui = {
  double: (v) => (v === "" ? window.pagewire.noUpdate : String(2 * v)),
  shout: async (v) => { await new Promise((r) => setTimeout(r, 20)); return v.toUpperCase() + "!"; },
  pair: (a, b, st) => [a + "+" + b + " (" + st + ")", window.pagewire.noUpdate],
  sawServer: (s) => "client saw: " + s,
  boom: () => { throw new Error("kaboom"); },
  never: () => { throw window.pagewire.noUpdate; },
};
`

func TestBrowserClientsideCallbacks(t *testing.T) {
	reg := NewRegistry()
	page(reg, "/", `<input id="n" value="5"><p id="doubled"></p><p id="server-out"></p>
		<input id="m" value=""><p id="m-out">none</p>
		<input id="a" value="x"><input id="b" value="y"><input id="st" value="s"><p id="pair-out"></p><p id="pair-2">kept</p>
		<button id="srv">srv</button><p id="srv-out"></p><p id="cs-after"></p>
		<button id="bad">bad</button><p id="bad-out">calm</p><button id="nop">nop</button><p id="nop-out">same</p>
		<a id="go" href="/other">other</a>`)
	page(reg, "/other", `<input id="o" value="nav"><p id="o-out"></p>`)
	// Client -> server: doubled feeds a server callback.
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("doubled", "children")), Inputs: outputs(Input("n", "value")), Function: "ui.double"})
	var serverCalls atomic.Int32
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("server-out", "children")), Inputs: outputs(Input("doubled", "children")),
		Func: func(c *Ctx) error {
			serverCalls.Add(1)
			c.Set("server-out", "children", "server got "+c.String("doubled", "children"))
			return nil
		},
	})
	// Isolated, a Promise, PreventInitialCall: no round trip at all.
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("m-out", "children")), Inputs: outputs(Input("m", "value")), Function: "ui.shout", PreventInitialCall: true})
	// Several inputs, a state, two outputs of which one is left alone.
	reg.ClientsideCallback(ClientsideSpec{
		Outputs: outputs(Output("pair-out", "children"), Output("pair-2", "children")),
		Inputs:  outputs(Input("a", "value"), Input("b", "value")), States: outputs(State("st", "value")), Function: "ui.pair",
	})
	// Server -> client.
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("srv-out", "children")), Inputs: outputs(Input("srv", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			c.Set("srv-out", "children", fmt.Sprint("click ", c.Int("srv", "n_clicks")))
			return nil
		},
	})
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("cs-after", "children")), Inputs: outputs(Input("srv-out", "children")), Function: "ui.sawServer", PreventInitialCall: true})
	// Errors, and noUpdate thrown.
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("bad-out", "children")), Inputs: outputs(Input("bad", "n_clicks")), Function: "ui.boom", PreventInitialCall: true})
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("nop-out", "children")), Inputs: outputs(Input("nop", "n_clicks")), Function: "ui.never", PreventInitialCall: true})
	// The initial call of a page shown by an in-app navigation.
	reg.ClientsideCallback(ClientsideSpec{Outputs: outputs(Output("o-out", "children")), Inputs: outputs(Input("o", "value")), Function: "ui.shout"})

	assets := fstest.MapFS{"clientside.js": {Data: []byte(clientsideJS), ModTime: time.Unix(1, 0)}}
	ctx, _ := openApp(t, Config{Registry: reg, Assets: assets, Debug: true}, "/")
	text := func(id string) string {
		return bt.Eval[string](t, ctx, `document.getElementById("`+id+`").textContent`)
	}

	// Initial calls: doubled from n's first value, then the server
	// callback it feeds; pair from a, b and st.
	bt.WaitFor(t, ctx, `document.getElementById("server-out").textContent === "server got 10"`, 5*time.Second)
	if got := text("doubled") + " | " + text("pair-out") + " | " + text("pair-2") + " | " + text("m-out"); got != "10 | x+y (s) | kept | none" {
		t.Fatalf("initial calls: %q", got)
	}
	bt.Eval[chromedp.Void](t, ctx, `window.pwSent = []; window.pwErrors = [];
		document.addEventListener("pagewire:error", (e) => window.pwErrors.push(e.detail));
		const send = WebSocket.prototype.send;
		WebSocket.prototype.send = function (d) { window.pwSent.push(JSON.parse(d)); return send.call(this, d); };`)

	// No round trip: typing in m updates m-out with no socket message.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("m"), "hey")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("m-out").textContent === "HEY!"`, 5*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `(() => { const a = document.getElementById("a"); a.value = "X"; a.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `document.getElementById("pair-out").textContent === "X+y (s)"`, 5*time.Second)
	time.Sleep(150 * time.Millisecond)
	if n := bt.Eval[int](t, ctx, `window.pwSent.length`); n != 0 {
		t.Fatalf("clientside callbacks sent %d socket messages: %s", n, bt.Eval[string](t, ctx, `JSON.stringify(window.pwSent)`))
	}
	if got := text("pair-2"); got != "kept" {
		t.Errorf("an output returned as noUpdate changed: %q", got)
	}

	// Client -> server: one message, whose trigger is the clientside
	// output (n itself is no server callback's input).
	before := serverCalls.Load()
	bt.Eval[chromedp.Void](t, ctx, `(() => { const n = document.getElementById("n"); n.value = "21"; n.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	bt.WaitFor(t, ctx, `document.getElementById("server-out").textContent === "server got 42"`, 5*time.Second)
	if got := bt.Eval[string](t, ctx, `JSON.stringify(window.pwSent.map((m) => [m.type, m.trigger]))`); got != `[["cb",[{"id":"doubled","prop":"children"}]]]` {
		t.Errorf("messages sent: %s", got)
	}
	if n := serverCalls.Load() - before; n != 1 {
		t.Errorf("%d server calls for one change", n)
	}
	// noUpdate: an empty n leaves doubled, and sends nothing.
	bt.Eval[chromedp.Void](t, ctx, `window.pwSent = []; (() => { const n = document.getElementById("n"); n.value = ""; n.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	time.Sleep(150 * time.Millisecond)
	if got := text("doubled") + " " + fmt.Sprint(bt.Eval[int](t, ctx, `window.pwSent.length`)); got != "42 0" {
		t.Errorf("after noUpdate: %q", got)
	}

	// Server -> client: the reply's output runs the clientside callback.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("srv"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("cs-after").textContent === "client saw: click 1"`, 5*time.Second)

	// A thrown noUpdate changes nothing and reports nothing; an error is
	// logged, reported by pagewire:error and shown in debug mode.
	for _, id := range []string{"nop", "bad"} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(id), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
	}
	bt.WaitFor(t, ctx, `window.pwErrors.length === 1`, 5*time.Second)
	if got := bt.Eval[string](t, ctx, `window.pwErrors[0].error + " | " + window.pwErrors[0].id + "." + window.pwErrors[0].prop`); got != "clientside callback ui.boom: Error: kaboom | bad.n_clicks" {
		t.Errorf("error event: %q", got)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector(".pw-error-overlay")?.textContent || ""`); !strings.Contains(got, "kaboom") {
		t.Errorf("debug overlay: %q", got)
	}
	if got := text("bad-out") + " " + text("nop-out"); got != "calm same" {
		t.Errorf("outputs after errors: %q", got)
	}

	// The page an in-app link shows gets its clientside initial calls.
	bt.Eval[chromedp.Void](t, ctx, `window.pwMark = 1`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("go"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("o-out") && document.getElementById("o-out").textContent === "NAV!" && window.pwMark === 1`, 5*time.Second)
}
