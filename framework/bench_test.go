package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// The benchmarks measure the framework's hot paths in-process. Page
// benchmarks run a "baseline" beside "pagewire": a bare echo handler that
// renders the same document (DefaultShell around the same content), so
// the ratio is read from one run
// (make bench writes it to BENCHMARKS.md).

// benchContent is a page of moderate size: a heading and a 20-row table.
var benchContent = templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
	var b strings.Builder
	b.WriteString("<h1>Sales</h1><table>")
	for i := range 20 {
		fmt.Fprintf(&b, "<tr><td>Region %d</td><td>%d</td></tr>", i, i*137%1000)
	}
	b.WriteString("</table>")
	_, err := io.WriteString(w, b.String())
	return err
})

// benchAssets has one stylesheet, as a real app would.
var benchAssets = fstest.MapFS{"style.css": {Data: []byte("body{margin:0}"), ModTime: assetTime}}

// discardRW is a ResponseWriter that keeps only the status.
type discardRW struct {
	h    http.Header
	code int
}

func (w *discardRW) Header() http.Header         { return w.h }
func (w *discardRW) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardRW) WriteHeader(code int)        { w.code = code }

func serveLoop(b *testing.B, h http.Handler, path string, want int) {
	req := httptest.NewRequest("GET", path, nil)
	w := &discardRW{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		w.code = 0
		h.ServeHTTP(w, req)
		if w.code != want && !(w.code == 0 && want == 200) {
			b.Fatalf("status %d, want %d", w.code, want)
		}
	}
}

