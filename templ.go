// Command pagewire-demo serves the demo app: the pages in pages/ and the
// static files in assets/, with in-memory defaults. Run it with `go run .`.
package main

//go:generate go tool templ generate -include-version=false

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/framework/redisstore"
	"github.com/pagewire/pagewire/internal/demo"
	"github.com/pagewire/pagewire/pages"
	"github.com/redis/go-redis/v9"
)

//go:embed assets
var embedded embed.FS

func main() {
	if err := run(os.Args[1:]); errors.Is(err, flag.ErrHelp) {
		return
	} else if err != nil {
		slog.Error("pagewire-demo", "err", err)
		os.Exit(1)
	}
}

// run parses the flags, builds the demo app and serves it until SIGINT or
// SIGTERM.
func run(args []string) error {
	fl := flag.NewFlagSet("pagewire-demo", flag.ContinueOnError)
	addr := fl.String("addr", defaultAddr(), "address to listen on (env PORT sets the port)")
	debug := fl.Bool("debug", false, "show error details on 500 pages")
	dev := fl.Bool("dev", false, "development mode: -debug with the file:line of errors, and open tabs reload when the server restarts or, under make dev, a .templ file's text changes; never in production")
	redisURL := fl.String("redis", os.Getenv("REDIS_URL"), "Redis URL for the once store and broadcasts (env REDIS_URL); empty keeps them in memory")
	if err := fl.Parse(args); err != nil {
		return err
	}
	// PAGEWIRE_SECRET signs topics and navigation tokens; set it so that
	// open tabs survive a restart and several instances agree.
	cfg := framework.Config{Debug: *debug || *dev, Dev: *dev, Secret: []byte(os.Getenv("PAGEWIRE_SECRET"))}
	if *redisURL != "" {
		opts, err := redis.ParseURL(*redisURL)
		if err != nil {
			return fmt.Errorf("-redis: %w", err)
		}
		rs := redisstore.New(redis.NewClient(opts), "")
		cfg.OnceStore, cfg.Broker = rs, rs
	}
	app, err := newApp(cfg)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	slog.Info("pagewire demo listening", "url", "http://"+l.Addr().String()+"/")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go pages.RunCounter(ctx, app, time.Second)
	errc := make(chan error, 1)
	go func() { errc <- app.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := app.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newApp builds the demo (internal/demo) with its embedded assets.
func newApp(cfg framework.Config) (*framework.App, error) {
	assets, err := fs.Sub(embedded, "assets")
	if err != nil {
		return nil, err
	}
	cfg.Assets = assets
	return demo.NewApp(cfg)
}

// defaultAddr is 127.0.0.1:8050, or 127.0.0.1:$PORT when PORT is set.
func defaultAddr() string {
	if p := os.Getenv("PORT"); p != "" {
		return "127.0.0.1:" + p
	}
	return "127.0.0.1:8050"
}
