package framework

import (
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// TestPageLinks checks the nav links PageLinks renders: every page in
// Dash's order, under the BasePath, names escaped, aria-current on the page
// rendered; a template page linked by its default Path ("none" for each
// variable, or the Path it sets), current at any URL its template matches.
func TestPageLinks(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	nav := func(r Request) templ.Component { return PageLinks(r) }
	reg.RegisterPage(Page{Path: "/", Name: "Home", Order: OrderOf(0), Layout: nav})
	reg.RegisterPage(Page{Path: "/a", Name: `A <&> "b"`, Order: OrderOf(2), Layout: nav})
	reg.RegisterPage(Page{PathTemplate: "/item/<id>", Name: "Item", Order: OrderOf(3), Layout: nav})
	reg.RegisterPage(Page{PathTemplate: "/user/<name>/posts", Path: "/user/me/posts", Name: "Posts", Order: OrderOf(4), Layout: nav})
	app := newTestApp(t, Config{Registry: reg, BasePath: "/dash/"})
	const (
		home  = `<a href="/dash/">Home</a> `
		a     = `<a href="/dash/a">A &lt;&amp;&gt; &#34;b&#34;</a> `
		item  = `<a href="/dash/item/none">Item</a> `
		posts = `<a href="/dash/user/me/posts">Posts</a> `
	)
	current := func(link string) string { return strings.Replace(link, `">`, `" aria-current="page">`, 1) }
	for _, c := range []struct{ path, want string }{
		{"/dash/", current(home) + a + item + posts},
		{"/dash/a", home + current(a) + item + posts},
		{"/dash/item/42", home + a + current(item) + posts},
		{"/dash/item/none", home + a + current(item) + posts},
		{"/dash/user/ann/posts", home + a + item + current(posts)},
		{"/dash/user/me/posts", home + a + item + current(posts)},
	} {
		if body := do(app, "GET", c.path).Body.String(); !strings.Contains(body, c.want) {
			t.Errorf("links on %s:\n%s\nwant %s", c.path, body, c.want)
		}
	}
}
