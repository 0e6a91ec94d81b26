package framework

import (
	"context"
	"strings"
	"testing"
)

func TestCallbackGraphErrors(t *testing.T) {
	t.Parallel()
	f := func(*Ctx) error { return nil }
	cases := []struct {
		name     string
		register func(*Registry)
		want     string
	}{
		{"cycle", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("b", "value")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output("a", "value")), Inputs: outputs(Input("b", "value")), Func: f})
		}, "cycle"},
		{"self loop", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("a", "value")), Inputs: outputs(Input("a", "value")), Func: f})
		}, "feeds its own input"},
		{"duplicate output", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("b", "value")), Func: f})
		}, "is set by the callbacks"},
		{"duplicate pattern output", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output(ID{"t": "x", "i": ALL}, "class")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output(ID{"t": "x", "i": 3}, "class")), Inputs: outputs(Input("b", "value")), Func: f})
		}, "is set by the callbacks"},
		{"one-sided AllowDuplicate", func(reg *Registry) {
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: f})
			reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children").AllowDuplicate()), Inputs: outputs(Input("b", "value")), Func: f})
		}, "AllowDuplicate in both"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			c.register(reg)
			_, err := New(Config{Registry: reg, Logger: discardLogger()})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New: %v, want %q", err, c.want)
			}
			if strings.Count(err.Error(), "graph_test.go:") < 1 {
				t.Fatalf("error %q names no registration site", err)
			}
		})
	}
	reg := NewRegistry()
	reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children").AllowDuplicate()), Inputs: outputs(Input("a", "value")), Func: f})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("o", "children").AllowDuplicate()), Inputs: outputs(Input("b", "value")), Func: f})
	app, err := New(Config{Registry: reg, Logger: discardLogger()})
	if err != nil {
		t.Fatalf("AllowDuplicate on both: %v", err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
}

func TestCallbackRegistrationPanics(t *testing.T) {
	t.Parallel()
	f := func(*Ctx) error { return nil }
	for name, spec := range map[string]CallbackSpec{
		"nil func":         {Outputs: outputs(Output("o", "children")), Inputs: outputs(Input("a", "value"))},
		"no inputs":        {Outputs: outputs(Output("o", "children")), Func: f},
		"input as output":  {Outputs: outputs(Input("o", "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"bad prop":         {Outputs: outputs(Output("o", "onclick")), Inputs: outputs(Input("a", "value")), Func: f},
		"n_clicks output":  {Outputs: outputs(Output("o", "n_clicks")), Inputs: outputs(Input("a", "value")), Func: f},
		"bad id type":      {Outputs: outputs(Output(42, "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"twice one output": {Outputs: outputs(Output("o", "children"), Output("o", "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"MATCH to a plain": {Outputs: outputs(Output("o", "children")), Inputs: outputs(Input(ID{"i": MATCH}, "value")), Func: f},
		"empty id":         {Outputs: outputs(Output("", "children")), Inputs: outputs(Input("a", "value")), Func: f},
		"bad data- attr":   {Outputs: outputs(Output("o", "data-X Y")), Inputs: outputs(Input("a", "value")), Func: f},
		"on: event output": {Outputs: outputs(Output("o", "on:click")), Inputs: outputs(Input("a", "value")), Func: f},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			msg := mustPanic(t, func() { reg.Callback(spec) })
			if !strings.Contains(msg, "graph_test.go:") {
				t.Errorf("panic %q names no site", msg)
			}
		})
	}
}
