package framework_test

import (
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/framework/components"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

// TestGraphWithTheTestClient drives a Graph through the server's property
// rules (internal/dom), as frameworktest does: the first paint's initial
// callback writes a figure, and clickData set as a user would (null until
// then) triggers the callback that redraws another graph.
func TestGraphWithTheTestClient(t *testing.T) {
	t.Parallel()
	reg := framework.NewRegistry()
	reg.RegisterPage(framework.Page{Path: "/", Layout: func(framework.Request) templ.Component {
		return templ.Join(
			components.Graph(components.GraphProps{ID: "g1", Figure: map[string]any{"data": []any{map[string]any{"x": []int{1, 2}, "y": []int{1, 4}}}}}),
			components.Graph(components.GraphProps{ID: "g2"}),
		)
	}})
	reg.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("g2", "figure")},
		Inputs:  []framework.Dep{framework.Input("g1", "clickData")},
		States:  []framework.Dep{framework.State("g1", "figure")},
		Func: func(c *framework.Ctx) error {
			var fig struct {
				Data []struct{ Y []int } `json:"data"`
			}
			var cd struct {
				Points []struct{ PointIndex int } `json:"points"`
			}
			title := "nothing picked"
			if err := c.Decode("g1", "figure", &fig); err != nil || len(fig.Data) != 1 {
				return fmt.Errorf("figure as state: %v", err)
			}
			if !c.Get("g1", "clickData").IsNil() {
				c.Decode("g1", "clickData", &cd)
				title = fmt.Sprintf("picked y=%d", fig.Data[0].Y[cd.Points[0].PointIndex])
			}
			c.Set("g2", "figure", map[string]any{"layout": map[string]any{"title": title}})
			return nil
		},
	})
	app, err := framework.New(framework.Config{Registry: reg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	title := func(p *ft.Page) any {
		fig, _ := p.Prop("g2", "figure").(map[string]any)
		layout, _ := fig["layout"].(map[string]any)
		return layout["title"]
	}
	p := ft.Visit(t, app, "/")
	if p.Prop("g1", "clickData") != nil || p.Prop("g1", "hoverData") != nil || title(p) != "nothing picked" {
		t.Fatalf("first paint: clickData %v, g2's title %v", p.Prop("g1", "clickData"), title(p))
	}
	p.Set("g1", "clickData", map[string]any{"points": []any{map[string]any{"curveNumber": 0, "pointIndex": 1, "x": 2, "y": 4}}})
	if title(p) != "picked y=4" || p.Err() != "" {
		t.Fatalf("after a click: g2's title %v, error %q", title(p), p.Err())
	}
}
