package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/pages"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// module is the module path of the repository whose assets the demo app
// serves.
const module = "github.com/pagewire/pagewire"

// newDemoApp builds the demo app the way the demo's newApp (templ.go, in
// package main of the module root, which cannot be imported) builds it:
// the pages of package pages (framework.DefaultRegistry), the module's
// assets/ folder, the echo routes /healthz and /metrics, and a not-found
// hook that counts and logs every navigation to a missing page, once.
// Keep the two in step. It differs only where the demo's flags and
// environment would: a fixed Secret (no warning about a random one; the
// cost of signing is the same) and no Redis.
func newDemoApp() (*framework.App, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	notFound := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "pagewire_not_found_events_total",
		Help: "Navigations that landed on a missing page, counted once each.",
	})
	reg := prometheus.NewRegistry()
	reg.MustRegister(notFound)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	app, err := framework.New(framework.Config{Echo: e, Assets: os.DirFS(filepath.Join(root, "assets")), Secret: []byte("bench-demo")})
	if err != nil {
		return nil, err
	}
	app.OnNotFound(func(_ context.Context, ev framework.NotFoundEvent) {
		notFound.Inc()
		slog.Info("not found", "path", ev.Path, "how", ev.How, "navigation", ev.NavigationID)
	})
	return app, nil
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
