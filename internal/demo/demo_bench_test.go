package demo

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/pagewire/pagewire/framework"
)

// discard is a reusable ResponseWriter that keeps nothing but the status:
// the benchmarks measure the handler, not a recorder's copies.
type discard struct {
	h      http.Header
	status int
	n      int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(s int)           { d.status = s }
func (d *discard) Write(b []byte) (int, error) { d.n += len(b); return len(b), nil }

func (d *discard) reset() {
	clear(d.h)
	d.status, d.n = 0, 0
}

// BenchmarkDemo measures one document GET of the demo app in process, a
// page and a missing path (its OnNotFound hook registered), each beside
// a bare echo handler writing the very bytes the app wrote: the in-process
// counterpart of make bench's comparison with the bare-bytes floor.
func BenchmarkDemo(b *testing.B) {
	app, err := NewApp(framework.Config{Assets: os.DirFS("../../assets"), Secret: []byte("bench-demo")})
	if err != nil {
		b.Fatal(err)
	}
	defer app.Shutdown(b.Context())
	for _, tc := range []struct{ name, path string }{{"page", "/"}, {"404", "/test"}} {
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
		status, body, header := rec.Code, rec.Body.Bytes(), rec.Header().Clone()
		floor := echo.New()
		floor.GET(tc.path, func(c echo.Context) error {
			h := c.Response().Header()
			for k, v := range header {
				h[k] = v
			}
			c.Response().WriteHeader(status)
			_, err := c.Response().Write(body)
			return err
		})
		for _, h := range []struct {
			name string
			h    http.Handler
		}{{"app", app}, {"floor", floor}} {
			b.Run(tc.name+"/"+h.name, func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, tc.path, nil)
				w := &discard{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					w.reset()
					h.h.ServeHTTP(w, req)
					if w.status != status {
						b.Fatalf("status %d, want %d", w.status, status)
					}
				}
			})
		}
	}
}
