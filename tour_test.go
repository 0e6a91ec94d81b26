package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/framework"
)

// readmeBlock returns the body of the first fenced code block of README.md
// after the line containing marker.
func readmeBlock(t *testing.T, marker string) string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("README.md has no %q", marker)
	}
	m := regexp.MustCompile("(?s)\n```[a-z]*\n(.*?)\n```").FindStringSubmatch(s[i:])
	if m == nil {
		t.Fatalf("README.md has no code block after %q", marker)
	}
	return m[1] + "\n"
}

// tourPageTest is written next to the demo in the tour's copy: the page the
// tour adds answers as the tour says it does.
const tourPageTest = `package main

import (
	"strings"
	"testing"
)

func TestTourPage(t *testing.T) {
	srv, _ := serveDemo(t, nil)
	status, body := get(t, srv.URL+"/weekly-analytics?week=7")
	if status != 200 || !strings.Contains(body, "Week 7") || !strings.Contains(body, "<h1>Weekly analytics</h1>") {
		t.Errorf("GET /weekly-analytics?week=7: %d\n%s", status, body)
	}
	if !strings.Contains(body, ` + "`" + `<a href="/weekly-analytics" aria-current="page">Weekly analytics</a>` + "`" + `) {
		t.Errorf("no current nav link to the new page:\n%s", body)
	}
	if _, home := get(t, srv.URL+"/"); !strings.Contains(home, ` + "`" + `<a href="/weekly-analytics">Weekly analytics</a>` + "`" + `) {
		t.Errorf("the nav bar on / does not link the new page:\n%s", home)
	}
}
`

// TestTour follows step 2 of the README's five-minute tour in a copy of the
// module: it writes the page the tour shows to pages/weekly_analytics.templ,
// runs the generate command the tour gives, and checks that the page
// answers as the tour says, that the demo's own test still passes with the
// page added, and that the generated file is what make test's templ-check,
// gofmt and vet expect.
func TestTour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a copy of the module")
	}
	page := readmeBlock(t, "Create `pages/weekly_analytics.templ`")
	readme, _ := os.ReadFile("README.md")
	cmdRe := regexp.MustCompile("Then `([^`]*templ generate[^`]*)`")
	m := cmdRe.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md's tour gives no `... templ generate ...` command after the page")
	}
	generate := strings.Fields(string(m[1]))

	dir := t.TempDir()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (p == ".git" || p == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, p), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pages", "weekly_analytics.templ"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tourpage_test.go"), []byte(tourPageTest), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	run(generate[0], generate[1:]...)
	generated := filepath.Join(dir, "pages", "weekly_analytics_templ.go")
	if _, err := os.Stat(generated); err != nil {
		t.Fatalf("the tour's %s wrote no pages/weekly_analytics_templ.go: %v", m[1], err)
	}
	before, _ := os.ReadFile(generated)
	run("go", "tool", "templ", "generate", "-include-version=false") // make test's templ-check
	if after, _ := os.ReadFile(generated); !bytes.Equal(before, after) {
		t.Errorf("make test's templ-check regenerates pages/weekly_analytics_templ.go differently from the tour's %s", m[1])
	}
	if out := run("gofmt", "-l", "pages"); out != "" {
		t.Errorf("gofmt -l pages: %s", out)
	}
	run("go", "vet", ".", "./pages/")
	run("go", "test", "-count=1", "-run", "^(TestDemoOverHTTP|TestTourPage)$", ".")
}

// TestReadmeDashTable checks the README's "Dash to Pagewire" table: every
// argument of Dash's register_page, and the app arguments the pages use,
// has a row naming it in the Dash column and a Pagewire counterpart, and
// every field of framework.Page is named in the Pagewire column.
func TestReadmeDashTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\n## Dash to Pagewire\n")
	if i < 0 {
		t.Fatal(`README.md has no "## Dash to Pagewire" section`)
	}
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	dash := map[string]string{} // a backquoted name of the Dash column → its rows' Pagewire column
	var pagewire strings.Builder
	name := regexp.MustCompile("`([^`]*)`")
	ident := regexp.MustCompile(`(?:^|[(,\s])(\*\*kwargs|[a-z_]+)(?:=|$|[),\s])`)
	for _, line := range strings.Split(s, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) != 2 || strings.HasPrefix(cells[1], "---") {
			continue
		}
		pagewire.WriteString(cells[1] + "\n")
		for _, m := range name.FindAllStringSubmatch(cells[0], -1) {
			for _, id := range ident.FindAllStringSubmatch(m[1], -1) {
				dash[id[1]] += cells[1] + "\n"
			}
		}
	}
	args := []string{"module", "path", "path_template", "name", "order", "title", "description",
		"image", "image_url", "redirect_from", "layout", "**kwargs", "pages_folder"}
	for _, a := range args {
		if strings.TrimSpace(dash[a]) == "" {
			t.Errorf("the Dash to Pagewire table has no row for register_page's %s", a)
		}
	}
	want := map[string]string{"pages_folder": "WithPagesFolder", "path_template": "PathTemplate",
		"redirect_from": "RedirectFrom", "**kwargs": "Meta", "image_url": "Image", "layout": "Layout",
		"order": "OrderOf", "title": "TitleFunc", "description": "DescriptionFunc"}
	for a, w := range want {
		if !strings.Contains(dash[a], w) {
			t.Errorf("the row of %s says %q, want it to name %s", a, dash[a], w)
		}
	}
	for _, w := range []string{"Config.Title", "Config.Description"} {
		if !strings.Contains(pagewire.String(), w) {
			t.Errorf("the Dash to Pagewire table does not name %s", w)
		}
	}
	pt := reflect.TypeFor[framework.Page]()
	for i := range pt.NumField() {
		if f := pt.Field(i); f.IsExported() && !strings.Contains(pagewire.String(), "`"+f.Name) && !strings.Contains(pagewire.String(), " "+f.Name) {
			t.Errorf("the Dash to Pagewire table does not name framework.Page's %s", f.Name)
		}
	}
}
