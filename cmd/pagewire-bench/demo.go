package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/internal/demo"
	"github.com/pagewire/pagewire/pages"
)

// module is the module path of the repository whose assets the demo app
// serves.
const module = "github.com/pagewire/pagewire"

// newDemoApp builds the demo app as the demo's main does (internal/demo),
// with the module's assets/ folder; it differs only where the demo's flags
// and environment would: a fixed Secret (no warning about a random one; the
// cost of signing is the same) and no Redis.
func newDemoApp() (*framework.App, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	return demo.NewApp(framework.Config{Assets: os.DirFS(filepath.Join(root, "assets")), Secret: []byte("bench-demo")})
}

// runDemoCounter runs the demo's live counter, as the demo's run does.
func runDemoCounter(ctx context.Context, app *framework.App) {
	pages.RunCounter(ctx, app, time.Second)
}

// moduleRoot finds the module's directory: the working directory or one
// of its parents (`go run ./cmd/pagewire-bench` from the repository), else
// the directory this file was compiled from.
func moduleRoot() (string, error) {
	isRoot := func(dir string) bool {
		f, err := os.Open(filepath.Join(dir, "go.mod"))
		if err != nil {
			return false
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
				return strings.TrimSpace(m) == module
			}
		}
		return false
	}
	if dir, err := os.Getwd(); err == nil {
		for {
			if isRoot(dir) {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		if dir := filepath.Join(filepath.Dir(file), "..", ".."); isRoot(dir) {
			return filepath.Clean(dir), nil
		}
	}
	return "", fmt.Errorf("the demo app needs the assets of module %s: run pagewire-bench from its repository", module)
}
