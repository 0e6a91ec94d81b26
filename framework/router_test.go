package framework

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

var assetTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

var testAssets = fstest.MapFS{
	"style.css":      {Data: []byte("body{color:red}"), ModTime: assetTime},
	"sub/app.css":    {Data: []byte("p{margin:0}"), ModTime: assetTime},
	"favicon.ico":    {Data: []byte("ico"), ModTime: assetTime},
	"analytics.png":  {Data: []byte("png"), ModTime: assetTime},
	"logo.svg":       {Data: []byte("<svg/>"), ModTime: assetTime},
	"sub/secret.txt": {Data: []byte("s"), ModTime: assetTime},
}

func failing(err error) templ.Component {
	return templ.ComponentFunc(func(context.Context, io.Writer) error { return err })
}

// registerTestPages returns a new registry holding the pages the router
// tests use.
func registerTestPages(t *testing.T) *Registry {
	t.Helper()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Name: "Home", Layout: func(r Request) templ.Component {
		return templ.Raw(`<p>Hello home</p><a href="` + r.RelativePath("/analytics") + `">analytics</a>`)
	}})
	reg.RegisterPage(Page{Path: "/analytics", Name: "Analytics", Description: `Numbers & "charts"`, Layout: layout})
	reg.RegisterPage(Page{PathTemplate: "/report/<id>", TitleFunc: func(r Request) string { return "Report " + r.Var("id") },
		Layout: func(r Request) templ.Component {
			return templ.Raw("<p>id=" + templ.EscapeString(r.Var("id")) + " x=" + strings.Join(r.Query["x"], ",") + "</p>")
		}})
	reg.RegisterPage(Page{PathTemplate: "/u/<name>", Layout: layout})
	reg.RegisterPage(Page{Path: "/new", RedirectFrom: []string{"/old", "/older/page"}, Layout: layout})
	reg.RegisterPage(Page{Path: "/boom", Layout: func(Request) templ.Component { return failing(errors.New("db down: secret detail")) }})
	reg.RegisterPage(Page{Path: "/panic", Layout: func(Request) templ.Component { panic("layout exploded") }})
	reg.RegisterPage(Page{Path: "/bad-title", TitleFunc: func(Request) string { panic("title exploded") }, Layout: layout})
	reg.RegisterNotFound(Page{Layout: func(r Request) templ.Component {
		return templ.Raw("<p>Custom 404 " + templ.EscapeString(r.Path) + "</p>")
	}})
	return reg
}

// newTestApp builds an app from cfg.Registry on an echo instance with
// routes of its own. Tests never build from DefaultRegistry: it is shared by
// the whole test binary and never reset.
func newTestApp(t *testing.T, cfg Config) *App {
	t.Helper()
	if cfg.Registry == nil {
		t.Fatal("newTestApp: Config.Registry is nil")
	}
	e := echo.New()
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET("/api/items", func(c echo.Context) error { return c.JSON(http.StatusOK, []string{"a"}) })
	e.GET("/metrics", func(c echo.Context) error { return c.String(http.StatusOK, "pagewire_up 1") })
	cfg.Echo = e
	if cfg.Assets == nil {
		cfg.Assets = testAssets
	}
	cfg.Logger = discardLogger()
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}

