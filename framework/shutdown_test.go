package framework

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// TestShutdownWaitsForInFlightCallback checks that a 300 ms callback
// started before Shutdown gets its reply before the going-away close, and
// that Shutdown returns nil.
func TestShutdownWaitsForInFlightCallback(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<input id="q"><div id="out"></div>`)
	started := make(chan struct{}, 1)
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("q", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			started <- struct{}{}
			time.Sleep(300 * time.Millisecond)
			c.Set("out", "children", "done")
			return nil
		},
	})
	app := newCallbackApp(t, Config{Registry: reg})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	if err := conn.WriteMessage(websocket.TextMessage, []byte(cbMsg(1, "q", "x"))); err != nil {
		t.Fatal(err)
	}
	<-started
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shut <- app.Shutdown(ctx)
	}()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var r reply
	if err := conn.ReadJSON(&r); err != nil {
		t.Fatalf("the in-flight callback's reply: %v", err)
	}
	if r.Type != "cb" || r.Ref != 1 || r.Error != "" || len(r.Updates) != 1 || string(r.Updates[0].Value) != `"done"` {
		t.Fatalf("the in-flight callback's reply: %+v", r)
	}
	_, _, err := conn.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Fatalf("after the reply: %v, want a going-away close", err)
	}
	if err := <-shut; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
}

// TestShutdownSlowBodyReturnsNil checks that a client sending a request
// body a byte at a time does not make Shutdown fail: when its grace period
// ends, Shutdown closes the connection, logs a warning and returns nil.
func TestShutdownSlowBodyReturnsNil(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", "<p>home</p>")
	e := echo.New()
	reading := make(chan struct{}, 1)
	e.POST("/upload", func(c echo.Context) error {
		reading <- struct{}{}
		b, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, string(b))
	})
	var logs logBuffer
	app, err := New(Config{Registry: reg, Echo: e, Logger: logs.logger(), Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	addr, served := serveApp(t, app)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "POST /upload HTTP/1.1\r\nHost: "+addr+"\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() { // a byte a second
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			if _, err := conn.Write([]byte("x")); err != nil {
				return
			}
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()
	select {
	case <-reading:
	case <-time.After(5 * time.Second):
		t.Fatal("the upload handler did not start")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := app.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("Shutdown took %v", d)
	}
	select {
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			t.Fatalf("Serve returned %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Serve did not return")
	}
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	b, err := io.ReadAll(conn)
	if err != nil && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("the slow connection was not closed: %v", err)
	}
	if strings.Contains(string(b), "200 OK") {
		t.Fatalf("the slow request was answered: %q", b)
	}
	if !strings.Contains(logs.String(), "shutdown grace period over") {
		t.Errorf("no warning logged:\n%s", logs.String())
	}
}
