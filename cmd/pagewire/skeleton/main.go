// Command app is a Pagewire app made by `pagewire new`: a home page, a
// not-found page and a stylesheet. Run it with `go run .`.
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

func main() {
	addr := flag.String("addr", "127.0.0.1:8050", "address to listen on")
	flag.Parse()
	assets, err := fs.Sub(embedded, "assets")
	if err != nil {
		fail(err)
	}
	// PAGEWIRE_SECRET signs what pages carry (live topics, not-found
	// tokens): set it to one long random value for every instance, so
	// open tabs survive a restart.
	app, err := framework.New(framework.Config{Assets: assets, Secret: []byte(os.Getenv("PAGEWIRE_SECRET"))})
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
