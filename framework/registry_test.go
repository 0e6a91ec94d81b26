package framework

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/a-h/templ"
)

func layout(r Request) templ.Component { return templ.Raw("<p>" + r.Page.Name + "</p>") }

func TestInferPathAndName(t *testing.T) {
	t.Parallel()
	cases := []struct{ file, path, name string }{
		{"/src/app/pages/weekly_analytics.go", "/weekly-analytics", "Weekly analytics"},
		{"/src/app/pages/reports/q1_sales.go", "/reports/q1-sales", "Q1 sales"},
		{"/src/app/pages/home.go", "/", "Home"},
		{"/src/app/pages/index.go", "/", "Index"},
		{"/src/app/pages/reports/index.go", "/reports", "Index"},
		{"/src/app/pages/analytics_templ.go", "/analytics", "Analytics"},
		{"/src/app/pages/Big_Chart.go", "/big-chart", "Big chart"},
		{"/src/app/pages/nested/pages/deep.go", "/deep", "Deep"},
		{"/src/app/other/about.go", "/about", "About"},
		{"pages/contact.go", "/contact", "Contact"},
	}
	for _, c := range cases {
		if got := inferPath(c.file); got != c.path {
			t.Errorf("inferPath(%q) = %q, want %q", c.file, got, c.path)
		}
		if got := inferName(c.file); got != c.name {
			t.Errorf("inferName(%q) = %q, want %q", c.file, got, c.name)
		}
	}
}

func TestRegisterInfersFromCallerFile(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Layout: layout})
	got := reg.Pages()
	if len(got) != 1 || got[0].Path != "/registry-test" || got[0].Name != "Registry test" {
		t.Fatalf("Pages() = %+v, want one page /registry-test named Registry test", got)
	}
	p, ok := reg.PageByPath("/registry-test")
	if !ok || p.Name != "Registry test" {
		t.Fatalf("PageByPath = %+v, %v", p, ok)
	}
	if _, ok := reg.PageByPath("/nope"); ok {
		t.Fatal("PageByPath(/nope) found a page")
	}
}

func TestPagesOrder(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	for _, p := range []Page{
		{Path: "/zeta"},
		{Path: "/alpha"},
		{Path: "/"},
		{Path: "/third", Order: OrderOf(3)},
		{Path: "/first", Order: OrderOf(1)},
		{PathTemplate: "/item/<id>"},
		{Path: "/early", Order: OrderOf(-1)},
	} {
		p.Layout = layout
		reg.RegisterPage(p)
	}
	var got []string
	for _, p := range reg.Pages() {
		got = append(got, p.Path+p.PathTemplate)
	}
	// Dash: once a page sets an order, "/" is unset like any other page;
	// a template page's Path is its template with "none" for variables.
	want := []string{"/early", "/first", "/third", "/", "/alpha", "/item/none/item/<id>", "/zeta"}
	if !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}

// mustPanic runs f and returns its panic message, failing when it does not
// panic or the message lacks the framework prefix.
func mustPanic(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		p := recover()
		if p == nil {
			t.Fatal("no panic")
		}
		msg, _ = p.(string)
		if !strings.HasPrefix(msg, "framework: ") {
			t.Fatalf("panic %q lacks the framework: prefix", p)
		}
	}()
	f()
	return ""
}

var siteRE = regexp.MustCompile(`registry_test\.go:\d+`)

