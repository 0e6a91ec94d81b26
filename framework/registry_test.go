package framework

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func layout(r Request) templ.Component { return templ.Raw("<p>" + r.Page.Name + "</p>") }

func TestInferPathAndName(t *testing.T) {
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
	resetRegistry()
	t.Cleanup(resetRegistry)
	RegisterPage(Page{Layout: layout})
	got := Pages()
	if len(got) != 1 || got[0].Path != "/registry-test" || got[0].Name != "Registry test" {
		t.Fatalf("Pages() = %+v, want one page /registry-test named Registry test", got)
	}
	p, ok := PageByPath("/registry-test")
	if !ok || p.Name != "Registry test" {
		t.Fatalf("PageByPath = %+v, %v", p, ok)
	}
	if _, ok := PageByPath("/nope"); ok {
		t.Fatal("PageByPath(/nope) found a page")
	}
}

func TestPagesOrder(t *testing.T) {
	resetRegistry()
	t.Cleanup(resetRegistry)
	for _, p := range []Page{
		{Path: "/zeta"},
		{Path: "/alpha"},
		{Path: "/"},
		{Path: "/third", Order: 3},
		{Path: "/first", Order: 1},
		{PathTemplate: "/item/<id>"},
		{Path: "/early", Order: -1},
	} {
		p.Layout = layout
		RegisterPage(p)
	}
	var got []string
	for _, p := range Pages() {
		got = append(got, p.Path+p.PathTemplate)
	}
	want := []string{"/early", "/", "/first", "/third", "/alpha", "/item/<id>", "/zeta"}
	if !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}

func TestTemplatePrecedence(t *testing.T) {
	resetRegistry()
	t.Cleanup(resetRegistry)
	for _, p := range []Page{
		{Path: "/report/special"},
		{PathTemplate: "/report/<id>"},
		{PathTemplate: "/<section>/<id>"},
		{PathTemplate: "/<section>/summary"},
		{PathTemplate: "/report/<id>/edit"},
		{PathTemplate: "/<a>/<b>/edit"},
	} {
		p.Layout = layout
		RegisterPage(p)
	}
	a := &App{reg: pages}
	pages.freeze("test", func(*entry) {})
	cases := []struct{ path, want string }{
		{"/report/special", "/report/special"},
		{"/report/7", "/report/<id>"},
		{"/report/summary", "/report/<id>"}, // first differing segment: literal "report" wins
		{"/other/summary", "/<section>/summary"},
		{"/other/7", "/<section>/<id>"},
		{"/report/7/edit", "/report/<id>/edit"},
		{"/x/7/edit", "/<a>/<b>/edit"},
		{"/report", ""},
		{"/report/", ""},
		{"/report//edit", ""},
	}
	for _, c := range cases {
		res := a.resolve(&url.URL{Path: c.path})
		got := ""
		if res.entry != nil {
			got = res.entry.key()
		}
		if got != c.want {
			t.Errorf("resolve(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestTemplateVarsAreDecoded(t *testing.T) {
	tm, err := parsePathTemplate("/report/<id>/<part>")
	if err != nil {
		t.Fatal(err)
	}
	vars, ok := tm.match(splitPath("/report/a%2Fb/caf%C3%A9"))
	if !ok || vars["id"] != "a/b" || vars["part"] != "café" {
		t.Fatalf("match = %v, %v", vars, ok)
	}
	if _, ok := tm.match(splitPath("/report/x")); ok {
		t.Fatal("matched too few segments")
	}
	if _, ok := tm.match(splitPath("/report/%zz/x")); ok {
		t.Fatal("matched a malformed escape")
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
		{"path and template", nil, Page{Path: "/a", PathTemplate: "/a/<id>"}, "not both", 1},
		{"template without var", nil, Page{PathTemplate: "/a/b"}, "has no variable", 1},
		{"template partial var", nil, Page{PathTemplate: "/a/x<id>"}, "malformed segment", 1},
		{"template bad name", nil, Page{PathTemplate: "/a/<i-d>"}, "bad variable name", 1},
		{"template repeated var", nil, Page{PathTemplate: "/<id>/<id>"}, "repeats the variable", 1},
		{"redirect to a template", nil, Page{PathTemplate: "/r/<id>", RedirectFrom: []string{"/old"}}, "needs a literal Path", 1},
		{"template trailing slash", nil, Page{PathTemplate: "/a/<id>/"}, "empty segment", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resetRegistry()
			t.Cleanup(resetRegistry)
			if c.first != nil {
				c.first.Layout = layout
				RegisterPage(*c.first)
			}
			p := c.page
			if c.name != "nil layout" {
				p.Layout = layout
			}
			msg := mustPanic(t, func() { RegisterPage(p) })
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
	resetRegistry()
	t.Cleanup(resetRegistry)
	RegisterPage(Page{Path: "/", Layout: layout})
	if _, err := New(Config{}); err != nil {
		t.Fatal(err)
	}
	msg := mustPanic(t, func() { RegisterPage(Page{Path: "/late", Layout: layout}) })
	if !strings.Contains(msg, "after the app was built") || len(siteRE.FindAllString(msg, -1)) != 2 {
		t.Fatalf("panic %q should name the registration and the New call", msg)
	}
	mustPanic(t, func() { RegisterNotFound(Page{Layout: layout}) })
}

func TestRegisterNotFoundPanics(t *testing.T) {
	resetRegistry()
	t.Cleanup(resetRegistry)
	mustPanic(t, func() { RegisterNotFound(Page{}) })
	mustPanic(t, func() { RegisterNotFound(Page{Path: "/not-found-404", Layout: layout}) })
	RegisterNotFound(Page{Layout: layout})
	msg := mustPanic(t, func() { RegisterNotFound(Page{Layout: layout}) })
	if len(siteRE.FindAllString(msg, -1)) != 2 {
		t.Fatalf("panic %q should name both registrations", msg)
	}
	if len(Pages()) != 0 {
		t.Fatal("the not-found page is listed by Pages")
	}
}
