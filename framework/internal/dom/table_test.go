package dom

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pagewire/pagewire/internal/wire"
	"golang.org/x/net/html"
)

var (
	num2   = TableFormat{Type: FormatNumber, Decimals: 2, Group: true}
	num0   = TableFormat{Type: FormatNumber}
	num3   = TableFormat{Type: FormatNumber, Decimals: 3}
	pct0   = TableFormat{Type: FormatPercent}
	pct1   = TableFormat{Type: FormatPercent, Decimals: 1}
	usd    = TableFormat{Type: FormatMoney, Symbol: "$"}
	eur    = TableFormat{Type: FormatMoney, Symbol: "€"}
	date   = TableFormat{Type: FormatDate}
	asIs   = TableFormat{}
	pctBig = TableFormat{Type: FormatPercent, Decimals: 2, Group: true}
)

// FormatCases are values, formats and the text FormatCell must give; the
// browser test runs them through the runtime's cellText too.
var formatCases = []struct {
	v    any
	f    TableFormat
	want string
}{
	{1234.5, num2, "1,234.50"},
	{-1234.5, num2, "-1,234.50"},
	{0.0, num2, "0.00"},
	{-0.001, num2, "0.00"}, // no minus on a zero
	{-0.005, num2, "-0.01"},
	{2.675, num2, "2.68"}, // its shortest digits, not its binary value (2.67499…)
	{1.005, num2, "1.01"},
	{0.125, num2, "0.13"}, // half away from zero, not to even
	{999.995, num2, "1,000.00"},
	{1e21, num2, "1,000,000,000,000,000,000,000.00"},
	{123456789.123, num2, "123,456,789.12"},
	{2.5, num0, "3"},
	{-2.5, num0, "-3"},
	{0.4, num0, "0"},
	{1234567.0, num0, "1234567"},
	{1e-7, num0, "0"},
	{1e-7, num3, "0.000"},
	{0.0005, num3, "0.001"},
	{0.1234, pct1, "12.3%"},
	{0.285, pct0, "29%"}, // ×100 on the digits: 28.5, not 28.499999999999996
	{-0.0004, pct1, "0.0%"},
	{1.0, pct1, "100.0%"},
	{0.07, pct0, "7%"},
	{123.456789, pctBig, "12,345.68%"},
	{1234.5, usd, "$1,234.50"},
	{-1234.567, usd, "-$1,234.57"},
	{0.005, usd, "$0.01"},
	{1e6, usd, "$1,000,000.00"},
	{3.0, eur, "€3.00"},
	{"2024-03-05T23:00:00-05:00", date, "2024-03-05"},
	{"2024-03-05", date, "2024-03-05"},
	{"March", date, "March"},
	{"2024-3-5", date, "2024-3-5"},
	{20240305.0, date, "20240305"},
	{1234.5, asIs, "1234.5"},
	{1e21, asIs, "1e+21"},
	{1.5e21, asIs, "1.5e+21"},
	{1e-7, asIs, "1e-7"},
	{1.25e-7, asIs, "1.25e-7"},
	{0.000001, asIs, "0.000001"},
	{123456789012345680000.0, asIs, "123456789012345680000"},
	{math.Copysign(0, -1), asIs, "0"},
	{0.30000000000000004, asIs, "0.30000000000000004"}, // 0.1 + 0.2 at run time
	{5e-324, asIs, "5e-324"},
	{math.MaxFloat64, asIs, "1.7976931348623157e+308"},
	{-42.0, asIs, "-42"},
	{true, asIs, "true"},
	{false, num2, "false"},
	{nil, num2, ""},
	{nil, asIs, ""},
	{"12", num2, "12"}, // a string in a number column is shown as it is
	{`<b>"&`, asIs, `<b>"&`},
	{map[string]any{"a": 1.0}, asIs, ""},
	{[]any{1.0}, asIs, ""},
}

func TestFormatCell(t *testing.T) {
	t.Parallel()
	for _, c := range formatCases {
		if got := FormatCell(c.v, c.f); got != c.want {
			t.Errorf("FormatCell(%#v, %+v) = %q, want %q", c.v, c.f, got, c.want)
		}
	}
}

