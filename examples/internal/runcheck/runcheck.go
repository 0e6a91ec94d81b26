// Package runcheck checks that an example runs from any working directory:
// it builds the example's binary, starts it in the repository root and in
// an empty folder, and fetches pages from it over HTTP.
package runcheck

import (
	"bytes"
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

// Want is a page to fetch and what it must answer.
type Want struct {
	Path   string // the URL path, e.g. "/"
	Status int    // the status code
	Text   string // a substring of the body
}

// FromAnyDir builds the main package in the test's working directory (an
// example's folder) and, once with the repository root as the working
// directory and once with an empty temporary folder, starts it with
// -addr on a free port and checks every want.
func FromAnyDir(t *testing.T, wants ...Want) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the example; skipped with -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "example")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for name, dir := range map[string]string{"repository root": root, "empty folder": t.TempDir()} {
		t.Run(name, func(t *testing.T) { serveAndCheck(t, bin, dir, wants) })
	}
}

// serveAndCheck runs bin in dir and checks wants against it.
func serveAndCheck(t *testing.T, bin, dir string, wants []Want) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-addr", addr)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	for up := false; !up; {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("the example exited early (%v):\n%s", err, stderr.String())
		case <-ctx.Done():
			t.Fatal("the example did not listen on", addr)
		case <-time.After(50 * time.Millisecond):
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			up = true
		}
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	for _, w := range wants {
		resp, err := client.Get("http://" + addr + w.Path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != w.Status || !strings.Contains(string(body), w.Text) {
			t.Errorf("GET %s in %s: %d, want %d with %q; body:\n%.500s", w.Path, dir, resp.StatusCode, w.Status, w.Text, body)
		}
	}
}
