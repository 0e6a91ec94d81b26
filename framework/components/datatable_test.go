package components

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/framework/table"
	"github.com/pagewire/pagewire/internal/wire"
	"golang.org/x/net/html"
)

type product struct {
	ID     int       `json:"id"`
	Name   string    `json:"name"`
	Price  float64   `json:"price"`
	Share  float64   `json:"share"`
	Weight float64   `json:"weight"`
	Since  time.Time `json:"since"`
	Secret string    `json:"-"`
}

var productColumns = []Column{
	{ID: "id", Name: "ID"},
	{ID: "name", Name: "Name"},
	{ID: "price", Name: "Price", Format: FormatMoney("$")},
	{ID: "share", Name: "Share", Format: FormatPercent(1)},
	{ID: "weight", Name: "Weight (kg)", Format: FormatNumber(2, true)},
	{ID: "since", Name: "Since", Format: FormatDate()},
}

func products() []product {
	return []product{
		{ID: 1, Name: `Bolt <M4> & "nut"`, Price: 1234.5, Share: 0.1234, Weight: 12345.678, Since: time.Date(2021, 6, 30, 22, 0, 0, 0, time.FixedZone("", -3*3600))},
		{ID: 2, Name: "Gear", Price: -0.005, Share: 0.285, Weight: 2.675, Since: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
	}
}

func renderTable(t *testing.T, p DataTableProps) string {
	t.Helper()
	var b bytes.Buffer
	if err := DataTable(p).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// parseTable parses a rendered DataTable and returns its element.
func parseTable(t *testing.T, s string) *html.Node {
	t.Helper()
	f, err := dom.ParseFragment([]byte(s))
	if err != nil || len(f.Nodes) != 1 {
		t.Fatalf("parse: %v, %d nodes", err, len(f.Nodes))
	}
	return f.Nodes[0]
}

func TestDataTableRender(t *testing.T) {
	t.Parallel()
	s := renderTable(t, DataTableProps{
		ID: "tbl", Columns: productColumns, Data: products(), PageCurrent: 1, PageSize: 2, PageCount: 3,
		SortBy: table.SortBy{{ColumnID: "price", Direction: "desc"}, {ColumnID: "name", Direction: "asc"}}, FilterQuery: `{name} contains "o" && {price} > 5`,
		RowSelectable: "multi", SelectedRows: []int{1}, Class: "wide",
	})
	for _, want := range []string{
		`<div id="tbl" class="pw-table wide" data-pw-table="{&#34;columns&#34;:[{&#34;id&#34;:&#34;id&#34;,&#34;name&#34;:&#34;ID&#34;,&#34;format&#34;:{&#34;type&#34;:&#34;&#34;,&#34;decimals&#34;:0,&#34;group&#34;:false,&#34;symbol&#34;:&#34;&#34;}}`,
		`&#34;row_selectable&#34;:&#34;multi&#34;,&#34;sort_by&#34;:[{&#34;column_id&#34;:&#34;price&#34;,&#34;direction&#34;:&#34;desc&#34;},{&#34;column_id&#34;:&#34;name&#34;,&#34;direction&#34;:&#34;asc&#34;}]`,
		`&#34;page_current&#34;:1,&#34;page_size&#34;:2,&#34;page_count&#34;:3,&#34;selected_rows&#34;:[1],&#34;active_cell&#34;:null}"`,
		// The data is the rows' JSON, escaped, without the json:"-" field.
		`data-pw-data="[{&#34;id&#34;:1,&#34;name&#34;:&#34;Bolt \u003cM4\u003e \u0026 \&#34;nut\&#34;&#34;,&#34;price&#34;:1234.5,`,
		// Headers: sort buttons, aria-sort, numeric columns right-aligned.
		`<table><thead><tr><th scope="col">Select</th><th scope="col" aria-sort="none"><button type="button" value="id">ID<span aria-hidden="true"></span></button></th>`,
		`<th scope="col" aria-sort="ascending"><button type="button" value="name">Name<span aria-hidden="true"> ▲</span></button></th>`,
		`<th scope="col" aria-sort="descending" class="pw-num"><button type="button" value="price">Price<span aria-hidden="true"> ▼</span></button></th>`,
		`<th scope="col" aria-sort="none" class="pw-num"><button type="button" value="weight">Weight (kg)<span aria-hidden="true"></span></button></th>`,
		// Filter inputs, filled from the query.
		`<tr class="pw-table-filter"><td></td><td><input type="text" aria-label="Filter ID" value=""></td><td><input type="text" aria-label="Filter Name" value="o"></td><td><input type="text" aria-label="Filter Price" value="&gt; 5"></td>`,
		// Rows: escaped text, formats, selection.
		`<tbody><tr><td><input type="checkbox" name="tbl-rows" aria-label="Select row 1"></td><td>1</td><td>Bolt &lt;M4&gt; &amp; &#34;nut&#34;</td><td class="pw-num">$1,234.50</td><td class="pw-num">12.3%</td><td class="pw-num">12,345.68</td><td>2021-06-30</td></tr>`,
		`<tr aria-selected="true"><td><input type="checkbox" name="tbl-rows" aria-label="Select row 2" checked></td><td>2</td><td>Gear</td><td class="pw-num">-$0.01</td><td class="pw-num">28.5%</td><td class="pw-num">2.68</td><td>2024-01-02</td></tr></tbody></table>`,
		// The pager.
		`<nav class="pw-table-pager" aria-label="Pages"><button type="button" value="-1">Previous</button> <span aria-live="polite">Page 2 of 3</span> <button type="button" value="1">Next</button></nav></div>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the render lacks\n%s\nin\n%s", want, s)
		}
	}
	if strings.Contains(s, "<M4>") || strings.Contains(s, "Secret") {
		t.Error("unescaped text or a json:\"-\" field")
	}
}

// TestDataTablePagerEnds checks the pager's disabled buttons at the ends,
// and with no pages at all.
func TestDataTablePagerEnds(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		page, count int
		want        string
	}{
		{0, 5, `<button type="button" value="-1" disabled>Previous</button> <span aria-live="polite">Page 1 of 5</span> <button type="button" value="1">Next</button>`},
		{4, 5, `<button type="button" value="-1">Previous</button> <span aria-live="polite">Page 5 of 5</span> <button type="button" value="1" disabled>Next</button>`},
		{0, 0, `<button type="button" value="-1" disabled>Previous</button> <span aria-live="polite">Page 1 of 1</span> <button type="button" value="1" disabled>Next</button>`},
	} {
		s := renderTable(t, DataTableProps{ID: "t", Columns: productColumns[:1], PageCurrent: c.page, PageCount: c.count})
		if !strings.Contains(s, c.want) {
			t.Errorf("page %d of %d:\n%s", c.page, c.count, s)
		}
	}
}

// TestDataTableDefaults checks an empty table: no data, Dash's page size,
// no selection column, names defaulting to ids, radios for single.
func TestDataTableDefaults(t *testing.T) {
	t.Parallel()
	s := renderTable(t, DataTableProps{Columns: []Column{{ID: "a"}}})
	n := parseTable(t, s)
	for prop, want := range map[string]string{"data": "[]", "page_size": "250", "sort_by": "[]", "selected_rows": "[]", "page_count": "0", "filter_query": `""`} {
		if got := string(dom.ReadProp(n, prop, nil)); got != want {
			t.Errorf("%s reads %s, want %s", prop, got, want)
		}
	}
	if strings.Contains(s, "Select") || strings.Contains(s, ` id=`) || !strings.Contains(s, `value="a">a<span`) || !strings.Contains(s, "<tbody></tbody>") {
		t.Errorf("defaults:\n%s", s)
	}
	s = renderTable(t, DataTableProps{ID: "r", Columns: []Column{{ID: "a"}}, Data: []map[string]any{{"a": 1}, {"a": 2}}, RowSelectable: "single", SelectedRows: []int{0}})
	if !strings.Contains(s, `<tr aria-selected="true"><td><input type="radio" name="r-rows" aria-label="Select row 1" checked></td><td>1</td></tr><tr><td><input type="radio" name="r-rows" aria-label="Select row 2"></td><td>2</td></tr>`) {
		t.Errorf("single selection:\n%s", s)
	}
}

// TestDataTableFirstPaintIsTheRuntimes checks that the server's render of
// a page of structs is what drawing the table again from the rows' JSON
// gives (ApplyProp of data, the rule the runtime's paint mirrors): the
// formats agree on Go values and on what JSON makes of them.
func TestDataTableFirstPaintIsTheRuntimes(t *testing.T) {
	t.Parallel()
	rows := append(products(), product{ID: 3, Name: "", Price: 1e21, Share: -0.0004, Weight: 1e-7})
	n := parseTable(t, renderTable(t, DataTableProps{ID: "tbl", Columns: productColumns, Data: rows, PageCount: 1, RowSelectable: "multi", SelectedRows: []int{2}}))
	var first bytes.Buffer
	html.Render(&first, n)
	raw, _ := json.Marshal(rows)
	if err := dom.ApplyProp(n, "data", raw); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	html.Render(&again, n)
	if first.String() != again.String() {
		t.Errorf("first paint\n%s\ndrawn again from JSON\n%s", first.String(), again.String())
	}
}

func TestDataTableErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		p    DataTableProps
		want string
	}{
		{DataTableProps{ID: "x"}, "no columns"},
		{DataTableProps{ID: "x", Columns: []Column{{}}}, "column 0 has no ID"},
		{DataTableProps{ID: "x", Columns: []Column{{ID: "a"}, {ID: "a"}}}, `column "a" is listed twice`},
		{DataTableProps{ID: "x", Columns: []Column{{ID: "a", Format: Format{Type: "currency"}}}}, `format type "currency"`},
		{DataTableProps{ID: "x", Columns: []Column{{ID: "a", Format: FormatNumber(21, false)}}}, "21 decimals"},
		{DataTableProps{ID: "x", Columns: []Column{{ID: "a"}}, RowSelectable: "many"}, `RowSelectable "many"`},
		{DataTableProps{ID: "x", Columns: []Column{{ID: "Name"}}, Data: products()}, `column "Name" is the field whose JSON name is "name"`},
		{DataTableProps{ID: "x", Columns: []Column{{ID: "nope"}}, Data: products()}, `unknown column "nope"`},
		{DataTableProps{ID: "x", Columns: []Column{{ID: "a"}}, Data: 42}, "not a slice"},
	} {
		err := DataTable(c.p).Render(context.Background(), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), `components.DataTable "x": `) {
			t.Errorf("%+v: %v, want %q", c.p, err, c.want)
		}
	}
}

// TestDataTableAttributes checks that the component renders only package
// wire's attributes.
func TestDataTableAttributes(t *testing.T) {
	t.Parallel()
	s := renderTable(t, DataTableProps{ID: "t", Columns: productColumns, Data: products()})
	for _, a := range []string{wire.AttrTable, wire.AttrData} {
		if strings.Count(s, " "+a+"=") != 1 {
			t.Errorf("%s appears %d times", a, strings.Count(s, " "+a+"="))
		}
	}
	if strings.Count(s, "data-pw-") != 2 {
		t.Errorf("%d data-pw- attributes", strings.Count(s, "data-pw-"))
	}
}
