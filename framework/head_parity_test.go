package framework

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/a-h/templ"
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
		metaTag("name", "twitter:description", "Item 7 &amp; &#34;x&#34;"),
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
			metaTag("name", "twitter:title", c.title),
			metaTag("name", "description", c.desc),
			metaTag("name", "twitter:description", c.desc),
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
	// Without them, a page's Name is its title and it has no description.
	bare := NewRegistry()
	bare.RegisterPage(Page{Path: "/plain", Name: "Plain", Layout: layout})
	got := do(newTestApp(t, Config{Registry: bare}), "GET", "/plain").Body.String()
	if !strings.Contains(got, "<title>Plain</title>") || strings.Contains(got, `name="description"`) {
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
			if want := metaTag("name", "twitter:url", c.url); !strings.Contains(got, want) || strings.Count(got, "twitter:url") != 1 {
				t.Errorf("GET %s: want one %s in\n%s", c.target, want, got)
			}
		}
	}
	r := httptest.NewRequest("GET", "/dash/b", nil)
	r.Host, r.TLS = "app.example:8443", &tls.ConnectionState{}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	if want := metaTag("name", "twitter:url", "https://app.example:8443/dash/b"); !strings.Contains(w.Body.String(), want) {
		t.Errorf("over TLS: no %s in\n%s", want, w.Body.String())
	}
	// A custom shell's hand-made data without a request has no twitter:url.
	var b strings.Builder
	if err := PageMeta(ShellData{Title: "T"}).Render(t.Context(), &b); err != nil || strings.Contains(b.String(), "twitter:url") {
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
	if want := metaTag("name", "twitter:url", srv.URL+"/analytics?tab=2"); !strings.Contains(r.Meta, want) {
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
