package framework

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/websocket"
)

// dialSocket opens the app's socket on a test server as a same-origin
// browser would.
func dialSocket(t *testing.T, srv *httptest.Server, path string, origin string) *websocket.Conn {
	t.Helper()
	if origin == "" {
		origin = srv.URL
	}
	conn, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+path, http.Header{"Origin": {origin}})
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial: %v (status %d)", err, status)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hello reply
	if err := conn.ReadJSON(&hello); err != nil || hello.Type != "hello" || hello.Tab == "" || len(hello.Cbs) == 0 {
		t.Fatalf("first message: %+v, %v; want a hello with a tab id and the callback graph", hello, err)
	}
	return conn
}

// roundTrip sends a raw message and reads one reply.
func roundTrip(t *testing.T, conn *websocket.Conn, msg string) reply {
	t.Helper()
	if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var r reply
	if err := conn.ReadJSON(&r); err != nil {
		t.Fatalf("reading the reply to %s: %v", msg, err)
	}
	return r
}

func nav(ref int, url string) string {
	b, _ := json.Marshal(message{V: protocolV, Ref: int64(ref), Type: "nav", URL: url, Kind: "link"})
	return string(b)
}

func TestSocketNavigation(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newTestApp(t, Config{Registry: registerTestPages(t)}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")

	cases := []struct {
		url, wantURL string
		status       int
		reload       bool
		title, html  string
	}{
		{"/analytics", "/analytics", 200, false, "Analytics", "<p>Analytics</p>"},
		{"/report/7?x=a&x=b", "/report/7?x=a&x=b", 200, false, "Report 7", "id=7 x=a,b"},
		{"/report/%3Cb%3E", "/report/%3Cb%3E", 200, false, "Report <b>", "id=&lt;b&gt;"},
		{"/old?k=v", "/new?k=v", 200, false, "Router test", "<p>Router test</p>"},
		{"/analytics/", "/analytics", 200, false, "Analytics", ""},
		{"/missing?q=1", "/missing?q=1", 404, false, "Not found", "Custom 404 /missing"},
		{"/%3Cscript%3E", "/%3Cscript%3E", 404, false, "", "Custom 404 /&lt;script&gt;"},
		{"/boom", "/boom", 500, false, "500: Internal Server Error", "500: Internal Server Error"},
		{"/healthz", "/healthz", 0, true, "", ""}, // the app's own echo route: a document load
		{"/metrics", "/metrics", 0, true, "", ""},
	}
	for i, c := range cases {
		r := roundTrip(t, conn, nav(i+1, c.url))
		if r.Ref != int64(i+1) || r.Type != "page" || r.URL != c.wantURL || r.Status != c.status || r.Reload != c.reload {
			t.Errorf("nav %s: %+v", c.url, r)
			continue
		}
		if c.title != "" && r.Title != c.title {
			t.Errorf("nav %s: title %q, want %q", c.url, r.Title, c.title)
		}
		if !strings.Contains(r.HTML, c.html) {
			t.Errorf("nav %s: html %q lacks %q", c.url, r.HTML, c.html)
		}
		if strings.Contains(r.HTML, "secret detail") || strings.Contains(r.HTML, "<script>") {
			t.Errorf("nav %s: html leaks %q", c.url, r.HTML)
		}
	}
	// One 500 path: the same error page as a document load of it.
	if r := roundTrip(t, conn, nav(49, "/bad-title")); r.Type != "page" || r.Status != 500 || !strings.Contains(r.HTML, "500: Internal Server Error") || r.Title != "500: Internal Server Error" {
		t.Errorf("nav to a page whose title panics: %+v", r)
	}
	r := roundTrip(t, conn, nav(50, "/analytics"))
	if !strings.Contains(r.Meta, `<meta name="description" content="Numbers &amp; &#34;charts&#34;" data-pw-meta>`) || !strings.Contains(r.Meta, `og:title" content="Analytics"`) {
		t.Errorf("meta %q", r.Meta)
	}
}

func TestSocketBadInput(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newTestApp(t, Config{Registry: registerTestPages(t)}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	for msg, want := range map[string]string{
		`{not json`:                                "malformed message",
		`{"v":2,"ref":1,"type":"nav","url":"/"}`:   "unsupported protocol version",
		`{"v":1,"ref":1,"type":"hack"}`:            "unknown message type",
		`{"v":1,"ref":1,"type":"nav","url":""}`:    "bad url",
		nav(1, "https://evil.com/"):                "bad url",
		nav(1, "//evil.com/x"):                     "bad url",
		nav(1, `/\evil.com`):                       "bad url",
		nav(1, "javascript:alert(1)"):              "bad url",
		nav(1, "/"+strings.Repeat("a", maxURLLen)): "bad url",
		`{"v":1,"ref":"x","type":"nav"}`:           "malformed message",
	} {
		r := roundTrip(t, conn, msg)
		if r.Type != "error" || !strings.Contains(r.Error, want) {
			t.Errorf("%.60s: %+v, want error %q", msg, r, want)
		}
	}
	// The socket survived every bad message.
	if r := roundTrip(t, conn, nav(9, "/")); r.Status != 200 || !strings.Contains(r.HTML, "Hello home") {
		t.Fatalf("after bad input: %+v", r)
	}
	// An oversized message gets an error reply; the socket stays.
	conn.WriteMessage(websocket.TextMessage, bytes.Repeat([]byte("x"), maxMessageSize+1))
	if r := roundTrip(t, conn, nav(10, "/")); r.Type != "error" || r.Error != "message too big" {
		t.Fatalf("oversized message: %+v", r)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var r reply
	if err := conn.ReadJSON(&r); err != nil || r.Ref != 10 || r.Status != 200 {
		t.Fatalf("after an oversized message: %+v %v", r, err)
	}
	// A message past the frame limit, a flood, closes it with 1009.
	conn.WriteMessage(websocket.TextMessage, bytes.Repeat([]byte("x"), maxFrameSize+1))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err := conn.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Fatalf("flood: %v, want close 1009", err)
	}
}

func TestSocketOrigin(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newTestApp(t, Config{Registry: registerTestPages(t), AllowedOrigins: []string{"https://trusted.example"}}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + RuntimePrefix + "socket"
	_, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {"https://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin dial: err %v, resp %v", err, resp)
	}
	dialSocket(t, srv, RuntimePrefix+"socket", "https://trusted.example")
	dialSocket(t, srv, RuntimePrefix+"socket", "")
}

func TestSocketNotFoundFileReloads(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "404.html")
	os.WriteFile(file, []byte("<h1>static</h1>"), 0o644)
	srv := httptest.NewServer(newTestApp(t, Config{Registry: registerTestPages(t), NotFoundFile: file}))
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	if r := roundTrip(t, conn, nav(1, "/missing")); !r.Reload || r.URL != "/missing" {
		t.Fatalf("nav to a missing page with NotFoundFile: %+v", r)
	}
	if r := roundTrip(t, conn, nav(2, "/analytics")); r.Reload || r.Status != 200 {
		t.Fatalf("nav to a page: %+v", r)
	}
}

func TestSocketBasePath(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newTestApp(t, Config{Registry: registerTestPages(t), BasePath: "/dash/"}))
	defer srv.Close()
	conn := dialSocket(t, srv, "/dash"+RuntimePrefix+"socket", "")
	if r := roundTrip(t, conn, nav(1, "/dash/old")); r.URL != "/dash/new" || r.Status != 200 {
		t.Fatalf("%+v", r)
	}
	if r := roundTrip(t, conn, nav(2, "/dash/nope")); r.Status != 404 || !strings.Contains(r.HTML, "Custom 404 /nope") {
		t.Fatalf("%+v", r)
	}
}

