package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/a-h/templ"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/framework/table"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// bigRow is a row of the million the DataTable test pages through.
type bigRow struct {
	ID    int       `json:"id"`
	Name  string    `json:"name"`
	City  string    `json:"city"`
	Price float64   `json:"price"`
	Share float64   `json:"share"`
	Date  time.Time `json:"date"`
}

var bigCities = []string{"Oslo", "Lima", "Pune", "Kyiv", "Nice", "Bern", "Cork", "Doha"}

// bigRows are 1,000,000 rows, made once: every price differs (7919 is
// invertible modulo the prime 1,000,003), so each sort has one order.
var bigRows = sync.OnceValue(func() []bigRow {
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]bigRow, 1_000_000)
	for i := range rows {
		rows[i] = bigRow{
			ID:    i,
			Name:  "item " + strconv.Itoa(i),
			City:  bigCities[(i/3)%len(bigCities)],
			Price: float64((i*7919+12345)%1_000_003) / 100,
			Share: float64(i%1000) / 1000,
			Date:  start.AddDate(0, 0, i%3650),
		}
	}
	return rows
})

const bigPageSize = 25

// wsSpy wraps the page's WebSocket before the runtime runs: it records
// each message sent and received, with its time and size in bytes.
const wsSpy = `window.pwWS = { sent: [], recv: [] };
(() => {
  const W = window.WebSocket, size = (s) => new TextEncoder().encode(s).length;
  window.WebSocket = class extends W {
    constructor(u, p) {
      super(u, p);
      this.addEventListener("message", (e) => pwWS.recv.push({ t: performance.now(), n: size(e.data), m: JSON.parse(e.data) }));
    }
    send(d) { pwWS.sent.push({ t: performance.now(), n: size(d), m: JSON.parse(d) }); super.send(d); }
  };
})();`

