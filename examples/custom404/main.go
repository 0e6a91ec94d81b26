// Command custom404 is a Pagewire app whose not-found page is a static HTML
// file, served as-is with status 404 for every unknown path. Run it from
// anywhere, e.g. `go run ./examples/custom404` from the repository root:
// 404.html is embedded in the binary (-404 FILE serves another file).
package main

import (
	_ "embed"
	"flag"
	"log/slog"
	"net/http"
	"os"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework"
)

func init() {
	framework.RegisterPage(framework.Page{Path: "/", Name: "Home", Layout: page("Home",
		`<p>Links: <a href="/about">About</a> · <a href="/missing/page">a missing page</a></p>`)})
	framework.RegisterPage(framework.Page{Path: "/about", Name: "About", Layout: page("About",
		`<p>The not-found page of this app is a plain HTML file. <a href="/">Home</a></p>`)})
}

// page returns a layout with a heading and fixed HTML.
func page(title, html string) func(framework.Request) templ.Component {
	return func(framework.Request) templ.Component {
		return templ.Raw("<h1>" + templ.EscapeString(title) + "</h1>" + html)
	}
}

// notFoundPage is 404.html, built into the binary so that the app does
// not depend on the folder it is started from.
//
//go:embed 404.html
var notFoundPage []byte

// newApp builds the app with notFound as its static not-found file.
func newApp(notFound string) (*framework.App, error) {
	return framework.New(framework.Config{NotFoundFile: notFound})
}

// newAppFrom builds the app with file as its not-found page, or with the
// embedded 404.html when file is "".
func newAppFrom(file string) (*framework.App, error) {
	if file != "" {
		return newApp(file)
	}
	return framework.New(framework.Config{NotFoundHTML: notFoundPage})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8051", "address to listen on")
	file := flag.String("404", "", "a static not-found page to serve instead of the embedded 404.html")
	flag.Parse()
	app, err := newAppFrom(*file)
	if err != nil {
		slog.Error("custom404", "err", err)
		os.Exit(1)
	}
	slog.Info("custom404 listening", "url", "http://"+*addr+"/")
	if err := app.Start(*addr); err != nil && err != http.ErrServerClosed {
		slog.Error("custom404", "err", err)
		os.Exit(1)
	}
}