// benchPages builds the benchmark app from a registry of its pages and
// callbacks.
func benchPages(b *testing.B) *App {
	b.Helper()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Title: "Sales", Layout: func(Request) templ.Component { return benchContent }})
	reg.RegisterPage(Page{Path: "/cb", Layout: func(Request) templ.Component {
		return templ.Raw(`<input id="in" value=""><p id="out"></p><input id="c1"><input id="c2"><input id="c3"><p id="c4"></p>`)
	}})
	reg.RegisterPage(Page{Path: "/live", Layout: func(r Request) templ.Component {
		Subscribe(r, "bench")
		return templ.Raw(`<p id="n">0</p>`)
	}})
	reg.RegisterNotFound(Page{Title: "Not found", Layout: func(Request) templ.Component { return templ.Raw(`<h1>Not found</h1>`) }})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("in", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("out", "children", "You selected: "+c.String("in", "value")); return nil }})
	step := func(in, out string) {
		reg.Callback(CallbackSpec{Outputs: outputs(Output(out, "value")), Inputs: outputs(Input(in, "value")), PreventInitialCall: true,
			Func: func(c *Ctx) error { c.Set(out, "value", c.String(in, "value")+"!"); return nil }})
	}
	step("c1", "c2")
	step("c2", "c3")
	reg.Callback(CallbackSpec{Outputs: outputs(Output("c4", "children")), Inputs: outputs(Input("c3", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("c4", "children", c.String("c3", "value")); return nil }})
	// One address plays every client: no per-client socket cap.
	app, err := New(Config{Registry: reg, Assets: benchAssets, Logger: discardLogger(), Secret: []byte("bench"), MaxSocketsPerClient: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { app.Shutdown(context.Background()) })
	return app
}

// baseline is a bare echo app rendering the same documents with
// DefaultShell.
func baseline(app *App) *echo.Echo {
	e := echo.New()
	render := func(status int, title string, content templ.Component) echo.HandlerFunc {
		return func(c echo.Context) error {
			buf := getBuf()
			defer putBuf(buf)
			d := ShellData{Lang: "en", Title: title, Stylesheets: app.assets.stylesheets(""), RuntimeSrc: "/_pagewire/" + runtimeFile,
				SocketPath: "/_pagewire/socket", BasePath: "/", Status: status, Content: content}
			if err := DefaultShell(d).Render(c.Request().Context(), buf); err != nil {
				return err
			}
			if status != http.StatusOK {
				c.Response().Header().Set("Cache-Control", "no-store")
			}
			return c.HTMLBlob(status, buf.Bytes())
		}
	}
	e.GET("/", render(200, "Sales", benchContent))
	e.RouteNotFound("/*", render(404, "Not found", templ.Raw(`<h1>Not found</h1>`)))
	return e
}

func BenchmarkPage(b *testing.B) {
	app := benchPages(b)
	b.Run("baseline", func(b *testing.B) { serveLoop(b, baseline(app), "/", 200) })
	b.Run("pagewire", func(b *testing.B) { serveLoop(b, app, "/", 200) })
}

func BenchmarkNotFound(b *testing.B) {
	app := benchPages(b)
	b.Run("baseline", func(b *testing.B) { serveLoop(b, baseline(app), "/missing/page", 404) })
	b.Run("pagewire", func(b *testing.B) { serveLoop(b, app, "/missing/page", 404) })
}

// benchSocket opens a socket on a loopback server of app and reads its
// hello.
func benchSocket(b *testing.B, srv *httptest.Server) *websocket.Conn {
	b.Helper()
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+RuntimePrefix+"socket", http.Header{"Origin": {srv.URL}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	if _, _, err := conn.ReadMessage(); err != nil {
		b.Fatal(err)
	}
	return conn
}

// roundTrips sends msg b.N times, each after the previous reply.
func roundTrips(b *testing.B, conn *websocket.Conn, msg []byte, check func(reply)) {
	b.ReportAllocs()
	for b.Loop() {
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
			b.Fatal(err)
		}
		var r reply
		if err := conn.ReadJSON(&r); err != nil {
			b.Fatal(err)
		}
		check(r)
	}
}

func BenchmarkSocketNavigation(b *testing.B) {
	app := benchPages(b)
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := benchSocket(b, srv)
	msg := []byte(`{"v":1,"ref":1,"type":"nav","url":"/","kind":"link"}`)
	roundTrips(b, conn, msg, func(r reply) {
		if r.Status != 200 {
			b.Fatalf("%+v", r)
		}
	})
}

func BenchmarkCallback(b *testing.B) {
	app := benchPages(b)
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := benchSocket(b, srv)
	b.Run("single", func(b *testing.B) {
		msg := []byte(`{"v":1,"ref":1,"type":"cb","trigger":[{"id":"in","prop":"value"}],"props":[{"id":"in","prop":"value","value":"abc"}],"url":"/cb"}`)
		roundTrips(b, conn, msg, func(r reply) {
			if len(r.Updates) != 1 || r.Error != "" {
				b.Fatalf("%+v", r)
			}
		})
	})
	b.Run("chain3", func(b *testing.B) {
		msg := []byte(`{"v":1,"ref":1,"type":"cb","trigger":[{"id":"c1","prop":"value"}],"props":[{"id":"c1","prop":"value","value":"x"},{"id":"c2","prop":"value","value":""},{"id":"c3","prop":"value","value":""}],"url":"/cb"}`)
		roundTrips(b, conn, msg, func(r reply) {
			if len(r.Updates) != 3 || r.Error != "" {
				b.Fatalf("%+v", r)
			}
		})
	})
}

var benchTopicRE = regexp.MustCompile(`data-pw-topics="([^"]+)"`)

// BenchmarkBroadcast measures one broadcast reaching 1,000 subscribed
// sockets: the op ends when every one has received it.
func BenchmarkBroadcast(b *testing.B) {
	app := benchPages(b)
	srv := httptest.NewServer(app)
	defer srv.Close()
	body := do(app, "GET", "/live").Body.String()
	topics := benchTopicRE.FindStringSubmatch(body)[1]
	const subscribers = 1000
	var got sync.WaitGroup
	var ready sync.WaitGroup
	for range subscribers {
		conn := benchSocket(b, srv)
		sub, _ := json.Marshal(message{V: 1, Type: "sub", Topics: topics})
		conn.WriteMessage(websocket.TextMessage, sub)
		ready.Add(1)
		go func() {
			// One navigation round trip: the subscription is in place.
			conn.WriteMessage(websocket.TextMessage, []byte(`{"v":1,"ref":1,"type":"nav","url":"/live","kind":"link"}`))
			conn.ReadMessage()
			ready.Done()
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
				got.Done()
			}
		}()
	}
	ready.Wait()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		got.Add(subscribers)
		if err := app.Broadcast(ctx, "bench", Update{ID: "n", Prop: "children", Value: 1}); err != nil {
			b.Fatal(err)
		}
		done := make(chan struct{})
		go func() { got.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			b.Fatal("not every subscriber got the broadcast")
		}
	}
}
