package framework

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework/components"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

const testNonce = "t3st-n0nce"

// dropSockets closes every open socket from the server side, as a crash
// or a network blip would.
func dropSockets(app *App) {
	app.hub.mu.Lock()
	var cls []*client
	for c := range app.hub.clients {
		cls = append(cls, c)
	}
	app.hub.mu.Unlock()
	for _, c := range cls {
		c.closeWith(websocket.CloseInternalServerErr, "test drop")
	}
}

// openApp builds an app from cfg.Registry (never DefaultRegistry), serves
// it on a loopback port, and opens path in a fresh Chromium whose socket is
// ready. Everything is stopped when the test ends.
func openApp(t *testing.T, cfg Config, path string) (context.Context, *App) {
	t.Helper()
	if cfg.Registry == nil {
		t.Fatal("openApp: Config.Registry is nil")
	}
	cfg.Logger = discardLogger()
	app, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	ctx := bt.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	return ctx, app
}

// customShell is an app's own shell built from the exported pieces, with an
// input outside the page container.
func customShell(d ShellData) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		io.WriteString(w, `<!doctype html><html lang="en"><head>`)
		if err := DefaultHead(d).Render(ctx, w); err != nil {
			return err
		}
		io.WriteString(w, `</head><body><header><input id="outside" aria-label="search"></header>`)
		if err := PageContainer(d).Render(ctx, w); err != nil {
			return err
		}
		if err := RuntimeScript(d).Render(ctx, w); err != nil {
			return err
		}
		_, err := io.WriteString(w, `</body></html>`)
		return err
	})
}

func TestBrowserRuntimeUnderStrictCSP(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Title: "Start", Layout: func(Request) templ.Component { return templ.Raw(`<h1>start</h1>`) }})
	reg.RegisterPage(Page{Path: "/fast", Title: "Fast", Layout: func(Request) templ.Component { return templ.Raw(`<h1>fast</h1>`) }})
	reg.RegisterPage(Page{Path: "/slow", Title: "Slow", Layout: func(Request) templ.Component {
		time.Sleep(400 * time.Millisecond)
		return templ.Raw(`<h1>slow</h1>`)
	}})
	reg.RegisterPage(Page{Path: "/form", Title: "Form", Layout: func(r Request) templ.Component {
		return templ.Raw(`<h1>form ` + templ.EscapeString(r.Query.Get("step")) + `</h1><input id="q" value="">`)
	}})
	reg.RegisterPage(Page{Path: "/long", Title: "Long page", Layout: func(Request) templ.Component {
		return templ.Raw(`<h1>long</h1>` + strings.Repeat("<p>filler</p>", 300) + `<h2 id="target">bottom</h2>`)
	}})
	e := echo.New()
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Content-Security-Policy",
				"default-src 'none'; script-src 'nonce-"+testNonce+"'; style-src 'self'; connect-src 'self'; img-src 'self'")
			return next(c)
		}
	})
	app, err := New(Config{Registry: reg, Echo: e, Shell: customShell, Assets: testAssets, Logger: discardLogger(),
		Nonce: func(*http.Request) string { return testNonce }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	srv := httptest.NewServer(app)
	defer srv.Close()

	ctx := bt.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	// The runtime ran under the nonce policy: its socket is open.
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `window.pwMark = 1; window.pwNavs = 0;
		document.addEventListener("pagewire:navigated", () => window.pwNavs++)`)

	// Focus and text outside the container survive a navigation.
	bt.Eval[chromedp.Void](t, ctx, `(() => { const i = document.getElementById("outside"); i.focus(); i.value = "kept"; pagewire.navigate("/fast"); })()`)
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "fast"`, 10*time.Second)
	if got := bt.Eval[string](t, ctx, `document.activeElement.id + ":" + document.getElementById("outside").value`); got != "outside:kept" {
		t.Errorf("focus and value outside the container: %q", got)
	}

	// A stale reply is dropped: /slow is asked first, /fast wins, and only
	// one history entry and one navigated event come of it.
	bt.Eval[chromedp.Void](t, ctx, `window.pwNavs = 0; window.pwLen = history.length;
		pagewire.navigate("/slow"); setTimeout(() => pagewire.navigate("/form?step=1"), 50)`)
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "form 1"`, 10*time.Second)
	time.Sleep(600 * time.Millisecond) // longer than /slow takes
	if got := bt.Eval[string](t, ctx, `document.querySelector("h1").textContent + " " + location.pathname + " " + (history.length - window.pwLen) + " " + window.pwNavs`); got != "form 1 /form 1 1" {
		t.Errorf("after a stale reply: %q, want \"form 1 /form 1 1\"", got)
	}

	// A focused input inside the container keeps its node, focus and text
	// when the page re-renders around it.
	bt.Eval[chromedp.Void](t, ctx, `(() => { const q = document.getElementById("q"); window.pwInput = q; q.focus(); q.value = "typed"; pagewire.navigate("/form?step=2"); })()`)
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "form 2"`, 10*time.Second)
	if got := bt.Eval[string](t, ctx, `String(document.getElementById("q") === window.pwInput) + " " + document.activeElement.id + " " + document.getElementById("q").value`); got != "true q typed" {
		t.Errorf("morph of a focused input: %q", got)
	}

	// A hash scrolls to its element; the new title is announced.
	bt.Eval[chromedp.Void](t, ctx, `pagewire.navigate("/long#target")`)
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "long"`, 10*time.Second)
	bt.WaitFor(t, ctx, `window.scrollY > 3000`, 5*time.Second)
	if got := bt.Eval[string](t, ctx, `location.hash + " " + document.querySelector('[aria-live="polite"]').textContent`); got != "#target Long page" {
		t.Errorf("hash and announcement: %q", got)
	}
	if got := bt.Eval[int](t, ctx, "window.pwMark"); got != 1 {
		t.Fatal("a navigation reloaded the document")
	}
}

