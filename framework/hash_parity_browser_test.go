package framework

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// TestBrowserHashParity runs in Chromium the steps that frameworktest's
// TestHashLikeTheBrowser runs through the test client, on the same app,
// and expects the same states: it pins the browser behaviour that the test
// client copies (a document load's hash reaching the callbacks after the
// hello, a redirect keeping the hash, no hashchange for the same hash, a
// Location output navigating with kind "location").
func TestBrowserHashParity(t *testing.T) {
	var renders, calls atomic.Int32
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/page", RedirectFrom: []string{"/old"}, Layout: func(r Request) templ.Component {
		renders.Add(1)
		return templ.Join(
			components.Location("url"),
			templ.Raw(`<a id="tob" href="#b">b</a><p id="layout">layout=`+templ.EscapeString(r.Hash)+`</p><p id="out"></p>`),
			templ.Raw(`<button id="go">go</button><button id="away">away</button>`),
		)
	}})
	reg.RegisterPage(Page{Path: "/other", Layout: func(Request) templ.Component { return templ.Raw(`<h1 id="h">other</h1>`) }})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("url", "hash")),
		Func: func(c *Ctx) error {
			calls.Add(1)
			c.Set("out", "children", "hash="+strings.TrimPrefix(c.String("url", "hash"), "#"))
			return nil
		}})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("around", "children")), Inputs: outputs(Input("shellurl", "hash")),
		Func: func(c *Ctx) error { c.Set("around", "children", "around="+c.String("shellurl", "hash")); return nil }})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("url", "hash")), Inputs: outputs(Input("go", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("url", "hash", "z y"); return nil }})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("url", "pathname")), Inputs: outputs(Input("away", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("url", "pathname", "/other"); return nil }})
	ctx, _ := openApp(t, Config{Registry: reg, Shell: locationShell}, "/page#a")
	const state = `location.pathname + location.search + location.hash + " " +
		["layout", "out", "around", "h"].filter((id) => document.getElementById(id)).map((id) => document.getElementById(id).textContent).join(" ")`
	want := func(s string) {
		t.Helper()
		bt.WaitFor(t, ctx, state+` === `+jsString(s), 10*time.Second)
	}
	// link clicks a link to href, as a user does.
	link := func(href string) {
		t.Helper()
		bt.Eval[chromedp.Void](t, ctx, `(() => { const a = document.createElement("a"); a.href = `+jsString(href)+`;
			document.getElementById("pw-content").append(a); a.click(); a.remove(); })()`)
	}
	want("/page#a layout= hash=a around=#a")
	time.Sleep(200 * time.Millisecond)
	if n := calls.Load(); n != 2 {
		t.Errorf("%d calls of the hash callback on load, want 2", n)
	}
	r0, c0 := renders.Load(), calls.Load()
	bt.Eval[chromedp.Void](t, ctx, `document.getElementById("tob").click()`)
	want("/page#b layout= hash=b around=#b")
	link("#b")
	link("/page#c")
	want("/page#c layout= hash=c around=#c")
	time.Sleep(200 * time.Millisecond)
	if n := calls.Load() - c0; n != 2 {
		t.Errorf("%d callback requests for two hash changes, want 2", n)
	}
	if renders.Load() != r0 {
		t.Errorf("a hash change rendered the page again: a navigation")
	}
	link("/other")
	want("/other around= other")
	link("/page#d")
	want("/page#d layout=#d hash=d around=#d")
	link("/page")
	want("/page layout= hash= around=")
	link("/old#r%20s")
	want("/page#r%20s layout=#r%20s hash=r%20s around=#r%20s")
	bt.Eval[chromedp.Void](t, ctx, `location.assign("/old#e f")`) // a document load
	want("/page#e%20f layout= hash=e%20f around=#e%20f")
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)

	// Location outputs (frameworktest's TestLocationOutputNavigates).
	link("/page")
	want("/page layout= hash= around=")
	bt.Eval[chromedp.Void](t, ctx, `document.getElementById("go").click()`)
	want("/page#z%20y layout=#z%20y hash=z%20y around=#z%20y")
	bt.Eval[chromedp.Void](t, ctx, `document.getElementById("away").click()`)
	want("/other#z%20y around=#z%20y other")
}
