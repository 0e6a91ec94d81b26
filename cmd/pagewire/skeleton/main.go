// Command app is a Pagewire app made by `pagewire new`: a home page, a
// not-found page and a stylesheet. Run it with `go run .` (or `make run`);
// it listens on -addr, or on :$PORT when PORT is set, or on 127.0.0.1:8050.
package main

//go:generate go tool templ generate -include-version=false

import (
	"embed"
	"flag"
	"io/fs"
	"log/slog"
	"net"
	"os"

	"github.com/pagewire/pagewire/framework"

	_ "github.com/pagewire/pagewire/cmd/pagewire/skeleton/pages"
)

//go:embed assets
var embedded embed.FS

// defaultAddr is the address to listen on when -addr is not given: all
// interfaces on $PORT when PORT is set (as on most hosting platforms),
// else 127.0.0.1:8050.
func defaultAddr() string {
	if port := os.Getenv("PORT"); port != "" {
		return ":" + port
	}
	return "127.0.0.1:8050"
}

// newApp builds the app: the pages registered in package pages and the
// files in assets/.
func newApp() (*framework.App, error) {
	assets, err := fs.Sub(embedded, "assets")
	if err != nil {
		return nil, err
	}
	// PAGEWIRE_SECRET signs what pages carry (live topics, not-found
	// tokens): set it to one long random value for every instance, so
	// open tabs survive a restart.
	return framework.New(framework.Config{Assets: assets, Secret: []byte(os.Getenv("PAGEWIRE_SECRET"))})
}

func main() {
	addr := flag.String("addr", defaultAddr(), "address to listen on (default :$PORT when PORT is set)")
	flag.Parse()
	app, err := newApp()
	if err != nil {
		fail(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fail(err)
	}
	slog.Info("listening", "url", "http://"+l.Addr().String()+"/")
	fail(app.Serve(l))
}

func fail(err error) {
	slog.Error("app stopped", "err", err)
	os.Exit(1)
}
