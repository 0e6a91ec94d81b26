package framework

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// serveCfgOn serves a new app of cfg on addr, retrying the listen while
// the port is still held, and shuts it down when the test ends.
func serveCfgOn(t *testing.T, cfg Config, addr string) *App {
	t.Helper()
	cfg.Logger = discardLogger()
	app, err := New(cfg)
	if err != nil {
		t.Fatal(err)
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
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := l.Addr().String()
			l.Close()
			a := serveCfgOn(t, Config{Registry: regA, Dev: dev}, addr)

			ctx := bt.New(t)
			if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: recoveryProbe}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/")); err != nil {
				t.Fatal(err)
			}
			bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
			bt.Eval[any](t, ctx, `window.mark = 1`)

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
