package framework

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestModuleFile checks that a page file is named relative to its module,
// from its function's package path, wherever the module is checked out:
// below a folder named pages, with or without -trimpath.
func TestModuleFile(t *testing.T) {
	t.Parallel()
	mods := []string{"example.com/myapp", "example.com/myapp/sub", "github.com/pages/site"}
	cases := []struct{ fn, file, want string }{
		{"example.com/myapp/pages.init.0", "/home/u/pages/work/myapp/pages/analytics.go", "pages/analytics.go"},
		{"example.com/myapp/pages/chapter_1.init.0.func1", "/home/u/pages/work/myapp/pages/chapter_1/page_1.go", "pages/chapter_1/page_1.go"},
		{"example.com/myapp/pages_test.init.0", "/home/u/pages/myapp/pages/about_test.go", "pages/about_test.go"},
		{"example.com/myapp/pages.init.0", "example.com/myapp/pages/analytics.go", "pages/analytics.go"}, // -trimpath
		{"example.com/myapp/sub/pages.init.0", "/x/pages/sub/pages/a.go", "pages/a.go"},                  // the longest module wins
		{"github.com/pages/site.init.0", "/src/pages/site/about.go", "about.go"},                         // "pages" of the module path
		{"example.com/myapp/pages/v1%2e2.init.0", "/w/pages/v1.2/a.go", "pages/v1.2/a.go"},
		{"example.com/other/pages.init.0", "/w/pages/b.go", "example.com/other/pages/b.go"}, // no known module
		{"main.init.0", "/home/u/pages/work/main.go", "main.go"},
		{"", "/home/u/pages/x.go", "/home/u/pages/x.go"},
	}
	for _, c := range cases {
		if got := moduleFile(c.fn, c.file, mods); got != c.want {
			t.Errorf("moduleFile(%q, %q) = %q, want %q", c.fn, c.file, got, c.want)
		}
	}
	// The brief's case end to end: the checkout's own pages folder is not
	// the module's.
	f := moduleFile("example.com/myapp/pages.init.0", "/home/u/pages/work/myapp/pages/analytics.go", mods)
	if got := inferPathIn(f, DefaultPagesFolder); got != "/analytics" {
		t.Errorf("inferred %q, want /analytics", got)
	}
}

// TestInferPathIn checks nested folders, "_" as "-", and configured pages
// folders of one or several elements, matched at their last occurrence.
func TestInferPathIn(t *testing.T) {
	t.Parallel()
	cases := []struct{ file, folder, want string }{
		{"pages/chapter_1/page_1.go", "pages", "/chapter-1/page-1"},
		{"pages/chapter_1/index.go", "pages", "/chapter-1"},
		{"pages/home.go", "pages", "/"},
		{"views/Weekly_Report.go", "views", "/weekly-report"},
		{"pages/x.go", "views", "/x"},
		{"web/views/a/b_c.go", "web/views", "/a/b-c"},
		{"views/old/views/deep.go", "views", "/deep"},
		{"other/web/x/views/a.go", "web/views", "/a"},
		{"pages.go", "pages", "/pages"},
	}
	for _, c := range cases {
		if got := inferPathIn(c.file, c.folder); got != c.want {
			t.Errorf("inferPathIn(%q, %q) = %q, want %q", c.file, c.folder, got, c.want)
		}
	}
}

// TestRegisterIgnoresCheckoutFolders registers a page from this file with
// the pages folder named like the folder the module is checked out in:
// outside the module, it must not count.
func TestRegisterIgnoresCheckoutFolders(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	checkout := filepath.Base(filepath.Dir(wd)) // the module root's own name
	reg := NewRegistry().WithPagesFolder(checkout)
	reg.RegisterPage(Page{Layout: layout})
	if ps := reg.Pages(); len(ps) != 1 || ps[0].Path != "/inference-parity-test" {
		t.Fatalf("pages folder %q: pages %+v, want one at /inference-parity-test", checkout, ps)
	}
	// This file's own folder inside the module does count.
	reg = NewRegistry().WithPagesFolder("framework")
	reg.RegisterPage(Page{Layout: layout})
	if p, ok := reg.PageByPath("/inference-parity-test"); !ok || p.Name != "Inference parity test" {
		t.Fatalf("pages folder framework: %+v, %v", p, ok)
	}
}

// TestWithPagesFolderMisuse checks the panics of WithPagesFolder.
func TestWithPagesFolderMisuse(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", "/", "a/../b", "./pages", "a//b"} {
		if msg := panicMessage(func() { NewRegistry().WithPagesFolder(name) }); !strings.Contains(msg, "WithPagesFolder") {
			t.Errorf("WithPagesFolder(%q): panic %q", name, msg)
		}
	}
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/x", Layout: layout})
	if msg := panicMessage(func() { reg.WithPagesFolder("views") }); !strings.Contains(msg, "before the first registration") {
		t.Errorf("after a registration: panic %q", msg)
	}
	if got := NewRegistry().WithPagesFolder("/views/").pagesFolder; got != "views" {
		t.Errorf("folder %q, want views", got)
	}
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg, _ = r.(string)
		}
	}()
	f()
	return ""
}

// TestImageInferenceParity checks Dash's image matching: hyphens and
// underscores alike, extensions in any case, page module before app
// before logo, folders and files of other types skipped.
func TestImageInferenceParity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		files  []string
		module string
		want   string
	}{
		{[]string{"weekly-analytics.png", "logo.svg"}, "weekly_analytics", "weekly-analytics.png"},
		{[]string{"weekly_analytics.png", "logo.svg"}, "weekly-analytics", "weekly_analytics.png"},
		{[]string{"Chart.PNG", "logo.svg"}, "Chart", "Chart.PNG"},
		{[]string{"chart.png", "chart.JPG"}, "chart", "chart.JPG"}, // jpg before png
		{[]string{"chart.txt", "app.WebP", "logo.svg"}, "chart", "app.WebP"},
		{[]string{"LOGO.svg", "logo.Svg"}, "chart", "logo.Svg"}, // the name's case counts
		{[]string{"chart.png/x", "logo.gif"}, "chart", "logo.gif"},
		{[]string{"sub/chart.png"}, "chart", ""},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{}
		for _, f := range c.files {
			fsys[f] = &fstest.MapFile{Data: []byte("x")}
		}
		if got := inferImage(fsys, c.module); got != c.want {
			t.Errorf("inferImage(%v, %q) = %q, want %q", c.files, c.module, got, c.want)
		}
	}
	if got := inferImage(nil, "x"); got != "" {
		t.Errorf("no assets: %q", got)
	}
	// Through an app: the page module's image becomes its og:image.
	reg := NewRegistry()
	reg.RegisterPage(Page{Layout: layout}) // module inference_parity_test
	app := newTestApp(t, Config{Registry: reg, Assets: fstest.MapFS{"inference-parity-test.PNG": {Data: []byte("png")}, "logo.svg": {}}})
	got := do(app, "GET", "/inference-parity-test").Body.String()
	if want := `<meta property="og:image" content="http://example.com/assets/inference-parity-test.PNG" data-pw-meta>`; !strings.Contains(got, want) {
		t.Errorf("no %s in\n%s", want, got)
	}
}
