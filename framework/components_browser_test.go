package framework

import (
	"fmt"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

func TestBrowserComponents(t *testing.T) {
	reg := NewRegistry()
	opts := []components.Option{{Label: "Red", Value: "r"}, {Label: "Green", Value: "g"}, {Label: "Blue", Value: "b"}}
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Join(
			components.Location("url"),
			components.Dropdown(components.DropdownProps{ID: "dd", Label: "Colours", Options: opts, Value: []string{"g"}, Multi: true}),
			components.Checklist(components.ChoiceProps{ID: "cl", Label: "Checks", Options: opts, Value: []string{"r"}}),
			components.RadioItems(components.ChoiceProps{ID: "ri", Label: "Radio", Options: opts, Value: []string{"b"}}),
			components.Slider(components.SliderProps{ID: "sl", Label: "Size", Min: 0, Max: 10, Value: 3}),
			components.Textarea(components.TextareaProps{ID: "ta", Label: "Notes", Value: "hi"}),
			components.Store(components.StoreProps{ID: "st", Storage: "local", Data: map[string]int{"n": 0}}),
			components.Button(components.ButtonProps{ID: "inc"}),
			components.Button(components.ButtonProps{ID: "go"}),
			templ.Raw(`<p id="all"></p><p id="count"></p><p id="where"></p>`),
		)
	}})
	reg.RegisterPage(Page{Path: "/other", Layout: func(Request) templ.Component {
		return templ.Join(components.Location("url"), templ.Raw(`<p id="where"></p>`))
	}})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("all", "children")),
		Inputs:  outputs(Input("dd", "value"), Input("cl", "value"), Input("ri", "value"), Input("sl", "value"), Input("ta", "value")),
		Func: func(c *Ctx) error {
			var dd, cl []string
			c.Decode("dd", "value", &dd)
			c.Decode("cl", "value", &cl)
			c.Set("all", "children", fmt.Sprintf("dd=%v cl=%v ri=%s sl=%d ta=%s", dd, cl, c.String("ri", "value"), c.Int("sl", "value"), c.String("ta", "value")))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("st", "data"), Output("count", "children")), Inputs: outputs(Input("inc", "n_clicks")), States: outputs(State("st", "data")),
		Func: func(c *Ctx) error {
			var d struct{ N int }
			c.Decode("st", "data", &d)
			if c.TriggeredID() != "" {
				d.N++
				c.Set("st", "data", map[string]int{"n": d.N})
			}
			c.Set("count", "children", fmt.Sprintf("stored %d", d.N))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("where", "children")), Inputs: outputs(Input("url", "pathname")), States: outputs(State("url", "search")),
		Func: func(c *Ctx) error {
			c.Set("where", "children", "at "+c.String("url", "pathname")+c.String("url", "search"))
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("url", "href")), Inputs: outputs(Input("go", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("url", "href", "/other?from=go"); return nil },
	})
	ctx, _ := openApp(t, Config{Registry: reg}, "/")
	// First paint: every component's initial value, read by the server.
	text := func(id string) string {
		return bt.Eval[string](t, ctx, `document.getElementById("`+id+`").textContent`)
	}
	if got := text("all"); got != "dd=[g] cl=[r] ri=b sl=3 ta=hi" {
		t.Fatalf("first paint %q", got)
	}
	if got := text("where") + " | " + text("count"); got != "at / | stored 0" {
		t.Fatalf("first paint %q", got)
	}
	// Each component, changed in the browser, reaches the callback.
	steps := []struct{ js, want string }{
		{`document.querySelector('#dd option[value="b"]').selected = true; document.getElementById("dd").dispatchEvent(new Event("input", {bubbles: true}))`, "dd=[g b] cl=[r] ri=b sl=3 ta=hi"},
		{`document.querySelector('#cl input[value="g"]').click()`, "dd=[g b] cl=[r g] ri=b sl=3 ta=hi"},
		{`document.querySelector('#ri input[value="r"]').click()`, "dd=[g b] cl=[r g] ri=r sl=3 ta=hi"},
		{`const s = document.getElementById("sl"); s.value = "8"; s.dispatchEvent(new Event("input", {bubbles: true}))`, "dd=[g b] cl=[r g] ri=r sl=8 ta=hi"},
	}
	for _, s := range steps {
		bt.Eval[chromedp.Void](t, ctx, "(() => { "+s.js+" })()")
		bt.WaitFor(t, ctx, `document.getElementById("all").textContent === "`+s.want+`"`, 5*time.Second)
	}
	bt.Eval[chromedp.Void](t, ctx, `(() => { const ta = document.getElementById("ta"); ta.focus(); ta.setSelectionRange(2, 2); })()`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" there")); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("all").textContent.endsWith("ta=hi there")`, 5*time.Second)
	// A local Store keeps its data across a reload.
	for range 2 {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("inc"), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
	}
	bt.WaitFor(t, ctx, `document.getElementById("count").textContent === "stored 2"`, 5*time.Second)
	if got := bt.Eval[string](t, ctx, `localStorage.getItem("pagewire:st")`); got != `{"n":2}` {
		t.Fatalf("localStorage %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open"`, 10*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("inc"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.getElementById("count").textContent === "stored 3"`, 5*time.Second)
	// Setting the Location navigates in-app; the new page reads it.
	bt.Eval[chromedp.Void](t, ctx, "window.pwMark = 1")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("go"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `location.pathname === "/other" && document.getElementById("where").textContent === "at /other?from=go" && window.pwMark === 1`, 5*time.Second)
}
