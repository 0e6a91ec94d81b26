package frameworktest_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/framework/components"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

// hashApp mirrors the app of framework's TestBrowserLocationHashInput: a
// page /page whose layout shows its Request.Hash, with a Location "url"
// whose hash is a callback's Input, and /other; the shell has a Location
// "shellurl" of its own, whose hash is another callback's Input. It counts
// the layout's renders and the calls of the content's callback.
type hashApp struct {
	*framework.App
	renders, calls atomic.Int32
}

func newHashApp(t *testing.T) *hashApp {
	t.Helper()
	a := &hashApp{}
	reg := framework.NewRegistry()
	reg.RegisterPage(framework.Page{Path: "/page", RedirectFrom: []string{"/old"}, Layout: func(r framework.Request) templ.Component {
		a.renders.Add(1)
		return templ.Join(
			components.Location("url"),
			templ.Raw(`<a id="tob" href="#b">b</a><p id="layout">layout=`+templ.EscapeString(r.Hash)+`</p><p id="out"></p>`),
			templ.Raw(`<button id="go">go</button><button id="away">away</button>`),
		)
	}})
	reg.RegisterPage(framework.Page{Path: "/other", Layout: func(framework.Request) templ.Component { return templ.Raw(`<h1 id="h">other</h1>`) }})
	reg.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("out", "children")},
		Inputs:  []framework.Dep{framework.Input("url", "hash")},
		Func: func(c *framework.Ctx) error {
			a.calls.Add(1)
			c.Set("out", "children", "hash="+strings.TrimPrefix(c.String("url", "hash"), "#"))
			return nil
		},
	})
	reg.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("around", "children")},
		Inputs:  []framework.Dep{framework.Input("shellurl", "hash")},
		Func: func(c *framework.Ctx) error {
			c.Set("around", "children", "around="+c.String("shellurl", "hash"))
			return nil
		},
	})
	// Location outputs: the runtime navigates when a callback sets them.
	reg.Callback(framework.CallbackSpec{
		Outputs:            []framework.Dep{framework.Output("url", "hash")},
		Inputs:             []framework.Dep{framework.Input("go", "n_clicks")},
		PreventInitialCall: true,
		Func:               func(c *framework.Ctx) error { c.Set("url", "hash", "z y"); return nil },
	})
	reg.Callback(framework.CallbackSpec{
		Outputs:            []framework.Dep{framework.Output("url", "pathname")},
		Inputs:             []framework.Dep{framework.Input("away", "n_clicks")},
		PreventInitialCall: true,
		Func:               func(c *framework.Ctx) error { c.Set("url", "pathname", "/other"); return nil },
	})
	shell := func(d framework.ShellData) templ.Component {
		return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
			io.WriteString(w, `<!DOCTYPE html><html lang="en"><head>`)
			framework.DefaultHead(d).Render(ctx, w)
			io.WriteString(w, `</head><body><header>`)
			components.Location("shellurl").Render(ctx, w)
			io.WriteString(w, `<p id="around"></p></header>`)
			framework.PageContainer(d).Render(ctx, w)
			framework.RuntimeScript(d).Render(ctx, w)
			_, err := io.WriteString(w, `</body></html>`)
			return err
		})
	}
	app, err := framework.New(framework.Config{Registry: reg, Shell: shell, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	a.App = app
	return a
}

// TestHashLikeTheBrowser drives the steps of framework's Chromium test
// TestBrowserLocationHashInput through the test client and expects what
// that test expects: a document load does not send the hash (the layout
// sees ""), and the Locations' hash callbacks run with it once the socket
// is open; a link to "#b" is no navigation and runs them, once; a link to
// the same hash runs nothing; an in-app navigation carries its hash to the
// layout and to the first calls.
func TestHashLikeTheBrowser(t *testing.T) {
	a := newHashApp(t)
	p := ft.Visit(t, a, "/page#a")
	state := func() string {
		return p.URL() + p.Hash() + " " + p.Text("layout") + " " + p.Text("out") + " " + p.Text("around")
	}
	if got := state(); got != "/page#a layout= hash=a around=#a" {
		t.Fatalf("after loading /page#a: %q", got)
	}
	if n := a.calls.Load(); n != 2 { // the document's first call, then the hash's
		t.Errorf("%d calls of the hash callback on load, want 2", n)
	}
	renders, calls := a.renders.Load(), a.calls.Load()
	p.Navigate(p.Attr("tob", "href")) // the link to "#b"
	if got := state(); got != "/page#b layout= hash=b around=#b" {
		t.Errorf("after the link to #b: %q", got)
	}
	p.Navigate("#b") // the same hash: no hashchange, no request
	p.Navigate("/page#c")
	if got := state(); got != "/page#c layout= hash=c around=#c" {
		t.Errorf("after the link to /page#c: %q", got)
	}
	if n := a.calls.Load() - calls; n != 2 {
		t.Errorf("%d callback requests for two hash changes, want 2", n)
	}
	if a.renders.Load() != renders {
		t.Errorf("a hash change rendered the page again: a navigation")
	}

	// An in-app navigation carries its hash to the layout and to the
	// first calls, which the server runs; one without a hash clears it.
	p.Navigate("/other")
	if p.URL()+p.Hash() != "/other" || p.Text("h") != "other" || p.Text("around") != "around=" {
		t.Fatalf("after navigating to /other: %s%s %q", p.URL(), p.Hash(), p.Text("around"))
	}
	p.Navigate("/page#d")
	if got := state(); got != "/page#d layout=#d hash=d around=#d" {
		t.Errorf("after navigating to /page#d: %q", got)
	}
	p.Navigate("/page")
	if got := state(); got != "/page layout= hash= around=" {
		t.Errorf("after navigating to /page without a hash: %q", got)
	}
	// Redirects keep the hash, on a navigation and on a document load.
	p.Navigate("/old#r%20s")
	if got := state(); got != "/page#r%20s layout=#r%20s hash=r%20s around=#r%20s" {
		t.Errorf("after navigating to /old#r%%20s: %q", got)
	}
	q := ft.Visit(t, a, "/old#e f")
	if got := q.URL() + q.Hash() + " " + q.Text("layout") + " " + q.Text("out"); got != "/page#e%20f layout= hash=e%20f" {
		t.Errorf("after loading /old#e f: %q", got)
	}
}

// TestLocationOutputNavigates checks that a callback setting a Location's
// hash or pathname navigates, as the runtime does (kind "location"): the
// hash reaches the new render's layout and first calls.
func TestLocationOutputNavigates(t *testing.T) {
	a := newHashApp(t)
	p := ft.Visit(t, a, "/page")
	p.Click("go")
	if got := p.URL() + p.Hash() + " " + p.Text("layout") + " " + p.Text("out"); got != "/page#z%20y layout=#z%20y hash=z%20y" {
		t.Errorf("after a callback set the hash: %q", got)
	}
	p.Click("away")
	if p.URL()+p.Hash() != "/other#z%20y" || p.Text("h") != "other" {
		t.Errorf("after a callback set the pathname: %s%s", p.URL(), p.Hash())
	}
}
