package framework

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework/components"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// userKey is the context key of the user an auth middleware finds.
type userKey struct{}

// guardedApp is an app whose echo middleware guards /secret (401 without
// the auth cookie) and /admin (a redirect to /login), and hands the user
// to layouts through the request's context.
func guardedApp(t *testing.T) *App {
	t.Helper()
	reg := NewRegistry()
	text := func(path, body string) {
		reg.RegisterPage(Page{Path: path, Name: strings.TrimPrefix(path, "/"), Layout: func(r Request) templ.Component {
			user, _ := r.Context().Value(userKey{}).(string)
			return templ.Raw(`<h1>` + body + `</h1><p id="user">` + templ.EscapeString(user) + `</p>` +
				`<a id="to-secret" href="/secret">secret</a> <a id="to-admin" href="/admin">admin</a> <a id="to-home" href="/">home</a>` +
				`<input id="q"><p id="echo"></p>`)
		}})
	}
	text("/", "home")
	text("/secret", "secret")
	text("/admin", "admin")
	text("/login", "login")
	reg.Callback(CallbackSpec{Outputs: []Dep{Output("echo", "children")}, Inputs: []Dep{Input("q", "value")}, PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("echo", "children", c.Page().Path+": "+c.String("q", "value")); return nil }})
	e := echo.New()
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			ck, err := r.Cookie("auth")
			authed := err == nil && ck.Value == "yes"
			switch {
			case authed:
				c.SetRequest(r.WithContext(context.WithValue(r.Context(), userKey{}, "ada")))
			case r.URL.Path == "/secret":
				return echo.ErrUnauthorized
			case r.URL.Path == "/admin":
				return c.Redirect(http.StatusFound, "/login")
			}
			return next(c)
		}
	})
	app, err := New(Config{Registry: reg, Echo: e, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	return app
}

// TestMiddlewareGuardsSocketNavigation: a socket navigation passes the
// app's echo middleware like a document load; when the middleware does not
// let it through (a 401, a login redirect), the runtime is told to load
// the page as a document, which gets the middleware's own answer.
func TestMiddlewareGuardsSocketNavigation(t *testing.T) {
	t.Parallel()
	app := guardedApp(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	if rec := do(app, "GET", "/secret"); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "401") {
		t.Fatalf("GET /secret: %d %.200s", rec.Code, rec.Body)
	}
	if rec := do(app, "GET", "/admin"); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/login" {
		t.Fatalf("GET /admin: %d %v", rec.Code, rec.Header())
	}

	anon := dialSocket(t, srv, RuntimePrefix+"socket", "")
	for _, path := range []string{"/secret", "/admin"} {
		if r := roundTrip(t, anon, nav(1, path)); r.Type != "page" || !r.Reload || r.URL != path || r.HTML != "" {
			t.Errorf("anonymous nav %s: %+v, want a reload of %[1]s and no content", path, r)
		}
	}
	if r := roundTrip(t, anon, nav(2, "/login")); r.Type != "page" || r.Reload || r.Status != 200 || !strings.Contains(r.HTML, "<h1>login</h1>") {
		t.Errorf("anonymous nav /login: %+v", r)
	}
	// A callback of a guarded page re-resolves the page through the same
	// middleware: refused, it asks for a reload instead of running.
	cb := `{"v":1,"ref":3,"type":"cb","url":"/secret","trigger":[{"id":"q","prop":"value"}],"props":[{"id":"q","prop":"value","value":"x"}]}`
	if r := roundTrip(t, anon, cb); !r.Reload || r.URL != "/secret" || len(r.Updates) != 0 {
		t.Errorf("anonymous callback on /secret: %+v, want a reload", r)
	}

	hdr := http.Header{"Origin": {srv.URL}, "Cookie": {"auth=yes"}}
	authed, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+RuntimePrefix+"socket", hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer authed.Close()
	var hello reply
	authed.ReadJSON(&hello)
	r := roundTrip(t, authed, nav(4, "/secret"))
	if r.Reload || r.Status != 200 || !strings.Contains(r.HTML, `<p id="user">ada</p>`) {
		t.Errorf("signed-in nav /secret: %+v, want the page with the middleware's user", r)
	}
	if r := roundTrip(t, authed, strings.Replace(cb, `"ref":3`, `"ref":5`, 1)); r.Reload || len(r.Updates) != 1 || string(r.Updates[0].Value) != `"/secret: x"` {
		t.Errorf("signed-in callback on /secret: %+v", r)
	}
}