// do serves one request with a raw request target, as a server would read it.
func do(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", nil)
	u, err := url.ParseRequestURI(target)
	if err != nil {
		panic(err)
	}
	r.URL, r.RequestURI = u, target
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestStatusTable(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t)})
	cases := []struct {
		method, target string
		status         int
		header         map[string]string // exact values; "" means absent
		has, hasNot    []string
	}{
		{"GET", "/", 200, map[string]string{"Content-Type": "text/html; charset=UTF-8", "Cache-Control": ""},
			[]string{"<p>Hello home</p>", "<title>Home</title>", `data-pw-status="200"`, `src="/_pagewire/` + runtimeFile + `"`, `href="/assets/style.css?v=`, `href="/assets/sub/app.css?v=`, `rel="icon"`}, nil},
		{"HEAD", "/", 200, nil, nil, nil},
		{"GET", "/analytics", 200, nil,
			[]string{"<title>Analytics</title>", `<meta name="description" content="Numbers &amp; &#34;charts&#34;"`, `og:image" content="http://example.com/assets/logo.svg"`}, nil},
		{"GET", "/new", 200, nil, []string{`og:image" content="http://example.com/assets/logo.svg"`}, nil},
		{"GET", "/report/42?x=1&x=2", 200, nil, []string{"<title>Report 42</title>", "id=42 x=1,2"}, nil},
		{"GET", "/report/a%2Fb", 200, nil, []string{"id=a/b"}, nil},
		{"GET", "/report/%3Cb%3E", 200, nil, []string{"id=&lt;b&gt;", "<title>Report &lt;b&gt;</title>"}, []string{"<b>"}},
		{"GET", "/test", 404, map[string]string{"Cache-Control": "no-store"},
			[]string{"Custom 404 /test", `data-pw-status="404"`, "<!doctype html>", `src="/_pagewire/`}, nil},
		{"HEAD", "/test", 404, nil, nil, nil},
		{"POST", "/test", 404, nil, nil, nil},
		{"GET", "/%3Cscript%3Ealert(1)%3C/script%3E", 404, nil, []string{"Custom 404 /&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script>alert"}},
		{"GET", "/report", 404, nil, nil, nil},
		{"GET", "/report/1/2", 404, nil, nil, nil},
		{"POST", "/analytics", 405, map[string]string{"Allow": "GET, HEAD"}, []string{"405: Method Not Allowed"}, nil},
		{"DELETE", "/", 405, map[string]string{"Allow": "GET, HEAD"}, nil, nil},
		{"PUT", "/report/7", 405, map[string]string{"Allow": "GET, HEAD"}, nil, nil},
		{"GET", "/analytics/", 308, map[string]string{"Location": "/analytics"}, nil, nil},
		{"GET", "/analytics/?q=1&q=2", 308, map[string]string{"Location": "/analytics?q=1&q=2"}, nil, nil},
		{"GET", "/report/42/", 308, map[string]string{"Location": "/report/42"}, nil, nil},
		{"GET", "/analytics//", 404, nil, nil, nil},
		{"GET", "/old", 301, map[string]string{"Location": "/new"}, nil, nil},
		{"GET", "/old?a=b", 301, map[string]string{"Location": "/new?a=b"}, nil, nil},
		{"HEAD", "/older/page", 301, map[string]string{"Location": "/new"}, nil, nil},
		{"GET", "/healthz", 200, nil, []string{"ok"}, []string{"<html"}},
		{"GET", "/api/items", 200, map[string]string{"Content-Type": "application/json"}, []string{`["a"]`}, nil},
		{"GET", "/metrics", 200, nil, []string{"pagewire_up 1"}, nil},
		{"POST", "/healthz", 405, map[string]string{"Allow": "GET"}, nil, nil},
		{"POST", "/_pagewire/socket", 405, map[string]string{"Allow": "GET"}, nil, nil},
		{"GET", "/_pagewire/beacon", 405, map[string]string{"Allow": "POST"}, nil, nil},
		// open redirects: never a Location off-site
		{"GET", "//evil.com", 404, map[string]string{"Location": ""}, nil, nil},
		{"GET", "//evil.com/", 404, map[string]string{"Location": ""}, nil, nil},
		{"GET", `/\evil.com`, 404, map[string]string{"Location": ""}, nil, nil},
		{"GET", `/\evil.com/`, 404, map[string]string{"Location": ""}, nil, nil},
		{"GET", "/%2F%2Fevil.com/", 404, map[string]string{"Location": ""}, nil, nil},
		{"GET", "/%5Cevil.com/", 404, map[string]string{"Location": ""}, nil, nil},
		{"GET", `/u/\evil.com/`, 308, map[string]string{"Location": "/u/%5Cevil.com"}, nil, nil},
		{"GET", "/u//evil.com/", 404, map[string]string{"Location": ""}, nil, nil},
		// assets
		{"GET", "/assets/style.css", 200, map[string]string{"Cache-Control": "no-cache", "Last-Modified": assetTime.Format(http.TimeFormat), "Content-Type": "text/css; charset=utf-8"}, []string{"body{color:red}"}, nil},
		{"GET", "/assets/missing.css", 404, nil, []string{"Custom 404 /assets/missing.css"}, nil},
		{"GET", "/assets/", 404, nil, nil, nil},
		{"GET", "/assets/sub", 404, nil, nil, nil},
		{"GET", "/assets/../go.mod", 404, nil, nil, nil},
		{"GET", "/assets/%2e%2e/go.mod", 404, nil, nil, nil},
		{"GET", "/assets/..%2fgo.mod", 404, nil, nil, nil},
		{"GET", "/assets/sub/../style.css", 404, nil, nil, nil},
		{"GET", "/assets/%5c..%5cgo.mod", 404, nil, nil, nil},
		{"GET", "/assets//etc/passwd", 404, nil, nil, nil},
		{"GET", "/assets/%2Fetc%2Fpasswd", 404, nil, nil, nil},
		{"GET", "/_pagewire/nope", 404, nil, nil, nil},
		{"GET", "/_pagewire/" + runtimeFile, 200, map[string]string{"Cache-Control": "public, max-age=31536000, immutable"}, nil, nil},
		// failing layouts: 500, no details outside debug mode
		{"GET", "/boom", 500, map[string]string{"Cache-Control": "no-store"}, []string{"500: Internal Server Error"}, []string{"secret detail"}},
		{"GET", "/panic", 500, nil, []string{"500: Internal Server Error"}, []string{"exploded"}},
		{"GET", "/bad-title", 500, nil, []string{"500: Internal Server Error"}, []string{"exploded"}},
		{"GET", "/", 200, nil, []string{"Hello home"}, nil}, // still serving
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			w := do(app, c.method, c.target)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d; body %.300s", w.Code, c.status, w.Body.String())
			}
			for k, v := range c.header {
				if got := w.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if loc := w.Header().Get("Location"); loc != "" && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`)) {
				t.Errorf("Location %q leaves the origin", loc)
			}
			body := w.Body.String()
			for _, s := range c.has {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q:\n%.2000s", s, body)
				}
			}
			for _, s := range c.hasNot {
				if strings.Contains(body, s) {
					t.Errorf("body has %q", s)
				}
			}
		})
	}
}

func TestDebugShowsErrorDetails(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t), Debug: true})
	for target, detail := range map[string]string{"/boom": "db down: secret detail", "/panic": "layout exploded"} {
		w := do(app, "GET", target)
		if w.Code != 500 || !strings.Contains(w.Body.String(), detail) {
			t.Errorf("%s: status %d, body lacks %q", target, w.Code, detail)
		}
	}
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t), BasePath: "/dash/"})
	cases := []struct {
		target   string
		status   int
		location string
		has      string
	}{
		{"/dash/", 200, "", `<a href="/dash/analytics">`},
		{"/dash", 308, "/dash/", ""},
		{"/dash?x=1", 308, "/dash/?x=1", ""},
		{"/dash/analytics", 200, "", `src="/dash/_pagewire/` + runtimeFile},
		{"/dash/analytics", 200, "", `href="/dash/assets/style.css?v=`},
		{"/dash/analytics/", 308, "/dash/analytics", ""},
		{"/dash/old", 301, "/dash/new", ""},
		{"/dash/report/9", 200, "", "id=9"},
		{"/dash/assets/style.css", 200, "", "body{color:red}"},
		{"/dash/_pagewire/" + runtimeFile, 200, "", ""},
		{"/analytics", 404, "", "Custom 404"},
		{"/", 404, "", ""},
		{"/dashboard", 404, "", ""},
		{"/dash/nope", 404, "", "Custom 404 /nope"},
		{"/healthz", 200, "", "ok"},
	}
	for _, c := range cases {
		w := do(app, "GET", c.target)
		if w.Code != c.status || w.Header().Get("Location") != c.location || !strings.Contains(w.Body.String(), c.has) {
			t.Errorf("GET %s: %d %q, want %d %q with %q; body %.300s", c.target, w.Code, w.Header().Get("Location"), c.status, c.location, c.has, w.Body.String())
		}
	}
	if got := app.RelativePath("/x"); got != "/dash/x" {
		t.Errorf("App.RelativePath = %q", got)
	}
	if got := app.RelativePath("/"); got != "/dash/" {
		t.Errorf("App.RelativePath(/) = %q", got)
	}
	if _, err := New(Config{Registry: NewRegistry(), BasePath: "dash"}); err == nil {
		t.Error("BasePath without a leading slash accepted")
	}
}

