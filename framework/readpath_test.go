package framework

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/websocket"

	"github.com/pagewire/pagewire/internal/wire"
)

// logBuffer collects log output for tests; it is safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was logged.
func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the number of lines logged.
func (l *logBuffer) lines() int { return strings.Count(l.String(), "\n") }

// testSecret keeps New from logging that Config.Secret is unset.
var testSecret = []byte("a test secret, 32 bytes at least")

// logger returns a logger writing every level to l.
func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestLargeMessageDoesNotPinReadBuffer checks that a socket's read buffer
// does not stay grown after one large message: 200 sockets that each read
// a 60 KiB message keep less than 8 KiB of heap each.
//
// It does not call t.Parallel: it measures the live heap, which parallel
// tests would disturb.
func TestLargeMessageDoesNotPinReadBuffer(t *testing.T) {
	const sockets = 200
	reg := NewRegistry()
	page(reg, "/", "<p>home</p>")
	app, err := New(Config{Registry: reg, Logger: discardLogger(), MaxSocketsPerClient: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	srv := httptest.NewServer(app)
	defer srv.Close()
	conns := make([]*websocket.Conn, sockets)
	for i := range conns {
		conns[i] = dialSocket(t, srv, RuntimePrefix+"socket", "")
	}
	msg := fmt.Sprintf(`{"v":1,"ref":1,"type":"nav","url":"/","kind":"link","pad":%q}`, strings.Repeat("x", 60<<10))
	heap := func() uint64 {
		var ms runtime.MemStats
		for range 3 {
			runtime.GC()
		}
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	// A first small message on each socket, so that what every socket
	// allocates on its first message is counted before.
	for _, c := range conns {
		if r := roundTrip(t, c, nav(1, "/")); r.Type != "page" {
			t.Fatalf("reply: %+v", r)
		}
	}
	before := heap()
	for _, c := range conns {
		if r := roundTrip(t, c, msg); r.Type != "page" || r.Status != 200 {
			t.Fatalf("reply to the large message: %+v", r)
		}
	}
	after := heap()
	grew := int64(after) - int64(before)
	if grew > sockets*8<<10 {
		t.Fatalf("the live heap grew by %d KiB after one 60 KiB message on each of %d sockets (%d bytes a socket); want under 8 KiB a socket", grew>>10, sockets, grew/sockets)
	}
	runtime.KeepAlive(conns)
}

// TestTooBigMessageReplyCarriesRef checks that the "message too big"
// error answers with the message's ref, and that the socket stays usable.
func TestTooBigMessageReplyCarriesRef(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", "<p>home</p>")
	srv := httptest.NewServer(newCallbackApp(t, Config{Registry: reg}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	head := `{"v":1,"ref":7,"type":"nav","url":"/","kind":"link","pad":"`
	msg := head + strings.Repeat("x", wire.MaxMessageSize+1000-len(head)-2) + `"}`
	if len(msg) != wire.MaxMessageSize+1000 {
		t.Fatalf("message of %d bytes", len(msg))
	}
	r := roundTrip(t, conn, msg)
	if r.Type != "error" || r.Error != "message too big" || r.Ref != 7 {
		t.Fatalf("reply: type %q error %q ref %d; want error \"message too big\" with ref 7", r.Type, r.Error, r.Ref)
	}
	if r := roundTrip(t, conn, nav(8, "/")); r.Type != "page" || r.Ref != 8 {
		t.Fatalf("reply after the large message: %+v", r)
	}
}

// TestRefOfTooBigMessagePrefix checks the scan for the ref of a message
// cut short: the top-level ref wins over nested ones, and anything else
// gives 0.
func TestRefOfTooBigMessagePrefix(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want int64
	}{
		{`{"v":1,"ref":7,"type":"nav","url":"/xxxxxxxx`, 7},
		{`{"v":1,"props":[{"ref":3}],"x":{"ref":4},"ref":12,"pad":"`, 12},
		{`{"v":1,"type":"nav","url":"/xxxxx`, 0},
		{`{"v":1,"ref":"7"}`, 0},
		{`{"v":1,"ref":1.5}`, 0},
		{`[{"ref":7}]`, 0},
		{`not json`, 0},
		{``, 0},
		{`{"ref`, 0},
	}
	for _, c := range cases {
		if got := refOf([]byte(c.in)); got != c.want {
			t.Errorf("refOf(%s) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestClosedSocketStopsWorkAndLogs checks that a client sending 500
// navigations and closing at once leads to far fewer than 500 renders, no
// render after the close is seen, and less than 10 log lines.
func TestClosedSocketStopsWorkAndLogs(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	var layouts atomic.Int32
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		layouts.Add(1)
		time.Sleep(time.Millisecond)
		// As templ's generated code does: a cancelled render fails.
		return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			_, err := io.WriteString(w, "<p>home</p>")
			return err
		})
	}})
	var logs logBuffer
	app, err := New(Config{Registry: reg, Logger: logs.logger(), Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	for i := range 500 {
		if err := conn.WriteMessage(websocket.TextMessage, []byte(nav(i+1, "/"))); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for app.hub.count() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := app.hub.count(); n != 0 {
		t.Fatalf("%d sockets still open", n)
	}
	seen := layouts.Load()
	time.Sleep(200 * time.Millisecond)
	if n := layouts.Load(); n != seen {
		t.Errorf("%d renders after the socket closed", n-seen)
	}
	if n := layouts.Load(); n >= 100 {
		t.Errorf("%d of 500 navigations rendered for a socket that closed at once; want far fewer", n)
	}
	if n := logs.lines(); n >= 10 {
		t.Errorf("%d log lines; want under 10:\n%s", n, logs.String())
	}
}

// TestCancelledRenderIsNotLogged checks that a render failing only because
// its client went away logs nothing, while a real failure is logged.
func TestCancelledRenderIsNotLogged(t *testing.T) {
	t.Parallel()
	var logs logBuffer
	reg := NewRegistry()
	page(reg, "/", "<p>home</p>")
	app, err := New(Config{Registry: reg, Logger: logs.logger(), Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest("GET", "/gone", nil).WithContext(ctx)
	app.logError("framework: render failed", r, fmt.Errorf("rendering: %w", context.Canceled))
	if n := logs.lines(); n != 0 {
		t.Fatalf("a cancelled render logged %d lines:\n%s", n, logs.String())
	}
	app.logError("framework: render failed", httptest.NewRequest("GET", "/live", nil), context.Canceled)
	if n := logs.lines(); n != 1 || !strings.Contains(logs.String(), "path=/live") {
		t.Fatalf("a failure with the client still there: %d lines:\n%s", n, logs.String())
	}
}
