package framework

import (
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestImageInference(t *testing.T) {
	t.Parallel()
	s, err := newAssetStore(testAssets)
	if err != nil {
		t.Fatal(err)
	}
	for module, want := range map[string]string{"analytics": "analytics.png", "other": "logo.svg"} {
		e := &entry{module: module}
		s.resolveImage(e)
		if e.page.Image != want {
			t.Errorf("module %s: image %q, want %q", module, e.page.Image, want)
		}
	}
	withApp := fstest.MapFS{"app.webp": {}, "logo.svg": {}}
	s, _ = newAssetStore(withApp)
	e := &entry{module: "x"}
	s.resolveImage(e)
	if e.page.Image != "app.webp" {
		t.Errorf("app.* should win over logo.*: %q", e.page.Image)
	}
	e = &entry{module: "x", page: Page{Image: "https://cdn.example/x.png"}}
	s.resolveImage(e)
	if e.page.Image != "https://cdn.example/x.png" {
		t.Errorf("an explicit image was replaced: %q", e.page.Image)
	}
}

func TestAssetCaching(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t)})
	w := do(app, "GET", "/assets/style.css")
	etag := w.Header().Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag %q", etag)
	}
	if w := do(app, "GET", "/assets/style.css", "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Fatalf("If-None-Match: status %d, want 304", w.Code)
	}
	if w := do(app, "GET", "/assets/style.css", "If-Modified-Since", assetTime.Add(time.Hour).Format(http.TimeFormat)); w.Code != http.StatusNotModified {
		t.Fatalf("If-Modified-Since: status %d, want 304", w.Code)
	}
	v := strings.Trim(etag, `"`)
	if w := do(app, "GET", "/assets/style.css?v="+v); w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("versioned asset Cache-Control %q", w.Header().Get("Cache-Control"))
	}
	if !strings.Contains(do(app, "GET", "/").Body.String(), "/assets/style.css?v="+v) {
		t.Fatal("the shell does not link the versioned stylesheet")
	}
}

// TestAssetScripts checks that the assets' .js files are loaded like
// Dash's assets/*.js: every one, in path order, deferred and versioned,
// before the runtime, with the request's nonce, in DefaultHead and in the
// Scripts component a custom shell uses.
func TestAssetScripts(t *testing.T) {
	t.Parallel()
	assets := fstest.MapFS{
		"b.js":        {Data: []byte("window.b = 1"), ModTime: assetTime},
		"a/charts.js": {Data: []byte("window.a = 1"), ModTime: assetTime},
		"style.css":   {Data: []byte("body{}"), ModTime: assetTime},
		"notes.txt":   {Data: []byte("not a script"), ModTime: assetTime},
	}
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Title: "Home", Layout: layout})
	app := newTestApp(t, Config{Registry: reg, Assets: assets})
	body := do(app, "GET", "/").Body.String()
	i, j := strings.Index(body, `<script src="/assets/a/charts.js?v=`), strings.Index(body, `<script src="/assets/b.js?v=`)
	rt := strings.Index(body, `<script src="/_pagewire/runtime.`)
	if i < 0 || j < 0 || !(i < j && j < rt) {
		t.Fatalf("want a/charts.js, then b.js, then the runtime; at %d, %d, %d in %s", i, j, rt, body)
	}
	if strings.Count(body, "<script") != 3 || strings.Contains(body, "notes.txt") {
		t.Errorf("only the .js files and the runtime are scripts: %s", body)
	}
	head := body[:strings.Index(body, "</head>")]
	if !strings.Contains(head, `b.js?v=`) || !strings.Contains(body[j:], " defer></script>") {
		t.Errorf("asset scripts belong in the head, deferred: %s", head)
	}
	if w := do(app, "GET", "/assets/b.js"); w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "javascript") {
		t.Errorf("GET /assets/b.js: %d %q", w.Code, w.Header().Get("Content-Type"))
	}

	nonced := newTestApp(t, Config{Registry: reg, Assets: assets, Nonce: func(*http.Request) string { return "n0nce" }})
	if body := do(nonced, "GET", "/").Body.String(); strings.Count(body, `defer nonce="n0nce"></script>`) != 3 {
		t.Errorf("every script carries the nonce: %s", body)
	}

	var b strings.Builder
	if err := Scripts(ShellData{Scripts: []string{"/x.js?v=1&y"}, Nonce: "k"}).Render(t.Context(), &b); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), `<script src="/x.js?v=1&amp;y" defer nonce="k"></script>`; got != want {
		t.Errorf("Scripts: %s, want %s", got, want)
	}
}

// TestTheme checks Config.Theme: off by default; when on, the theme is
// linked before the app's stylesheets and served cached forever, gzipped
// when accepted, as plain CSS.
func TestTheme(t *testing.T) {
	t.Parallel()
	reg := registerTestPages(t)
	plain := newTestApp(t, Config{Registry: reg})
	if body := do(plain, "GET", "/").Body.String(); strings.Contains(body, "/_pagewire/theme.") {
		t.Fatalf("the theme is linked without Config.Theme: %s", body)
	}
	app := newTestApp(t, Config{Registry: reg, Theme: true, BasePath: "/dash/"})
	body := do(app, "GET", "/dash/").Body.String()
	href := `/dash/_pagewire/` + themeFile
	i, j := strings.Index(body, `<link rel="stylesheet" href="`+href+`">`), strings.Index(body, `/dash/assets/style.css?v=`)
	if i < 0 || j < 0 || i > j {
		t.Fatalf("want the theme (%s) linked before the app's stylesheet: %s", href, body)
	}
	w := do(app, "GET", href)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/css; charset=utf-8" ||
		w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(w.Body.String(), ".pw-card") {
		t.Fatalf("GET theme: %d %v %.80q", w.Code, w.Header(), w.Body.String())
	}
	if w := do(app, "GET", href, "Accept-Encoding", "gzip"); w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() >= len(themeCSS) {
		t.Errorf("gzip: %q, %d bytes of %d", w.Header().Get("Content-Encoding"), w.Body.Len(), len(themeCSS))
	}
	if w := do(app, "GET", href, "If-None-Match", `"`+themeCSSFile.hash+`"`); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", w.Code)
	}
	for _, bad := range []string{"@import", "url(", "expression("} {
		if strings.Contains(string(themeCSS), bad) {
			t.Errorf("the theme uses %s: it must stand alone", bad)
		}
	}
}
