package main

import (
	"bytes"
	"context"
	"flag"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// updateScreenshots rewrites screenshots/*.png, which the README shows.
var updateScreenshots = flag.Bool("update-screenshots", false, "rewrite screenshots/*.png")

func serve(t *testing.T) (*httptest.Server, *framework.App) {
	t.Helper()
	app, err := newApp()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	return srv, app
}

func TestDashboardOverHTTP(t *testing.T) {
	srv, _ := serve(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	north := findRegion
	g, _ := north("north")
	cases := []struct {
		path, location string
		status         int
		has            string
	}{
		{"/dash/", "", 200, `<a href="/dash/weekly-sales" id="{&#34;page&#34;:&#34;/weekly-sales&#34;,&#34;type&#34;:&#34;nav&#34;}">Weekly sales</a>`},
		{"/dash/", "", 200, `<div class="pw-kpi-value" id="kpi-orders">1,000,000</div>`}, // the first paint ran the callbacks
		{"/dash/", "", 200, `data-pw-graph`},
		{"/dash", "/dash/", 308, ""},
		{"/dash/weekly-sales", "", 200, `<a href="/dash/region/north">north</a>`},
		{"/dash/sales", "/dash/weekly-sales", 301, ""},
		{"/dash/region/south", "", 200, `<h1>Region <span id="region">south</span></h1>`},
		{"/dash/region/%3Cb%3E", "", 200, "No region called <span id=\"region\">&lt;b&gt;</span>"},
		{"/dash/orders", "", 200, `<p id="orders-count" class="pw-kpi-label">1,000,000 orders match</p>`},
		{"/dash/api/sales", "", 200, `{"name":"north","orders":` + itoa(g.Orders)},
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

func itoa(n int) string { return strings.ReplaceAll(count(n), ",", "") }

// open loads path in a fresh Chromium at a desktop size and waits for the
// socket.
func open(t *testing.T, srv *httptest.Server, path string) context.Context {
	t.Helper()
	ctx := bt.New(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000), chromedp.Navigate(srv.URL+path)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 15*time.Second)
	return ctx
}

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// drawn is true once plotly has drawn the graph with that id.
func drawn(id string) string {
	return `document.querySelector("#` + id + ` .main-svg") !== null && document.getElementById("` + id + `").getBoundingClientRect().height > 100`
}

func TestBrowserDashboard(t *testing.T) {
	srv, _ := serve(t)
	ctx := open(t, srv, "/dash/")
	for _, id := range []string{"rev-product", "rev-share", "rev-daily"} {
		bt.WaitFor(t, ctx, drawn(id), 20*time.Second)
	}
	// The theme and the app's stylesheet apply; the nav marks the page.
	if got := bt.Eval[string](t, ctx, `getComputedStyle(document.querySelector(".pw-sidebar")).display + " " + document.querySelector('nav a[aria-current="page"]').textContent`); got != "block Overview" {
		t.Errorf("sidebar and active link: %q", got)
	}
	bt.Eval[chromedp.Void](t, ctx, "window.pwMark = 1")

	// A filter: unchecking a product updates the Store, and every chart
	// and KPI that reads it, in place.
	orders := bt.Eval[string](t, ctx, `document.getElementById("kpi-orders").textContent`)
	click(t, ctx, `#f-products input[value="Gizmos"]`)
	bt.WaitFor(t, ctx, `document.getElementById("kpi-orders").textContent !== `+jsString(orders), 15*time.Second)
	bt.WaitFor(t, ctx, `document.getElementById("rev-product")._fullData?.[0]?.x?.length === 2`, 10*time.Second)

	// Cross-filtering: a click on a product's bar narrows the daily trend.
	bt.Eval[chromedp.Void](t, ctx, `(() => { const g = document.getElementById("rev-product"); g.emit("plotly_click", {points: [{curveNumber: 0, pointNumber: 1, x: "Gadgets", y: 1, data: g.data[0]}]}); })()`)
	bt.WaitFor(t, ctx, `document.getElementById("trend-product").textContent === "(Gadgets only)"`, 15*time.Second)

	// The table: a page of a million orders, sorted and paged on the server.
	click(t, ctx, `nav a[href="/dash/orders"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/dash/orders" && document.querySelectorAll("#orders tbody tr").length === 25 && document.querySelector('nav a[aria-current="page"]')?.textContent === "Orders"`, 15*time.Second)
	first := bt.Eval[string](t, ctx, `document.querySelector("#orders tbody tr").textContent`)
	click(t, ctx, `#orders thead th:nth-child(7) button`) // Revenue, after the selection column
	bt.WaitFor(t, ctx, `document.querySelector("#orders tbody tr").textContent !== `+jsString(first)+` && document.querySelector("#orders thead th:nth-child(7)").getAttribute("aria-sort") === "ascending"`, 15*time.Second)
	click(t, ctx, `#orders nav button:last-of-type`)
	bt.WaitFor(t, ctx, `document.querySelector("#orders nav span").textContent.startsWith("Page 2 of ")`, 15*time.Second)

	// Back and forward: the overview draws again, in place.
	bt.Eval[chromedp.Void](t, ctx, "history.back()")
	bt.WaitFor(t, ctx, `location.pathname === "/dash/"`, 10*time.Second)
	bt.WaitFor(t, ctx, drawn("rev-daily"), 20*time.Second)
	bt.Eval[chromedp.Void](t, ctx, "history.forward()")
	bt.WaitFor(t, ctx, `location.pathname === "/dash/orders" && document.querySelectorAll("#orders tbody tr").length === 25`, 15*time.Second)
	if got := bt.Eval[int](t, ctx, "window.pwMark"); got != 1 {
		t.Errorf("a navigation reloaded the document")
	}

	// A missing page: the dashboard's own 404, in place.
	bt.Eval[chromedp.Void](t, ctx, `pagewire.navigate("/dash/nowhere")`)
	bt.WaitFor(t, ctx, `document.getElementById("not-found")?.textContent === "No dashboard at /nowhere" && document.getElementById("pw-content").dataset.pwStatus === "404"`, 10*time.Second)
}

func TestBrowserLive(t *testing.T) {
	srv, app := serve(t)
	ctx := open(t, srv, "/dash/live")
	lctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go runLive(lctx, app, 50*time.Millisecond)
	bt.WaitFor(t, ctx, `+document.getElementById("live-orders").textContent.replace(/,/g, "") >= 3 && document.getElementById("live-last").textContent.includes("$")`, 15*time.Second)
}

// TestScreenshots takes the README's pictures of the overview and the
// orders, and checks they are real pictures of the right size; with
// -update-screenshots it writes them to screenshots/.
func TestScreenshots(t *testing.T) {
	srv, _ := serve(t)
	ctx := open(t, srv, "/dash/")
	for _, id := range []string{"rev-product", "rev-share", "rev-daily"} {
		bt.WaitFor(t, ctx, drawn(id), 20*time.Second)
	}
	shot(t, ctx, "overview.png")
	click(t, ctx, `nav a[href="/dash/analysis"]`)
	for _, id := range []string{"order-hist", "order-box", "season-heat", "product-bubble"} {
		bt.WaitFor(t, ctx, drawn(id), 20*time.Second)
	}
	shot(t, ctx, "analysis.png")
	click(t, ctx, `nav a[href="/dash/orders"]`)
	bt.WaitFor(t, ctx, `document.querySelectorAll("#orders tbody tr").length === 25`, 15*time.Second)
	shot(t, ctx, "orders.png")
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	time.Sleep(300 * time.Millisecond) // plotly's transitions settle
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if s := img.Bounds().Size(); s.X != 1400 || s.Y != 1000 {
		t.Errorf("%s is %v, want 1400×1000", name, s)
	}
	dir := t.TempDir()
	if *updateScreenshots {
		dir = "screenshots"
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "`" + strings.NewReplacer("`", "\\`", "\\", "\\\\", "${", "\\${").Replace(s) + "`"
}
