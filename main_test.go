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
	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// serveDemo starts the demo app on a free loopback port; wrap, when set,
// adds an echo middleware in front of it.
func serveDemo(t *testing.T, wrap echo.MiddlewareFunc) (*httptest.Server, *framework.App) {
	t.Helper()
	app, err := newApp(framework.Config{Logger: quietLogger})
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		app.Echo().Pre(wrap)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	return srv, app
}

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// blockSocket refuses the runtime's socket, as a proxy or firewall might.
func blockSocket(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if strings.HasSuffix(c.Request().URL.Path, "/_pagewire/socket") {
			return c.String(http.StatusForbidden, "blocked")
		}
		return next(c)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDemoOverHTTP(t *testing.T) {
	srv, _ := serveDemo(t, nil)
	cases := []struct {
		path   string
		status int
		has    string
	}{
		{"/", 200, "Hello World"},
		{"/", 200, `<a href="/analytics">Analytics</a>`},
		{"/analytics", 200, `<input id="analytics-input"`},
		{"/analytics", 200, `<div id="analytics-output">`},
		{"/report/42?tab=summary&tab=raw", 200, "<dd>summary, raw</dd>"},
		{"/test", 404, "404: Lost in Space"},
		{"/test", 404, `<code id="missing-path">/test</code>`},
		{"/not-found-404", 404, "Lost in Space"}, // never reachable at a path of its own
		{"/healthz", 200, "ok"},
		{"/assets/style.css", 200, ".lost"},
	}
	for _, c := range cases {
		status, body := get(t, srv.URL+c.path)
		if status != c.status || !strings.Contains(body, c.has) {
			t.Errorf("GET %s: %d, want %d with %q", c.path, status, c.status, c.has)
		}
	}
	checkDemoPages(t, framework.Pages(), srv.URL)
}

// demoPages are the pages the demo's pages package registers, in the order
// their Orders give them.
var demoPages = []string{"Home", "Analytics", "Report", "To-do", "Live"}

// checkDemoPages checks the demo's pages list: the demo's own pages in the
// order of their Orders, whatever other pages a user added (the README's
// tour adds one), every numeric Order ascending and before the pages
// without one, as Dash sorts page_registry; and the nav bar on "/" links
// every page in that order, a template page by its default Path.
func checkDemoPages(t *testing.T, pages []framework.Page, base string) {
	t.Helper()
	var names []string
	next := 0
	lastNum, unset := -1e300, false
	for _, p := range pages {
		names = append(names, p.Name)
		if next < len(demoPages) && p.Name == demoPages[next] {
			next++
		}
		n, ok := p.Order.Number()
		switch {
		case ok && (unset || n < lastNum):
			t.Errorf("Pages(): %s (order %v) after a page of a later order: %v", p.Name, n, names)
		case ok:
			lastNum = n
		case !p.Order.IsSet():
			unset = true
		}
	}
	if next != len(demoPages) {
		t.Errorf("Pages() = %v, want the demo's %v in that order", names, demoPages)
	}
	_, body := get(t, base+"/")
	at := 0
	for _, p := range pages {
		link := `<a href="` + p.Path + `"`
		i := strings.Index(body[at:], link)
		if i < 0 {
			t.Errorf("nav on / lacks %s, or not after the pages before it in Pages()", link)
			continue
		}
		at += i + len(link)
	}
}

func TestDefaultAddr(t *testing.T) {
	t.Setenv("PORT", "")
	if got := defaultAddr(); got != "127.0.0.1:8050" {
		t.Errorf("defaultAddr() = %q", got)
	}
	t.Setenv("PORT", "9999")
	if got := defaultAddr(); got != "127.0.0.1:9999" {
		t.Errorf("with PORT: %q", got)
	}
}

// open loads url and marks the window, so a later check can tell an in-app
// navigation (the mark survives) from a document load (it is gone).
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	bt.Eval[chromedp.Void](t, ctx, "window.pwMark = 'same-document'")
}

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func sameDocument(t *testing.T, ctx context.Context) bool {
	t.Helper()
	return bt.Eval[bool](t, ctx, "window.pwMark === 'same-document'")
}

const wait = 10 * time.Second

