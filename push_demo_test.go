package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
	bt "github.com/pagewire/pagewire/internal/browsertest"
	"github.com/pagewire/pagewire/pages"
)

func TestBrowserTwoTabsReceiveTheBroadcast(t *testing.T) {
	srv, app := serveDemo(t, nil)
	ctx := bt.New(t)
	tab2, cancel := chromedp.NewContext(ctx)
	defer cancel()
	for _, c := range []context.Context{ctx, tab2} {
		open(t, c, srv.URL+"/live")
		bt.WaitFor(t, c, `document.documentElement.dataset.pwSocket === "open"`, wait)
	}
	ctxRun, stop := context.WithCancel(context.Background())
	defer stop()
	go pages.RunCounter(ctxRun, app, 100*time.Millisecond)
	for i, c := range []context.Context{ctx, tab2} {
		start := bt.Eval[string](t, c, `document.getElementById("live-counter").textContent`)
		bt.WaitFor(t, c, `document.getElementById("live-counter").textContent !== "`+start+`"`, wait)
		if !sameDocument(t, c) {
			t.Fatalf("tab %d reloaded", i+1)
		}
	}
}

// TestBrowserPushAfterInAppNavigation: a tab that reaches /live by a link
// receives the counter's pushes, and stops receiving them once it leaves.
func TestBrowserPushAfterInAppNavigation(t *testing.T) {
	srv, app := serveDemo(t, nil)
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/")
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, wait)
	ctxRun, stop := context.WithCancel(context.Background())
	defer stop()
	go pages.RunCounter(ctxRun, app, 100*time.Millisecond)

	click(t, ctx, `nav a[href="/live"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/live" && document.querySelector("h1").textContent === "Live"`, wait)
	first := bt.Eval[string](t, ctx, `document.getElementById("live-counter").textContent`)
	bt.WaitFor(t, ctx, `document.getElementById("live-counter").textContent !== "`+first+`"`, wait)
	if !sameDocument(t, ctx) {
		t.Fatal("the link to /live reloaded the document")
	}

	// Back on /, the tab is no longer subscribed: an element with the
	// counter's id, outside the page, stays as it is.
	click(t, ctx, `nav a[href="/"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/" && !document.getElementById("pw-content").hasAttribute("data-pw-topics")`, wait)
	bt.Eval[chromedp.Void](t, ctx, `(() => { const s = document.createElement("strong"); s.id = "live-counter"; s.textContent = "left"; document.body.append(s); })()`)
	time.Sleep(600 * time.Millisecond) // six ticks
	if got := bt.Eval[string](t, ctx, `document.getElementById("live-counter").textContent`); got != "left" {
		t.Errorf("after leaving /live the tab still receives its pushes: %q", got)
	}
}

// TestPushAfterNavigationOverTheProtocol: the test client follows the
// runtime's rules, so a page reached by Navigate receives its pushes.
func TestPushAfterNavigationOverTheProtocol(t *testing.T) {
	app, err := newApp(framework.Config{Logger: quietLogger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	p := ft.Visit(t, app, "/")
	p.Navigate("/live")
	ctxRun, stop := context.WithCancel(context.Background())
	defer stop()
	go pages.RunCounter(ctxRun, app, 50*time.Millisecond)
	if !p.WaitPush(5 * time.Second) {
		t.Fatal("no push reached /live after an in-app navigation")
	}
}
