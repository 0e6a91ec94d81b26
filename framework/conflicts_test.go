package framework

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// TestEchoRouteConflictsEveryPagePath checks that every path the app
// routes for a page is checked against the echo instance's own GET and HEAD
// routes, at New and at Start: a template page's route, the Path routed
// next to its PathTemplate, and each RedirectFrom path, below the
// BasePath too. The error names the page, where it was registered and
// which of its paths it is.
func TestEchoRouteConflictsEveryPagePath(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{PathTemplate: "/report/<id>", Path: "/reports", Layout: layout})
	reg.RegisterPage(Page{Path: "/new", RedirectFrom: []string{"/old", "/older/page"}, Layout: layout})
	site := regexp.MustCompile(`\(registered at conflicts_test\.go:\d+\)`)
	h := func(c echo.Context) error { return c.String(http.StatusTeapot, "mine") }
	for _, c := range []struct {
		base, method, path string
		want               string
	}{
		{"", http.MethodGet, "/report/:x", `page "/report/<id>" and the echo route GET /report/:x are on the same path`},
		{"", http.MethodGet, "/reports", `page "/report/<id>" and the echo route GET /reports are on the same path: its Path "/reports", routed next to its PathTemplate`},
		{"", http.MethodHead, "/reports", `page "/report/<id>" and the echo route HEAD /reports are on the same path: its Path "/reports", routed next to its PathTemplate`},
		{"", http.MethodGet, "/old", `page "/new" and the echo route GET /old are on the same path: its RedirectFrom path "/old"`},
		{"", http.MethodGet, "/older/page", `page "/new" and the echo route GET /older/page are on the same path: its RedirectFrom path "/older/page"`},
		{"/dash/", http.MethodGet, "/dash/reports", `page "/report/<id>" and the echo route GET /dash/reports are on the same path: its Path "/reports"`},
		{"/dash/", http.MethodGet, "/dash/old", `page "/new" and the echo route GET /dash/old are on the same path: its RedirectFrom path "/old"`},
	} {
		e := echo.New()
		e.Add(c.method, c.path, h)
		_, err := New(Config{Registry: reg, Echo: e, BasePath: c.base, Logger: discardLogger()})
		if err == nil {
			t.Errorf("New (BasePath %q) with %s %s: no error", c.base, c.method, c.path)
			continue
		}
		if got := site.ReplaceAllString(err.Error(), ""); !strings.HasPrefix(got, "framework: ") || !strings.Contains(strings.Join(strings.Fields(got), " "), c.want) || !site.MatchString(err.Error()) {
			t.Errorf("New with %s %s: %v\nwant the registration site and %s", c.method, c.path, err, c.want)
		}
	}
	// Without a BasePath, /dash/old is no page path; nor is POST /old.
	e := echo.New()
	e.GET("/dash/old", h)
	e.POST("/old", h)
	app, err := New(Config{Registry: reg, Echo: e, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	if w := do(app, "GET", "/old"); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/new" {
		t.Errorf("GET /old: %d %q, want the 301 to /new", w.Code, w.Header().Get("Location"))
	}
	if w := do(app, "GET", "/reports"); w.Code != http.StatusOK {
		t.Errorf("GET /reports: %d, want the page", w.Code)
	}
	// A route added after New, which replaced the app's own, is caught
	// when serving starts.
	app.Echo().GET("/older/page", h)
	done := make(chan error, 1)
	go func() { done <- app.Start("127.0.0.1:0") }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), `its RedirectFrom path "/older/page"`) {
			t.Errorf("Start with a late route on a RedirectFrom path: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Errorf("Start with a late route on a RedirectFrom path: serving, no error")
		app.Shutdown(context.Background())
		<-done
	}
}
