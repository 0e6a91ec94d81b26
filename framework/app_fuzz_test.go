package framework

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// newFuzzApp builds the app the fuzz targets drive: a home page, a page
// with a path template, a page with a callback, a redirect, a failing
// page, a custom not-found page and an OnNotFound hook (so not-found
// renders issue tokens). A fuzz target builds it once and reuses it for
// every input.
func newFuzzApp(tb testing.TB) *App {
	tb.Helper()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Name: "Home", Layout: func(Request) templ.Component { return templ.Raw(`<p>home</p>`) }})
	reg.RegisterPage(Page{PathTemplate: "/report/<id>", Layout: func(r Request) templ.Component {
		return templ.Raw("<p>" + templ.EscapeString(r.Var("id")) + "</p>")
	}})
	reg.RegisterPage(Page{Path: "/calc", RedirectFrom: []string{"/old"}, Layout: func(Request) templ.Component {
		return templ.Raw(`<input id="in" value="1"><div id="out"></div>`)
	}})
	reg.RegisterPage(Page{Path: "/boom", Layout: func(Request) templ.Component {
		return templ.ComponentFunc(func(context.Context, io.Writer) error { return errors.New("boom") })
	}})
	reg.RegisterNotFound(Page{Layout: func(r Request) templ.Component {
		return templ.Raw("<p>missing " + templ.EscapeString(r.Path) + "</p>")
	}})
	reg.Callback(CallbackSpec{
		Outputs: []Dep{Output("out", "children")},
		Inputs:  []Dep{Input("in", "value")},
		Func: func(c *Ctx) error {
			v := c.String("in", "value")
			if strings.Contains(v, "fail") {
				return errors.New("asked to fail")
			}
			c.Set("out", "children", "got "+v)
			return nil
		},
	})
	a, err := New(Config{Registry: reg, Logger: discardLogger(), Secret: []byte("fuzz secret of some length, 32+ bytes")})
	if err != nil {
		tb.Fatal(err)
	}
	a.OnNotFound(func(context.Context, NotFoundEvent) {})
	tb.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}