func TestShutdownClosesSocketsGoingAway(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t)})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	roundTrip(t, conn, nav(1, "/"))
	if n := app.hub.count(); n != 1 {
		t.Fatalf("%d sockets open, want 1", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := app.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err := conn.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Fatalf("after Shutdown: %v, want close 1001", err)
	}
	if n := app.hub.count(); n != 0 {
		t.Fatalf("%d sockets open after Shutdown", n)
	}
}

func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	started := make(chan struct{})
	reg.RegisterPage(Page{Path: "/slow", Layout: func(Request) templ.Component {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return templ.Raw("<p>slow done</p>")
	}})
	app, err := New(Config{Registry: reg, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	addr, served := serveApp(t, app)
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- fmt.Sprint(resp.StatusCode, " ", strings.Contains(string(b), "slow done"))
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := app.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if g := <-got; g != "200 true" {
		t.Fatalf("in-flight request: %s", g)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve returned %v", err)
	}
}

// TestSlowClientIsDropped sends navigations to a big page and never reads
// the replies: once the socket's buffers and the bounded send queue are
// full, the server drops the client instead of waiting on it.
func TestSlowClientIsDropped(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	big := strings.Repeat("<p>0123456789abcdef0123456789abcdef</p>", 4000) // ~160 KB
	reg.RegisterPage(Page{Path: "/big", Layout: func(Request) templ.Component { return templ.Raw(big) }})
	app, err := New(Config{Registry: reg, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	waitCount := func(want int, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for app.hub.count() != want {
			if time.Now().After(deadline) {
				t.Fatalf("%d sockets open after %v, want %d", app.hub.count(), within, want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitCount(1, 5*time.Second)
	go func() {
		for i := range 5000 {
			conn.SetWriteDeadline(time.Now().Add(2 * time.Second))
			if conn.WriteMessage(websocket.TextMessage, []byte(nav(i, "/big"))) != nil {
				return // the server closed the socket
			}
		}
	}()
	// Well before writeWait: the full queue dropped it, not a write timeout.
	waitCount(0, writeWait*8/10)
}

// TestRuntimeBudget holds what every page downloads, the runtime, to 8 KB
// min+gzip, and the extension that pages with a DataTable add to 2 KB.
func TestRuntimeBudget(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		src, js []byte
		budget  int
	}{
		{"runtime", runtimeSplit.Core, runtimeJS, 8 << 10},
		{"runtime extension", runtimeSplit.Ext, runtimeExtJS, 2 << 10},
	} {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(c.js)
		zw.Close()
		t.Logf("%s: %d bytes source, %d minified, %d min+gzip (budget %d)", c.name, len(c.src), len(c.js), gz.Len(), c.budget)
		if gz.Len() > c.budget {
			t.Errorf("%s is %d bytes min+gzip, over the %d budget", c.name, gz.Len(), c.budget)
		}
		if len(c.js) >= len(c.src) {
			t.Errorf("the served %s is not minified", c.name)
		}
		for _, banned := range []string{"eval(", "new Function", "document.write"} {
			if bytes.Contains(c.js, []byte(banned)) {
				t.Errorf("%s uses %s", c.name, banned)
			}
		}
	}
}
