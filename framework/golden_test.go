package framework

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden renders whole documents and compares them with
// testdata/<name>/expected.html. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t)})
	cases := []struct{ name, target string }{
		{"home", "/"},
		{"analytics", "/analytics"},
		{"report", "/report/42?x=1&x=2"},
		{"not-found", "/missing%3Cb%3E"},
		{"server-error", "/boom"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := strings.ReplaceAll(do(app, "GET", c.target).Body.String(), runtimeFile, "runtime.HASH.js")
			got = strings.ReplaceAll(got, runtimeExtFile, "runtime-ext.HASH.js")
			got = strings.ReplaceAll(got, plotlyFile(), "plotly.HASH.js")
			golden(t, c.name, got)
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name, "expected.html")
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\ngot:\n%s\nwant:\n%s", name, path, got, want)
	}
}
