package framework

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/websocket"

	"github.com/pagewire/pagewire/internal/wire"
)

// livePushApp serves /live, a page subscribed to topic "t". With
// smallBuffers, the server's sockets have small send buffers, so writes to
// a client that does not read soon block.
func livePushApp(tb testing.TB, smallBuffers bool) (*App, *httptest.Server) {
	tb.Helper()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/live", Layout: func(r Request) templ.Component {
		Subscribe(r, "t")
		return templ.Raw(`<span id="count">0</span>`)
	}})
	// One address plays every client: no per-client socket cap.
	app, err := New(Config{Registry: reg, Logger: discardLogger(), MaxSocketsPerClient: -1})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(app)
	if smallBuffers {
		srv.Listener = smallBufListener{srv.Listener.(*net.TCPListener)}
	}
	srv.Start()
	tb.Cleanup(func() { srv.Close(); app.Shutdown(context.Background()) })
	return app, srv
}

// smallBufListener gives the connections it accepts a 16 KB send buffer.
type smallBufListener struct{ *net.TCPListener }

func (l smallBufListener) Accept() (net.Conn, error) {
	c, err := l.AcceptTCP()
	if err == nil {
		c.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// dialSubscribed opens a socket with dialer, shows /live on it and
// subscribes it to the page's topics; a navigation answered after the
// subscription proves it is in place.
func dialSubscribed(tb testing.TB, srv *httptest.Server, dialer *websocket.Dialer) *websocket.Conn {
	tb.Helper()
	conn, _, err := dialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+RuntimePrefix+"socket", http.Header{"Origin": {srv.URL}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	read := func() reply {
		var r reply
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if err := conn.ReadJSON(&r); err != nil {
			tb.Fatal(err)
		}
		return r
	}
	write := func(s string) {
		if err := conn.WriteMessage(websocket.TextMessage, []byte(s)); err != nil {
			tb.Fatal(err)
		}
	}
	if r := read(); r.Type != wire.TypeHello {
		tb.Fatalf("first message %+v, want a hello", r)
	}
	write(nav(1, "/live"))
	r := read()
	if r.Type != wire.TypePage || r.Topics == "" {
		tb.Fatalf("navigation to /live: %+v", r)
	}
	sub, _ := json.Marshal(message{V: protocolV, Type: wire.TypeSubscribe, Topics: r.Topics})
	write(string(sub))
	write(nav(2, "/live"))
	if r := read(); r.Type != wire.TypePage || r.Ref != 2 {
		tb.Fatalf("navigation after subscribing: %+v", r)
	}
	conn.SetReadDeadline(time.Time{})
	return conn
}

// pushReader reads a socket until it closes, keeping the last value
// received of every pushed property.
type pushReader struct {
	mu     sync.Mutex
	last   map[wire.Key]string
	pushes int
	err    error
	done   chan struct{}
}

func readPushes(conn *websocket.Conn) *pushReader {
	pr := &pushReader{last: map[wire.Key]string{}, done: make(chan struct{})}
	go func() {
		defer close(pr.done)
		for {
			var r reply
			if err := conn.ReadJSON(&r); err != nil {
				pr.mu.Lock()
				pr.err = err
				pr.mu.Unlock()
				return
			}
			if r.Type != wire.TypePush {
				continue
			}
			pr.mu.Lock()
			pr.pushes++
			for _, u := range r.Updates {
				pr.last[wire.Key{ID: u.ID, Prop: u.Prop}] = string(u.Value)
			}
			pr.mu.Unlock()
		}
	}()
	return pr
}

// waitFor waits until the reader's last values include want, failing the
// test when the socket closes first or after within.
func (pr *pushReader) waitFor(t *testing.T, name string, want map[wire.Key]string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		pr.mu.Lock()
		ok, got, err := true, map[wire.Key]string{}, pr.err
		for k, v := range want {
			got[k] = pr.last[k]
			if len(got[k]) > 80 {
				got[k] = fmt.Sprintf("%s... (%d bytes)", got[k][:20], len(got[k]))
			}
			if pr.last[k] != v {
				ok = false
				got[k] += " (want " + v[:min(len(v), 20)] + ")"
			}
		}
		pr.mu.Unlock()
		if ok {
			return
		}
		if err != nil {
			t.Fatalf("%s: socket closed (%v) before the last values arrived; last values %v", name, err, got)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: last values %v after %v", name, got, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func quoted(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestBurstOfBroadcastsKeepsHealthyReader checks that 1,000 broadcasts in
// a row leave a reading tab open with the last value of every property.
func TestBurstOfBroadcastsKeepsHealthyReader(t *testing.T) {
	t.Parallel()
	app, srv := livePushApp(t, false)
	conn := dialSubscribed(t, srv, websocket.DefaultDialer)
	pr := readPushes(conn)
	ctx := context.Background()
	count, other := wire.Key{ID: "count", Prop: "children"}, wire.Key{ID: "other", Prop: "children"}
	for i := range 1000 {
		if err := app.Broadcast(ctx, "t", Update{ID: "count", Prop: "children", Value: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
		if i%250 == 0 {
			if err := app.Broadcast(ctx, "t", Update{ID: "other", Prop: "children", Value: fmt.Sprint("o", i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	pr.waitFor(t, "reader", map[wire.Key]string{count: quoted("999"), other: quoted("o750")}, 10*time.Second)
	if n := app.hub.count(); n != 1 {
		t.Fatalf("%d sockets open after the burst, want 1", n)
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.err != nil {
		t.Fatalf("the socket closed: %v", pr.err)
	}
	t.Logf("1,002 broadcasts arrived in %d pushes", pr.pushes)
}

// TestRepliesKeepOrderDuringPushBurst checks that replies to a tab's own
// navigations all arrive, in order, while broadcasts to it burst.
func TestRepliesKeepOrderDuringPushBurst(t *testing.T) {
	t.Parallel()
	app, srv := livePushApp(t, false)
	conn := dialSubscribed(t, srv, websocket.DefaultDialer)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			app.Broadcast(context.Background(), "t", Update{ID: "count", Prop: "children", Value: i})
		}
	}()
	defer func() { close(stop); wg.Wait() }()
	// Eight navigations in flight at a time, fewer than the reply queue
	// holds, as the runtime keeps its own requests bounded.
	const navs, window = 200, 8
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	sent, next := 0, 0
	for next < navs {
		for sent < navs && sent-next < window {
			if err := conn.WriteMessage(websocket.TextMessage, []byte(nav(100+sent, "/live"))); err != nil {
				t.Fatal(err)
			}
			sent++
		}
		var r reply
		if err := conn.ReadJSON(&r); err != nil {
			t.Fatalf("after %d replies: %v", next, err)
		}
		if r.Type == wire.TypePush {
			continue
		}
		if r.Type != wire.TypePage || r.Ref != int64(100+next) {
			t.Fatalf("reply %+v, want the page answering ref %d", r.Header, 100+next)
		}
		next++
	}
}

// TestStalledSubscriberDoesNotStallBroadcast checks that a subscriber that
// never reads is dropped, while every Broadcast returns quickly and the
// reading tabs get the last values.
func TestStalledSubscriberDoesNotStallBroadcast(t *testing.T) {
	t.Parallel()
	app, srv := livePushApp(t, true)
	// The stalled tab's receive buffer is small too, so the server's
	// writes to it block once a few hundred KB are in flight.
	small := &websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		if err == nil {
			c.(*net.TCPConn).SetReadBuffer(8 << 10)
		}
		return c, err
	}}
	dialSubscribed(t, srv, small) // never read again
	const healthy = 4
	readers := make([]*pushReader, healthy)
	for i := range readers {
		readers[i] = readPushes(dialSubscribed(t, srv, websocket.DefaultDialer))
	}
	ctx := context.Background()
	var slowest time.Duration
	var slowestID any
	broadcast := func(u Update) {
		t.Helper()
		start := time.Now()
		if err := app.Broadcast(ctx, "t", u); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > slowest {
			slowest, slowestID = d, u.ID
		}
	}
	// 1 MB fills the stalled tab's socket buffers; then more distinct
	// properties than a client may have pending.
	big := strings.Repeat("x", 16<<10)
	for i := range 64 {
		broadcast(Update{ID: "big", Prop: "children", Value: fmt.Sprint(i, big)})
		time.Sleep(5 * time.Millisecond) // let the healthy tabs read
	}
	for i := range maxPendingKeys + 50 {
		broadcast(Update{ID: fmt.Sprint("k", i), Prop: "children", Value: fmt.Sprint(i)})
	}
	for i := range 50 {
		broadcast(Update{ID: "count", Prop: "children", Value: fmt.Sprint(i)})
	}
	// Closing the stalled tab inline took the whole close grace; the
	// margin is for a loaded machine (a few ms when idle).
	t.Logf("the slowest Broadcast (of %v) took %v", slowestID, slowest)
	if slowest > closeGrace/2 {
		t.Errorf("the slowest Broadcast (of %v) took %v, want well under the %v close grace", slowestID, slowest, closeGrace)
	}
	want := map[wire.Key]string{
		{ID: "big", Prop: "children"}:                              quoted(fmt.Sprint(63, big)),
		{ID: "count", Prop: "children"}:                            quoted("49"),
		{ID: fmt.Sprint("k", maxPendingKeys+49), Prop: "children"}: quoted(fmt.Sprint(maxPendingKeys + 49)),
	}
	for i, pr := range readers {
		pr.waitFor(t, fmt.Sprint("healthy tab ", i), want, 10*time.Second)
	}
	deadline := time.Now().Add(closeGrace + 3*time.Second)
	for app.hub.count() != healthy {
		if time.Now().After(deadline) {
			t.Fatalf("%d sockets open, want the %d healthy ones: the stalled tab was not dropped", app.hub.count(), healthy)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPendingPushesCoalesceInFirstSeenOrder checks that a newer value of a
// pending property replaces the older one in place, in one push message.
func TestPendingPushesCoalesceInFirstSeenOrder(t *testing.T) {
	t.Parallel()
	q := newPushQueue()
	for _, u := range [][3]string{{"a", "children", `1`}, {"b", "value", `"x"`}, {"a", "children", `2`}, {"c", "children", `[3]`}} {
		ups, err := pushUpdates([]wire.Prop{{ID: u[0], Prop: u[1], Value: json.RawMessage(u[2])}})
		if err != nil {
			t.Fatal(err)
		}
		if !q.add(ups) {
			t.Fatalf("adding %v refused", u)
		}
	}
	var buf bytes.Buffer
	if !q.take(&buf) {
		t.Fatal("nothing to take")
	}
	want := `{"v":1,"ref":0,"type":"push","updates":[{"id":"a","prop":"children","value":2},{"id":"b","prop":"value","value":"x"},{"id":"c","prop":"children","value":[3]}]}`
	if buf.String() != want {
		t.Fatalf("push message\n%s\nwant\n%s", buf.String(), want)
	}
	var m wire.Push
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil || len(m.Updates) != 3 {
		t.Fatalf("the push does not parse: %v %+v", err, m)
	}
	if buf.Reset(); q.take(&buf) || buf.Len() != 0 {
		t.Fatalf("a second take got %q, want nothing", buf.String())
	}
}

// TestPendingPushesPastBoundsAreRefused checks the bounds of a client's
// pending set: distinct properties, then bytes (one big update excepted).
func TestPendingPushesPastBoundsAreRefused(t *testing.T) {
	t.Parallel()
	up := func(id string, size int) []pushUpdate {
		return []pushUpdate{{key: wire.Key{ID: id, Prop: "children"}, enc: make([]byte, size)}}
	}
	q := newPushQueue()
	for i := range maxPendingKeys {
		if !q.add(up(fmt.Sprint(i), 1)) {
			t.Fatalf("property %d of %d refused", i+1, maxPendingKeys)
		}
	}
	if !q.add(up("0", 2)) {
		t.Fatal("a new value of a pending property refused")
	}
	if q.add(up("one more", 1)) {
		t.Fatalf("property %d accepted", maxPendingKeys+1)
	}
	q = newPushQueue()
	for range 3 {
		if !q.add(up("big", maxPendingBytes+1)) {
			t.Fatal("a single update over the byte bound refused")
		}
	}
	if q.add(up("small", 1)) {
		t.Fatal("a second property past the byte bound accepted")
	}
	q = newPushQueue()
	if !q.add(up("a", maxPendingBytes/2)) || !q.add(up("b", maxPendingBytes/2)) || q.add(up("c", 1)) {
		t.Fatal("two updates of half the byte bound refused, or a third one accepted")
	}
}

// BenchmarkBroadcastFanout broadcasts one update to 100 subscribed tabs
// that read.
func BenchmarkBroadcastFanout(b *testing.B) {
	app, srv := livePushApp(b, false)
	const tabs = 100
	readers := make([]*pushReader, tabs)
	for i := range readers {
		readers[i] = readPushes(dialSubscribed(b, srv, websocket.DefaultDialer))
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := app.Broadcast(ctx, "t", Update{ID: "count", Prop: "children", Value: i}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	b.ReportMetric(float64(tabs-app.hub.count()), "dropped")
}
