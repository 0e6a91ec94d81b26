package framework

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	templruntime "github.com/a-h/templ/runtime"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// serveCfgOn serves a new app of cfg on addr, retrying the listen while
// the port is still held, and shuts it down when the test ends. The
// prepare functions run on the app before it serves.
func serveCfgOn(t *testing.T, cfg Config, addr string, prepare ...func(*App)) *App {
	t.Helper()
	cfg.Logger = discardLogger()
	app, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range prepare {
		f(app)
	}
	var l net.Listener
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if l, err = net.Listen("tcp", addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); app.Serve(l) }()
	t.Cleanup(func() { app.Shutdown(context.Background()); <-done })
	return app
}

// freeAddr is a loopback address with a port free a moment ago, for
// serveCfgOn.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestRuntimeDevReloadsOnRestart serves app A, opens its page and marks
// the window, then replaces A by app B on the same address: with
// Config.Dev the tab reloads once and shows B's page; without it the tab
// reconnects and keeps its document.
func TestRuntimeDevReloadsOnRestart(t *testing.T) {
	t.Parallel()
	for _, dev := range []bool{true, false} {
		t.Run(map[bool]string{true: "dev", false: "off"}[dev], func(t *testing.T) {
			t.Parallel()
			regA, regB := NewRegistry(), NewRegistry()
			page(regA, "/", `<p id="who">from A</p>`)
			page(regB, "/", `<p id="who">from B</p>`)
			addr := freeAddr(t)
			a := serveCfgOn(t, Config{Registry: regA, Dev: dev}, addr)

			ctx := openMarked(t, addr)

			sctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			if err := a.Shutdown(sctx); errors.Is(err, context.DeadlineExceeded) {
				a.mu.Lock()
				a.srv.Close()
				a.mu.Unlock()
			} else if err != nil {
				t.Fatal(err)
			}
			cancel()
			bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket !== "open"`, 10*time.Second)
			serveCfgOn(t, Config{Registry: regB, Dev: dev}, addr)

			if dev {
				bt.WaitFor(t, ctx, `!window.mark && document.getElementById("who")?.textContent === "from B" && document.documentElement.dataset.pwSocket === "open"`, 15*time.Second)
				time.Sleep(time.Second) // time for a reload loop to show
				if loads := bt.Eval[string](t, ctx, `sessionStorage.getItem("loads")`); loads != "2" {
					t.Errorf("the tab loaded %s documents, want 2 (one reload)", loads)
				}
				return
			}
			bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 15*time.Second)
			time.Sleep(500 * time.Millisecond)
			if !bt.Eval[bool](t, ctx, `window.mark === 1 && document.getElementById("who").textContent === "from A"`) {
				t.Error("without Config.Dev the tab reloaded after the restart")
			}
			if loads := bt.Eval[string](t, ctx, `sessionStorage.getItem("loads")`); loads != "1" {
				t.Errorf("the tab loaded %s documents, want 1", loads)
			}
		})
	}
}

// TestRuntimeDevReloadsOnTemplTextChange opens a page of a Config.Dev app
// that watches the templ text file of a .templ file (as under templ's
// watch mode), marks the window and rewrites the text file: the tab
// reloads once.
func TestRuntimeDevReloadsOnTemplTextChange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.templ"), []byte("package pages\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	text := templruntime.GetDevModeTextFileName(filepath.Join(dir, "page.templ"))
	t.Cleanup(func() { os.Remove(text) })
	if err := os.WriteFile(text, []byte("<p>before</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	reg := NewRegistry()
	page(reg, "/", `<p id="who">page</p>`)
	addr := freeAddr(t)
	serveCfgOn(t, Config{Registry: reg, Dev: true}, addr, func(a *App) { a.dev = newDevWatch(a.hub, dir, nil) })

	ctx := openMarked(t, addr)
	if err := os.WriteFile(text, []byte("<p>after, edited</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `!window.mark && document.getElementById("who") && document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	time.Sleep(time.Second) // time for a second reload to show
	if loads := bt.Eval[string](t, ctx, `sessionStorage.getItem("loads")`); loads != "2" {
		t.Errorf("the tab loaded %s documents, want 2 (one reload)", loads)
	}
}

// devOverlayApp is a registry whose page "/" has a button whose callback
// panics, one whose callback returns an error, and a link to /broken,
// whose layout panics (devBrokenLayout).
func devOverlayApp() *Registry {
	reg := NewRegistry()
	page(reg, "/", `<button id="panics">panic</button><button id="errs">error</button><div id="out">-</div><a id="go" href="/broken">broken</a>`)
	reg.RegisterPage(Page{Path: "/broken", Layout: devBrokenLayout})
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children").AllowDuplicate()),
		Inputs:             outputs(Input("panics", "n_clicks")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			panic("dev: the callback failed") // dev: the callback panics here
		},
	})
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children").AllowDuplicate()),
		Inputs:             outputs(Input("errs", "n_clicks")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error { // dev: the callback that returns an error
			return errors.New("dev: the callback returned an error")
		},
	})
	return reg
}