func TestRegisterPanics(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		first *Page
		page  Page
		want  string
		sites int
	}{
		{"duplicate path", &Page{Path: "/a"}, Page{Path: "/a"}, `duplicate page path "/a"`, 2},
		{"same-shape templates", &Page{PathTemplate: "/r/<id>"}, Page{PathTemplate: "/r/<name>"}, "matches the same URLs", 2},
		{"redirect onto a page", &Page{Path: "/a"}, Page{Path: "/b", RedirectFrom: []string{"/a"}}, "is a page path", 2},
		{"page onto a redirect", &Page{Path: "/b", RedirectFrom: []string{"/old"}}, Page{Path: "/old"}, "is a RedirectFrom path", 2},
		{"duplicate redirect", &Page{Path: "/b", RedirectFrom: []string{"/old"}}, Page{Path: "/c", RedirectFrom: []string{"/old"}}, "duplicate RedirectFrom", 2},
		{"nil layout", nil, Page{Path: "/a", Layout: nil}, "nil Layout", 1},
		{"runtime prefix", nil, Page{Path: "/_pagewire/x"}, "reserved prefix", 1},
		{"runtime prefix itself", nil, Page{Path: "/_pagewire"}, "reserved prefix", 1},
		{"assets prefix", nil, Page{Path: "/assets/logo"}, "reserved prefix", 1},
		{"assets template", nil, Page{PathTemplate: "/assets/<f>"}, "reserved prefix", 1},
		{"redirect under reserved", nil, Page{Path: "/a", RedirectFrom: []string{"/assets/a"}}, "reserved prefix", 1},
		{"no leading slash", nil, Page{Path: "a"}, "must start with /", 1},
		{"trailing slash", nil, Page{Path: "/a/"}, "must not end with /", 1},
		{"empty segment", nil, Page{Path: "/a//b"}, "empty segment", 1},
		{"dot segment", nil, Page{Path: "/a/../b"}, "dot segment", 1},
		{"template in path", nil, Page{Path: "/a/<id>"}, "use PathTemplate", 1},
		{"template without var", nil, Page{PathTemplate: "/a/b"}, "has no variable", 1},
		{"template unclosed var", nil, Page{PathTemplate: "/a/x<id"}, "malformed segment", 1},
		{"template bad name", nil, Page{PathTemplate: "/a/<i-d>"}, "bad variable name", 1},
		{"template repeated var", nil, Page{PathTemplate: "/<id>/<id>"}, "repeats the variable", 1},
		{"template trailing slash", nil, Page{PathTemplate: "/a/<id>/"}, "empty segment", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			if c.first != nil {
				first := *c.first
				first.Layout = layout
				reg.RegisterPage(first)
			}
			p := c.page
			if c.name != "nil layout" {
				p.Layout = layout
			}
			msg := mustPanic(t, func() { reg.RegisterPage(p) })
			if !strings.Contains(msg, c.want) {
				t.Errorf("panic %q does not say %q", msg, c.want)
			}
			if n := len(siteRE.FindAllString(msg, -1)); n != c.sites {
				t.Errorf("panic %q names %d registration sites, want %d", msg, n, c.sites)
			}
		})
	}
}

func TestRegisterAfterBuildPanics(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: layout})
	app, err := New(Config{Registry: reg, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	msg := mustPanic(t, func() { reg.RegisterPage(Page{Path: "/late", Layout: layout}) })
	if !strings.Contains(msg, "after the app was built") || len(siteRE.FindAllString(msg, -1)) != 2 {
		t.Fatalf("panic %q should name the registration and the New call", msg)
	}
	mustPanic(t, func() { reg.RegisterNotFound(Page{Layout: layout}) })
	msg = mustPanic(t, func() {
		reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: func(*Ctx) error { return nil }})
	})
	if !strings.Contains(msg, "after the app was built") {
		t.Fatalf("late Callback: panic %q", msg)
	}
	if got := reg.Pages(); len(got) != 1 || got[0].Path != "/" {
		t.Fatalf("a refused registration changed the registry: %+v", got)
	}
}

func TestRegisterNotFoundPanics(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	mustPanic(t, func() { reg.RegisterNotFound(Page{}) })
	mustPanic(t, func() { reg.RegisterNotFound(Page{Path: "/not-found-404", Layout: layout}) })
	reg.RegisterNotFound(Page{Layout: layout})
	msg := mustPanic(t, func() { reg.RegisterNotFound(Page{Layout: layout}) })
	if len(siteRE.FindAllString(msg, -1)) != 2 {
		t.Fatalf("panic %q should name both registrations", msg)
	}
	if len(reg.Pages()) != 0 {
		t.Fatal("the not-found page is listed by Pages")
	}
}

