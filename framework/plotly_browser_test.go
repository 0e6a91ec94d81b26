package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// pointsFigure is a scatter of n points (i, i²), i from 1, on fixed axes.
func pointsFigure(n int, title string) map[string]any {
	xs, ys := make([]int, n), make([]int, n)
	for i := range n {
		xs[i], ys[i] = i+1, (i+1)*(i+1)
	}
	return map[string]any{
		"data": []any{map[string]any{"type": "scatter", "mode": "markers", "x": xs, "y": ys, "marker": map[string]any{"size": 18}}},
		"layout": map[string]any{
			"title": map[string]any{"text": title},
			"xaxis": map[string]any{"range": []int{0, 8}},
			"yaxis": map[string]any{"range": []int{0, 50}},
		},
	}
}

// graphApp has a page without a Graph (/) and one with two (/graphs): the
// first's figure follows ?n= and a button, a click on it redraws the
// second, and a probe reads the first's figure and clickData as state.
func graphApp() *Registry {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Title: "Home", Layout: func(Request) templ.Component {
		return templ.Raw(`<h1>home</h1><a id="to-graphs" href="/graphs">graphs</a>`)
	}})
	reg.RegisterPage(Page{Path: "/graphs", Title: "Graphs", Layout: func(r Request) templ.Component {
		n, err := strconv.Atoi(r.Query.Get("n"))
		if err != nil {
			n = 3
		}
		Subscribe(r, "graphs")
		return templ.Join(
			components.Graph(components.GraphProps{ID: "g1", Figure: pointsFigure(n, `points "`+strconv.Itoa(n)+`" & more`)}),
			components.Button(components.ButtonProps{ID: "more"}),
			components.Graph(components.GraphProps{ID: "g2", Height: "300px", Config: map[string]any{"displayModeBar": false}}),
			components.Button(components.ButtonProps{ID: "probe-btn"}),
			templ.Raw(`<p id="picked"></p><p id="probe"></p><a id="home" href="/">home</a>`),
		)
	}})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("g1", "figure"), Output("g1", "class")), Inputs: outputs(Input("more", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			c.Set("g1", "figure", pointsFigure(3+c.Int("more", "n_clicks"), "more"))
			c.Set("g1", "class", "pw-graph wide")
			return nil
		},
	})
	// Cross-filtering: a click on g1 redraws g2, in the click's round trip.
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("g2", "figure"), Output("picked", "children")), Inputs: outputs(Input("g1", "clickData")),
		Func: func(c *Ctx) error {
			var cd struct {
				Points []struct{ X, Y any } `json:"points"`
			}
			title := "nothing picked"
			if v := c.Get("g1", "clickData"); !v.IsNil() {
				if err := v.Decode(&cd); err != nil || len(cd.Points) == 0 {
					return fmt.Errorf("clickData %s: %v", v.Raw(), err)
				}
				p := cd.Points[0]
				title = fmt.Sprintf("picked x=%v y=%v", p.X, p.Y)
				c.Set("g2", "figure", map[string]any{
					"data":   []any{map[string]any{"type": "bar", "x": []any{p.X}, "y": []any{p.Y}}},
					"layout": map[string]any{"title": map[string]any{"text": title}},
				})
			} else {
				c.Set("g2", "figure", map[string]any{"data": []any{}, "layout": map[string]any{"title": map[string]any{"text": title}}})
			}
			c.Set("picked", "children", string(c.Get("g1", "clickData").Raw()))
			return nil
		},
	})
	// The probe's text is what the server read (first paint, ReadProp) or
	// the browser sent (getProp), normalised; the two must agree.
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("probe", "children")), Inputs: outputs(Input("probe-btn", "n_clicks")),
		States: outputs(State("g1", "figure"), State("g1", "clickData")),
		Func: func(c *Ctx) error {
			var fig, cd any
			c.Decode("g1", "figure", &fig)
			c.Decode("g1", "clickData", &cd)
			b, _ := json.Marshal([]any{fig, cd})
			who := "browser"
			if c.TriggeredID() == "" {
				who = "server"
			}
			c.Set("probe", "children", who+" "+string(b))
			return nil
		},
	})
	return reg
}