func TestBrowserInAppNavigation(t *testing.T) {
	srv, _ := serveDemo(t, nil)
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/")
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "Hello World"`, wait)
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, wait)

	click(t, ctx, `nav a[href="/analytics"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/analytics" && document.querySelector("h1").textContent === "Analytics"`, wait)
	if !sameDocument(t, ctx) {
		t.Fatal("the click to /analytics reloaded the document")
	}
	if got := bt.Eval[string](t, ctx, "document.title"); got != "Analytics" {
		t.Errorf("title %q", got)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('meta[name="description"]').content`); got != "Type something and see it echoed back." {
		t.Errorf("description meta %q", got)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('nav a[aria-current="page"]').textContent`); got != "Analytics" {
		t.Errorf("current nav link %q", got)
	}

	// A link to a missing page: the not-found page, the missing URL in the
	// address bar, the same content a document load of that URL shows.
	click(t, ctx, `nav a[href="/"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/" && document.querySelector("h1").textContent === "Hello World"`, wait)
	click(t, ctx, `a[href="/test"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/test" && document.getElementById("missing-path")?.textContent === "/test"`, wait)
	if !sameDocument(t, ctx) {
		t.Fatal("the click to /test reloaded the document")
	}
	if got := bt.Eval[string](t, ctx, `document.getElementById("pw-content").dataset.pwStatus + " " + document.title`); got != "404 404: Lost in Space" {
		t.Errorf("status and title %q", got)
	}
	inApp := bt.Eval[string](t, ctx, `document.getElementById("pw-content").innerHTML`)

	// Back and forward render the right pages, in the same document.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("history.back()")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/" && document.querySelector("h1").textContent === "Hello World"`, wait)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("history.forward()")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/test" && document.getElementById("missing-path")?.textContent === "/test"`, wait)
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("history.go(-2)")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/analytics" && document.querySelector("h1").textContent === "Analytics"`, wait)
	if !sameDocument(t, ctx) {
		t.Fatal("back/forward reloaded the document")
	}

	// A template page with a query.
	click(t, ctx, `nav a[href="/report/42?tab=summary"]`)
	bt.WaitFor(t, ctx, `location.pathname + location.search === "/report/42?tab=summary" && document.getElementById("report-id")?.textContent === "42"`, wait)
	if got := bt.Eval[string](t, ctx, `document.querySelector("#report-query dd").textContent + " " + document.title`); got != "summary Report 42" {
		t.Errorf("report page %q", got)
	}

	// A document load of /test shows what the in-app navigation showed.
	open(t, ctx, srv.URL+"/test")
	if full := bt.Eval[string](t, ctx, `document.getElementById("pw-content").innerHTML`); strings.TrimSpace(full) != strings.TrimSpace(inApp) {
		t.Errorf("in-app 404 content differs from a document load:\nin-app: %s\nload:   %s", inApp, full)
	}
}

func TestBrowserClicksNotIntercepted(t *testing.T) {
	srv, _ := serveDemo(t, nil)
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/")
	bt.WaitFor(t, ctx, "window.pagewire !== undefined", wait)
	// A window listener runs after the runtime's document listener; it
	// records whether the runtime took the click, then cancels the default
	// so no test click opens a tab or leaves the page.
	got := bt.Eval[string](t, ctx, `(() => {
		const out = [];
		window.addEventListener("click", (ev) => { out.push(ev.defaultPrevented); ev.preventDefault(); });
		const a = document.querySelector('nav a[href="/analytics"]');
		const ext = document.createElement("a"); ext.href = "https://example.com/"; ext.textContent = "ext"; document.body.append(ext);
		const blank = document.createElement("a"); blank.href = "/analytics"; blank.target = "_blank"; document.body.append(blank);
		const dl = document.createElement("a"); dl.href = "/analytics"; dl.download = "x"; document.body.append(dl);
		const rl = document.createElement("a"); rl.href = "/analytics"; rl.setAttribute("data-pw-reload", ""); document.body.append(rl);
		const fire = (el, init) => el.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, button: 0, ...init}));
		fire(a, {ctrlKey: true}); fire(a, {metaKey: true}); fire(a, {shiftKey: true}); fire(a, {altKey: true});
		fire(a, {button: 1}); fire(ext, {}); fire(blank, {}); fire(dl, {}); fire(rl, {});
		fire(a, {});
		return out.join(",");
	})()`)
	// Nine clicks left to the browser, then one plain click taken in-app.
	if want := "false,false,false,false,false,false,false,false,false,true"; got != want {
		t.Fatalf("defaultPrevented per click = %s, want %s", got, want)
	}
}

func TestBrowserClickWhileConnecting(t *testing.T) {
	// The socket's handshake is held for a while: a click made meanwhile
	// waits for it and still navigates in-app.
	srv, _ := serveDemo(t, func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if strings.HasSuffix(c.Request().URL.Path, "/_pagewire/socket") {
				time.Sleep(700 * time.Millisecond)
			}
			return next(c)
		}
	})
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/")
	if got := bt.Eval[string](t, ctx, "document.documentElement.dataset.pwSocket"); got != "connecting" {
		t.Fatalf("socket state %q before the click, want connecting", got)
	}
	click(t, ctx, `nav a[href="/analytics"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/analytics" && document.querySelector("h1")?.textContent === "Analytics"`, wait)
	if !sameDocument(t, ctx) {
		t.Fatal("a click while the socket was connecting reloaded the document")
	}
}

