// Package demo builds the demo app: the pages of package pages, its echo
// routes (/healthz, /metrics) and a not-found hook that logs and counts
// every navigation to a missing page, once. The demo's main (templ.go) and
// the benchmarks (cmd/pagewire-bench) both build it here, so what is
// measured is what `go run .` serves.
package demo

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
	_ "github.com/pagewire/pagewire/pages" // the demo's pages register in init
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// NewApp builds the demo app from cfg, whose Assets, Secret and stores the
// caller chooses; NewApp sets Echo.
func NewApp(cfg framework.Config) (*framework.App, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	// No label whose values a client controls: a path label would be
	// unbounded cardinality.
	notFound := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "pagewire_not_found_events_total",
		Help: "Navigations that landed on a missing page, counted once each.",
	})
	reg := prometheus.NewRegistry()
	reg.MustRegister(notFound)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	cfg.Echo = e
	app, err := framework.New(cfg)
	if err != nil {
		return nil, err
	}
	app.OnNotFound(func(_ context.Context, ev framework.NotFoundEvent) {
		notFound.Inc()
		slog.Info("not found", "path", ev.Path, "how", ev.How, "navigation", ev.NavigationID)
	})
	return app, nil
}
