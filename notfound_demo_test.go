package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// notFoundTotal reads pagewire_not_found_events_total from /metrics.
func notFoundTotal(t *testing.T, base string) string {
	t.Helper()
	_, body := get(t, base+"/metrics")
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, "pagewire_not_found_events_total "); ok {
			return v
		}
	}
	t.Fatalf("no pagewire_not_found_events_total in /metrics:\n%s", body)
	return ""
}

// waitTotal waits for the counter to reach want, then checks it stays
// there a moment (a late, duplicate fire would show).
func waitTotal(t *testing.T, base, want string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for notFoundTotal(t, base) != want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if got := notFoundTotal(t, base); got != want {
		t.Fatalf("pagewire_not_found_events_total = %s, want %s", got, want)
	}
}

func TestBrowserNotFoundHookCountsOncePerNavigation(t *testing.T) {
	srv, _ := serveDemo(t, nil)
	ctx := bt.New(t)
	waitTotal(t, srv.URL, "0")
	// A typed URL: one fire.
	open(t, ctx, srv.URL+"/test")
	waitTotal(t, srv.URL, "1")
	token := bt.Eval[string](t, ctx, "history.state.pwNav")
	// Three reloads of that entry: each render has a new token, but the
	// entry keeps (and presents) its own.
	for i := range 3 {
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, wait)
		if fresh := bt.Eval[string](t, ctx, `document.querySelector("script[data-pw-nav]").getAttribute("data-pw-nav")`); fresh == token || fresh == "" {
			t.Fatalf("reload %d: the render's token %q should be new", i+1, fresh)
		}
		if got := bt.Eval[string](t, ctx, "history.state.pwNav"); got != token {
			t.Fatalf("reload %d: the entry's token changed", i+1)
		}
	}
	waitTotal(t, srv.URL, "1")
	// Home by its link, then back to the missing page and forward again.
	click(t, ctx, `a[href="/"]`)
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "Hello World"`, wait)
	bt.Eval[chromedp.Void](t, ctx, "history.back()")
	bt.WaitFor(t, ctx, `location.pathname === "/test" && document.getElementById("missing-path") !== null`, wait)
	bt.Eval[chromedp.Void](t, ctx, "history.forward()")
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "Hello World"`, wait)
	waitTotal(t, srv.URL, "1")
	// A link to the missing page: a new navigation, one more.
	click(t, ctx, `a[href="/test"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/test" && document.getElementById("missing-path") !== null`, wait)
	waitTotal(t, srv.URL, "2")
	// The same missing URL in a new tab: one more.
	tab2, cancel := chromedp.NewContext(ctx)
	defer cancel()
	open(t, tab2, srv.URL+"/test")
	waitTotal(t, srv.URL, "3")
}

func TestBrowserNotFoundHookByBeacon(t *testing.T) {
	srv, _ := serveDemo(t, blockSocket)
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/test")
	waitTotal(t, srv.URL, "1")
	bt.WaitFor(t, ctx, "history.state.pwAcked === true", wait)
	for range 2 {
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
	}
	waitTotal(t, srv.URL, "1")
}
