package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	_ "net/http/pprof" // /_bench/pprof/ on the benchmark server only
	"regexp"
	"runtime"
	"strings"
	"testing/fstest"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/framework/chart"
	"github.com/pagewire/pagewire/framework/components"
)

// content is the benchmark page: a heading and a 20-row table, the same
// for Pagewire and the bare echo baseline.
var content = templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
	var b strings.Builder
	b.WriteString("<h1>Sales</h1><table>")
	for i := range 20 {
		fmt.Fprintf(&b, "<tr><td>Region %d</td><td>%d</td></tr>", i, i*137%1000)
	}
	b.WriteString(`</table><p><a id="to-analytics" href="/analytics">Analytics</a></p>`)
	_, err := io.WriteString(w, b.String())
	return err
})

var notFound = templ.Raw(`<h1>Not found</h1><p><a href="/">Home</a></p>`)

// benchPages holds the benchmark app's pages and callbacks. It is a registry
// of its own: the demo app (demo.go), served by the same process, has its
// pages in framework.DefaultRegistry.
var benchPages = framework.NewRegistry()

func init() {
	benchPages.RegisterPage(framework.Page{Path: "/", Title: "Sales", Layout: func(framework.Request) templ.Component { return content }})
	benchPages.RegisterPage(framework.Page{Path: "/analytics", Layout: func(framework.Request) templ.Component {
		return templ.Raw(`<h1>Analytics</h1><input id="in" value=""><p id="out"></p><p><a id="to-home" href="/">Home</a></p>`)
	}})
	benchPages.RegisterPage(framework.Page{Path: "/chain", Layout: func(framework.Request) templ.Component {
		return templ.Raw(`<input id="c1" value=""><input id="c2"><input id="c3"><p id="c4"></p>`)
	}})
	benchPages.RegisterPage(framework.Page{Path: "/graph", Title: "Graph", Layout: func(framework.Request) templ.Component {
		return components.Graph(components.GraphProps{ID: "g", Figure: benchFigure})
	}})
	benchPages.RegisterNotFound(framework.Page{Title: "Not found", Layout: func(framework.Request) templ.Component { return notFound }})
	benchPages.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("out", "children")},
		Inputs:  []framework.Dep{framework.Input("in", "value")},
		Func: func(c *framework.Ctx) error {
			c.Set("out", "children", "You selected: "+c.String("in", "value"))
			return nil
		},
	})
	step := func(in, out string) {
		benchPages.Callback(framework.CallbackSpec{
			Outputs: []framework.Dep{framework.Output(out, "value")}, Inputs: []framework.Dep{framework.Input(in, "value")}, PreventInitialCall: true,
			Func: func(c *framework.Ctx) error { c.Set(out, "value", c.String(in, "value")+"!"); return nil },
		})
	}
	step("c1", "c2")
	step("c2", "c3")
	benchPages.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("c4", "children")}, Inputs: []framework.Dep{framework.Input("c3", "value")}, PreventInitialCall: true,
		Func: func(c *framework.Ctx) error { c.Set("c4", "children", c.String("c3", "value")); return nil },
	})
}

var runtimeSrcRE = regexp.MustCompile(`src="(/_pagewire/runtime\.[0-9a-f]+\.js)"`)

