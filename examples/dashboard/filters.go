package main

import (
	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/framework/components"
)

func init() {
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("filters", "data")},
		Inputs: []framework.Dep{framework.Input("f-regions", "value"), framework.Input("f-products", "value"),
			framework.Input("f-dates", "start_date"), framework.Input("f-dates", "end_date")},
		PreventInitialCall: true, // the Store starts with every order selected
		Func:               filtersCallback,
	})
}

// filtersCallback keeps the "filters" Store in step with the sidebar.
func filtersCallback(c *framework.Ctx) error {
	f := allFilters()
	if err := c.Decode("f-regions", "value", &f.Regions); err != nil {
		return err
	}
	if err := c.Decode("f-products", "value", &f.Products); err != nil {
		return err
	}
	if d := c.String("f-dates", "start_date"); d != "" {
		f.Start = d
	}
	if d := c.String("f-dates", "end_date"); d != "" {
		f.End = d
	}
	c.Set("filters", "data", f)
	return nil
}

// options makes a component's options from plain values.
func options(values []string) []components.Option {
	out := make([]components.Option, len(values))
	for i, v := range values {
		out[i] = components.Option{Label: v, Value: v}
	}
	return out
}