func TestBrowserReconnectsWithoutReload(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component { return templ.Raw(`<h1>one</h1>`) }})
	reg.RegisterPage(Page{Path: "/two", Layout: func(Request) templ.Component { return templ.Raw(`<h1>two</h1>`) }})
	ctx, app := openApp(t, Config{Registry: reg}, "/")
	bt.Eval[chromedp.Void](t, ctx, `window.pwMark = 1; window.pwDowns = 0;
		document.addEventListener("pagewire:disconnected", () => window.pwDowns++)`)
	for range 2 { // drop it twice: the second reconnect backs off longer
		dropSockets(app)
		bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket !== "open"`, 5*time.Second)
		bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	}
	bt.Eval[chromedp.Void](t, ctx, `pagewire.navigate("/two")`)
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "two"`, 10*time.Second)
	if got := bt.Eval[string](t, ctx, `window.pwMark + " " + window.pwDowns`); got != "1 2" {
		t.Fatalf("mark and disconnects: %q, want no reload and two disconnects", got)
	}
	if n := app.hub.count(); n != 1 {
		t.Fatalf("%d sockets open after reconnecting, want 1", n)
	}
}

// TestBrowserCallbackWireSemantics covers what Dash gets wrong or makes
// hard: a callback slower than its Interval still shows results (Dash
// #941/#943), a debounced input sends once, a custom DOM event triggers, and
// Loading marks outputs while their callback runs.
func TestBrowserCallbackWireSemantics(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Raw(`<div id="tick" data-pw-interval="40" data-pw-max-intervals="-1" data-pw-n-intervals="0" hidden></div>
			<p id="slow-out">none</p>
			<input id="deb"><p id="deb-out"></p>
			<div id="chart"></div><p id="ev-out"></p>
			<div class="pw-loading" data-pw-loading data-pw-delay="0"><button id="work">work</button><p id="work-out"></p></div>`)
	}})
	var slowCalls, debCalls atomic.Int32
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("slow-out", "children")), Inputs: outputs(Input("tick", "n_intervals")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			slowCalls.Add(1)
			time.Sleep(150 * time.Millisecond) // far slower than the 40 ms interval
			c.Set("slow-out", "children", fmt.Sprintf("tick %d", c.Int("tick", "n_intervals")))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("deb-out", "children")), Inputs: outputs(Input("deb", "value").Debounce(150 * time.Millisecond)), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			debCalls.Add(1)
			c.Set("deb-out", "children", c.String("deb", "value"))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("ev-out", "children")), Inputs: outputs(Input("chart", "on:select")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			var sel struct{ Point int }
			if err := c.Decode("chart", "on:select", &sel); err != nil {
				return err
			}
			c.Set("ev-out", "children", fmt.Sprintf("point %d", sel.Point))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("work-out", "children")), Inputs: outputs(Input("work", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			time.Sleep(400 * time.Millisecond)
			c.Set("work-out", "children", "done")
			return nil
		},
	})
	ctx, _ := openApp(t, Config{Registry: reg}, "/")

	// Loading: the output is busy and the wrapper on while the call runs.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("work"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("work-out").getAttribute("aria-busy") === "" && document.querySelector("[data-pw-loading]").hasAttribute("data-pw-loading-on")`, 5*time.Second)
	bt.WaitFor(t, ctx, `document.getElementById("work-out").textContent === "done" && !document.getElementById("work-out").hasAttribute("aria-busy") && !document.querySelector("[data-pw-loading]").hasAttribute("data-pw-loading-on")`, 5*time.Second)

	// The slow callback under a fast Interval keeps showing fresh results.
	bt.WaitFor(t, ctx, `/^tick \d+$/.test(document.getElementById("slow-out").textContent)`, 5*time.Second)
	first := bt.Eval[string](t, ctx, `document.getElementById("slow-out").textContent`)
	bt.WaitFor(t, ctx, `document.getElementById("slow-out").textContent !== "`+first+`"`, 5*time.Second)
	ticks := bt.Eval[int](t, ctx, `+document.getElementById("tick").dataset.pwNIntervals`)
	if calls := int(slowCalls.Load()); calls >= ticks || calls < 2 {
		t.Errorf("%d slow calls for %d ticks: want ticks coalesced while a call is in flight", calls, ticks)
	}

	// Debounce: five keystrokes, one call with the final value.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("deb"), "hello")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("deb-out").textContent === "hello"`, 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	if n := debCalls.Load(); n != 1 {
		t.Errorf("debounced input: %d calls, want 1", n)
	}

	// A custom DOM event with a detail.
	bt.Eval[chromedp.Void](t, ctx, `document.getElementById("chart").dispatchEvent(new CustomEvent("select", {bubbles: true, detail: {Point: 7}}))`)
	bt.WaitFor(t, ctx, `document.getElementById("ev-out").textContent === "point 7"`, 5*time.Second)
}

