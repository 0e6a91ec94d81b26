package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	for _, args := range [][]string{
		nil,
		{"old"},
		{"new"},
		{"new", "a", "b"},
		{"new", "-module", "../evil", filepath.Join(t.TempDir(), "app")},
		{"new", "-tidy=false", dir}, // not empty
	} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("pagewire %v succeeded", args)
		}
	}
}

// TestNewAppBuildsAndServes scaffolds an app against this checkout, builds
// it, starts it on a free port and asks it for a page and a missing path.
func TestNewAppBuildsAndServes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a whole app; skipped with -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "myapp")
	if err := run([]string{"new", "-module", "example.com/myapp", "-replace", root, dir}, io.Discard, os.Stderr); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil || !strings.Contains(string(b), `"example.com/myapp/pages"`) || strings.Contains(string(b), "skeleton") {
		t.Fatalf("main.go imports not rewritten: %s", b)
	}
	bin := filepath.Join(t.TempDir(), "myapp")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	app := exec.CommandContext(ctx, bin, "-addr", addr)
	stderr, _ := app.StderrPipe()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { app.Process.Kill(); app.Wait() }()
	lines := bufio.NewReader(stderr)
	for i := 0; ; i++ {
		line, err := lines.ReadString('\n')
		if strings.Contains(line, "http://"+addr+"/") {
			break
		}
		if err != nil || i == 10 {
			t.Fatalf("no startup line with the URL; last %q", line)
		}
	}
	for path, want := range map[string]struct {
		status int
		text   string
	}{"/": {200, "It works"}, "/nope": {404, "There is nothing at <code>/nope</code>"}} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want.status || !strings.Contains(string(body), want.text) {
			t.Errorf("GET %s: %d %q", path, resp.StatusCode, body)
		}
	}
}
