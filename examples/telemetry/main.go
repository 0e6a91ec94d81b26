// Command telemetry counts visits to missing pages two ways, on an app
// whose not-found page is a static 404.html:
//
//   - pagewire_not_found_navigations_total: OnNotFound, once per navigation
//     that lands on a missing page (reloads, back and forward do not count);
//   - pagewire_not_found_responses_total: OnNotFoundResponse, every 404
//     response, curl and crawlers included.
//
// Run it from anywhere, e.g. `go run ./examples/telemetry` from the
// repository root: 404.html is embedded in the binary.
package main

import (
	"context"
	_ "embed"
	"flag"
	"log/slog"
	"net/http"
	"os"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func init() {
	framework.RegisterPage(framework.Page{Path: "/", Name: "Home", Layout: func(framework.Request) templ.Component {
		return templ.Raw(`<h1>Telemetry</h1><p><a href="/missing">A link to a missing page</a> · <a href="/metrics" data-pw-reload>metrics</a></p>`)
	}})
}

// notFoundPage is 404.html, built into the binary so that the app does
// not depend on the folder it is started from.
//
//go:embed 404.html
var notFoundPage []byte

// newApp builds the app with notFound as its static not-found file (the
// embedded 404.html when it is "") and both hooks counted at /metrics.
func newApp(notFound string, logger *slog.Logger) (*framework.App, error) {
	navs := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "pagewire_not_found_navigations_total",
		Help: "Navigations that landed on a missing page, once each (OnNotFound).",
	})
	resps := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "pagewire_not_found_responses_total",
		Help: "404 responses, every one (OnNotFoundResponse).",
	})
	reg := prometheus.NewRegistry()
	reg.MustRegister(navs, resps)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	cfg := framework.Config{Echo: e, NotFoundFile: notFound, Logger: logger}
	if notFound == "" {
		cfg.NotFoundHTML = notFoundPage
	}
	app, err := framework.New(cfg)
	if err != nil {
		return nil, err
	}
	app.OnNotFound(func(_ context.Context, ev framework.NotFoundEvent) {
		navs.Inc()
		logger.Info("not found", "path", ev.Path, "how", ev.How, "referrer", ev.Referrer)
	})
	app.OnNotFoundResponse(func(context.Context, framework.NotFoundEvent) { resps.Inc() })
	return app, nil
}

// newEmbeddedApp builds the app with the embedded 404.html.
func newEmbeddedApp(logger *slog.Logger) (*framework.App, error) {
	return newApp("", logger)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8053", "address to listen on")
	flag.Parse()
	app, err := newEmbeddedApp(slog.Default())
	if err != nil {
		slog.Error("telemetry", "err", err)
		os.Exit(1)
	}
	slog.Info("telemetry listening", "url", "http://"+*addr+"/")
	if err := app.Start(*addr); err != nil && err != http.ErrServerClosed {
		slog.Error("telemetry", "err", err)
		os.Exit(1)
	}
}
