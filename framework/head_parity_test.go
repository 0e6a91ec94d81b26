package framework

import (
	"crypto/tls"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/a-h/templ"
	nethtml "golang.org/x/net/html"
)

func metaTag(key, name, content string) string {
	return `<meta ` + key + `="` + name + `" content="` + content + `" data-pw-meta>`
}

// TestDescriptionFunc checks that a DescriptionFunc computes the
// description tags from the request, wins over Description, is escaped,
// and gives the 500 page when it panics.
func TestDescriptionFunc(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{PathTemplate: "/item/<id>", Description: "static", DescriptionFunc: func(r Request) string {
		return "Item " + r.Var("id") + " & " + r.Query.Get("q")
	}, Layout: layout})
	reg.RegisterPage(Page{Path: "/boom", DescriptionFunc: func(Request) string { panic("no description") }, Layout: layout})
	app := newTestApp(t, Config{Registry: reg, Description: "app default"})
	got := do(app, "GET", "/item/7?q=%22x%22").Body.String()
	for _, want := range []string{
		metaTag("name", "description", "Item 7 &amp; &#34;x&#34;"),
		metaTag("property", "og:description", "Item 7 &amp; &#34;x&#34;"),
		metaTag("property", "twitter:description", "Item 7 &amp; &#34;x&#34;"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "static") || strings.Contains(got, "app default") {
		t.Errorf("Description or Config.Description won over DescriptionFunc:\n%s", got)
	}
	if w := do(app, "GET", "/boom"); w.Code != http.StatusInternalServerError {
		t.Errorf("a panicking DescriptionFunc: status %d, want 500", w.Code)
	}
}

// TestAppTitleAndDescription checks Config.Title and Config.Description
// as the defaults of pages that set none, as Dash's app title and
// description are.
func TestAppTitleAndDescription(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/plain", Name: "Plain", Layout: layout})
	reg.RegisterPage(Page{Path: "/own", Name: "Own", Title: "Own title", Description: "own description", Layout: layout})
	reg.RegisterPage(Page{Path: "/func", Name: "Func", TitleFunc: func(Request) string { return "From func" }, Layout: layout})
	app := newTestApp(t, Config{Registry: reg, Title: "My <App>", Description: "About my app"})
	cases := []struct{ path, title, desc string }{
		{"/plain", "Plain", "About my app"}, // a Name comes before the app's title, as in Dash
		{"/own", "Own title", "own description"},
		{"/func", "From func", "About my app"},
	}
	for _, c := range cases {
		got := do(app, "GET", c.path).Body.String()
		for _, want := range []string{
			"<title>" + c.title + "</title>",
			metaTag("property", "og:title", c.title),
			metaTag("property", "twitter:title", c.title),
			metaTag("name", "description", c.desc),
			metaTag("property", "twitter:description", c.desc),
		} {
			if !strings.Contains(got, want) {
				t.Errorf("GET %s: no %s in\n%s", c.path, want, got)
			}
		}
	}
	// The built-in not-found page keeps its own title.
	if got := do(app, "GET", "/missing").Body.String(); !strings.Contains(got, "<title>404: Page not found</title>") {
		t.Errorf("not-found page:\n%s", got)
	}
	// Without them, a page's Name is its title and its description is
	// empty: its tags are written all the same, as Dash writes them.
	bare := NewRegistry()
	bare.RegisterPage(Page{Path: "/plain", Name: "Plain", Layout: layout})
	got := do(newTestApp(t, Config{Registry: bare}), "GET", "/plain").Body.String()
	if !strings.Contains(got, "<title>Plain</title>") || !strings.Contains(got, metaTag("name", "description", "")) {
		t.Errorf("without app defaults:\n%s", got)
	}
}

