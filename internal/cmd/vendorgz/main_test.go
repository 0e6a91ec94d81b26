package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func inflate(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header names %q at %v: the output must depend on the input alone", zr.Name, zr.ModTime)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunWritesOnlyWhenTheInputChanged(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "lib.js"), filepath.Join(dir, "lib.js.gz")
	src := []byte(strings.Repeat("var plotly = 1;\n", 1000))
	os.WriteFile(in, src, 0o644)
	var log bytes.Buffer
	if err := run(in, out, true, false, &log); err == nil {
		t.Fatal("-check passed with no output file")
	}
	if err := run(in, out, false, false, &log); err != nil {
		t.Fatal(err)
	}
	if got := inflate(t, out); !bytes.Equal(got, src) {
		t.Fatalf("the output inflates to %d bytes, not the %d-byte input", len(got), len(src))
	}
	first, _ := os.ReadFile(out)
	// Unchanged input: the file is not rewritten.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(out, old, old)
	if err := run(in, out, false, false, &log); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(out); !st.ModTime().Equal(old) {
		t.Error("an up-to-date output was rewritten")
	}
	if err := run(in, out, true, false, &log); err != nil {
		t.Errorf("-check on a fresh output: %v", err)
	}
	// Changed input: -check fails, a run rewrites.
	src = append(src, "var more = 2;\n"...)
	os.WriteFile(in, src, 0o644)
	if err := run(in, out, true, false, &log); err == nil || !strings.Contains(err.Error(), "stale") {
		t.Errorf("-check on a stale output: %v", err)
	}
	if err := run(in, out, false, false, &log); err != nil {
		t.Fatal(err)
	}
	if got := inflate(t, out); !bytes.Equal(got, src) {
		t.Error("a stale output was not rewritten")
	}
	// The same input gives the same bytes.
	os.WriteFile(in, src[:len(src)-len("var more = 2;\n")], 0o644)
	os.Remove(out)
	run(in, out, false, false, &log)
	if again, _ := os.ReadFile(out); !bytes.Equal(again, first) {
		t.Error("the same input compressed to other bytes")
	}
	if log.Len() > 0 {
		t.Errorf("logged %q", log.String())
	}
}

func TestRunWithoutInput(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "missing.js"), filepath.Join(dir, "kept.js.gz")
	os.WriteFile(out, []byte("kept"), 0o644)
	var log bytes.Buffer
	if err := run(in, out, false, false, &log); err != nil || !strings.Contains(log.String(), "npm ci") {
		t.Errorf("a missing input outside CI: %v, logged %q", err, log.String())
	}
	if b, _ := os.ReadFile(out); string(b) != "kept" {
		t.Error("the output changed without an input")
	}
	if err := run(in, out, false, true, &log); err == nil {
		t.Error("a missing input under CI=true passed")
	}
}
