package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

func serve(t *testing.T) *httptest.Server {
	t.Helper()
	app, err := newApp()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return srv
}

func TestDashboardOverHTTP(t *testing.T) {
	srv := serve(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cases := []struct {
		path, location string
		status         int
		has            string
	}{
		{"/dash/", "", 200, `<a href="/dash/weekly-sales">Weekly sales</a>`},
		{"/dash", "/dash/", 308, ""},
		{"/dash/weekly-sales", "", 200, `<a href="/dash/region/north">north</a>`},
		{"/dash/sales", "/dash/weekly-sales", 301, ""},
		{"/dash/region/south", "", 200, "Sales this week: 75"},
		{"/dash/region/%3Cb%3E", "", 200, "No region called <span id=\"region\">&lt;b&gt;</span>"},
		{"/dash/api/sales", "", 200, `{"name":"north","sales":120}`},
		{"/dash/nowhere", "", 404, "No dashboard at /nowhere"},
		{"/weekly-sales", "", 404, ""},
	}
	for _, c := range cases {
		resp, err := client.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || resp.Header.Get("Location") != c.location || !strings.Contains(string(body), c.has) {
			t.Errorf("GET %s: %d %q, want %d %q with %q", c.path, resp.StatusCode, resp.Header.Get("Location"), c.status, c.location, c.has)
		}
	}
}

func TestBrowserUnderBasePath(t *testing.T) {
	srv := serve(t)
	ctx := bt.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/dash/")); err != nil {
		t.Fatal(err)
	}
	// The socket opens at /dash/_pagewire/socket and the stylesheet loads
	// from /dash/assets/.
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	if got := bt.Eval[string](t, ctx, "getComputedStyle(document.body).backgroundColor"); got != "rgb(244, 246, 250)" {
		t.Errorf("stylesheet not applied: background %q", got)
	}
	bt.Eval[chromedp.Void](t, ctx, "window.pwMark = 1")
	steps := []struct{ click, wait string }{
		{`a[href="/dash/weekly-sales"]`, `location.pathname === "/dash/weekly-sales" && document.querySelector("h1").textContent === "Weekly sales"`},
		{`a[href="/dash/region/east"]`, `location.pathname === "/dash/region/east" && document.title === "Region east"`},
		{`a[href="/dash/"]`, `location.pathname === "/dash/" && document.querySelector("h1").textContent === "Overview"`},
		{`a[href="/dash/nowhere"]`, `location.pathname === "/dash/nowhere" && document.getElementById("not-found")?.textContent === "No dashboard at /nowhere"`},
	}
	for _, s := range steps {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(s.click), chromedp.NodeVisible)); err != nil {
			t.Fatalf("click %s: %v", s.click, err)
		}
		bt.WaitFor(t, ctx, s.wait, 10*time.Second)
	}
	if got := bt.Eval[string](t, ctx, `String(window.pwMark) + " " + document.getElementById("pw-content").dataset.pwStatus`); got != "1 404" {
		t.Errorf("mark and status after the clicks: %q, want in-app navigation ending on a 404", got)
	}
	// A programmatic navigation to an old path follows its redirect.
	bt.Eval[chromedp.Void](t, ctx, `pagewire.navigate("/dash/sales")`)
	bt.WaitFor(t, ctx, `location.pathname === "/dash/weekly-sales" && window.pwMark === 1`, 10*time.Second)
}