// TestTwitterURL checks the twitter:url tag: the page's absolute URL,
// query included, with the request's scheme and host, escaped, and never
// another URL's from the meta cache.
func TestTwitterURL(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/a", Title: "Same", Layout: layout})
	reg.RegisterPage(Page{Path: "/b", Title: "Same", Layout: layout})
	app := newTestApp(t, Config{Registry: reg, BasePath: "/dash/"})
	for range 2 { // the second round reads the cache
		for _, c := range []struct{ target, url string }{
			{"/dash/a", "http://example.com/dash/a"},
			{"/dash/b", "http://example.com/dash/b"},
			{"/dash/a?x=1&y=%22%3E", "http://example.com/dash/a?x=1&amp;y=%22%3E"},
			{"/dash/a?q='<b>'", "http://example.com/dash/a?q=&#39;&lt;b&gt;&#39;"},
		} {
			got := do(app, "GET", c.target).Body.String()
			if want := metaTag("property", "twitter:url", c.url); !strings.Contains(got, want) || strings.Count(got, "twitter:url") != 1 {
				t.Errorf("GET %s: want one %s in\n%s", c.target, want, got)
			}
		}
	}
	r := httptest.NewRequest("GET", "/dash/b", nil)
	r.Host, r.TLS = "app.example:8443", &tls.ConnectionState{}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	if want := metaTag("property", "twitter:url", "https://app.example:8443/dash/b"); !strings.Contains(w.Body.String(), want) {
		t.Errorf("over TLS: no %s in\n%s", want, w.Body.String())
	}
	// A custom shell's hand-made data without a request has an empty
	// twitter:url: every tag is written, as in Dash.
	var b strings.Builder
	if err := PageMeta(ShellData{Title: "T"}).Render(t.Context(), &b); err != nil || !strings.Contains(b.String(), metaTag("property", "twitter:url", "")) {
		t.Errorf("PageMeta without a request: %q, %v", b.String(), err)
	}
}

// TestTwitterURLOnNavigation checks that a socket navigation's meta tags
// carry the navigated page's URL.
func TestTwitterURLOnNavigation(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newTestApp(t, Config{Registry: registerTestPages(t)}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	r := roundTrip(t, conn, nav(1, "/analytics?tab=2"))
	if want := metaTag("property", "twitter:url", srv.URL+"/analytics?tab=2"); !strings.Contains(r.Meta, want) {
		t.Errorf("meta %q lacks %s", r.Meta, want)
	}
}

// TestDefaultFavicon checks that an app without favicon.ico links and
// serves the framework's icon, and that the app's own file overrides it.
func TestDefaultFavicon(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: layout})
	app := newTestApp(t, Config{Registry: reg, Assets: fstest.MapFS{"style.css": {Data: []byte("p{}")}}})
	link := `<link rel="icon" href="/assets/favicon.ico?v=` + defaultFaviconHash + `">`
	if got := do(app, "GET", "/").Body.String(); !strings.Contains(got, link) {
		t.Fatalf("no %s in\n%s", link, got)
	}
	w := do(app, "GET", "/assets/favicon.ico?v="+defaultFaviconHash)
	if w.Code != http.StatusOK || w.Body.String() != string(defaultFavicon) || w.Header().Get("Content-Type") != "image/x-icon" ||
		!strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("default favicon: %d, %d bytes, %v", w.Code, w.Body.Len(), w.Header())
	}
	if len(defaultFavicon) < 22 || string(defaultFavicon[:4]) != "\x00\x00\x01\x00" {
		t.Errorf("the default favicon is not an icon file")
	}
	if w := do(app, "GET", "/assets/favicon.ico"); w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("unversioned default favicon: %d %v", w.Code, w.Header())
	}
	if w := do(app, "GET", "/assets/favicon.ico", "If-None-Match", `"`+defaultFaviconHash+`"`); w.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", w.Code)
	}
	if w := do(app, "GET", "/assets/other.ico"); w.Code != http.StatusNotFound {
		t.Errorf("another missing asset: %d, want 404", w.Code)
	}
	// The app's own icon wins, linked and served.
	own := NewRegistry()
	own.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component { return templ.Raw("x") }})
	app = newTestApp(t, Config{Registry: own}) // testAssets has favicon.ico
	got := do(app, "GET", "/").Body.String()
	if strings.Contains(got, defaultFaviconHash) || !strings.Contains(got, `<link rel="icon" href="/assets/favicon.ico?v=`) {
		t.Errorf("with the app's favicon:\n%s", got)
	}
	if w := do(app, "GET", "/assets/favicon.ico"); w.Body.String() != "ico" {
		t.Errorf("the app's favicon was not served: %q", w.Body.String())
	}
}

