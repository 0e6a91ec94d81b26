package framework

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

func TestBroadcastAndPush(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/live", Layout: func(r Request) templ.Component {
		Subscribe(r, "counter")
		return templ.Raw(`<span id="count">0</span><input id="in"><div id="tab"></div>`)
	}})
	page(reg, "/quiet", `<span id="count">0</span>`)
	var tab atomic.Value
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("tab", "children")),
		Inputs:             outputs(Input("in", "value")),
		PreventInitialCall: true,
		Func:               func(c *Ctx) error { tab.Store(c.Session()); c.Set("tab", "children", "ok"); return nil },
	})
	app := newCallbackApp(t, Config{Registry: reg})
	a, b := ft.Visit(t, app, "/live"), ft.Visit(t, app, "/live")
	quiet := ft.Visit(t, app, "/quiet")
	a.Set("in", "value", "x") // a round trip: the subscriptions before it are in place
	b.Set("in", "value", "x")
	quiet.Prop("count", "children")
	if err := app.Broadcast(context.Background(), "counter", Update{ID: "count", Prop: "children", Value: 42}); err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*ft.Page{"a": a, "b": b} {
		if !p.WaitPush(5*time.Second) || p.Text("count") != "42" {
			t.Errorf("tab %s: count %q after the broadcast", name, p.Text("count"))
		}
	}
	if quiet.WaitPush(300 * time.Millisecond) {
		t.Error("a page that did not subscribe received the broadcast")
	}
	// Push to the one tab whose callback ran last (b).
	a.Set("in", "value", "y")
	ok, err := app.Push(context.Background(), tab.Load().(string), Update{ID: "count", Prop: "children", Value: "just a"})
	if err != nil || !ok {
		t.Fatalf("Push: %v %v", ok, err)
	}
	if !a.WaitPush(5*time.Second) || a.Text("count") != "just a" {
		t.Errorf("a: count %q after Push", a.Text("count"))
	}
	if b.WaitPush(300 * time.Millisecond) {
		t.Error("Push reached another tab")
	}
	if ok, _ := app.Push(context.Background(), "no-such-tab", Update{ID: "count", Prop: "children", Value: 1}); ok {
		t.Error("Push to an unknown tab reported true")
	}
	if err := app.Broadcast(context.Background(), "counter", Update{ID: "count", Prop: "n_clicks", Value: 1}); err == nil {
		t.Error("Broadcast of an input-only property accepted")
	}
}

func TestForgedTopicIsRefused(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<p>x</p>`)
	app := newCallbackApp(t, Config{Registry: reg})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	if r := roundTrip(t, conn, `{"v":1,"ref":3,"type":"sub","topics":"admin.forgedmac"}`); r.Type != "error" || r.Error != "bad topic subscription" {
		t.Fatalf("forged topic: %+v", r)
	}
}