// TestFormatCellGoValues checks the values only the server meets, before
// the rows are JSON: times, integers, float32 and non-finite floats.
func TestFormatCellGoValues(t *testing.T) {
	t.Parallel()
	zone := time.FixedZone("X", -5*3600)
	tm := time.Date(2024, 3, 5, 23, 0, 0, 0, zone)
	for _, c := range []struct {
		v    any
		f    TableFormat
		want string
	}{
		{tm, date, "2024-03-05"},                            // its own zone's date, as RFC 3339 writes it
		{tm, asIs, "2024-03-05T23:00:00-05:00"},             // as JSON writes it
		{tm.UTC(), date, "2024-03-06"},                      // the same instant in UTC
		{float32(0.1), asIs, "0.1"},                         // as JSON writes a float32
		{float32(2.675), num2, "2.68"},                      // likewise
		{int64(9007199254740993), asIs, "9007199254740992"}, // as a browser reads it
		{7, usd, "$7.00"},
		{math.NaN(), num2, ""},
		{math.Inf(1), asIs, ""},
	} {
		if got := FormatCell(c.v, c.f); got != c.want {
			t.Errorf("FormatCell(%#v, %+v) = %q, want %q", c.v, c.f, got, c.want)
		}
	}
}

// TestFormatDecimalsClamped checks that decimals outside 0 to MaxDecimals
// cannot break the formatter (the component refuses them).
func TestFormatDecimalsClamped(t *testing.T) {
	t.Parallel()
	if got := FormatCell(1.5, TableFormat{Type: FormatNumber, Decimals: -3}); got != "2" {
		t.Errorf("-3 decimals: %q", got)
	}
	if got := FormatCell(1.5, TableFormat{Type: FormatNumber, Decimals: 99}); got != "1."+strings.Repeat("5", 1)+strings.Repeat("0", MaxDecimals-1) {
		t.Errorf("99 decimals: %q", got)
	}
}

var filterCols = []TableColumn{
	{ID: "name", Name: "Name"},
	{ID: "price", Name: "Price", Format: TableFormat{Type: FormatMoney, Symbol: "$"}},
	{ID: "a{b}", Name: "Odd"},
	{ID: "city", Name: "City"},
}

