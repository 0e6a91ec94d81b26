package framework

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func cbMsg(ref int, id, value string) string {
	return fmt.Sprintf(`{"v":1,"ref":%d,"type":"cb","url":"/","trigger":[{"id":%q,"prop":"value"}],"props":[{"id":%q,"prop":"value","value":%q}]}`, ref, id, id, value)
}

func TestSupersededCallIsCancelled(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="q"><div id="out"></div>`)
	cancelled := make(chan string, 4)
	reg.Callback(CallbackSpec{
		Outputs:            outputs(Output("out", "children")),
		Inputs:             outputs(Input("q", "value")),
		PreventInitialCall: true,
		Func: func(c *Ctx) error {
			v := c.String("q", "value")
			if v == "slow" {
				select {
				case <-c.Done():
					cancelled <- v
					return c.Err()
				case <-time.After(5 * time.Second):
				}
			}
			c.Set("out", "children", v)
			return nil
		},
	})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	conn.WriteMessage(1, []byte(cbMsg(1, "q", "slow")))
	time.Sleep(50 * time.Millisecond)
	conn.WriteMessage(1, []byte(cbMsg(2, "q", "fast")))
	got := map[int64]reply{}
	for len(got) < 2 {
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		var r reply
		if err := conn.ReadJSON(&r); err != nil {
			t.Fatalf("reading replies: %v (got %v)", err, got)
		}
		got[r.Ref] = r
	}
	if !got[1].Superseded || got[1].Error != "" || len(got[1].Updates) != 0 {
		t.Errorf("the superseded call's reply: %+v", got[1])
	}
	if got[2].Error != "" || len(got[2].Updates) != 1 || string(got[2].Updates[0].Value) != `"fast"` {
		t.Errorf("the newer call's reply: %+v", got[2])
	}
	select {
	case <-cancelled:
	case <-time.After(time.Second):
		t.Error("the superseded call's context was not cancelled")
	}
}

func TestCallbacksPerTabAreBounded(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	var body strings.Builder
	for i := range 12 {
		fmt.Fprintf(&body, `<input id="in%d">`, i)
	}
	page(reg, "/", body.String()+`<div id="out"></div>`)
	var running, peak atomic.Int32
	release := make(chan struct{})
	var ins []Dep
	for i := range 12 {
		ins = append(ins, Input(fmt.Sprintf("in%d", i), "value"))
	}
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: ins, PreventInitialCall: true,
		Func: func(c *Ctx) error {
			n := running.Add(1)
			defer running.Add(-1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			<-release
			return nil
		},
	})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	for i := range 12 {
		conn.WriteMessage(1, []byte(cbMsg(i+1, fmt.Sprintf("in%d", i), "x")))
	}
	deadline := time.Now().Add(3 * time.Second)
	for running.Load() < maxInFlight && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for a fifth to start, if the bound failed
	if p := peak.Load(); p != maxInFlight {
		t.Fatalf("%d callbacks ran at once, want the bound %d", p, maxInFlight)
	}
	close(release)
	for range 12 { // every request is answered, none lost
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		var r reply
		if err := conn.ReadJSON(&r); err != nil || r.Type != "cb" {
			t.Fatalf("reply: %+v %v", r, err)
		}
	}
}

func TestBadCallbackRequests(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="q"><div id="out"></div>`)
	reg.Callback(CallbackSpec{Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("q", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("out", "children", c.String("q", "value")); return nil }})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	many := strings.Repeat(`{"id":"q","prop":"value"},`, maxTriggers)
	for msg, want := range map[string]string{
		`{"v":1,"ref":1,"type":"cb","trigger":[{"id":"q","prop":"value"}]}`:                                                               "bad request: bad url",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[]}`:                                                                              "bad request: want 1 to 32 triggers",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[` + many + `{"id":"q","prop":"value"}]}`:                                         "bad request: want 1 to 32 triggers",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"nope","prop":"value"}]}`:                                                  "bad request: no callback has the input nope.value",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"q","prop":"onclick"}]}`:                                                   `bad request: unknown property "onclick"`,
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"{bad json","prop":"value"}]}`:                                             "bad request: bad id",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"","prop":"value"}]}`:                                                      "bad request: bad id",
		`{"v":1,"ref":1,"type":"cb","url":"/","trigger":[{"id":"q","prop":"value"}],"props":[{"id":"q","prop":"value","value":{"x":1}}]}`: "bad input: q.value: want a string",
	} {
		r := roundTrip(t, conn, msg)
		if r.Type != "cb" || !strings.HasPrefix(r.Error, want) || len(r.Updates) != 0 {
			t.Errorf("%.70s: %+v, want error %q", msg, r, want)
		}
	}
	if r := roundTrip(t, conn, cbMsg(9, "q", "still here")); r.Error != "" || len(r.Updates) != 1 {
		t.Fatalf("after bad requests: %+v", r)
	}
}

func TestDisconnectCancelsRunningCalls(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="q"><div id="out"></div>`)
	started, cancelled := make(chan struct{}), make(chan struct{})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("q", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			close(started)
			select {
			case <-c.Done():
				close(cancelled)
			case <-time.After(5 * time.Second):
			}
			return c.Err()
		},
	})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	conn.WriteMessage(1, []byte(cbMsg(1, "q", "x")))
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the callback never started")
	}
	conn.Close()
	select {
	case <-cancelled:
	case <-time.After(3 * time.Second):
		t.Fatal("closing the socket did not cancel the running callback")
	}
}

func TestDuplicatedTabGetsItsOwnID(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<p>x</p>`)
	app := newCallbackApp(t, Config{Registry: reg})
	srv := httptest.NewServer(app)
	defer srv.Close()
	dialSocket(t, srv, RuntimePrefix+"socket", "")
	tok := ""
	app.hub.mu.Lock()
	for c := range app.hub.clients {
		tok = app.signer.sign("tab", c.tab)
	}
	app.hub.mu.Unlock()
	// Both present the same token, as a duplicated tab does.
	second := dialSocket(t, srv, RuntimePrefix+"socket?tab="+url.QueryEscape(tok), "")
	third := dialSocket(t, srv, RuntimePrefix+"socket?tab="+url.QueryEscape(tok), "")
	time.Sleep(100 * time.Millisecond)
	if n := app.hub.count(); n != 3 {
		t.Fatalf("%d sockets open, want all 3 (none closed for sharing an id)", n)
	}
	app.hub.mu.Lock()
	tabs := len(app.hub.tabs)
	app.hub.mu.Unlock()
	if tabs != 3 {
		t.Fatalf("%d tab ids for 3 sockets", tabs)
	}
	for _, c := range []*websocket.Conn{second, third} {
		if r := roundTrip(t, c, nav(1, "/")); r.Status != 200 {
			t.Fatalf("%+v", r)
		}
	}
}
