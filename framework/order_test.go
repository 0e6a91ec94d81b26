package framework

import (
	"net/http"
	"slices"
	"testing"
)

// registerFrom registers p in reg as if RegisterPage were called from file.
func registerFrom(reg *Registry, file string, p Page) {
	p.Layout = layout
	reg.register(p, file, 1)
}

func pagePaths(ps []Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}

func TestPagesOrderDashRules(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	registerFrom(reg, "/app/pages/home.go", Page{})
	registerFrom(reg, "/app/pages/zeta.go", Page{Path: "/z-unset"})
	registerFrom(reg, "/app/pages/alpha.go", Page{Path: "/a-unset"})
	registerFrom(reg, "/app/pages/name_b.go", Page{Path: "/name-b", Order: OrderName("b")})
	registerFrom(reg, "/app/pages/name_a.go", Page{Path: "/name-a", Order: OrderName("a")})
	registerFrom(reg, "/app/pages/two.go", Page{Path: "/two", Order: OrderOf(2)})
	registerFrom(reg, "/app/pages/half.go", Page{Path: "/half", Order: OrderOf(1.5)})
	registerFrom(reg, "/app/pages/zero.go", Page{Path: "/zero", Order: OrderOf(0)})
	// Equal orders: by module name, not by path; unset pages too, so "/"
	// (pages.home) sorts between pages.alpha and pages.zeta.
	registerFrom(reg, "/app/pages/b_module.go", Page{Path: "/a-path", Order: OrderOf(1)})
	registerFrom(reg, "/app/pages/a_module.go", Page{Path: "/b-path", Order: OrderOf(1)})
	got := pagePaths(reg.Pages())
	want := []string{"/zero", "/b-path", "/a-path", "/half", "/two", "/name-a", "/name-b", "/a-unset", "/", "/z-unset"}
	if !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	for _, p := range reg.Pages() {
		if p.Path == "/" && p.Order.IsSet() {
			t.Errorf(`"/" has Order %v although other pages set one`, p.Order)
		}
	}
}

func TestPagesHomeFirstWhileNoOrder(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	registerFrom(reg, "/app/pages/alpha.go", Page{})
	registerFrom(reg, "/app/pages/index.go", Page{})
	registerFrom(reg, "/app/pages/beta.go", Page{})
	ps := reg.Pages()
	if got, want := pagePaths(ps), []string{"/", "/alpha", "/beta"}; !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	if n, ok := ps[0].Order.Number(); !ok || n != 0 {
		t.Fatalf(`"/" Order = %v, want 0 as in Dash`, ps[0].Order)
	}
	if ps[1].Order.IsSet() {
		t.Fatalf("/alpha Order = %v, want unset", ps[1].Order)
	}
	// The App's frozen copy agrees.
	app := newTestApp(t, Config{Registry: reg})
	if got := pagePaths(app.Pages()); !slices.Equal(got, []string{"/", "/alpha", "/beta"}) {
		t.Fatalf("App.Pages order = %v", got)
	}
}

func TestPagesModuleTieBreakUsesPackagePath(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	// Dash compares "pages.b.z" < "pages.c": the folder counts.
	registerFrom(reg, "/app/pages/c.go", Page{Path: "/c"})
	registerFrom(reg, "/app/pages/b/z.go", Page{Path: "/bz"})
	if got := pagePaths(reg.Pages()); !slices.Equal(got, []string{"/bz", "/c"}) {
		t.Fatalf("order = %v", got)
	}
	// The same with a pages folder of the app's own.
	views := NewRegistry().WithPagesFolder("web/views")
	registerFrom(views, "web/views/c.go", Page{})
	registerFrom(views, "web/views/b/z.go", Page{})
	if got := pagePaths(views.Pages()); !slices.Equal(got, []string{"/b/z", "/c"}) {
		t.Fatalf("order with WithPagesFolder = %v", got)
	}
}

func TestOrderValues(t *testing.T) {
	t.Parallel()
	var unset Order
	if unset.IsSet() || unset.String() != "None" {
		t.Fatalf("zero Order = %v, set %v", unset, unset.IsSet())
	}
	i := 3
	if n, ok := OrderOf(i).Number(); !ok || n != 3 {
		t.Fatalf("OrderOf(3) = %v", OrderOf(i))
	}
	if !OrderOf(0).IsSet() || OrderOf(1.5).String() != "1.5" {
		t.Fatal("OrderOf(0) unset or OrderOf(1.5) misprinted")
	}
	if s, ok := OrderName("b").Name(); !ok || s != "b" {
		t.Fatal("OrderName lost its name")
	}
	if _, ok := OrderName("b").Number(); ok {
		t.Fatal("OrderName is a number")
	}
}

func TestPagesFillTitleFromName(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	registerFrom(reg, "/app/pages/weekly_sales.go", Page{})
	registerFrom(reg, "/app/pages/other.go", Page{Title: "Own"})
	for _, p := range reg.Pages() {
		want := map[string]string{"/weekly-sales": "Weekly sales", "/other": "Own"}[p.Path]
		if p.Title != want {
			t.Errorf("%s: Title = %q, want %q", p.Path, p.Title, want)
		}
	}
}

func TestTemplatePageDefaultPath(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{PathTemplate: "/items/<item_id>", Layout: layout})
	reg.RegisterPage(Page{PathTemplate: "/report-<year>-<month>", Layout: layout})
	reg.RegisterPage(Page{PathTemplate: "/users/<id>", Path: "/users", Layout: layout})
	got := map[string]string{}
	for _, p := range reg.Pages() {
		got[p.PathTemplate] = p.Path
	}
	want := map[string]string{"/items/<item_id>": "/items/none", "/report-<year>-<month>": "/report-none-none", "/users/<id>": "/users"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: Path = %q, want %q", k, got[k], v)
		}
	}
	app := newTestApp(t, Config{Registry: reg})
	// A Path set next to the template is routed to the page, with no vars.
	if rec := do(app, "GET", "/users"); rec.Code != http.StatusOK {
		t.Errorf("GET /users = %d, want 200", rec.Code)
	}
	if rec := do(app, "POST", "/users"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /users = %d, want 405: the Path is a route of its own", rec.Code)
	}
	if rec := do(app, "GET", "/items/none"); rec.Code != http.StatusOK {
		t.Errorf("GET /items/none = %d, want 200", rec.Code)
	}
}

func TestTemplatePagePathConflicts(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/users", Layout: layout})
	mustPanic(t, func() {
		reg.RegisterPage(Page{PathTemplate: "/users/<id>", Path: "/users", Layout: layout})
	})
}

func TestTemplatePageRedirectFrom(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{PathTemplate: "/items/<item_id>", RedirectFrom: []string{"/old-items"}, Layout: layout})
	reg.RegisterPage(Page{PathTemplate: "/users/<id>", Path: "/people", RedirectFrom: []string{"/members"}, Layout: layout})
	app := newTestApp(t, Config{Registry: reg})
	for from, to := range map[string]string{"/old-items": "/items/none", "/old-items?x=1": "/items/none?x=1", "/members": "/people"} {
		rec := do(app, "GET", from)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != to {
			t.Errorf("GET %s = %d to %q, want 301 to %q", from, rec.Code, rec.Header().Get("Location"), to)
		}
	}
}
