package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

func serve(t *testing.T) *httptest.Server {
	t.Helper()
	app, err := newApp("404.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return srv
}

func TestStaticNotFound(t *testing.T) {
	srv := serve(t)
	want, err := os.ReadFile("404.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/nope", "/missing/page", "/about/x"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || string(body) != string(want) {
			t.Errorf("GET %s: %d, body is the file: %v", path, resp.StatusCode, string(body) == string(want))
		}
	}
	resp, err := http.Get(srv.URL + "/about")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /about: %d", resp.StatusCode)
	}
}

func TestBrowserLinkToMissingLoadsTheFile(t *testing.T) {
	srv := serve(t)
	ctx := bt.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, "window.pwMark = 1")
	// An in-app link still works over the socket...
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/about"]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "About" && window.pwMark === 1`, 10*time.Second)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "Home"`, 10*time.Second)
	// ...and a link to a missing page loads the static file as a document.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/missing/page"]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/missing/page" && document.getElementById("static-404") !== null`, 10*time.Second)
	got := bt.Eval[string](t, ctx, `[document.title, getComputedStyle(document.body).backgroundColor, String(window.pwMark)].join("|")`)
	if got != "Nothing here|rgb(16, 24, 48)|undefined" {
		t.Fatalf("title|background|mark = %q, want the static file's own, loaded as a document", got)
	}
}
