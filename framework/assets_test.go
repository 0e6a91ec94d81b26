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
