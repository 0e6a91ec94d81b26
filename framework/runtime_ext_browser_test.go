package framework

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// extRow is a row of the DataTable of extApp.
type extRow struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

// extApp has two pages without a DataTable (/ and /plain) and one with
// one (/table), all linked: ten rows, n from 9 down to 0, five a page,
// sorted and paged by a callback. The table's page subscribes to the
// topic "table".
func extApp() *Registry {
	rows := make([]extRow, 10)
	for i := range rows {
		rows[i] = extRow{Name: "r" + strconv.Itoa(i), N: 9 - i}
	}
	links := `<a id="to-home" href="/">home</a> <a id="to-plain" href="/plain">plain</a> <a id="to-table" href="/table">table</a>`
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Title: "Home", Layout: func(Request) templ.Component { return templ.Raw(`<h1>home</h1>` + links) }})
	reg.RegisterPage(Page{Path: "/plain", Title: "Plain", Layout: func(Request) templ.Component { return templ.Raw(`<h1>plain</h1>` + links) }})
	reg.RegisterPage(Page{Path: "/table", Title: "Table", Layout: func(r Request) templ.Component {
		Subscribe(r, "table")
		return templ.Join(
			components.DataTable(components.DataTableProps{ID: "tbl", PageSize: 5, Columns: []components.Column{{ID: "name", Name: "Name"}, {ID: "n", Name: "N", Format: components.FormatNumber(0, false)}}}),
			templ.Raw(links),
		)
	}})
	registerTablePager(reg, rows)
	return reg
}

