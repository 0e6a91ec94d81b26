package framework

import (
	"fmt"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// TestMetaCache checks that the cached meta tags are always those of the
// page rendered: pages whose titles map to one slot, a TitleFunc making a
// new title per request, escaping, and titles too long to keep.
func TestMetaCache(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	body := func(r Request) templ.Component { return templ.Raw("<p>x</p>") }
	// Same lengths, same first and last letters: the same slot.
	reg.RegisterPage(Page{Path: "/a", Title: "Axxa", Description: "one", Layout: body})
	reg.RegisterPage(Page{Path: "/b", Title: "Ayya", Description: "two", Layout: body})
	reg.RegisterPage(Page{PathTemplate: "/t/<v>", TitleFunc: func(r Request) string { return "T " + r.Var("v") }, Layout: body})
	app := newTestApp(t, Config{Registry: reg})
	c := app.links.meta
	if c.slot("Axxa", "one", "") != c.slot("Ayya", "two", "") {
		t.Fatal("the test's titles no longer share a slot")
	}
	for range 3 {
		for _, tc := range []struct{ path, title, desc string }{{"/a", "Axxa", "one"}, {"/b", "Ayya", "two"}} {
			got := do(app, "GET", tc.path).Body.String()
			for _, want := range []string{
				`<meta property="og:title" content="` + tc.title + `" data-pw-meta>`,
				`<meta property="twitter:description" content="` + tc.desc + `" data-pw-meta>`,
			} {
				if !strings.Contains(got, want) {
					t.Fatalf("GET %s: no %s in\n%s", tc.path, want, got)
				}
			}
		}
	}
	for _, v := range []string{"1", "2", "%3Cb%3E", "1", strings.Repeat("z", 2*metaMax)} {
		got := do(app, "GET", "/t/"+v).Body.String()
		title := templ.EscapeString("T " + strings.ReplaceAll(strings.ReplaceAll(v, "%3C", "<"), "%3E", ">"))
		if want := fmt.Sprintf(`<meta property="twitter:title" content="%s" data-pw-meta>`, title); !strings.Contains(got, want) {
			t.Fatalf("GET /t/%.20s: no %.80s", v, want)
		}
	}
	for i := range c.slots {
		if e := c.slots[i].Load(); e != nil && len(e.title) > metaMax {
			t.Errorf("slot %d keeps a %d-byte title", i, len(e.title))
		}
	}
}

// TestLayoutChangesOwnPage checks that a layout changing its Request's
// Page changes that render's copy alone: the registry and later renders
// keep the registered page.
func TestLayoutChangesOwnPage(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Title: "Home", Layout: func(r Request) templ.Component {
		r.Page.Title, r.Page.Description = "Changed", "changed too"
		return templ.Raw("<p>home</p>")
	}})
	app := newTestApp(t, Config{Registry: reg})
	for range 2 {
		got := do(app, "GET", "/").Body.String()
		if !strings.Contains(got, "<title>Changed</title>") || !strings.Contains(got, `content="changed too"`) {
			t.Fatalf("the render's own changes are not in its head:\n%s", got)
		}
	}
	if p := app.Pages()[0]; p.Title != "Home" || p.Description != "" {
		t.Errorf("the app's page became %q / %q", p.Title, p.Description)
	}
}
