package framework

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// recoveryProbe is run in every document before the page's scripts: it
// counts the tab's document loads and keeps console.warn's messages, in
// sessionStorage so that a reload would show.
const recoveryProbe = `(() => {
  sessionStorage.setItem("loads", String(+(sessionStorage.getItem("loads") || 0) + 1));
  const warn = console.warn;
  console.warn = (...a) => {
    const w = JSON.parse(sessionStorage.getItem("warns") || "[]");
    w.push(a.join(" "));
    sessionStorage.setItem("warns", JSON.stringify(w));
    warn.apply(console, a);
  };
})()`

// serveOn serves a new app of reg (with a random secret) on addr, retrying
// the listen for a few seconds while the port is still held, and returns
// it; it is shut down when the test ends.
func serveOn(t *testing.T, reg *Registry, addr string) *App {
	t.Helper()
	return serveCfgOn(t, Config{Registry: reg}, addr)
}

// restart stops app (without waiting the 5 s that Shutdown gives
// Chromium's idle preconnected sockets) and serves a new app of reg, with
// a new random secret, on addr.
func restart(t *testing.T, app *App, reg *Registry, addr string) *App {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := app.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
		app.mu.Lock()
		app.srv.Close()
		app.mu.Unlock()
	} else if err != nil {
		t.Fatal(err)
	}
	return serveOn(t, reg, addr)
}

// broadcastUntil broadcasts value on topic "counter" until the tab's
// #count shows it: the tab subscribes without an answer, so a broadcast
// may come before its subscription.
func broadcastUntil(t *testing.T, ctx context.Context, app *App, value string, timeout time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); {
		if err := app.Broadcast(context.Background(), "counter", Update{ID: "count", Prop: "children", Value: value}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 10; i++ {
			if bt.Eval[string](t, ctx, `document.getElementById("count")?.textContent || ""`) == value {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Fatalf("broadcast %q did not reach the tab in %v (warnings %s)", value, timeout, bt.Eval[string](t, ctx, `sessionStorage.getItem("warns") || "[]"`))
}

// TestRuntimeRenewsTopicsAfterRestart restarts the app twice, each time
// with another random secret on the same address: the open tab's old
// topics are refused, and the runtime fetches its page's topics again,
// once per restart, without reloading or touching the page, so broadcasts
// reach it again.
func TestRuntimeRenewsTopicsAfterRestart(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/live", Layout: func(r Request) templ.Component {
		Subscribe(r, "counter")
		return templ.Raw(`<span id="count">0</span><input id="in" aria-label="in">`)
	}})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	a := serveOn(t, reg, addr)

	ctx := bt.New(t)
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: recoveryProbe}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/live")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	bt.Eval[any](t, ctx, `document.getElementById("in").value = "typed"`)
	broadcastUntil(t, ctx, a, "from A", 5*time.Second)
	entries := bt.Eval[float64](t, ctx, `history.length`)

	b := restart(t, a, reg, addr)
	broadcastUntil(t, ctx, b, "from B", 10*time.Second)
	c := restart(t, b, reg, addr) // a tab lives through many deploys
	broadcastUntil(t, ctx, c, "from C", 10*time.Second)

	time.Sleep(500 * time.Millisecond) // time for a loop to show
	warns := bt.Eval[string](t, ctx, `sessionStorage.getItem("warns") || "[]"`)
	if n := strings.Count(warns, "topics refused"); n != 2 {
		t.Errorf("want a warning about the refused topics for each restart, got %d: %s", n, warns)
	}
	if loads := bt.Eval[string](t, ctx, `sessionStorage.getItem("loads")`); loads != "1" {
		t.Errorf("the tab loaded %s documents, want 1 (no reload)", loads)
	}
	if v := bt.Eval[string](t, ctx, `document.getElementById("in").value`); v != "typed" {
		t.Errorf("input value %q after the recovery, want it kept", v)
	}
	if n := bt.Eval[float64](t, ctx, `history.length`); n != entries {
		t.Errorf("history.length %v after the recovery, want %v", n, entries)
	}
}