// TestBrowserMiddlewareGuardsInAppLinks: in Chromium, a link to a guarded
// page shows the middleware's 401 or its login redirect as a document
// load; signed in, the same link navigates in place.
func TestBrowserMiddlewareGuardsInAppLinks(t *testing.T) {
	app := guardedApp(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	ctx := bt.New(t)
	start := func() {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		bt.WaitFor(t, ctx, `document.documentElement.getAttribute("data-pw-socket") === "open"`, 10*time.Second)
		bt.Eval[chromedp.Void](t, ctx, `window.pwMark = 1`)
	}
	click := func(id string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(id), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
	}
	start()
	click("to-secret")
	bt.WaitFor(t, ctx, `location.pathname === "/secret" && document.title === "401: Unauthorized" && !window.pwMark`, 10*time.Second)

	start()
	click("to-admin")
	bt.WaitFor(t, ctx, `location.pathname === "/login" && document.querySelector("h1").textContent === "login" && !window.pwMark`, 10*time.Second)

	bt.Eval[chromedp.Void](t, ctx, `document.cookie = "auth=yes; path=/"`)
	start()
	click("to-secret")
	bt.WaitFor(t, ctx, `location.pathname === "/secret" && document.getElementById("user").textContent === "ada"`, 10*time.Second)
	if !bt.Eval[bool](t, ctx, `window.pwMark === 1`) {
		t.Error("signed in, the link to /secret reloaded the document")
	}
}

// shellApp is an app whose shell (Dash's app.layout) holds a Location, a
// Store and outputs: the shell's components drive callbacks of the pages,
// and the pages' callbacks write into the shell.
func shellApp(t *testing.T) *App {
	t.Helper()
	reg := NewRegistry()
	for _, path := range []string{"/a", "/b"} {
		reg.RegisterPage(Page{Path: path, Layout: func(r Request) templ.Component {
			return templ.Raw(`<h1>` + r.Path + `</h1><p id="region"></p><div id="box" data-info=""></div>` +
				`<a id="to-a" href="/a">a</a> <a id="to-b" href="/b">b</a>`)
		}})
	}
	reg.Callback(CallbackSpec{Outputs: []Dep{Output("crumb", "children")}, Inputs: []Dep{Input("url", "pathname")},
		Func: func(c *Ctx) error { c.Set("crumb", "children", "at "+c.String("url", "pathname")); return nil }})
	reg.Callback(CallbackSpec{Outputs: []Dep{Output("filters", "data")}, Inputs: []Dep{Input("pick-south", "n_clicks")}, PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("filters", "data", map[string]string{"region": "south"}); return nil }})
	reg.Callback(CallbackSpec{Outputs: []Dep{Output("region", "children"), Output("box", "data-info")}, Inputs: []Dep{Input("filters", "data")},
		Func: func(c *Ctx) error {
			var f map[string]string
			c.Decode("filters", "data", &f)
			c.Set("region", "children", "region: "+f["region"])
			c.Set("box", "data-info", f)
			return nil
		}})
	shell := func(d ShellData) templ.Component {
		return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
			io.WriteString(w, `<!DOCTYPE html><html lang="en"><head>`)
			DefaultHead(d).Render(ctx, w)
			io.WriteString(w, `</head><body><header>`)
			components.Location("url").Render(ctx, w)
			components.Store(components.StoreProps{ID: "filters", Data: map[string]string{"region": "north"}}).Render(ctx, w)
			io.WriteString(w, `<p id="crumb"></p><button id="pick-south">south</button></header>`)
			PageContainer(d).Render(ctx, w)
			RuntimeScript(d).Render(ctx, w)
			_, err := io.WriteString(w, `</body></html>`)
			return err
		})
	}
	app, err := New(Config{Registry: reg, Shell: shell, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	return app
}

// TestShellComponentsDriveCallbacks: inputs and outputs in the shell take
// part in the first paint and in every in-app navigation, and a property
// set to an object is its JSON on the first paint and after an update.
func TestShellComponentsDriveCallbacks(t *testing.T) {
	t.Parallel()
	app := shellApp(t)
	body := do(app, "GET", "/a").Body.String()
	for _, want := range []string{`<p id="crumb">at /a</p>`, `<p id="region">region: north</p>`, `data-info="{&#34;region&#34;:&#34;north&#34;}"`} {
		if !strings.Contains(body, want) {
			t.Errorf("first paint lacks %s:\n%s", want, body)
		}
	}
	p := ft.Visit(t, app, "/a")
	p.Click("pick-south")
	if got := p.Text("region"); got != "region: south" {
		t.Errorf("after the shell's button: %q", got)
	}
	if got := p.Attr("box", "data-info"); got != `{"region":"south"}` {
		t.Errorf("data-info after an update: %q", got)
	}
	p.Navigate("/b")
	if got := p.Text("crumb"); got != "at /b" {
		t.Errorf("the shell's Location callback after a navigation: crumb %q", got)
	}
	if got := p.Text("region"); got != "region: south" {
		t.Errorf("the new page's first call with the shell's Store: %q", got)
	}
}

// TestBrowserShellComponentsDriveCallbacks is the same in Chromium.
func TestBrowserShellComponentsDriveCallbacks(t *testing.T) {
	app := shellApp(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	ctx := bt.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/a")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.getAttribute("data-pw-socket") === "open"`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `window.pwMark = 1`)
	if got := bt.Eval[string](t, ctx, `document.getElementById("crumb").textContent + "|" + document.getElementById("region").textContent + "|" + document.getElementById("box").getAttribute("data-info")`); got != `at /a|region: north|{"region":"north"}` {
		t.Errorf("first paint: %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("pick-south"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("region").textContent === "region: south"`, 10*time.Second)
	if got := bt.Eval[string](t, ctx, `document.getElementById("box").getAttribute("data-info")`); got != `{"region":"south"}` {
		t.Errorf("data-info after a socket update: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("to-b"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/b" && document.querySelector("h1").textContent === "/b"`, 10*time.Second)
	bt.WaitFor(t, ctx, `document.getElementById("crumb").textContent === "at /b" && document.getElementById("region").textContent === "region: south"`, 10*time.Second)
	if !bt.Eval[bool](t, ctx, `window.pwMark === 1`) {
		t.Error("the navigation reloaded the document")
	}
}

// TestBadOutsideValuesAreTheClientsError: a navigation whose description
// of the shell is malformed is refused before anything renders, with a
// clear error, never a 500 page.
func TestBadOutsideValuesAreTheClientsError(t *testing.T) {
	t.Parallel()
	app := shellApp(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	for _, msg := range []string{
		`{"v":1,"ref":1,"type":"nav","url":"/b","props":[{"id":"","prop":"data","value":1}]}`,
		`{"v":1,"ref":1,"type":"nav","url":"/b","props":[{"id":"filters","prop":"onclick","value":1}]}`,
		`{"v":1,"ref":1,"type":"nav","url":"/b","ids":["{bad json"]}`,
	} {
		if r := roundTrip(t, conn, msg); r.Type != "error" || !strings.HasPrefix(r.Error, "bad request: ") || r.Ref != 1 {
			t.Errorf("%s: %+v, want a bad request error", msg, r)
		}
	}
	if r := roundTrip(t, conn, nav(2, "/b")); r.Type != "page" || r.Status != 200 {
		t.Errorf("after bad navigations: %+v", r)
	}
}
