// Command dashboard is a sales dashboard built on Pagewire's public API, as
// a Dash user would build one: a sidebar shell with the nav and the filters
// (kept in a Store every page reads), KPI cards, seven kinds of charts with
// cross-filtering, a server-paged table of a million orders, live numbers
// pushed by the server, and its own not-found page. It is mounted under
// /dash/, as it would be behind a proxy, beside a JSON API on the same
// echo instance. Run it with `go run ./examples/dashboard` from the
// repository root and open http://127.0.0.1:8052/dash/.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
)

//go:embed assets
var embedded embed.FS

// basePath is where the dashboard is mounted.
const basePath = "/dash/"

// newApp builds the dashboard on an echo instance that also serves its API.
func newApp() (*framework.App, error) {
	assets, err := fs.Sub(embedded, "assets")
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET(basePath+"api/sales", func(c echo.Context) error {
		return c.JSON(http.StatusOK, totalsBetween(firstDay, lastDay))
	})
	return framework.New(framework.Config{Echo: e, BasePath: basePath, Assets: assets, Shell: shell, Theme: true,
		Secret: []byte(os.Getenv("PAGEWIRE_SECRET"))})
}

// runLive broadcasts a new order to the live page every tick, until ctx
// ends.
func runLive(ctx context.Context, app *framework.App, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	all := orders()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		o := all[(n*7919)%len(all)]
		err := app.Broadcast(ctx, liveTopic,
			framework.Update{ID: "live-orders", Prop: "children", Value: count(n)},
			framework.Update{ID: "live-last", Prop: "children", Value: fmt.Sprintf("%s, %s: %s", o.Region, o.Product, money(o.Revenue))})
		if err != nil && ctx.Err() == nil {
			slog.Error("dashboard: broadcast", "err", err)
		}
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8052", "address to listen on")
	flag.Parse()
	if err := run(*addr); err != nil {
		slog.Error("dashboard", "err", err)
		os.Exit(1)
	}
}

func run(addr string) error {
	app, err := newApp()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go runLive(ctx, app, time.Second)
	orders() // the data, generated before the first request
	slog.Info("dashboard listening", "url", "http://"+addr+basePath)
	errc := make(chan error, 1)
	go func() { errc <- app.Start(addr) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := app.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