// openSpied serves cfg's app and opens path in Chromium with wsSpy
// installed, once the socket is open and, on a page with a DataTable, the
// runtime's extension that handles its events has run.
func openSpied(t *testing.T, cfg Config, path string) (context.Context, string) {
	t.Helper()
	cfg.Logger = discardLogger()
	app, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	ctx := bt.New(t)
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: wsSpy}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.documentElement.dataset.pwSocket === "open" &&
		(!document.querySelector("[data-pw-table]") || window.__pagewire.ext.paint)`, 10*time.Second)
	return ctx, srv.URL
}

// tableTrip is what the page sent and received for one action.
type tableTrip struct {
	Requests  int               `json:"requests"`
	Replies   int               `json:"replies"`
	ReqBytes  int               `json:"reqBytes"`
	RepBytes  int               `json:"repBytes"`
	Ms        float64           `json:"ms"`
	ServerUS  int64             `json:"us"`
	Trigger   string            `json:"trigger"`
	Updates   []string          `json:"updates"`
	Rows      int               `json:"rows"`
	PageCount json.RawMessage   `json:"pageCount"`
	Error     string            `json:"error"`
	Props     map[string]string `json:"props"`
}

// readRoundTrip sums up the callback requests recorded since pwWS was
// last cleared, and their replies.
const readRoundTrip = `(() => {
  const reqs = pwWS.sent.filter((s) => s.m.type === "cb"), refs = reqs.map((s) => s.m.ref);
  const reps = pwWS.recv.filter((r) => refs.includes(r.m.ref));
  const r = { requests: reqs.length, replies: reps.length, props: {} };
  if (reqs.length !== 1 || reps.length !== 1) return r;
  const q = reqs[0], a = reps[0], ups = a.m.updates || [];
  const data = ups.find((u) => u.prop === "data"), count = ups.find((u) => u.prop === "page_count");
  q.m.props.forEach((p) => { r.props[p.id + "." + p.prop] = JSON.stringify(p.value); });
  return Object.assign(r, { reqBytes: q.n, repBytes: a.n, ms: a.t - q.t, us: a.m.us || 0,
    trigger: q.m.trigger.map((k) => k.id + "." + k.prop).join(), updates: ups.map((u) => u.id + "." + u.prop),
    rows: data ? data.value.length : -1, pageCount: count ? count.value : null, error: a.m.error || "" });
})()`

// dataTableApp has one page, /: a DataTable over bigRows, filled by a
// callback with table.Apply (first paint included), and a paragraph that
// shows its active_cell and selected_rows.
func dataTableApp(rows []bigRow) *Registry {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Title: "Table", Layout: func(Request) templ.Component {
		return templ.Join(
			components.DataTable(components.DataTableProps{
				ID: "tbl", PageSize: bigPageSize, RowSelectable: "multi",
				Columns: []components.Column{
					{ID: "id", Name: "ID"},
					{ID: "name", Name: "Name"},
					{ID: "city", Name: "City"},
					{ID: "price", Name: "Price", Format: components.FormatMoney("$")},
					{ID: "share", Name: "Share", Format: components.FormatPercent(1)},
					{ID: "date", Name: "Date", Format: components.FormatDate()},
				},
			}),
			templ.Raw(`<p id="picked"></p>`),
		)
	}})
	registerTablePager(reg, rows)
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("picked", "children")),
		Inputs:  outputs(Input("tbl", "active_cell"), Input("tbl", "selected_rows")),
		Func: func(c *Ctx) error {
			c.Set("picked", "children", fmt.Sprintf("active=%s selected=%s", c.Get("tbl", "active_cell").Raw(), c.Get("tbl", "selected_rows").Raw()))
			return nil
		},
	})
	return reg
}

// TestBrowserDataTable drives a DataTable over 1,000,000 rows in
// Chromium: the first paint shows page 1; a header click sorts, a second
// reverses, a shift-click adds a column; a filter typed and entered
// filters and goes back to page 0; the pager moves; a cell click and a
// checkbox set active_cell and selected_rows. Each action is one request
// whose reply carries one page (25 rows) and page_count; their sizes and
// times are logged.
func TestBrowserDataTable(t *testing.T) {
	rows := bigRows()
	byPrice := make([]int, len(rows))
	for i := range byPrice {
		byPrice[i] = i
	}
	sort.Slice(byPrice, func(a, b int) bool { return rows[byPrice[a]].Price < rows[byPrice[b]].Price })
	var oslo []int // Oslo's rows, dearest first
	for j := len(byPrice) - 1; j >= 0; j-- {
		if rows[byPrice[j]].City == "Oslo" {
			oslo = append(oslo, byPrice[j])
		}
	}

	// The first paint is the server's: page 1, complete, without script.
	reg := dataTableApp(rows)
	ctx, base := openSpied(t, Config{Registry: reg}, "/")
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	html := string(body)
	tbody := html[strings.Index(html, "<tbody>"):strings.Index(html, "</tbody>")]
	if strings.Count(tbody, "<tr") != bigPageSize || !strings.Contains(tbody, "<td>0</td><td>item 0</td><td>Oslo</td>") ||
		!strings.Contains(html, `Page 1 of 40000`) || !strings.Contains(html, `value="-1" disabled`) {
		t.Fatalf("the first paint is not page 1 of 40000 with %d rows:\n%.3000s", bigPageSize, tbody)
	}
	t.Logf("first paint: %d bytes of HTML, %d of them the table's rows", len(body), len(tbody))

	wait := func(js string) { t.Helper(); bt.WaitFor(t, ctx, js, 15*time.Second) }
	text := func(js string) string { t.Helper(); return bt.Eval[string](t, ctx, js) }
	const firstID = `document.querySelector("#tbl tbody tr td:nth-child(2)").textContent`
	const pager = `document.querySelector("#tbl nav span").textContent`
	const state = `JSON.parse(document.getElementById("tbl").getAttribute("data-pw-table"))`
	if got := text(firstID + ` + " | " + ` + pager); got != "0 | Page 1 of 40000" {
		t.Fatalf("first paint in the browser: %q", got)
	}
	if n := bt.Eval[int](t, ctx, `pwWS.sent.filter((s) => s.m.type === "cb").length`); n != 0 {
		t.Errorf("the page load sent %d callback requests, want 0", n)
	}

	// click clicks the middle of an element with a real mouse event.
	click := func(sel string, opts ...chromedp.MouseOption) {
		t.Helper()
		xy := bt.Eval[[]float64](t, ctx, `(() => { const e = document.querySelector(`+strconv.Quote(sel)+`); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(xy[0], xy[1], opts...)); err != nil {
			t.Fatal(err)
		}
	}
	var pages []tableTrip
	// step clears the spy, acts, waits for the result, and checks that
	// the action was one request, answered once.
	step := func(name string, do func(), done string) tableTrip {
		t.Helper()
		bt.Eval[chromedp.Void](t, ctx, `pwWS.sent = []; pwWS.recv = []`)
		do()
		wait(done + ` && pwWS.recv.some((r) => r.m.type === "cb")`)
		time.Sleep(150 * time.Millisecond) // nothing more follows
		r := bt.Eval[tableTrip](t, ctx, readRoundTrip)
		if r.Requests != 1 || r.Replies != 1 || r.Error != "" {
			t.Fatalf("%s: %d requests, %d replies (%q), want one round trip", name, r.Requests, r.Replies, r.Error)
		}
		return r
	}
	// pageStep is a step that must be answered by one page and its count.
	pageStep := func(name, trigger string, do func(), done string, count int) {
		t.Helper()
		r := step(name, do, done)
		if r.Trigger != "tbl."+trigger || strings.Join(r.Updates, ",") != "tbl.data,tbl.page_count" || r.Rows != bigPageSize || string(r.PageCount) != strconv.Itoa(count) {
			t.Errorf("%s: trigger %s, updates %v, %d rows, page_count %s; want %s, data and page_count, %d rows, %d", name, r.Trigger, r.Updates, r.Rows, r.PageCount, trigger, bigPageSize, count)
		}
		t.Logf("%-28s reply %5d bytes (request %4d), round trip %6.1f ms, server %6.1f ms", name+":", r.RepBytes, r.ReqBytes, r.Ms, float64(r.ServerUS)/1000)
		pages = append(pages, r)
	}
	id := func(i int) string { return strconv.Itoa(rows[i].ID) }
	osloPages := table.PageCount(len(oslo), bigPageSize)
	osloPager := func(n int) string { return `"Page ` + strconv.Itoa(n) + ` of ` + strconv.Itoa(osloPages) + `"` }

	// A header click sorts ascending, a second descending.
	pageStep("sort price asc", "sort_by", func() { click(`#tbl thead th:nth-child(5) button`) },
		firstID+` === "`+id(byPrice[0])+`"`, 40000)
	if got := text(`[...document.querySelectorAll("#tbl thead th")].map((th) => th.getAttribute("aria-sort") + th.textContent).join("|")`); got != "nullSelect|noneID|noneName|noneCity|ascendingPrice ▲|noneShare|noneDate" {
		t.Errorf("headers after sorting by price: %q", got)
	}
	pageStep("sort price desc", "sort_by", func() { click(`#tbl thead th:nth-child(5) button`) },
		firstID+` === "`+id(byPrice[len(byPrice)-1])+`"`, 40000)
	if got := text(`document.querySelector("#tbl tbody tr td:nth-child(5)").textContent`); got != dom.FormatCell(rows[byPrice[len(byPrice)-1]].Price, dom.TableFormat{Type: "money", Symbol: "$"}) {
		t.Errorf("the dearest price shows %q", got)
	}
	// A shift-click adds a column to the sort.
	pageStep("shift-click city", "sort_by", func() { click(`#tbl thead th:nth-child(4) button`, chromedp.ButtonModifiers(chromedp.ModifierShift)) },
		`document.querySelector("#tbl thead th:nth-child(4)").getAttribute("aria-sort") === "ascending"`, 40000)
	if got := text(`JSON.stringify(` + state + `.sort_by)`); got != `[{"column_id":"price","direction":"desc"},{"column_id":"city","direction":"asc"}]` {
		t.Errorf("sort_by after the shift-click: %s", got)
	}

	// Next, then a filter: typed, entered, it filters and goes back to
	// page 0, in one round trip.
	pageStep("next page", "page_current", func() { click(`#tbl nav button[value="1"]`) },
		pager+` === "Page 2 of 40000"`, 40000)
	pageStep("filter city Oslo", "filter_query", func() {
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#tbl thead input[aria-label="Filter City"]`), "Oslo\r")); err != nil {
			t.Fatal(err)
		}
	}, pager+` === `+osloPager(1), osloPages)
	if got := text(firstID + ` + " " + JSON.stringify(` + state + `.filter_query) + " " + ` + state + `.page_current`); got != id(oslo[0])+` "{city} contains \"Oslo\"" 0` {
		t.Errorf("after the filter: %s", got)
	}
	if r := pages[len(pages)-1]; r.Props["tbl.page_current"] != "0" || r.Props["tbl.filter_query"] != `"{city} contains \"Oslo\""` {
		t.Errorf("the filter's request sent %v", r.Props)
	}
	// The pager, forward and back, within the filter.
	pageStep("next page (filtered)", "page_current", func() { click(`#tbl nav button[value="1"]`) },
		firstID+` === "`+id(oslo[bigPageSize])+`" && `+pager+` === `+osloPager(2), osloPages)
	pageStep("previous page (filtered)", "page_current", func() { click(`#tbl nav button[value="-1"]`) },
		firstID+` === "`+id(oslo[0])+`" && `+pager+` === `+osloPager(1)+` && document.querySelector('#tbl nav button[value="-1"]').disabled`, osloPages)
	for i, want := range oslo[:bigPageSize] {
		if got := text(`document.querySelector("#tbl tbody").rows[` + strconv.Itoa(i) + `].cells[1].textContent`); got != id(want) {
			t.Fatalf("row %d of the filtered page 1 is %s, want %s", i, got, id(want))
		}
	}

	// A cell click sets active_cell; a checkbox, selected_rows: each fires
	// the callback that shows them, in one round trip.
	r := step("active cell", func() { click(`#tbl tbody tr:nth-child(1) td:nth-child(3)`) },
		`document.getElementById("picked").textContent.startsWith("active={")`)
	if got := text(`document.getElementById("picked").textContent`); got != `active={"row":0,"column":1,"column_id":"name"} selected=[]` || r.Trigger != "tbl.active_cell" || strings.Join(r.Updates, ",") != "picked.children" {
		t.Errorf("after a click on row 1's name: %q (trigger %s, updates %v)", got, r.Trigger, r.Updates)
	}
	r = step("select row 2", func() { click(`#tbl tbody tr:nth-child(2) input`) },
		`document.getElementById("picked").textContent.endsWith("selected=[1]")`)
	if r.Trigger != "tbl.selected_rows" || text(`document.querySelector("#tbl tbody tr:nth-child(2)").getAttribute("aria-selected")`) != "true" {
		t.Errorf("selecting row 2: trigger %s", r.Trigger)
	}

	var bytes, ms, us []float64
	for _, p := range pages {
		bytes, ms, us = append(bytes, float64(p.RepBytes)), append(ms, p.Ms), append(us, float64(p.ServerUS)/1000)
	}
	t.Logf("per page over %d rows (%d actions): reply median %.0f bytes (max %.0f), round trip median %.1f ms (max %.1f), server median %.1f ms",
		len(rows), len(pages), median(bytes), slices.Max(bytes), median(ms), slices.Max(ms), median(us))
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// formatColumns are a column of each format, for the same values.
var formatColumns = []components.Column{
	{ID: "plain"},
	{ID: "num2", Format: components.FormatNumber(2, true)},
	{ID: "num0", Format: components.FormatNumber(0, false)},
	{ID: "num3", Format: components.FormatNumber(3, false)},
	{ID: "pct1", Format: components.FormatPercent(1)},
	{ID: "pct0", Format: components.FormatPercent(0)},
	{ID: "usd", Format: components.FormatMoney("$")},
	{ID: "eur", Format: components.FormatMoney("€")},
	{ID: "date", Format: components.FormatDate()},
}

// registerTablePager registers the callback that pages the DataTable "tbl" through
// rows with package table, as an app would.
func registerTablePager[T any](reg *Registry, rows []T) {
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("tbl", "data"), Output("tbl", "page_count")),
		Inputs:  outputs(Input("tbl", "sort_by"), Input("tbl", "filter_query"), Input("tbl", "page_current")),
		States:  outputs(State("tbl", "page_size")),
		Func: func(c *Ctx) error {
			q := table.Query{Filter: c.String("tbl", "filter_query"), Page: c.Int("tbl", "page_current"), PageSize: c.Int("tbl", "page_size")}
			if err := c.Decode("tbl", "sort_by", &q.SortBy); err != nil {
				return err
			}
			page, total, err := table.Apply(rows, q)
			if err != nil {
				return err
			}
			c.Set("tbl", "data", page)
			c.Set("tbl", "page_count", table.PageCount(total, q.PageSize))
			return nil
		},
	})
}
