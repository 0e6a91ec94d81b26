package frameworktest_test

import (
	"net/http"
	"testing"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

func init() {
	framework.RegisterPage(framework.Page{Path: "/", Layout: func(framework.Request) templ.Component {
		return templ.Raw(`<h1 id="title">home</h1>`)
	}})
	framework.RegisterPage(framework.Page{Path: "/form", Layout: func(framework.Request) templ.Component {
		return templ.Raw(`<input id="name" value=""><button id="btn">go</button><p id="out"></p>`)
	}})
	framework.RegisterNotFound(framework.Page{Layout: func(r framework.Request) templ.Component {
		return templ.Raw(`<h1 id="title">missing ` + templ.EscapeString(r.Path) + `</h1>`)
	}})
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("out", "children")},
		Inputs:  []framework.Dep{framework.Input("btn", "n_clicks")},
		States:  []framework.Dep{framework.State("name", "value")},
		Func: func(c *framework.Ctx) error {
			c.Set("out", "children", "hello "+c.String("name", "value"))
			return nil
		},
	})
}

func TestVisitNavigateSetClick(t *testing.T) {
	e := echo.New()
	e.GET("/api", func(c echo.Context) error { return c.String(http.StatusOK, "api") })
	app, err := framework.New(framework.Config{Echo: e})
	if err != nil {
		t.Fatal(err)
	}
	p := ft.Visit(t, app, "/")
	if p.Status() != 200 || p.Text("title") != "home" {
		t.Fatalf("visit: %v %q", p, p.Text("title"))
	}
	p.Navigate("/form")
	if p.Status() != 200 || p.URL() != "/form" || p.Text("out") != "hello " {
		t.Fatalf("navigate: %v out %q", p, p.Text("out"))
	}
	p.Set("name", "value", "Ada")
	if p.Text("out") != "hello " { // a State does not trigger
		t.Fatalf("a State triggered: %q", p.Text("out"))
	}
	p.Click("btn")
	if p.Text("out") != "hello Ada" || p.Prop("btn", "n_clicks") != float64(1) {
		t.Fatalf("click: out %q n_clicks %v", p.Text("out"), p.Prop("btn", "n_clicks"))
	}
	p.Navigate("/nowhere?x=1")
	if p.Status() != 404 || p.URL() != "/nowhere?x=1" || p.Text("title") != "missing /nowhere" {
		t.Fatalf("navigate to a missing page: %v %q", p, p.Text("title"))
	}
	p.Navigate("/api") // the app's own route: loaded as a document
	if p.Status() != 200 || p.URL() != "/api" || p.Has("title") {
		t.Fatalf("navigate to an echo route: %v", p)
	}
	missing := ft.Visit(t, app, "/gone")
	if missing.Status() != 404 {
		t.Fatalf("visit of a missing page: %v", missing)
	}
}