// newBenchApp builds the benchmark app: Pagewire's pages, and beside them
// the baseline, bare echo handlers rendering the same templ documents, and
// /_bench/heap, the server's heap after a GC.
func newBenchApp() (*framework.App, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	app, err := framework.New(framework.Config{Registry: benchPages, Echo: e, Assets: fstest.MapFS{}, Secret: []byte("bench"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		// The load generator is one address playing thousands of clients:
		// the per-client and total caps would refuse it.
		MaxConns: -1, MaxConnsPerClient: -1, MaxSockets: -1, MaxSocketsPerClient: -1})
	if err != nil {
		return nil, err
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	m := runtimeSrcRE.FindStringSubmatch(w.Body.String())
	if m == nil {
		return nil, fmt.Errorf("no runtime script in the page")
	}
	render := func(status int, title string, c templ.Component) echo.HandlerFunc {
		return func(ec echo.Context) error {
			var buf bytes.Buffer
			d := framework.ShellData{Lang: "en", Title: title, RuntimeSrc: m[1], SocketPath: "/_pagewire/socket", BasePath: "/", Status: status, Content: c}
			if err := framework.DefaultShell(d).Render(ec.Request().Context(), &buf); err != nil {
				return err
			}
			if status != http.StatusOK {
				ec.Response().Header().Set("Cache-Control", "no-store")
			}
			return ec.HTMLBlob(status, buf.Bytes())
		}
	}
	e.GET("/_bench/baseline", render(http.StatusOK, "Sales", content))
	e.GET("/_bench/baseline404", render(http.StatusNotFound, "Not found", notFound))
	e.GET("/_bench/pprof/*", echo.WrapHandler(http.StripPrefix("/_bench/pprof", http.DefaultServeMux)))
	e.GET("/_bench/heap", func(c echo.Context) error {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return c.JSON(http.StatusOK, heapStats{HeapInuse: ms.HeapInuse, StackInuse: ms.StackInuse, Goroutines: runtime.NumGoroutine(),
			HeapAlloc: ms.HeapAlloc})
	})
	// The soak's broadcaster: each POST pushes the tick's children, the
	// query's n, to every tab on a page subscribed to the topic "tick".
	e.POST("/_bench/broadcast", func(c echo.Context) error {
		err := app.Broadcast(c.Request().Context(), soakTopic, framework.Update{ID: "tick", Prop: "children", Value: c.QueryParam("n")})
		if err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	return app, nil
}

// heapStats is what /_bench/heap answers.
type heapStats struct {
	HeapInuse  uint64 `json:"heap_inuse"`
	StackInuse uint64 `json:"stack_inuse"`
	Goroutines int    `json:"goroutines"`
	HeapAlloc  uint64 `json:"heap_alloc"` // the live heap, after the GCs
}

// serve runs the benchmark servers, each on its own listener, and prints
// their URLs on stdout, one line each, "NAME URL": bench (the benchmark
// app, on addr), demo (the demo app, on demoAddr) and floor (the bare echo
// server sending the demo's captured bytes, on floorAddr).
func serve(addr, demoAddr, floorAddr string) error {
	app, err := newBenchApp()
	if err != nil {
		return err
	}
	demo, err := newDemoApp()
	if err != nil {
		return err
	}
	errc := make(chan error, 3)
	listen := func(addr string, serve func(net.Listener) error) (string, error) {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return "", err
		}
		go func() { errc <- serve(l) }()
		return "http://" + l.Addr().String(), nil
	}
	benchURL, err := listen(addr, app.Serve)
	if err != nil {
		return err
	}
	demoURL, err := listen(demoAddr, demo.Serve)
	if err != nil {
		return err
	}
	go runDemoCounter(context.Background(), demo)
	fl, err := newFloor(demoURL)
	if err != nil {
		return err
	}
	// The same server settings as App.Serve: only the handler differs.
	floorSrv := &http.Server{Handler: fl, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: framework.DefaultReadTimeout, WriteTimeout: framework.DefaultWriteTimeout, IdleTimeout: framework.DefaultIdleTimeout}
	floorURL, err := listen(floorAddr, floorSrv.Serve)
	if err != nil {
		return err
	}
	fmt.Printf("bench %s\ndemo %s\nfloor %s\n", benchURL, demoURL, floorURL)
	return <-errc
}

// benchFigure is the graph page's chart: one line of 1,000 points.
var benchFigure = func() *chart.Figure {
	x, y := make([]int, 1000), make([]float64, 1000)
	for i := range x {
		x[i], y[i] = i, float64(i%97)*1.5
	}
	return chart.Must(chart.Line(x, chart.Named("sales", y)))
}()

// soakTopic is the topic the live pages subscribe to and the soak
// broadcasts on, through /_bench/broadcast.
const soakTopic = "tick"

// liveWidgets is what both live pages show: the pushed tick, the input of
// the "in" callback with its output, and the three-step chain.
const liveWidgets = `<p id="tick"></p><input id="in" value=""><p id="out"></p>` +
	`<input id="c1" value=""><input id="c2"><input id="c3"><p id="c4"></p>`

// The soak's pages: two live pages, both subscribed to soakTopic, that
// the soak's tabs navigate between while they run callbacks and receive
// pushes.
func init() {
	benchPages.RegisterPage(framework.Page{Path: "/live", Title: "Live", Layout: func(r framework.Request) templ.Component {
		framework.Subscribe(r, soakTopic)
		return templ.Join(content, templ.Raw(liveWidgets+`<p><a href="/live/analytics">Analytics</a></p>`))
	}})
	benchPages.RegisterPage(framework.Page{Path: "/live/analytics", Title: "Live analytics", Layout: func(r framework.Request) templ.Component {
		framework.Subscribe(r, soakTopic)
		return templ.Raw(`<h1>Live analytics</h1>` + liveWidgets + `<p><a href="/live">Live</a></p>`)
	}})
}