// TestRuntimeDevOverlayShowsWhere checks the development overlay: with
// Config.Dev alone (which implies Debug's details), a callback that panics
// shows the panic's line, a callback that returns an error its function's
// line, and a socket navigation to a page whose layout panics the
// layout's line, also on the error page itself. Without Dev and Debug the
// tab gets no overlay and no position.
func TestRuntimeDevOverlayShowsWhere(t *testing.T) {
	t.Parallel()
	at := func(file, marker string) string {
		return "framework/" + file + ":" + strconv.Itoa(lineOf(t, file, marker))
	}
	panicAt, errAt := at("dev_browser_test.go", "dev: the callback panics here"), at("dev_browser_test.go", "dev: the callback that returns an error")
	layoutAt := at("errpos_test.go", "dev: the layout panics here")
	for _, dev := range []bool{true, false} {
		t.Run(map[bool]string{true: "dev", false: "off"}[dev], func(t *testing.T) {
			t.Parallel()
			addr := freeAddr(t)
			serveCfgOn(t, Config{Registry: devOverlayApp(), Dev: dev}, addr)
			ctx := bt.New(t)
			if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/")); err != nil {
				t.Fatal(err)
			}
			bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
			bt.Eval[any](t, ctx, `window.errors = []; document.addEventListener("pagewire:error", (e) => window.errors.push(e.detail.error))`)
			overlays := func() string {
				return bt.Eval[string](t, ctx, `Array.from(document.querySelectorAll(".pw-error-overlay"), (d) => d.textContent).join("\n")`)
			}
			steps := []struct{ click, want, what string }{
				{"panics", panicAt, "a callback that panics"},
				{"errs", errAt, "a callback that returns an error"},
				{"go", layoutAt, "a navigation to a page whose layout panics"},
			}
			for i, s := range steps {
				bt.Eval[any](t, ctx, `document.getElementById("`+s.click+`").click()`)
				bt.WaitFor(t, ctx, `window.errors.length === `+strconv.Itoa(i+1), 10*time.Second)
				text := overlays()
				if !dev {
					if text != "" || strings.Contains(bt.Eval[string](t, ctx, `window.errors.join()`), "_test.go") {
						t.Errorf("%s, without Dev: overlay %q, errors %q", s.what, text, bt.Eval[string](t, ctx, `window.errors.join()`))
					}
					continue
				}
				if !strings.Contains(text, s.want) {
					t.Errorf("%s: the overlay reads %q, want it to name %s", s.what, text, s.want)
				}
			}
			// The navigation happened in place, over the socket; the error
			// page it shows names the position too (with Dev).
			page := bt.Eval[string](t, ctx, `location.pathname + " " + document.getElementById("pw-content").dataset.pwStatus + " " + document.getElementById("pw-content").textContent`)
			if !strings.HasPrefix(page, "/broken 500 ") || strings.Contains(page, layoutAt) != dev {
				t.Errorf("the page after the navigation: %q", page)
			}
			if loads := bt.Eval[int](t, ctx, `performance.getEntriesByType("navigation").length`); loads != 1 {
				t.Errorf("%d document loads, want 1: the navigation was not in place", loads)
			}
		})
	}
}

// openMarked opens http://addr/ in a new tab with the recovery probe (see
// recoveryProbe), waits for its socket and marks its window: a reload
// clears window.mark.
func openMarked(t *testing.T, addr string) context.Context {
	t.Helper()
	ctx := bt.New(t)
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: recoveryProbe}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	bt.Eval[any](t, ctx, `window.mark = 1`)
	return ctx
}
