package framework

import (
	"fmt"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestCallbackIgnoringContextTimesOut checks that maxInFlight+1 callbacks
// that ignore their context and never return each get the error "callback
// timed out" after Config.CallbackTimeout, and that the tab then still
// navigates and calls.
func TestCallbackIgnoringContextTimesOut(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="in0"><input id="in1"><input id="in2"><input id="in3"><input id="in4"><input id="fast"><div id="out"></div><div id="out2"></div>`)
	release := make(chan struct{})
	var running atomic.Int32
	var ins []Dep
	for i := range maxInFlight + 1 {
		ins = append(ins, Input(fmt.Sprintf("in%d", i), "value"))
	}
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: ins, PreventInitialCall: true,
		Func: func(c *Ctx) error {
			running.Add(1)
			defer running.Add(-1)
			<-release // ignores c.Done()
			return nil
		},
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out2", "children")), Inputs: outputs(Input("fast", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("out2", "children", c.String("fast", "value")); return nil },
	})
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg, CallbackTimeout: 100 * time.Millisecond}))
	defer srv.Close()
	defer func() { // let the stuck callbacks finish
		close(release)
		deadline := time.Now().Add(3 * time.Second)
		for running.Load() > 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if n := running.Load(); n != 0 {
			t.Errorf("%d callbacks still running", n)
		}
	}()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	for i := range maxInFlight + 1 {
		if err := conn.WriteMessage(1, []byte(cbMsg(i+1, fmt.Sprintf("in%d", i), "x"))); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	got := map[int64]reply{}
	for len(got) < maxInFlight+1 {
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		var r reply
		if err := conn.ReadJSON(&r); err != nil {
			t.Fatalf("reading the replies of the stuck callbacks: %v (got %d)", err, len(got))
		}
		got[r.Ref] = r
	}
	for ref := range int64(maxInFlight + 1) {
		if r := got[ref+1]; r.Type != "cb" || r.Error != "callback timed out" {
			t.Errorf("reply %d: %+v; want the error \"callback timed out\"", ref+1, r)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the timeouts took %v", d)
	}
	if r := roundTrip(t, conn, nav(20, "/")); r.Type != "page" || r.Ref != 20 || r.Status != 200 {
		t.Fatalf("navigation after the timeouts: %+v", r)
	}
	r := roundTrip(t, conn, cbMsg(21, "fast", "ok"))
	if r.Type != "cb" || r.Ref != 21 || r.Error != "" || len(r.Updates) != 1 || string(r.Updates[0].Value) != `"ok"` {
		t.Fatalf("callback after the timeouts: %+v", r)
	}
	if n := running.Load(); n != maxInFlight+1 {
		t.Fatalf("%d stuck callbacks running, want %d", n, maxInFlight+1)
	}
}