func TestNotFoundFile(t *testing.T) {
	t.Parallel()
	reg := registerTestPages(t)
	file := filepath.Join(t.TempDir(), "404.html")
	static := "<!doctype html><title>Gone</title><style>h1{color:red}</style><h1>Static 404</h1>"
	if err := os.WriteFile(file, []byte(static), 0o644); err != nil {
		t.Fatal(err)
	}
	app := newTestApp(t, Config{Registry: reg, NotFoundFile: file})
	w := do(app, "GET", "/missing")
	if w.Code != 404 || w.Body.String() != static || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, body %q", w.Code, w.Body.String())
	}
	if _, err := New(Config{Registry: reg, NotFoundFile: filepath.Join(t.TempDir(), "nope.html")}); err == nil {
		t.Fatal("a missing NotFoundFile was accepted")
	}
}

func TestBuiltinNotFound(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: layout})
	app, err := New(Config{Registry: reg, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	w := do(app, "GET", "/x%22%3E%3Cimg")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "404: Page not found") || !strings.Contains(w.Body.String(), "/x&#34;&gt;&lt;img") {
		t.Fatalf("status %d, body %s", w.Code, w.Body.String())
	}
}

func TestEchoRouteConflicts(t *testing.T) {
	t.Parallel()
	reg := registerTestPages(t)
	e := echo.New()
	e.GET("/analytics", func(c echo.Context) error { return nil })
	if _, err := New(Config{Registry: reg, Echo: e}); err == nil || !strings.Contains(err.Error(), `"/analytics"`) {
		t.Fatalf("New with a conflicting echo route: err %v", err)
	}
	e = echo.New()
	e.GET("/report/:name", func(c echo.Context) error { return nil })
	if _, err := New(Config{Registry: reg, Echo: e}); err == nil || !strings.Contains(err.Error(), "/report/<id>") {
		t.Fatalf("New with a conflicting echo template: err %v", err)
	}
	// A POST handler on a page path is fine: a form target next to its page.
	e = echo.New()
	e.POST("/analytics", func(c echo.Context) error { return c.String(http.StatusCreated, "saved") })
	app, err := New(Config{Registry: reg, Echo: e, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	if w := do(app, "POST", "/analytics"); w.Code != http.StatusCreated {
		t.Fatalf("POST /analytics: %d", w.Code)
	}
	if w := do(app, "PUT", "/analytics"); w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD, POST" {
		t.Fatalf("PUT /analytics: %d Allow %q", w.Code, w.Header().Get("Allow"))
	}
	// A route added after New is caught when serving starts.
	app.Echo().GET("/new", func(c echo.Context) error { return nil })
	if err := app.Start("127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), `"/new"`) {
		t.Fatalf("Start with a late conflicting route: %v", err)
	}
}

func TestGroupMiddlewareKeepsHTML404(t *testing.T) {
	t.Parallel()
	reg := registerTestPages(t)
	e := echo.New()
	g := e.Group("/api")
	g.Use(func(next echo.HandlerFunc) echo.HandlerFunc { return next })
	g.GET("/ok", func(c echo.Context) error { return c.String(200, "fine") })
	app, err := New(Config{Registry: reg, Echo: e, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	w := do(app, "GET", "/api/nope", "Accept", "text/html")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "Custom 404 /api/nope") {
		t.Fatalf("status %d body %.200s", w.Code, w.Body.String())
	}
	w = do(app, "GET", "/api/nope", "Accept", "application/json")
	if w.Code != 404 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("JSON client: status %d type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if w := do(app, "GET", "/api/ok"); w.Body.String() != "fine" {
		t.Fatalf("group route: %q", w.Body.String())
	}
}

// TestRelativePathPerApp: each app prefixes paths with its own BasePath,
// however many apps were built after it (the old package-level
// RelativePath followed the last app built).
func TestRelativePathPerApp(t *testing.T) {
	t.Parallel()
	reg := registerTestPages(t)
	dash := newTestApp(t, Config{Registry: reg, BasePath: "/dash/"})
	admin := newTestApp(t, Config{Registry: reg, BasePath: "/admin"})
	root := newTestApp(t, Config{Registry: reg})
	cases := []struct {
		app        *App
		path, want string
	}{
		{dash, "/x", "/dash/x"},
		{dash, "x", "/dash/x"},
		{dash, "/", "/dash/"},
		{admin, "/x", "/admin/x"},
		{admin, "/", "/admin/"},
		{root, "/x", "/x"},
		{root, "x", "/x"},
		{root, "/", "/"},
	}
	for _, c := range cases {
		if got := c.app.RelativePath(c.path); got != c.want {
			t.Errorf("app at %q: RelativePath(%q) = %q, want %q", c.app.prefix+"/", c.path, got, c.want)
		}
	}
	// Request.RelativePath in a layout follows the app serving the request.
	for _, c := range []struct {
		app          *App
		target, link string
	}{
		{dash, "/dash/", `<a href="/dash/analytics">`},
		{admin, "/admin/", `<a href="/admin/analytics">`},
		{root, "/", `<a href="/analytics">`},
	} {
		w := do(c.app, "GET", c.target)
		if w.Code != 200 || !strings.Contains(w.Body.String(), c.link) {
			t.Errorf("GET %s: status %d, want 200 with %s; body %.300s", c.target, w.Code, c.link, w.Body.String())
		}
	}
}