func TestBrowserNotFoundByCallbackAndScript(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Join(components.Location("url"), components.Button(components.ButtonProps{ID: "lost"}))
	}})
	reg.RegisterNotFound(Page{Layout: func(r Request) templ.Component {
		return templ.Raw(`<h1 id="nf">missing ` + templ.EscapeString(r.Path) + `</h1>`)
	}})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("url", "pathname")), Inputs: outputs(Input("lost", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("url", "pathname", "/gone-by-callback"); return nil },
	})
	fires := &hookLog{}
	ctx, app := openApp(t, Config{Registry: reg}, "/")
	app.OnNotFound(fires.fn)
	bt.Eval[chromedp.Void](t, ctx, "window.pwMark = 1")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("lost"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/gone-by-callback" && document.getElementById("nf")?.textContent === "missing /gone-by-callback"`, 5*time.Second)
	settle(t, fires, 1)
	bt.Eval[chromedp.Void](t, ctx, `pagewire.navigate("/gone-by-script?x=1")`)
	bt.WaitFor(t, ctx, `location.pathname === "/gone-by-script"`, 5*time.Second)
	settle(t, fires, 2)
	// The socket reconnecting does not re-render or fire.
	dropSockets(app)
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	settle(t, fires, 2)
	if got := bt.Eval[int](t, ctx, "window.pwMark"); got != 1 {
		t.Fatal("a navigation reloaded the document")
	}
	if a, b := fires.evs[0], fires.evs[1]; a.How != HowCallback || a.Path != "/gone-by-callback" || b.How != HowScript || b.Query.Get("x") != "1" || a.Session == "" {
		t.Fatalf("events %+v / %+v", a, b)
	}
}