// TestBrowserGraph drives components.Graph in Chromium: plotly.js loads
// only with a Graph (on in-app navigation, with the runtime's nonce), draws
// at the server's size, redraws on a figure output, turns a click into
// clickData that redraws another graph, survives the morph and
// back/forward, and a page without a Graph never requests it.
func TestBrowserGraph(t *testing.T) {
	const nonce = "gr4ph-n0nce"
	ctx, app := openApp(t, Config{Registry: graphApp(), Nonce: func(*http.Request) string { return nonce }}, "/")
	eval := func(js string) { bt.Eval[chromedp.Void](t, ctx, "(() => { "+js+" })()") }
	wait := func(js string) { t.Helper(); bt.WaitFor(t, ctx, js, 15*time.Second) }
	const plotlyRequests = `performance.getEntriesByType("resource").filter((e) => e.name.includes("/_pagewire/plotly.")).length`
	const g1Drawn = `document.querySelector("#g1 .main-svg") && document.getElementById("g1").getBoundingClientRect().height === 450 &&
		document.querySelector("#g1 .main-svg").getBoundingClientRect().height === 450`

	// A page without a Graph never requests plotly.js.
	if n := bt.Eval[int](t, ctx, plotlyRequests); n != 0 || bt.Eval[bool](t, ctx, `typeof Plotly !== "undefined" || !!document.querySelector('script[src*="plotly."]')`) {
		t.Fatalf("the home page loaded plotly.js (%d requests)", n)
	}
	eval(`window.pwMark = 1; window.pwUpdated = []; window.pwErrors = [];
		addEventListener("error", (e) => pwErrors.push(e.message));
		addEventListener("unhandledrejection", (e) => pwErrors.push(String(e.reason)));
		document.addEventListener("pagewire:updated", (e) => pwUpdated.push({ids: e.detail.elements.map((el) => el.id), cancelable: e.cancelable}))`)

	// In-app navigation to a page with Graphs loads plotly.js once, with
	// the runtime's nonce, and draws both at their server-rendered size.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("to-graphs"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	wait(`location.pathname === "/graphs" && window.pwMark === 1 && ` + g1Drawn)
	wait(`document.querySelector("#g2 .main-svg") && document.getElementById("g2").getBoundingClientRect().height === 300`)
	if got := bt.Eval[string](t, ctx, `document.querySelector("#g1 .gtitle").textContent`); got != `points "3" & more` {
		t.Errorf("g1's title %q: the figure's JSON did not survive its attribute", got)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('script[src*="/_pagewire/plotly."]').nonce`); got != nonce {
		t.Errorf("plotly.js's script nonce %q, want the runtime's %q", got, nonce)
	}
	if !bt.Eval[bool](t, ctx, `pwUpdated.some((u) => u.ids.includes("pw-content") && !u.cancelable)`) {
		t.Errorf("no pagewire:updated with the page container after the navigation: %v", bt.Eval[any](t, ctx, "pwUpdated"))
	}
	if got := bt.Eval[string](t, ctx, `document.getElementById("picked").textContent + " | " + document.querySelector("#g2 .gtitle").textContent`); got != "null | nothing picked" {
		t.Errorf("before any click: %q", got)
	}

	// The server (ReadProp) and the browser (getProp) read the figure and
	// clickData alike.
	server := bt.Eval[string](t, ctx, `document.getElementById("probe").textContent`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("probe-btn"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	wait(`document.getElementById("probe").textContent.startsWith("browser ")`)
	if browser := bt.Eval[string](t, ctx, `document.getElementById("probe").textContent`); browser[len("browser "):] != server[len("server "):] || !json.Valid([]byte(server[len("server "):])) {
		t.Errorf("the figure and clickData as state:\nserver  %s\nbrowser %s", server, browser)
	}

	// A callback whose output is the figure redraws it, keeping the size.
	eval(`pwUpdated.length = 0`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("more"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	wait(`document.querySelectorAll("#g1 .scatterlayer .point").length === 4 && document.querySelector("#g1 .gtitle").textContent === "more" && ` + g1Drawn)
	wait(`pwUpdated.some((u) => u.ids.join() === "g1" && !u.cancelable)`)
	if got := bt.Eval[string](t, ctx, `document.getElementById("g1").className`); got != "pw-graph wide js-plotly-plot" {
		t.Errorf("g1's class set by a callback %q: plotly's class lost", got)
	}

	// A real click on a point (after the hover plotly needs) sets
	// hoverData and clickData, and the callback on clickData redraws g2.
	box := bt.Eval[[]float64](t, ctx, `(() => { const r = document.querySelectorAll("#g1 .scatterlayer .point")[1].getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1])); err != nil {
		t.Fatal(err)
	}
	wait(`document.getElementById("g1").getAttribute("data-pw-hover-data")`)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(box[0], box[1])); err != nil {
		t.Fatal(err)
	}
	wait(`document.querySelector("#g2 .gtitle") && document.querySelector("#g2 .gtitle").textContent === "picked x=2 y=4" && document.querySelectorAll("#g2 .bars .point").length === 1`)
	if got := bt.Eval[string](t, ctx, `document.getElementById("picked").textContent`); got != `{"points":[{"curveNumber":0,"pointNumber":1,"pointIndex":1,"x":2,"y":4}]}` {
		t.Errorf("clickData of a real click: %s", got)
	}
	// plotly's own event, with fields that do not serialise (window is
	// circular): only the point fields are kept.
	eval(`document.getElementById("g1").emit("plotly_click", {points: [{curveNumber: 0, pointNumber: 2, x: 3, y: 9, customdata: {k: "v"}, xaxis: window, fullData: window}], event: new MouseEvent("click")})`)
	wait(`document.querySelector("#g2 .gtitle").textContent === "picked x=3 y=9"`)
	if got := bt.Eval[string](t, ctx, `document.getElementById("g1").getAttribute("data-pw-click-data")`); got != `{"points":[{"curveNumber":0,"pointNumber":2,"x":3,"y":9,"customdata":{"k":"v"}}]}` {
		t.Errorf("clickData of an emitted click: %s", got)
	}
	if got := bt.Eval[int](t, ctx, `document.getElementById("g2").getBoundingClientRect().height`); got != 300 {
		t.Errorf("g2 is %d px tall after its update, want 300", got)
	}

	// A push that sets a figure redraws it too.
	eval(`pwUpdated.length = 0`)
	if err := app.Broadcast(context.Background(), "graphs", Update{ID: "g2", Prop: "figure", Value: pointsFigure(6, "pushed")}); err != nil {
		t.Fatal(err)
	}
	wait(`document.querySelector("#g2 .gtitle").textContent === "pushed" && document.querySelectorAll("#g2 .scatterlayer .point").length === 6 &&
		document.querySelector("#g2 .main-svg").getBoundingClientRect().height === 300 && pwUpdated.some((u) => u.ids.join() === "g2")`)

	// A navigation to the same page morphs: the graph (the same node) is
	// not torn down, and redraws because its figure changed.
	eval(`document.getElementById("g1").pwKeep = 1`)
	eval(`pagewire.navigate("/graphs?n=5")`)
	wait(`location.search === "?n=5" && document.querySelectorAll("#g1 .scatterlayer .point").length === 5 && document.getElementById("g1").pwKeep === 1 && ` + g1Drawn)
	if got := bt.Eval[string](t, ctx, `document.getElementById("g1").className`); got != "pw-graph js-plotly-plot" {
		t.Errorf("g1's class after the morph %q: plotly's class lost", got)
	}

	// Away to a page without a Graph, then back and forward.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("home"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	wait(`location.pathname === "/" && !document.getElementById("g1")`)
	eval(`history.back()`)
	wait(`location.search === "?n=5" && document.querySelectorAll("#g1 .scatterlayer .point").length === 5 && ` + g1Drawn)
	eval(`history.forward()`)
	wait(`location.pathname === "/" && document.getElementById("to-graphs")`)
	eval(`history.back()`)
	wait(`location.search === "?n=5" && ` + g1Drawn)
	if n := bt.Eval[int](t, ctx, plotlyRequests+` + 100 * document.querySelectorAll('script[src*="/_pagewire/plotly."]').length`); n != 101 || !bt.Eval[bool](t, ctx, "window.pwMark === 1") {
		t.Errorf("plotly.js requested %d times and injected %d times in one document, want once", n%100, n/100)
	}

	if errs := bt.Eval[[]string](t, ctx, "pwErrors"); len(errs) > 0 {
		t.Errorf("errors in the page: %q", errs)
	}

	// A document load of a page with a Graph draws it too.
	if err := chromedp.Do(ctx, chromedp.Navigate(bt.Eval[string](t, ctx, "location.origin")+"/graphs")); err != nil {
		t.Fatal(err)
	}
	wait(g1Drawn + ` && document.querySelectorAll("#g1 .scatterlayer .point").length === 3`)
}