// TestBrowserRuntimeExtLoadsWithATable checks in Chromium that the
// runtime's extension (runtime-ext.<hash>.js, the DataTable's code) is
// loaded only by pages that show a DataTable: never by pages without one,
// once (with the runtime's nonce) when in-app navigation shows one, and
// once by a document load of one, where a header click then sorts. A load
// that failed is tried again at the next need: here a push that changes
// the table's state, drawn once the extension ran.
func TestBrowserRuntimeExtLoadsWithATable(t *testing.T) {
	const nonce = "3xt-n0nce"
	ctx, app := openApp(t, Config{Registry: extApp(), Nonce: func(*http.Request) string { return nonce }}, "/")
	eval := func(js string) { t.Helper(); bt.Eval[chromedp.Void](t, ctx, "(() => { "+js+" })()") }
	wait := func(js string) { t.Helper(); bt.WaitFor(t, ctx, js, 15*time.Second) }
	click := func(id string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(id), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
	}
	const extRequests = `performance.getEntriesByType("resource").filter((e) => e.name.includes("/_pagewire/runtime-ext.")).length +
		100 * document.querySelectorAll('script[src*="/_pagewire/runtime-ext."]').length`
	const loaded = `window.__pagewire && window.__pagewire.ext.paint`
	const firstRow = `[...document.querySelectorAll("#tbl tbody tr:first-child td")].map((td) => td.textContent).join()`
	eval(`window.pwMark = 1; window.pwErrors = [];
		addEventListener("error", (e) => pwErrors.push(e.message));
		addEventListener("unhandledrejection", (e) => pwErrors.push(String(e.reason)))`)

	// Pages without a DataTable, loaded and navigated to, never request it.
	click("to-plain")
	wait(`location.pathname === "/plain" && document.querySelector("h1").textContent === "plain"`)
	click("to-home")
	wait(`location.pathname === "/" && document.querySelector("h1").textContent === "home"`)
	time.Sleep(300 * time.Millisecond)
	if n := bt.Eval[int](t, ctx, extRequests); n != 0 || bt.Eval[bool](t, ctx, `!!(`+loaded+`)`) {
		t.Fatalf("pages without a DataTable loaded the extension (%d requests, %d script elements)", n%100, n/100)
	}

	// In-app navigation to a table loads it once, with the runtime's
	// nonce, and the table works: a header click sorts.
	click("to-table")
	wait(`location.pathname === "/table" && window.pwMark === 1 && ` + loaded)
	if got := bt.Eval[string](t, ctx, firstRow); got != "r0,9" {
		t.Errorf("the table's first row %q, want r0,9", got)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('script[src*="/_pagewire/runtime-ext."]').nonce`); got != nonce {
		t.Errorf("the extension's script nonce %q, want the runtime's %q", got, nonce)
	}
	const sortByN = `document.querySelector("#tbl thead th:nth-child(2) button").click()`
	eval(sortByN)
	wait(`document.querySelector("#tbl thead th:nth-child(2)").getAttribute("aria-sort") === "ascending" && ` + firstRow + ` === "r9,0"`)

	// Away and back: the extension is not requested again.
	click("to-home")
	wait(`location.pathname === "/" && !document.getElementById("tbl")`)
	click("to-table")
	wait(`location.pathname === "/table" && ` + firstRow + ` === "r0,9"`)
	eval(sortByN)
	wait(firstRow + ` === "r9,0"`)
	if n := bt.Eval[int](t, ctx, extRequests); n != 101 || !bt.Eval[bool](t, ctx, "window.pwMark === 1") {
		t.Errorf("the extension was requested %d times and injected %d times in one document, want once", n%100, n/100)
	}
	if errs := bt.Eval[[]string](t, ctx, "pwErrors"); len(errs) > 0 {
		t.Errorf("errors in the page: %q", errs)
	}

	// A document load of the table's page loads it once too, and a real
	// click on a header sorts.
	if err := chromedp.Do(ctx, chromedp.Navigate(bt.Eval[string](t, ctx, "location.origin")+"/table")); err != nil {
		t.Fatal(err)
	}
	wait(`document.documentElement.dataset.pwSocket === "open" && ` + loaded)
	if n := bt.Eval[int](t, ctx, extRequests); n != 101 {
		t.Errorf("a document load of the table's page requested the extension %d times and injected it %d times, want once", n%100, n/100)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`#tbl thead th:nth-child(2) button`, chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	wait(`document.querySelector("#tbl thead th:nth-child(2)").getAttribute("aria-sort") === "ascending" && ` + firstRow + ` === "r9,0"`)

	// A load that fails (here a URL that is not the extension's) leaves
	// the server's drawing and logs the error; the next need, a push that
	// sets the table's sort_by, loads it and draws the table then.
	if err := chromedp.Do(ctx, chromedp.Navigate(bt.Eval[string](t, ctx, "location.origin")+"/")); err != nil {
		t.Fatal(err)
	}
	wait(`document.documentElement.dataset.pwSocket === "open"`)
	eval(`window.pwLogged = [];
		const log = console.error;
		console.error = (...a) => { pwLogged.push(a.map(String).join(" ")); log(...a); };
		const s = document.querySelector("script[data-pw-ext]");
		window.pwExt = s.getAttribute("data-pw-ext");
		s.setAttribute("data-pw-ext", pwExt.replace(/runtime-ext\.\w+/, "runtime-ext.000000000000"))`)
	click("to-table")
	wait(`location.pathname === "/table" && pwLogged.some((m) => m.includes("extension did not load"))`)
	if n := bt.Eval[int](t, ctx, extRequests); n != 1 || bt.Eval[bool](t, ctx, `!!(`+loaded+`)`) || bt.Eval[string](t, ctx, firstRow) != "r0,9" {
		t.Errorf("after a failed load: %d requests, %d script elements, loaded %v, first row %q", n%100, n/100, bt.Eval[bool](t, ctx, `!!(`+loaded+`)`), bt.Eval[string](t, ctx, firstRow))
	}
	eval(`document.querySelector("script[data-pw-ext]").setAttribute("data-pw-ext", pwExt)`)
	if err := app.Broadcast(t.Context(), "table", Update{ID: "tbl", Prop: "sort_by", Value: []map[string]string{{"column_id": "n", "direction": "desc"}}}); err != nil {
		t.Fatal(err)
	}
	wait(loaded + ` && document.querySelector("#tbl thead th:nth-child(2)").getAttribute("aria-sort") === "descending"`)
	if got := bt.Eval[string](t, ctx, `document.querySelector("#tbl thead th:nth-child(2)").textContent`); got != "N ▼" {
		t.Errorf("the header after the pushed sort: %q", got)
	}
	if n := bt.Eval[int](t, ctx, extRequests); n != 102 {
		t.Errorf("after the retry: %d requests and %d script elements, want 2 and 1", n%100, n/100)
	}
}