// TestAppsInferImagesFromTheirOwnAssets builds two apps from one registry:
// each infers page images from its own assets (the first app's assets used
// to win for every later app).
func TestAppsInferImagesFromTheirOwnAssets(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: layout})
	reg.RegisterPage(Page{PathTemplate: "/item/<id>", Layout: layout})
	reg.RegisterPage(Page{Path: "/explicit", Image: "cover.jpg", Layout: layout})
	build := func(assets fstest.MapFS) *App {
		t.Helper()
		app, err := New(Config{Registry: reg, Assets: assets, Logger: discardLogger()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { app.Shutdown(context.Background()) })
		return app
	}
	withApp := build(fstest.MapFS{"app.png": {Data: []byte("png")}})
	withLogo := build(fstest.MapFS{"logo.svg": {Data: []byte("<svg/>")}})
	for _, c := range []struct {
		name  string
		app   *App
		image string
	}{{"app.png assets", withApp, "app.png"}, {"logo.svg assets", withLogo, "logo.svg"}} {
		images := map[string]string{}
		for _, p := range c.app.Pages() {
			images[p.Path+p.PathTemplate] = p.Image
		}
		want := map[string]string{"/": c.image, "/item/none/item/<id>": c.image, "/explicit": "cover.jpg"}
		if !maps.Equal(images, want) {
			t.Errorf("%s: App.Pages images %v, want %v", c.name, images, want)
		}
		for target, img := range map[string]string{"/": c.image, "/item/7": c.image, "/explicit": "cover.jpg"} {
			w := do(c.app, "GET", target)
			meta := `<meta property="og:image" content="http://example.com/assets/` + img + `"`
			if w.Code != 200 || !strings.Contains(w.Body.String(), meta) || strings.Count(w.Body.String(), `property="og:image"`) != 1 {
				t.Errorf("%s: GET %s: status %d, want 200 with one og:image %s:\n%.1500s", c.name, target, w.Code, img, w.Body.String())
			}
		}
	}
	// The registry itself knows no assets: it infers no image.
	for _, p := range reg.Pages() {
		if p.Path != "/explicit" && p.Image != "" {
			t.Errorf("Registry.Pages: %s has image %q, want none (images come from an app's assets)", p.Path+p.PathTemplate, p.Image)
		}
	}
}

// TestFrozenRegistryIsTheAppsOwn: building an app freezes only the
// registry it was built from; another registry still takes registrations
// and builds an app of its own.
func TestFrozenRegistryIsTheAppsOwn(t *testing.T) {
	t.Parallel()
	first := NewRegistry()
	first.RegisterPage(Page{Path: "/one", Name: "One", Layout: layout})
	app1, err := New(Config{Registry: first, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app1.Shutdown(context.Background()) })
	msg := mustPanic(t, func() { first.RegisterPage(Page{Path: "/late", Layout: layout}) })
	if !strings.Contains(msg, "after the app was built") {
		t.Fatalf("late registration on the built registry: panic %q", msg)
	}

	second := NewRegistry()
	second.RegisterPage(Page{Path: "/two", Name: "Two", Layout: layout})
	second.RegisterNotFound(Page{Layout: func(r Request) templ.Component { return templ.Raw("<p>second 404</p>") }})
	second.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: func(*Ctx) error { return nil }})
	app2, err := New(Config{Registry: second, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app2.Shutdown(context.Background()) })
	mustPanic(t, func() { second.RegisterPage(Page{Path: "/late", Layout: layout}) })

	cases := []struct {
		app    *App
		target string
		status int
		has    string
	}{
		{app1, "/one", 200, "<p>One</p>"},
		{app1, "/two", 404, "404: Page not found"},
		{app1, "/late", 404, "404: Page not found"},
		{app2, "/two", 200, "<p>Two</p>"},
		{app2, "/one", 404, "<p>second 404</p>"},
		{app2, "/late", 404, "<p>second 404</p>"},
	}
	for i, c := range cases {
		w := do(c.app, "GET", c.target)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.has) {
			t.Errorf("app%d GET %s: status %d, want %d with %q; body %.300s", i/3+1, c.target, w.Code, c.status, c.has, w.Body.String())
		}
	}
	if got := app1.Pages(); len(got) != 1 || got[0].Path != "/one" {
		t.Errorf("app1.Pages() = %+v, want only /one", got)
	}
	if got := app2.Pages(); len(got) != 1 || got[0].Path != "/two" {
		t.Errorf("app2.Pages() = %+v, want only /two", got)
	}
}

