package framework

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// newLoggedApp builds an app from reg with a secret, logging at debug level
// into the returned buffer.
func newLoggedApp(t *testing.T, reg *Registry, shell func(ShellData) templ.Component) *logBuffer {
	t.Helper()
	var logs logBuffer
	a, err := New(Config{Registry: reg, Shell: shell, Secret: []byte("a test secret of 32 bytes or more"),
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return &logs
}

func TestNoPagesWarns(t *testing.T) {
	t.Parallel()
	logs := newLoggedApp(t, NewRegistry(), nil).String()
	if !strings.Contains(logs, "level=WARN") || !strings.Contains(logs, "no pages") || !strings.Contains(logs, "RegisterPage") || !strings.Contains(logs, "import") {
		t.Fatalf("no warning naming the missing import of the pages:\n%s", logs)
	}
	reg := NewRegistry()
	page(reg, "/", `<p>hi</p>`)
	if logs := newLoggedApp(t, reg, nil).String(); strings.Contains(logs, "no pages") {
		t.Fatalf("an app with a page is warned:\n%s", logs)
	}
}

func noop(*Ctx) error { return nil }

func TestUnknownCallbackIDWarns(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="in"><p id="out"></p>`)
	page(reg, "/other", `<p id="elsewhere"></p>`)
	reg.Callback(CallbackSpec{Inputs: outputs(Input("in", "value")), Outputs: outputs(Output("out", "title")), Func: noop})
	reg.Callback(CallbackSpec{Inputs: outputs(Input("inn", "value")), Outputs: outputs(Output("elsewhere", "title")), Func: noop})
	reg.Callback(CallbackSpec{Inputs: outputs(Input("in", "value")), Outputs: outputs(Output("shellout", "title")), Func: noop})
	reg.Callback(CallbackSpec{Inputs: outputs(Input("in", "value")), Outputs: outputs(Output("ghost", "title")), Func: noop})
	shell := func(d ShellData) templ.Component {
		return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
			io.WriteString(w, `<!doctype html><html><body><span id="shellout"></span>`)
			if err := d.Content.Render(ctx, w); err != nil {
				return err
			}
			_, err := io.WriteString(w, `</body></html>`)
			return err
		})
	}
	logs := newLoggedApp(t, reg, shell).String()
	for _, id := range []string{"inn", "ghost"} {
		if !strings.Contains(logs, "id="+id+" ") || !strings.Contains(logs, "startup_test.go") {
			t.Errorf("no warning naming the callback and the unknown id %q:\n%s", id, logs)
		}
	}
	for _, id := range []string{"in", "out", "elsewhere", "shellout"} {
		if strings.Contains(logs, "id="+id+" ") {
			t.Errorf("a warning for %q, which a page or the shell holds:\n%s", id, logs)
		}
	}
	if !strings.Contains(logs, "as=Input") || !strings.Contains(logs, "as=Output") {
		t.Errorf("the warnings do not say Input or Output:\n%s", logs)
	}
}

// TestUnknownIDNoFalseWarnings checks that ids the check cannot know are
// not reported: pattern ids, ids a children output may create, ids of a
// template page, and ids of a page whose layout panics.
func TestUnknownIDNoFalseWarnings(t *testing.T) {
	t.Parallel()
	cases := map[string]func(reg *Registry){
		"pattern": func(reg *Registry) {
			page(reg, "/", `<p id="out"></p>`)
			reg.Callback(CallbackSpec{Inputs: outputs(Input(ID{"type": "row", "index": ALL}, "value")), Outputs: outputs(Output("out", "title")), Func: noop})
		},
		"children": func(reg *Registry) {
			page(reg, "/", `<input id="in"><div id="box"></div>`)
			reg.Callback(CallbackSpec{Inputs: outputs(Input("in", "value")), Outputs: outputs(Output("box", "children")), Func: noop})
			reg.Callback(CallbackSpec{Inputs: outputs(Input("made-by-box", "value")), Outputs: outputs(Output("made-too", "title")), Func: noop})
		},
		"template": func(reg *Registry) {
			page(reg, "/", `<p>home</p>`)
			reg.RegisterPage(Page{PathTemplate: "/item/<id>", Layout: func(Request) templ.Component { return templ.Raw(`<input id="qty">`) }})
			reg.Callback(CallbackSpec{Inputs: outputs(Input("qty", "value")), Outputs: outputs(Output("qty", "title")), Func: noop})
		},
		"panic": func(reg *Registry) {
			reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component { panic("database down") }})
			reg.Callback(CallbackSpec{Inputs: outputs(Input("in", "value")), Outputs: outputs(Output("out", "title")), Func: noop})
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			reg := NewRegistry()
			build(reg)
			if logs := newLoggedApp(t, reg, nil).String(); strings.Contains(logs, "level=WARN") {
				t.Fatalf("a warning where the id may exist:\n%s", logs)
			}
		})
	}
}

func TestSecretWarningOncePerProcess(t *testing.T) {
	t.Parallel()
	for _, want := range []string{"restart", "several instances", "topics", "not-found tokens", "Config.Secret", "PAGEWIRE_SECRET"} {
		if !strings.Contains(secretWarning, want) {
			t.Errorf("the Secret warning does not mention %q: %s", want, secretWarning)
		}
	}
	reg := NewRegistry()
	page(reg, "/", `<p>hi</p>`)
	var logs logBuffer
	for range 2 {
		a, err := New(Config{Registry: reg, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		a.Shutdown(context.Background())
	}
	if n := strings.Count(logs.String(), "Config.Secret is unset"); n > 1 {
		t.Fatalf("the Secret warning was logged %d times by one process:\n%s", n, logs.String())
	}
}