func TestBrowserSocketBlocked(t *testing.T) {
	srv, _ := serveDemo(t, blockSocket)
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/")
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "down"`, wait)
	click(t, ctx, `nav a[href="/analytics"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/analytics" && document.querySelector("h1")?.textContent === "Analytics"`, wait)
	if sameDocument(t, ctx) {
		t.Fatal("without a socket the click should have been a document load")
	}
	bt.Eval[chromedp.Void](t, ctx, "window.pwMark = 'same-document'")
	click(t, ctx, `nav a[href="/"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/" && document.querySelector("h1")?.textContent === "Hello World"`, wait)
	click(t, ctx, `a[href="/test"]`)
	bt.WaitFor(t, ctx, `location.pathname === "/test" && document.getElementById("missing-path")?.textContent === "/test"`, wait)
	if sameDocument(t, ctx) {
		t.Fatal("without a socket the click to /test should have been a document load")
	}
}

func TestBrowserAnalyticsCallback(t *testing.T) {
	srv, _ := serveDemo(t, nil)
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/analytics")
	// The initial call's output is in the first response.
	if got := bt.Eval[string](t, ctx, `document.getElementById("analytics-output").textContent`); got != "You selected: " {
		t.Fatalf("first paint output %q", got)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, wait)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("analytics-input"), "Paris")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("analytics-output").textContent === "You selected: Paris"`, wait)
	if got := bt.Eval[string](t, ctx, `(() => { const i = document.activeElement; return i.id + " " + i.value + " " + i.selectionStart; })()`); got != "analytics-input Paris 5" {
		t.Errorf("focus, value and caret after the update: %q", got)
	}
	// Back and forward after callbacks: each page renders as the server has it.
	click(t, ctx, `nav a[href="/"]`)
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "Hello World"`, wait)
	bt.Eval[chromedp.Void](t, ctx, "history.back()")
	bt.WaitFor(t, ctx, `location.pathname === "/analytics" && document.getElementById("analytics-output")?.textContent === "You selected: "`, wait)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("analytics-input"), "Oslo")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("analytics-output").textContent === "You selected: Oslo"`, wait)
	bt.Eval[chromedp.Void](t, ctx, "history.forward()")
	bt.WaitFor(t, ctx, `document.querySelector("h1").textContent === "Hello World"`, wait)
	if !sameDocument(t, ctx) {
		t.Fatal("the document was reloaded")
	}
}

func TestDemoCallbacksOverTheProtocol(t *testing.T) {
	app, err := newApp(framework.Config{Logger: quietLogger})
	if err != nil {
		t.Fatal(err)
	}
	p := ft.Visit(t, app, "/analytics")
	if got := p.Text("analytics-output"); got != "You selected: " {
		t.Fatalf("first paint %q", got)
	}
	p.Set("analytics-input", "value", "Montréal")
	if got := p.Text("analytics-output"); got != "You selected: Montréal" {
		t.Fatalf("after typing: %q", got)
	}

	todo := ft.Visit(t, app, "/todo")
	if got := todo.Text("todo-summary"); got != "1 of 2 done" {
		t.Fatalf("to-do first paint: %q", got)
	}
	todo.Set("todo-new", "value", "Buy bread")
	todo.Click("todo-add")
	if got := todo.Text("todo-summary") + " / " + todo.Prop("todo-new", "value").(string); got != "1 of 3 done / " {
		t.Fatalf("after add: %q", got)
	}
	label := framework.ID{"type": "todo-label", "index": 3}.String()
	if got := todo.Text(label); got != "Buy bread" {
		t.Fatalf("new item %q", got)
	}
	todo.Set(framework.ID{"type": "todo-done", "index": 3}.String(), "checked", true)
	if got := todo.Text("todo-summary") + " " + todo.Attr(label, "class"); got != "2 of 3 done done" {
		t.Fatalf("after check: %q", got)
	}
	todo.Click(framework.ID{"type": "todo-remove", "index": 1}.String())
	if todo.Has(framework.ID{"type": "todo-label", "index": 1}.String()) || todo.Text("todo-summary") != "2 of 2 done" {
		t.Fatalf("after remove: %q", todo.Text("todo-summary"))
	}
	todo.Set("todo-new", "value", "")
	todo.Click("todo-add") // an empty item is not added
	if todo.Text("todo-summary") != "2 of 2 done" || todo.Err() != "" {
		t.Fatalf("empty add: %q %q", todo.Text("todo-summary"), todo.Err())
	}
}

func TestBrowserTodoList(t *testing.T) {
	srv, _ := serveDemo(t, nil)
	ctx := bt.New(t)
	open(t, ctx, srv.URL+"/todo")
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, wait)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("todo-new"), "Fix the bike\r")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("todo-summary").textContent === "1 of 3 done" && document.getElementById("todo-new").value === ""`, wait)
	if !sameDocument(t, ctx) {
		t.Fatal("Enter in the text box submitted the form as a document load")
	}
	click(t, ctx, `[id='{"index":3,"type":"todo-done"}']`)
	bt.WaitFor(t, ctx, `document.getElementById("todo-summary").textContent === "2 of 3 done" && document.getElementById('{"index":3,"type":"todo-label"}').className === "done"`, wait)
	click(t, ctx, `[id='{"index":2,"type":"todo-remove"}']`)
	bt.WaitFor(t, ctx, `document.getElementById("todo-summary").textContent === "1 of 2 done" && !document.getElementById('{"index":2,"type":"todo-label"}')`, wait)
	if got := bt.Eval[string](t, ctx, `Array.from(document.querySelectorAll("#todo-list span")).map(s => s.textContent).join(",")`); got != "Water the plants,Fix the bike" {
		t.Errorf("items %q", got)
	}
}
