package framework

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssetSymlinkOutOfFolderNotServed checks that an asset that is, or
// passes through, a symbolic link leading out of the assets folder is 404
// and never linked, while a link inside the folder keeps working.
func TestAssetSymlinkOutOfFolderNotServed(t *testing.T) {
	t.Parallel()
	const secret = "SECRET-OUTSIDE-ASSETS"
	root := t.TempDir()
	dir, outside := filepath.Join(root, "assets"), filepath.Join(root, "outside")
	for _, d := range []string{dir, outside, filepath.Join(dir, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, s string) {
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "ok.css"), "body{color:red}")
	write(filepath.Join(outside, "secret.css"), secret)
	links := map[string]string{
		"evil.css":        filepath.Join(outside, "secret.css"), // absolute, out
		"sub/up.css":      "../../outside/secret.css",           // relative, out
		"out":             outside,                              // a folder, out
		"inner.css":       "sub/../ok.css",                      // inside
		"sub/chain.css":   "../inner.css",                       // a link to a link inside
		"sub/dotdots.css": "../../assets/ok.css",                // climbs out, even if it comes back
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	app := newTestApp(t, Config{Registry: limitsRegistry(), Assets: os.DirFS(dir)})
	cases := map[string]int{
		"ok.css":          http.StatusOK,
		"inner.css":       http.StatusOK,
		"sub/chain.css":   http.StatusOK,
		"evil.css":        http.StatusNotFound,
		"sub/up.css":      http.StatusNotFound,
		"out/secret.css":  http.StatusNotFound,
		"sub/dotdots.css": http.StatusNotFound,
	}
	for name, want := range cases {
		w := do(app, "GET", AssetsPrefix+name)
		if w.Code != want || strings.Contains(w.Body.String(), secret) {
			t.Errorf("GET %s: %d, body %.60q; want %d without the outside file", name, w.Code, w.Body.String(), want)
		}
	}
	page := do(app, "GET", "/").Body.String()
	for _, name := range []string{"ok.css", "inner.css", "sub/chain.css"} {
		if !strings.Contains(page, `href="/assets/`+name+`?v=`) {
			t.Errorf("page does not link %s", name)
		}
	}
	for _, name := range []string{"evil.css", "up.css", "secret.css", "dotdots.css"} {
		if strings.Contains(page, name) {
			t.Errorf("page links %s", name)
		}
	}
}