func TestFilterInputs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"", []string{"", "", "", ""}},
		{`{name} contains "ann"`, []string{"ann", "", "", ""}},
		{`{name} contains "ann" && {price} > 5`, []string{"ann", "> 5", "", ""}},
		{`{price} = 12.5`, []string{"", "12.5", "", ""}}, // a numeric column's equality
		{`{name} = bob`, []string{"= bob", "", "", ""}},  // a text column's, as typed
		{`{name} contains "a && b" && {city} != Oslo`, []string{"a && b", "", "", "!= Oslo"}},
		{`{name} contains "say \"hi\" \\o/"`, []string{`say "hi" \o/`, "", "", ""}},
		{`{a\{b\}} contains "x"`, []string{"", "", "x", ""}},
		{`{name} contains "x" && {name} contains "y"`, []string{"y", "", "", ""}}, // the later wins
		{`{price} >= 5 && {price} <= 9`, []string{"", "<= 9", "", ""}},
		{`{city} contains "x" || {name} > 3`, []string{"", "", "", `contains "x" || {name} > 3`}},
		{`({name} > 1)`, []string{"> 1)", "", "", ""}}, // text outside conditions is skipped
		{`{name} = "unclosed && {city} contains "z"`, []string{"", "", "", "z"}},
		{`{nope} contains "q"`, []string{"", "", "", ""}},
	} {
		got := FilterInputs(c.q, filterCols)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("FilterInputs(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

// table parses a DataTable's element as the component renders it, from a
// view and rows' JSON.
func table(t *testing.T, v *TableView, rows string) (*Fragment, *html.Node) {
	t.Helper()
	st, _ := json.Marshal(v.TableState)
	var b bytes.Buffer
	b.WriteString(`<div id="` + v.ID + `" class="pw-table" ` + wire.AttrTable + `="` + html.EscapeString(string(st)) + `" ` + wire.AttrData + `="` + html.EscapeString(rows) + `">`)
	WriteTable(&b, v)
	b.WriteString("</div>")
	f, err := ParseFragment(b.Bytes())
	if err != nil || len(f.Elems) != 1 {
		t.Fatalf("parse: %v, %d elements", err, len(f.Elems))
	}
	return f, f.Elems[0].N
}

func sampleView() *TableView {
	return &TableView{ID: "t", TableState: TableState{
		Columns:       []TableColumn{{ID: "name", Name: "Name"}, {ID: "price", Name: "Price", Format: TableFormat{Type: FormatMoney, Symbol: "$"}}},
		RowSelectable: "multi",
		SortBy:        []TableSort{},
		PageSize:      2,
		PageCount:     3,
		SelectedRows:  []int{},
	}}
}

const sampleRows = `[{"name":"Ann","price":1234.5},{"name":"<Bo>","price":-2}]`

// render is the HTML of a node's children.
func render(n *html.Node) string {
	var b bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		html.Render(&b, c)
	}
	return b.String()
}

// TestTableProps reads and writes each property of a table: ReadProp
// gives the state's JSON, ApplyProp writes it and draws the table again
// as the runtime's paint does.
func TestTableProps(t *testing.T) {
	t.Parallel()
	v := sampleView()
	v.Rows = [][]any{{"Ann", 1234.5}, {"<Bo>", -2.0}}
	_, n := table(t, v, sampleRows)
	for prop, want := range map[string]string{
		"sort_by": `[]`, "filter_query": `""`, "page_current": `0`, "page_size": `2`, "page_count": `3`,
		"selected_rows": `[]`, "active_cell": `null`, "data": sampleRows,
	} {
		if got := string(ReadProp(n, prop, nil)); got != want {
			t.Errorf("%s reads %s, want %s", prop, got, want)
		}
	}
	// A property that is not the table's state stays an attribute.
	if got := string(ReadProp(n, "title", nil)); got != "null" {
		t.Errorf("title reads %s", got)
	}

	apply := func(prop, raw string) string {
		t.Helper()
		if err := ApplyProp(n, prop, json.RawMessage(raw)); err != nil {
			t.Fatal(err)
		}
		if got := string(ReadProp(n, prop, nil)); got != raw {
			t.Errorf("%s reads %s after it was set to %s", prop, got, raw)
		}
		return render(n)
	}
	if h := apply("sort_by", `[{"column_id":"price","direction":"desc"}]`); !strings.Contains(h, `<th scope="col" aria-sort="descending" class="pw-num"><button type="button" value="price">Price<span aria-hidden="true"> ▼</span>`) ||
		!strings.Contains(h, `<th scope="col" aria-sort="none"><button type="button" value="name">Name<span aria-hidden="true"></span>`) {
		t.Errorf("sort_by desc on price:\n%s", h)
	}
	if h := apply("filter_query", `"{name} contains \"A \\\"x\\\"\" \u0026\u0026 {price} \u003e 5"`); !strings.Contains(h, `aria-label="Filter Name" value="A &#34;x&#34;"`) || !strings.Contains(h, `aria-label="Filter Price" value="&gt; 5"`) {
		t.Errorf("filter_query does not fill the inputs:\n%s", h)
	}
	if h := apply("page_current", `2`); !strings.Contains(h, `<button type="button" value="-1">Previous</button> <span aria-live="polite">Page 3 of 3</span> <button type="button" value="1" disabled="">Next</button>`) {
		t.Errorf("page_current 2 of 3:\n%s", h)
	}
	if h := apply("page_count", `40000`); !strings.Contains(h, `Page 3 of 40000</span> <button type="button" value="1">Next`) {
		t.Errorf("page_count 40000:\n%s", h)
	}
	apply("page_size", `25`)
	if h := apply("selected_rows", `[1]`); !strings.Contains(h, `<tr><td><input type="checkbox" name="t-rows" aria-label="Select row 1"/></td><td>Ann</td>`) ||
		!strings.Contains(h, `<tr aria-selected="true"><td><input type="checkbox" name="t-rows" aria-label="Select row 2" checked=""/></td><td>&lt;Bo&gt;</td><td class="pw-num">-$2.00</td></tr>`) {
		t.Errorf("selected_rows [1]:\n%s", h)
	}
	apply("active_cell", `{"row":1,"column":0,"column_id":"name"}`)
	apply("active_cell", `null`)
	if h := apply("data", `[{"name":"Cy","price":0.125,"extra":[1]},{"price":"n/a"},7]`); !strings.Contains(h, `<tbody><tr><td><input type="checkbox" name="t-rows" aria-label="Select row 1"/></td><td>Cy</td><td class="pw-num">$0.13</td></tr><tr aria-selected="true"><td><input type="checkbox" name="t-rows" aria-label="Select row 2" checked=""/></td><td></td><td class="pw-num">n/a</td></tr><tr><td><input type="checkbox" name="t-rows" aria-label="Select row 3"/></td><td></td><td class="pw-num"></td></tr></tbody>`) {
		t.Errorf("data of three rows:\n%s", h)
	}
	// Null page_count and page_current read as page 1 of 1.
	if h := apply("page_count", `null`); !strings.Contains(h, `Page 3 of 1</span>`) {
		t.Errorf("page_count null:\n%s", h)
	}
	if h := apply("page_current", `null`); !strings.Contains(h, `<button type="button" value="-1" disabled="">Previous</button> <span aria-live="polite">Page 1 of 1</span> <button type="button" value="1" disabled="">Next</button>`) {
		t.Errorf("page_current null:\n%s", h)
	}
	// The state stays one JSON object, with its keys in order.
	st, _ := Attr(n, wire.AttrTable)
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(st), &m); err != nil || len(m) != 9 || !strings.HasPrefix(st, `{"active_cell":null,"columns":[`) {
		t.Errorf("state %s (%v)", st, err)
	}
}