// dashMetaTags is Dash's _page_meta_tags (dash/_pages.py) for a page with
// description, title and image_url, on the page at url: the list Dash
// renders in the head, in its order, each tag's key (name or property),
// its value and its content.
func dashMetaTags(url, title, description, image string) [][3]string {
	return [][3]string{
		{"name", "description", description},
		{"property", "twitter:card", "summary_large_image"},
		{"property", "twitter:url", url},
		{"property", "twitter:title", title},
		{"property", "twitter:description", description},
		{"property", "twitter:image", image},
		{"property", "og:title", title},
		{"property", "og:type", "website"},
		{"property", "og:description", description},
		{"property", "og:image", image},
	}
}

// metaBlock is the run of data-pw-meta tags of a document or a page reply.
var metaBlock = regexp.MustCompile(`(?:<meta [^>]*data-pw-meta>)+`)

// Hostile head data of the meta tag tests: quotes, markup and an ampersand
// in the title, the description and the image URL.
const (
	hostileTitle = `Q "quoted" <script>alert(1)</script>`
	hostileDesc  = `it's <b>bold</b> & "quoted"`
	hostileImage = `https://cdn.example/card.png?a=1&b="2"`
)

// hostileMetaPages is a registry of /full, a page with the hostile title,
// description and image, and /bare, a page with a name alone.
func hostileMetaPages() *Registry {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/full", Title: hostileTitle, Description: hostileDesc, Image: hostileImage, Layout: layout})
	reg.RegisterPage(Page{Path: "/bare", Name: "Bare", Layout: layout})
	return reg
}

// TestMetaTagsLikeDash checks the head's meta tags against Dash's list,
// exactly: the attributes (name= for the description alone, property= for
// the twitter: and og: tags), the order, and every tag written, with an
// empty content for a page without description or image. Hostile text is
// escaped, the tags are the same from the meta cache and in a socket
// navigation's reply, and each carries data-pw-meta, which the runtime
// replaces on navigation.
func TestMetaTagsLikeDash(t *testing.T) {
	t.Parallel()
	const title, desc, image = hostileTitle, hostileDesc, hostileImage
	reg := hostileMetaPages()
	reg.RegisterPage(Page{Path: "/desc", Name: "Desc", Description: "only a description", Layout: layout})
	app := newTestApp(t, Config{Registry: reg, Assets: fstest.MapFS{}}) // no image to infer
	cases := []struct {
		target string
		want   [][3]string
	}{
		{"/full?q=%22a%22&r='b'", dashMetaTags(`http://example.com/full?q=%22a%22&r='b'`, title, desc, image)},
		{"/bare", dashMetaTags("http://example.com/bare", "Bare", "", "")},
		{"/desc", dashMetaTags("http://example.com/desc", "Desc", "only a description", "")},
	}
	for _, c := range cases {
		var want strings.Builder
		for _, m := range c.want {
			want.WriteString(metaTag(m[0], m[1], html.EscapeString(m[2])))
		}
		for i := range 2 { // the second render comes from the meta cache
			got := do(app, "GET", c.target).Body.String()
			if blocks := metaBlock.FindAllString(got, -1); len(blocks) != 1 || blocks[0] != want.String() {
				t.Errorf("GET %s (render %d): meta tags\n%q\nwant Dash's\n%q", c.target, i+1, blocks, want.String())
			}
			if strings.Contains(got, "<script>alert") || strings.Count(got, "data-pw-meta") != len(c.want) {
				t.Errorf("GET %s: unescaped text or stray data-pw-meta tags:\n%s", c.target, got)
			}
		}
	}
	// The tags parse back to Dash's values, and the socket's page reply
	// carries the same list for the runtime to swap in.
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	r := roundTrip(t, conn, nav(1, "/full?q=%22a%22&r='b'"))
	doc, err := nethtml.Parse(strings.NewReader("<head>" + r.Meta))
	if err != nil {
		t.Fatal(err)
	}
	var got [][3]string
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.ElementNode && n.Data == "meta" {
			a := n.Attr
			if len(a) != 3 || a[1].Key != "content" || a[2].Key != "data-pw-meta" {
				t.Errorf("meta tag attributes %v: want key, content, data-pw-meta", a)
				return
			}
			m := [3]string{a[0].Key, a[0].Val, a[1].Val}
			got = append(got, m)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if want := dashMetaTags(srv.URL+`/full?q=%22a%22&r='b'`, title, desc, image); !slices.Equal(got, want) {
		t.Errorf("the navigation's meta tags parse to\n%q\nwant Dash's\n%q", got, want)
	}
}