// lostCallbackPage registers a page whose button runs a callback that
// counts its calls in calls and, for the first slow calls, signals started
// and sleeps a second before setting #out.
func lostCallbackPage(calls *atomic.Int32, slow int32, started chan<- int32) *Registry {
	reg := NewRegistry()
	page(reg, "/cb", `<button id="go">go</button><span id="out">none</span>`)
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children")),
		Inputs:             outputs(Input("go", "n_clicks")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			n := calls.Add(1)
			if n <= slow {
				started <- n
				time.Sleep(time.Second)
			}
			c.Set("out", "children", fmt.Sprintf("call %d", n))
			return nil
		},
	})
	return reg
}

// countUpdates makes the tab count the pagewire:updated events that touch
// #out, in window.outUpdates, and the pagewire:error events, in
// window.cbErrors.
const countUpdates = `window.outUpdates = 0; window.cbErrors = 0;
document.addEventListener("pagewire:updated", (e) => { if (e.detail.elements.some((el) => el.id === "out")) outUpdates++; });
document.addEventListener("pagewire:error", () => { cbErrors++; }); true`

// TestRuntimeResendsCallbackLostToReconnect drops the tab's socket while
// its callback runs: the runtime sends the callback again once it has
// reconnected, and the output is set once, by the second call.
func TestRuntimeResendsCallbackLostToReconnect(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	started := make(chan int32, 4)
	ctx, app := openApp(t, Config{Registry: lostCallbackPage(&calls, 1, started)}, "/cb")
	bt.Eval[bool](t, ctx, countUpdates)
	bt.Eval[any](t, ctx, `document.getElementById("go").click()`)
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the callback did not start")
	}
	dropSockets(app)
	bt.WaitFor(t, ctx, `document.getElementById("out").textContent === "call 2"`, 10*time.Second)
	time.Sleep(1500 * time.Millisecond) // the first call ends; its reply has no socket
	if n := calls.Load(); n != 2 {
		t.Errorf("callback ran %d times, want 2", n)
	}
	if n := bt.Eval[float64](t, ctx, `outUpdates`); n != 1 {
		t.Errorf("#out updated %v times, want 1", n)
	}
	if s := bt.Eval[string](t, ctx, `document.getElementById("out").textContent`); s != "call 2" {
		t.Errorf("#out %q, want %q", s, "call 2")
	}
	if n := bt.Eval[float64](t, ctx, `cbErrors`); n != 0 {
		t.Errorf("%v pagewire:error events, want none", n)
	}
}

// TestRuntimeGivesUpOnSecondLostCallback drops the socket during the
// callback and again during its second sending: the runtime does not send
// it a third time and reports the loss with a pagewire:error event.
func TestRuntimeGivesUpOnSecondLostCallback(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	started := make(chan int32, 4)
	ctx, app := openApp(t, Config{Registry: lostCallbackPage(&calls, 2, started)}, "/cb")
	bt.Eval[bool](t, ctx, countUpdates)
	bt.Eval[any](t, ctx, `document.getElementById("go").click()`)
	for i := 0; i < 2; i++ {
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatalf("call %d did not start", i+1)
		}
		dropSockets(app)
	}
	bt.WaitFor(t, ctx, `cbErrors === 1`, 10*time.Second)
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	time.Sleep(2 * time.Second) // both calls end; their replies have no socket
	if n := calls.Load(); n != 2 {
		t.Errorf("callback ran %d times, want 2", n)
	}
	if s := bt.Eval[string](t, ctx, `document.getElementById("out").textContent`); s != "none" {
		t.Errorf("#out %q, want it untouched", s)
	}
	if n := bt.Eval[float64](t, ctx, `document.querySelectorAll("[aria-busy]").length`); n != 0 {
		t.Errorf("%v elements still busy", n)
	}
}
