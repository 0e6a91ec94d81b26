package framework

import (
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// TestBrowserLocationHashInput: a Location's hash as an Input fires on
// load (the server never saw the hash) and on every hash change, a link to
// "#b" or location.hash set by the page, with one callback request each
// and no navigation; an in-app navigation carries the hash to the layout
// and to the first calls.
func TestBrowserLocationHashInput(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/page", Layout: func(r Request) templ.Component {
		return templ.Join(
			components.Location("url"),
			templ.Raw(`<a id="tob" href="#b">b</a><p id="layout">layout=`+templ.EscapeString(r.Hash)+`</p><p id="out"></p>`),
		)
	}})
	reg.RegisterPage(Page{Path: "/other", Layout: func(Request) templ.Component { return templ.Raw(`<h1>other</h1>`) }})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("url", "hash")),
		Func: func(c *Ctx) error {
			c.Set("out", "children", "hash="+strings.TrimPrefix(c.String("url", "hash"), "#"))
			return nil
		}})
	ctx, _ := openApp(t, Config{Registry: reg}, "/page#a")
	bt.WaitFor(t, ctx, `document.getElementById("out").textContent === "hash=a"`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `window.pwMark = 1; window.pwNavs = 0;
		document.addEventListener("pagewire:navigate", () => window.pwNavs++)`)
	calls := func() int {
		return bt.Eval[int](t, ctx, `performance.getEntriesByName("pagewire:cb-start").length`)
	}
	// Settle: the load's call is the only one so far.
	time.Sleep(200 * time.Millisecond)
	before := calls()

	bt.Eval[chromedp.Void](t, ctx, `document.getElementById("tob").click()`)
	bt.WaitFor(t, ctx, `document.getElementById("out").textContent === "hash=b"`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `location.hash = "c"`)
	bt.WaitFor(t, ctx, `document.getElementById("out").textContent === "hash=c"`, 10*time.Second)
	time.Sleep(200 * time.Millisecond)
	if n := calls() - before; n != 2 {
		t.Errorf("%d callback requests for two hash changes, want 2", n)
	}
	if got := bt.Eval[string](t, ctx, `window.pwMark + " " + window.pwNavs + " " + location.pathname + location.hash`); got != "1 0 /page#c" {
		t.Fatalf("mark, navigations, location: %q; want no navigation or reload", got)
	}

	// An in-app navigation carries its hash to the layout and to the
	// first calls, which the server runs.
	bt.Eval[chromedp.Void](t, ctx, `pagewire.navigate("/other")`)
	bt.WaitFor(t, ctx, `document.querySelector("h1") && document.querySelector("h1").textContent === "other"`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `pagewire.navigate("/page#d")`)
	bt.WaitFor(t, ctx, `document.getElementById("out") && document.getElementById("out").textContent === "hash=d"`, 10*time.Second)
	if got := bt.Eval[string](t, ctx, `document.getElementById("layout").textContent + " " + window.pwMark + " " + location.hash`); got != "layout=#d 1 #d" {
		t.Errorf("after navigating to /page#d: %q", got)
	}
}