// TestNotATable checks that the table's properties on another element
// are plain attributes, as in the runtime.
func TestNotATable(t *testing.T) {
	t.Parallel()
	f, _ := ParseFragment([]byte(`<div id="x"></div>`))
	n := f.Elems[0].N
	if err := ApplyProp(n, "page_current", json.RawMessage(`3`)); err != nil {
		t.Fatal(err)
	}
	if got := string(ReadProp(n, "page_current", nil)); got != `"3"` {
		t.Errorf("page_current on a div reads %s", got)
	}
	if err := ApplyProp(n, "data", json.RawMessage(`[1]`)); err != nil || n.FirstChild != nil {
		t.Errorf("data on a div: %v, children %v", err, n.FirstChild)
	}
}

// TestWriteTableEscapes checks that ids, names, filter values and cells
// are escaped.
func TestWriteTableEscapes(t *testing.T) {
	t.Parallel()
	evil := `"><script>x</script>&`
	v := &TableView{ID: evil, TableState: TableState{
		Columns:       []TableColumn{{ID: evil, Name: evil}},
		RowSelectable: "single",
		FilterQuery:   `{"><script>x</script>&} contains "` + `\"><script>"`,
	}, Rows: [][]any{{evil}}}
	var b bytes.Buffer
	WriteTable(&b, v)
	h := b.String()
	if strings.Contains(h, "<script>") || strings.Count(h, `"`)%2 != 0 {
		t.Errorf("not escaped:\n%s", h)
	}
	f, err := ParseFragment(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			t.Error("a script element")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range f.Nodes {
		walk(n)
		texts = append(texts, Text(n))
	}
	if got := strings.Join(texts, ""); !strings.Contains(got, evil+" ") && !strings.Contains(got, evil) {
		t.Errorf("text %q lacks the name and cell", got)
	}
	in := `type="radio" name="&#34;&gt;&lt;script&gt;x&lt;/script&gt;&amp;-rows"`
	if !strings.Contains(h, in) || !strings.Contains(h, `value="&#34;&gt;&lt;script&gt;"`) {
		t.Errorf("radio name or filter value:\n%s", h)
	}
}
