// Command dashboard is a small Pagewire dashboard mounted under /dash/, as
// it would be behind a proxy: pages inferred from their file names, a path
// template, an old path that redirects, a JSON API on the same echo
// instance, and the app's own not-found page. Run it with
// `go run ./examples/dashboard` and open http://127.0.0.1:8052/dash/.
package main

import (
	"embed"
	"flag"
	"io/fs"
	"log/slog"
	"net/http"
	"os"

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
		return c.JSON(http.StatusOK, regions)
	})
	return framework.New(framework.Config{Echo: e, BasePath: basePath, Assets: assets})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8052", "address to listen on")
	flag.Parse()
	app, err := newApp()
	if err != nil {
		slog.Error("dashboard", "err", err)
		os.Exit(1)
	}
	slog.Info("dashboard listening", "url", "http://"+*addr+basePath)
	if err := app.Start(*addr); err != nil && err != http.ErrServerClosed {
		slog.Error("dashboard", "err", err)
		os.Exit(1)
	}
}
