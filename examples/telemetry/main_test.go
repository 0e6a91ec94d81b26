package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

func metric(t *testing.T, base, name string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	t.Fatalf("no %s in /metrics", name)
	return ""
}

func waitMetric(t *testing.T, base, name, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for metric(t, base, name) != want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if got := metric(t, base, name); got != want {
		t.Fatalf("%s = %s, want %s", name, got, want)
	}
}

func TestTelemetry(t *testing.T) {
	app, err := newApp("404.html", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Shutdown(context.Background())
	srv := httptest.NewServer(app)
	defer srv.Close()
	const navs, resps = "pagewire_not_found_navigations_total", "pagewire_not_found_responses_total"
	// No script: every response counts, no navigation does.
	for range 3 {
		resp, err := http.Get(srv.URL + "/nope")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	}
	waitMetric(t, srv.URL, resps, "3")
	waitMetric(t, srv.URL, navs, "0")

	ctx := bt.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/nope")); err != nil {
		t.Fatal(err)
	}
	if got := bt.Eval[string](t, ctx, `document.title + "|" + getComputedStyle(document.body).backgroundColor`); got != "Not here|rgb(250, 240, 230)" {
		t.Fatalf("the static page: %q", got)
	}
	waitMetric(t, srv.URL, navs, "1")
	for range 3 {
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
	}
	waitMetric(t, srv.URL, navs, "1")
	waitMetric(t, srv.URL, resps, "7")
	// From the home page, the link to a missing page loads the static file
	// as a document: a new navigation.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/missing"]`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/missing" && document.getElementById("static-404") !== null`, 10*time.Second)
	waitMetric(t, srv.URL, navs, "2")
}