// registerDefault registers into DefaultRegistry through the package-level
// functions. DefaultRegistry is never reset, so this runs once per process:
// a second run of TestDefaultRegistry (go test -count=2) finds the same
// pages instead of panicking on duplicates.
var registerDefault = sync.OnceFunc(func() {
	RegisterPage(Page{Layout: func(r Request) templ.Component {
		return templ.Raw(`<input id="default-in" value="v"><p id="default-out"></p>`)
	}}) // path and name inferred from this file, as for a method call
	RegisterNotFound(Page{Layout: func(r Request) templ.Component { return templ.Raw("<p>default 404</p>") }})
	Callback(CallbackSpec{
		Outputs: outputs(Output("default-out", "children")),
		Inputs:  outputs(Input("default-in", "value")),
		Func: func(c *Ctx) error {
			c.Set("default-out", "children", "called with "+c.String("default-in", "value"))
			return nil
		},
	})
})

// TestDefaultRegistry checks that the package-level functions register
// into DefaultRegistry and that New uses it when Config.Registry is nil.
// It freezes DefaultRegistry for the rest of the test binary, so it is the
// only test that touches it, and it does not run in parallel.
func TestDefaultRegistry(t *testing.T) {
	registerDefault()
	got := Pages()
	if len(got) != 1 || got[0].Path != "/registry-test" || got[0].Name != "Registry test" {
		t.Fatalf("Pages() = %+v, want one page /registry-test named Registry test", got)
	}
	if !slices.EqualFunc(got, DefaultRegistry.Pages(), func(a, b Page) bool { return a.Path == b.Path && a.Name == b.Name }) {
		t.Fatalf("Pages() = %+v, DefaultRegistry.Pages() = %+v", got, DefaultRegistry.Pages())
	}
	if p, ok := PageByPath("/registry-test"); !ok || p.Name != "Registry test" {
		t.Fatalf("PageByPath = %+v, %v", p, ok)
	}
	if p, ok := DefaultRegistry.PageByPath("/registry-test"); !ok || p.Name != "Registry test" {
		t.Fatalf("DefaultRegistry.PageByPath = %+v, %v", p, ok)
	}
	if _, ok := PageByPath("/nope"); ok {
		t.Fatal("PageByPath(/nope) found a page")
	}
	app, err := New(Config{Assets: fstest.MapFS{}, Logger: discardLogger()}) // nil Registry: DefaultRegistry
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	if w := do(app, "GET", "/registry-test"); w.Code != 200 || !strings.Contains(w.Body.String(), `<p id="default-out">called with v</p>`) {
		t.Fatalf("GET /registry-test: status %d, want 200 with the callback's first paint; body %.1500s", w.Code, w.Body.String())
	}
	if w := do(app, "GET", "/missing"); w.Code != 404 || !strings.Contains(w.Body.String(), "<p>default 404</p>") {
		t.Fatalf("GET /missing: status %d, want the registered not-found page; body %.300s", w.Code, w.Body.String())
	}
	msg := mustPanic(t, func() { RegisterPage(Page{Path: "/late", Layout: layout}) })
	if !strings.Contains(msg, "after the app was built") {
		t.Fatalf("late RegisterPage: panic %q", msg)
	}
	mustPanic(t, func() { RegisterNotFound(Page{Layout: layout}) })
	mustPanic(t, func() {
		Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: func(*Ctx) error { return nil }})
	})
}
