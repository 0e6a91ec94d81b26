package framework

import (
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// TestPageLinks checks the nav links PageLinks renders: every plain-path
// page in Dash's order, under the BasePath, names escaped, aria-current on
// the page rendered, template pages left out.
func TestPageLinks(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	nav := func(r Request) templ.Component { return PageLinks(r) }
	reg.RegisterPage(Page{Path: "/", Name: "Home", Order: OrderOf(0), Layout: nav})
	reg.RegisterPage(Page{Path: "/a", Name: `A <&> "b"`, Order: OrderOf(2), Layout: nav})
	reg.RegisterPage(Page{PathTemplate: "/item/<id>", Name: "Item", Layout: nav})
	app := newTestApp(t, Config{Registry: reg, BasePath: "/dash/"})
	body := do(app, "GET", "/dash/a").Body.String()
	want := `<a href="/dash/">Home</a> <a href="/dash/a" aria-current="page">A &lt;&amp;&gt; &#34;b&#34;</a> `
	if !strings.Contains(body, want) || strings.Contains(body, "Item") {
		t.Fatalf("links on /dash/a:\n%s\nwant %s", body, want)
	}
	if body := do(app, "GET", "/dash/").Body.String(); !strings.Contains(body, `<a href="/dash/" aria-current="page">Home</a> <a href="/dash/a">`) {
		t.Errorf("links on /dash/: %s", body)
	}
}
