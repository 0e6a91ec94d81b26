package framework

import (
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"

	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// TestBrowserSlowCallbackUpdates checks that a callback slower than a
// navigation's reply wait (5 s) still updates its output: the runtime
// waits for a callback's reply as long as the server lets it run
// (Config.CallbackTimeout and a margin, from the hello).
func TestBrowserSlowCallbackUpdates(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Raw(`<button id="go">go</button><p id="out">idle</p>`)
	}})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("go", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			select {
			case <-time.After(6 * time.Second):
			case <-c.Done():
				return c.Err()
			}
			c.Set("out", "children", "slow but done")
			return nil
		},
	})
	ctx, _ := openApp(t, Config{Registry: reg, CallbackTimeout: 10 * time.Second}, "/")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("go"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("out").textContent === "slow but done"`, 12*time.Second)
}
