// Command custom404 is a Pagewire app whose not-found page is a static HTML
// file, served as-is with status 404 for every unknown path. Run it from
// this folder: go run . (it reads ./404.html).
package main

import (
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

// newApp builds the app with notFound as its static not-found file.
func newApp(notFound string) (*framework.App, error) {
	return framework.New(framework.Config{NotFoundFile: notFound})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8051", "address to listen on")
	file := flag.String("404", "404.html", "the static not-found page")
	flag.Parse()
	app, err := newApp(*file)
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
