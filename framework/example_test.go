package framework_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework"
)

// A page registers itself from its file's init function; its path and name
// are inferred from the file name (weekly_analytics.go: /weekly-analytics).
func ExampleRegisterPage() {
	framework.RegisterPage(framework.Page{
		Description: "Numbers of the week.",
		Layout: func(r framework.Request) templ.Component {
			return templ.Raw("<h1>Week " + templ.EscapeString(r.Query.Get("week")) + "</h1>")
		},
	})
}

// A path template passes its variables to the layout and the title.
func ExampleRegisterPage_template() {
	framework.RegisterPage(framework.Page{
		PathTemplate: "/report/<id>",
		TitleFunc:    func(r framework.Request) string { return "Report " + r.Var("id") },
		Layout: func(r framework.Request) templ.Component {
			return templ.Raw("<h1>Report " + templ.EscapeString(r.Var("id")) + "</h1>")
		},
	})
}

// A callback reads its inputs with typed getters and sets its outputs; a
// value of the wrong type answers a clear error to the page by itself.
func ExampleCallback() {
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("analytics-output", "children")},
		Inputs:  []framework.Dep{framework.Input("analytics-input", "value")},
		Func: func(c *framework.Ctx) error {
			c.Set("analytics-output", "children", "You selected: "+c.String("analytics-input", "value"))
			return nil
		},
	})
}

// Chained callbacks resolve in one round trip: the server runs the first,
// feeds its output to the second, and replies once with both outputs.
func ExampleCallback_chain() {
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("city", "value")},
		Inputs:  []framework.Dep{framework.Input("country", "value")},
		Func: func(c *framework.Ctx) error {
			cities := map[string]string{"fr": "Paris", "no": "Oslo"}
			city, ok := cities[c.String("country", "value")]
			if !ok {
				return framework.PreventUpdate
			}
			c.Set("city", "value", city)
			return nil
		},
	})
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("greeting", "children")},
		Inputs:  []framework.Dep{framework.Input("city", "value")},
		States:  []framework.Dep{framework.State("name", "value")},
		Func: func(c *framework.Ctx) error {
			c.Set("greeting", "children", fmt.Sprintf("Hello %s, from %s", c.String("name", "value"), c.String("city", "value")))
			return nil
		},
	})
}

// Pattern-matching ids address lists whose size changes at run time: ALL
// reads every item, MATCH writes to the item that triggered the call.
func ExampleCallback_patterns() {
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("done-count", "children")},
		Inputs:  []framework.Dep{framework.Input(framework.ID{"type": "todo", "index": framework.ALL}, "checked")},
		Func: func(c *framework.Ctx) error {
			n := 0
			for _, it := range c.All(framework.ID{"type": "todo", "index": framework.ALL}, "checked") {
				if it.Value.Bool() {
					n++
				}
			}
			c.Set("done-count", "children", fmt.Sprintf("%d done", n))
			return nil
		},
	})
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output(framework.ID{"type": "label", "index": framework.MATCH}, "class")},
		Inputs:  []framework.Dep{framework.Input(framework.ID{"type": "todo", "index": framework.MATCH}, "checked")},
		Func: func(c *framework.Ctx) error {
			class := ""
			if c.Bool(framework.ID{"type": "todo", "index": framework.MATCH}, "checked") {
				class = "done"
			}
			c.Set(framework.ID{"type": "label", "index": framework.MATCH}, "class", class)
			return nil
		},
	})
}

// A page subscribes to a topic in its layout; any goroutine broadcasts to
// every tab showing it. Here the app keeps its pages in a registry of its
// own rather than in DefaultRegistry.
func ExampleApp_Broadcast() {
	reg := framework.NewRegistry()
	reg.RegisterPage(framework.Page{
		Path: "/live",
		Layout: func(r framework.Request) templ.Component {
			framework.Subscribe(r, "clock")
			return templ.Raw(`<p>Server time: <span id="clock"></span></p>`)
		},
	})
	app, err := framework.New(framework.Config{Registry: reg})
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for now := range time.Tick(time.Second) {
			app.Broadcast(context.Background(), "clock", framework.Update{ID: "clock", Prop: "children", Value: now.Format(time.TimeOnly)})
		}
	}()
	log.Fatal(app.Start("127.0.0.1:8050"))
}

// The id of a pattern-matching component is JSON with sorted keys.
func ExampleID_String() {
	fmt.Println(framework.ID{"type": "todo", "index": 3})
	// Output: {"index":3,"type":"todo"}
}
