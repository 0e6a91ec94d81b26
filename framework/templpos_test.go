package framework

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/pagewire/pagewire/framework/testdata/templpanic"
)

// syncBuf is a log sink safe for concurrent writes.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTemplErrorPosition checks that a page written in templ that panics in
// an expression, or returns an error from one, is logged and shown on the
// Debug 500 page with its .templ file and line, not the _templ.go's.
func TestTemplErrorPosition(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Name: "Home", Layout: func(Request) templ.Component { return templ.Raw("home") }})
	reg.RegisterPage(Page{Path: "/panic", Name: "Panic", Layout: func(Request) templ.Component { return templpanic.Index(nil) }})
	reg.RegisterPage(Page{Path: "/fail", Name: "Fail", Layout: func(Request) templ.Component {
		return templpanic.Fail(errors.New("no data"))
	}})
	var logs syncBuf
	a, err := New(Config{Registry: reg, Echo: echo.New(), Assets: testAssets, Debug: true,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })

	want := "framework/testdata/templpanic/boom.templ:8" // <li>{ items[5] }</li>
	w := do(a, "GET", "/panic")
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("GET /panic: %d", w.Code)
	}
	if got := logs.String(); !strings.Contains(got, "templ="+want) || !strings.Contains(got, "index out of range") {
		t.Errorf("log of the panic does not name %s:\n%s", want, got)
	}
	if body := w.Body.String(); !strings.Contains(body, want) {
		t.Errorf("Debug 500 page does not name %s:\n%s", want, body)
	}

	w = do(a, "GET", "/fail")
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("GET /fail: %d", w.Code)
	}
	if got := logs.String(); !strings.Contains(got, "templ=framework/testdata/templpanic/boom.templ:17") {
		t.Errorf("log of the returned error does not name its .templ line 17:\n%s", got)
	}
}

// TestTemplPosStale checks that a _templ.go that no longer matches its
// .templ (edited after generation) maps no line rather than a wrong one,
// and that regenerating it maps again.
func TestTemplPosStale(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/templpanic/boom.templ")
	if err != nil {
		t.Fatal(err)
	}
	gen, err := os.ReadFile("testdata/templpanic/boom_templ.go")
	if err != nil {
		t.Fatal(err)
	}
	goFile := filepath.Join(dir, "boom_templ.go")
	line := 1 + strings.Count(string(gen[:bytes.Index(gen, []byte("items[5]"))]), "\n")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("boom_templ.go", gen)
	write("boom.templ", src)
	if got := templLine(goFile, line); !strings.HasSuffix(got, "boom.templ:8") {
		t.Errorf("templLine(%d) = %q, want boom.templ:8", line, got)
	}
	// Two lines inserted above the expression, not regenerated: the line
	// maps to where the same code is now.
	moved := strings.Replace(string(src), "\t<ul>\n", "\t<ul>\n\t\t<li>a</li>\n\t\t<li>b</li>\n", 1)
	if sl := buildTemplMap(goFile, writeTemp(t, dir, "moved.templ", moved)).lines[line]; sl != 10 {
		t.Errorf("line %d with lines inserted above maps to .templ line %d, want 10", line, sl)
	}
	// The expression itself edited: the code that ran is gone, no line.
	edited := strings.Replace(string(src), "items[5]", "items[4]", 1)
	if sl, ok := buildTemplMap(goFile, writeTemp(t, dir, "edited.templ", edited)).lines[line]; ok {
		t.Errorf("stale _templ.go line %d mapped to .templ line %d", line, sl)
	}
}

func writeTemp(t *testing.T, dir, name, s string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
