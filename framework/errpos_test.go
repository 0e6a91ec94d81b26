package framework

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/a-h/templ"

	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

// lineOf returns the 1-based line of file (in this package) holding
// marker, failing t when there is not exactly one.
func lineOf(t *testing.T, file, marker string) int {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, marker) && !strings.Contains(l, `"`+marker) {
			if found != 0 {
				t.Fatalf("%s: %q on lines %d and %d", file, marker, found, i+1)
			}
			found = i + 1
		}
	}
	if found == 0 {
		t.Fatalf("%s: no line holds %q", file, marker)
	}
	return found
}

// stackOf builds debug.Stack's text from frames: function line, then
// "\tfile:line +0x1f".
func stackOf(frames ...[3]string) []byte {
	var b strings.Builder
	b.WriteString("goroutine 7 [running]:\n")
	for _, f := range frames {
		b.WriteString(f[0] + "\n\t" + f[1] + ":" + f[2] + " +0x1f\n")
	}
	b.WriteString("created by net/http.(*Server).Serve in goroutine 1\n\t/usr/local/go/src/net/http/server.go:3454 +0x485\n")
	return []byte(b.String())
}

// TestAppFramePicksInnermostAppCode checks the frame picking of a panic's
// position: the innermost frame of the main module (or package main), past
// the Go runtime, reflect, templ, echo, third-party code and this package's
// own files, but not past its tests.
func TestAppFramePicksInnermostAppCode(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..") // the module root, where go.mod is
	if err != nil {
		t.Fatal(err)
	}
	var (
		stack    = [3]string{"runtime/debug.Stack()", "/usr/local/go/src/runtime/debug/stack.go", "26"}
		newPanic = [3]string{"github.com/pagewire/pagewire/framework.newPanicError({0x9e7c20, 0xc0001a2f90})", root + "/framework/render.go", "89"}
		panicked = [3]string{"panic({0x9e7c20?, 0xc0001a2f90?})", "/usr/local/go/src/runtime/panic.go", "792"}
		std      = [3]string{"strconv.Itoa(...)", "/usr/local/go/src/strconv/itoa.go", "30"}
		refl     = [3]string{"reflect.Value.call({0x9f1be0?, 0xc00012a4f8?, 0x13?}, {0xa5b5f5, 0x4}, {0xc0001b6e40, 0x1, 0x1?})", "/usr/local/go/src/reflect/value.go", "581"}
		lib      = [3]string{"github.com/other/lib.(*Parser).Parse(0xc000010000)", "/root/go/pkg/mod/github.com/other/lib@v1.2.0/parse.go", "77"}
		tmpl     = [3]string{"github.com/a-h/templ.ComponentFunc.Render(0xc0000a6000?, {0xb3a5a8?, 0xc0002d0a50?}, {0xb35d40?, 0xc0002a2150?})", "/root/go/pkg/mod/github.com/a-h/templ@v0.3.977/runtime.go", "41"}
		echo     = [3]string{"github.com/labstack/echo/v4.(*Echo).ServeHTTP(0xc000160008, {0xb39a70, 0xc0000f4000}, 0xc0000d6140)", "/root/go/pkg/mod/github.com/labstack/echo/v4@v4.16.0/echo.go", "668"}
		pages    = [3]string{"github.com/pagewire/pagewire/pages.weekly.func1({0xb3a5a8, 0xc0002d0a50}, {0xb35d40, 0xc0002a2150})", root + "/pages/weekly.go", "42"}
		method   = [3]string{"github.com/pagewire/pagewire/pages.(*report).total(...)", root + "/pages/report.go", "17"}
		mainFn   = [3]string{"main.run.func2(0xc0000b2000)", root + "/templ.go", "61"}
		ownTest  = [3]string{"github.com/pagewire/pagewire/framework.TestX.func3({0xb3a5a8, 0xc0002d0a50})", root + "/framework/x_test.go", "12"}
		own      = [3]string{"github.com/pagewire/pagewire/framework.renderContent({0xb3a5a8, 0xc0002d0a50}, {0x0, 0x0})", root + "/framework/render.go", "127"}
		comps    = [3]string{"github.com/pagewire/pagewire/framework/components.Graph(...)", root + "/framework/components/graph.go", "50"}
		trimmed  = [3]string{"github.com/pagewire/pagewire/pages.home(...)", "github.com/pagewire/pagewire/pages/home.go", "9"}
	)
	for _, c := range []struct {
		name   string
		frames [][3]string
		want   string
	}{
		{"app under runtime, std, reflect, lib, templ", [][3]string{stack, newPanic, panicked, std, refl, lib, tmpl, pages, own, echo}, "pages/weekly.go:42"},
		{"method", [][3]string{stack, newPanic, panicked, method, pages}, "pages/report.go:17"},
		{"package main", [][3]string{stack, newPanic, panicked, own, mainFn}, "templ.go:61"},
		{"the framework's tests are app code", [][3]string{stack, newPanic, panicked, std, ownTest, own}, "framework/x_test.go:12"},
		{"the framework's packages are not", [][3]string{stack, newPanic, panicked, comps, own, pages}, "pages/weekly.go:42"},
		{"trimpath", [][3]string{stack, panicked, trimmed}, "pages/home.go:9"},
		{"another module when no main-module frame", [][3]string{stack, newPanic, panicked, tmpl, lib, own, echo}, "/root/go/pkg/mod/github.com/other/lib@v1.2.0/parse.go:77"},
		{"none", [][3]string{stack, newPanic, panicked, std, tmpl, own, echo}, ""},
	} {
		if got := appFrame(stackOf(c.frames...)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestFuncPkg checks the package read from a stack's function lines.
func TestFuncPkg(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]string{
		"github.com/x/app/pages.init.0.func1(...)":         "github.com/x/app/pages",
		"github.com/x/app/pages.(*T).M(0xc000010000)":      "github.com/x/app/pages",
		"github.com/x/app/pages.T.M({0x1, 0x2})":           "github.com/x/app/pages",
		"github.com/x/app/pages.F[...](0x1)":               "github.com/x/app/pages",
		"github.com/labstack/echo/v4.(*Echo).ServeHTTP(0)": "github.com/labstack/echo/v4",
		"main.main()":                       "main",
		"runtime/debug.Stack()":             "runtime/debug",
		"net/http.HandlerFunc.ServeHTTP":    "net/http",
		"panic({0x9e7c20?, 0xc0001a2f90?})": "",
		"goroutine 7 [running]:":            "",
	} {
		if got := funcPkg(line); got != want {
			t.Errorf("funcPkg(%q) = %q, want %q", line, got, want)
		}
	}
}

func panicsHere() { panic("boom") } // errpos: panics here

// TestFailurePos checks the positions of real failures: a panic's
// innermost app frame (this file, under the framework's protect), the
// function of a callback that returned an error or staged a bad output,
// and a templ error's position, which wins.
func TestFailurePos(t *testing.T) {
	t.Parallel()
	at := func(marker string) string {
		return "framework/errpos_test.go:" + strconv.Itoa(lineOf(t, "errpos_test.go", marker))
	}
	err := protect(func() error { panicsHere(); return nil })
	if got, want := failurePos(err), at("errpos: panics here"); got != want {
		t.Errorf("panic: %q, want %q", got, want)
	}

	err = callErr(func(*Ctx) error { // errpos: the callback
		return errors.New("database is down")
	})
	if got, want := failurePos(err), at("errpos: the callback"); got != want || err.Error() != "callback registered at test: database is down" {
		t.Errorf("returned error %q: %q, want %q", err, got, want)
	}
	if got := withPos("callback failed: "+err.Error(), failurePos(err)); got != "callback failed: callback registered at test: database is down ("+"at "+at("errpos: the callback")+")" {
		t.Errorf("withPos: %q", got)
	}
	err = callErr(func(c *Ctx) error { c.fnErr = errors.New("out.children: want a templ.Component or text"); return nil }) // errpos: staged
	if got, want := failurePos(err), at("errpos: staged"); got != want {
		t.Errorf("staged error: %q, want %q", got, want)
	}
	if err := callErr(func(*Ctx) error { return PreventUpdate }); err != nil {
		t.Errorf("PreventUpdate came back as %v", err)
	}
	if err := callErr(func(*Ctx) error { return nil }); err != nil {
		t.Errorf("nil came back as %v", err)
	}
	if err := callErr(func(*Ctx) error { panicsHere(); return nil }); failurePos(err) != at("errpos: panics here") {
		t.Errorf("a callback's panic: %q, want its stack's position %q", failurePos(err), at("errpos: panics here"))
	}

	te := callErr(func(*Ctx) error {
		return templ.Error{Err: errors.New("x"), FileName: "pages/report.templ", Line: 21}
	})
	if got := failurePos(te); got != "pages/report.templ:21" {
		t.Errorf("templ error: %q", got)
	}
	if got := failurePos(errors.New("plain")); got != "" {
		t.Errorf("an error of no known position: %q", got)
	}
	if got := withPos("panic: x (at pages/a.templ:3)", "pages/a.templ:3"); got != "panic: x (at pages/a.templ:3)" {
		t.Errorf("withPos repeated the position: %q", got)
	}
}

// callErr runs f as a callback registered at "test" once, as a page's
// run calls it, and returns the run's failure (nil when it succeeded).
func callErr(f func(*Ctx) error) error {
	cb := &callback{CallbackSpec: CallbackSpec{Func: f}, site: "test", pc: reflect.ValueOf(f).Pointer()}
	r := newRun(nil, context.Background(), nil)
	r.call(cb, invocation{})
	return r.funcErr
}

// devBrokenLayout is a layout that panics, for the positions of layout
// failures.
func devBrokenLayout(Request) templ.Component {
	panic("dev: the layout failed") // dev: the layout panics here
}

// TestErrorPageShowsWhere checks the 500 page of a document load whose
// layout panics: with Config.Dev (which implies Debug) or Debug it names
// the panic's line; without either, neither the panic nor the line.
func TestErrorPageShowsWhere(t *testing.T) {
	t.Parallel()
	where := "framework/errpos_test.go:" + strconv.Itoa(lineOf(t, "errpos_test.go", "dev: the layout panics here"))
	for _, cfg := range []Config{{Dev: true}, {Debug: true}, {}} {
		reg := NewRegistry()
		reg.RegisterPage(Page{Path: "/broken", Layout: devBrokenLayout})
		cfg.Registry = reg
		w := do(newCallbackApp(t, cfg), "GET", "/broken")
		body := w.Body.String()
		detail := cfg.Dev || cfg.Debug
		if w.Code != 500 || strings.Contains(body, where) != detail || strings.Contains(body, "the layout failed") != detail {
			t.Errorf("Dev %v, Debug %v: status %d, body %s", cfg.Dev, cfg.Debug, w.Code, body)
		}
	}
}

// TestCallbackErrorNamesWhere checks the error reply of a failing callback
// with Config.Debug: a panic names its line, a returned error its
// function's line; without Debug, only "callback failed".
func TestCallbackErrorNamesWhere(t *testing.T) {
	t.Parallel()
	for _, debug := range []bool{true, false} {
		p := ft.Visit(t, newCallbackApp(t, Config{Registry: devOverlayApp(), Debug: debug}), "/")
		for id, marker := range map[string]string{"panics": "dev: the callback panics here", "errs": "dev: the callback that returns an error"} {
			p.Click(id)
			where := "(at framework/dev_browser_test.go:" + strconv.Itoa(lineOf(t, "dev_browser_test.go", marker)) + ")"
			if debug && !strings.HasSuffix(p.Err(), where) || !debug && p.Err() != "callback failed" {
				t.Errorf("Debug %v, %s: error %q, want the position %s", debug, id, p.Err(), where)
			}
		}
	}
}
