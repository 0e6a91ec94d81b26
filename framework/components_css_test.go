package framework

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"

	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// getPath serves a GET of path by app.
func getPath(app *App, path string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w
}

func TestComponentCSSLinkedAndServed(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<p>hi</p>`)
	app := newCallbackApp(t, Config{Registry: reg, Assets: fstest.MapFS{}, BasePath: "/dash/"})
	url := "/dash" + RuntimePrefix + componentCSSFile
	if body := getPath(app, "/dash/").Body.String(); !strings.Contains(body, `href="`+url+`"`) {
		t.Fatalf("the page does not link %s:\n%s", url, body)
	}
	w := getPath(app, url)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") ||
		!strings.Contains(w.Header().Get("Cache-Control"), "immutable") || w.Header().Get("ETag") == "" {
		t.Fatalf("GET %s: %d %v", url, w.Code, w.Header())
	}
	if !strings.Contains(w.Body.String(), ".pw-loading:not([data-pw-loading-on]) > .pw-loading-indicator { display: none; }") {
		t.Fatalf("the component CSS lacks the Loading rule:\n%s", w.Body.String())
	}

	// With the theme, which has the same rules, only the theme is linked.
	reg = NewRegistry()
	page(reg, "/", `<p>hi</p>`)
	themed := newCallbackApp(t, Config{Registry: reg, Assets: fstest.MapFS{}, Theme: true})
	body := getPath(themed, "/").Body.String()
	if strings.Contains(body, componentCSSFile) || !strings.Contains(body, themeFile) {
		t.Fatalf("a themed page links the component CSS, or not the theme:\n%s", body)
	}
}

// TestThemeHasComponentRules checks that the theme, linked instead of the
// component rules, has each of them.
func TestThemeHasComponentRules(t *testing.T) {
	t.Parallel()
	for line := range strings.SplitSeq(string(componentCSS), "\n") {
		if strings.HasPrefix(line, ".") && !strings.Contains(string(themeCSS), line) {
			t.Errorf("the theme lacks the component rule %s", line)
		}
	}
}

// A Loading indicator without any CSS of the app: hidden while nothing
// loads, shown while its callback runs.
func TestBrowserLoadingWithoutAppCSS(t *testing.T) {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Raw(`<button id="go">go</button><div class="pw-loading" data-pw-loading data-pw-delay="0"><p id="out"></p><span class="pw-loading-indicator" role="status">Loading…</span></div>`)
	}})
	release := make(chan struct{})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("go", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			<-release
			c.Set("out", "children", "done")
			return nil
		},
	})
	ctx, _ := openApp(t, Config{Registry: reg, Assets: fstest.MapFS{}}, "/")
	var once sync.Once
	done := func() { once.Do(func() { close(release) }) }
	t.Cleanup(done) // before the app's shutdown, which waits for the callback
	const display = `getComputedStyle(document.querySelector(".pw-loading-indicator")).display`
	bt.WaitFor(t, ctx, display+` === "none"`, 5*time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("go"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, display+` !== "none" && document.querySelector(".pw-loading-indicator").getBoundingClientRect().height > 0`, 5*time.Second)
	done()
	bt.WaitFor(t, ctx, `document.getElementById("out").textContent === "done" && `+display+` === "none"`, 5*time.Second)
}

// TestNoComponentCSS checks that an app that opts out links no component
// stylesheet.
func TestNoComponentCSS(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	page(reg, "/", `<p>hi</p>`)
	app := newCallbackApp(t, Config{Registry: reg, Assets: fstest.MapFS{}, NoComponentCSS: true})
	if body := getPath(app, "/").Body.String(); strings.Contains(body, componentCSSFile) {
		t.Fatalf("the page links the component stylesheet:\n%s", body)
	}
}
