package dom

// A DataTable (components.DataTable) drawn from its state: the server's
// first paint writes it with WriteTable, ApplyProp draws it again from its
// attributes when a property changes, and the runtime's paint
// (runtime/ext/table.js) mirrors both, so the three give the same HTML for
// the same state. Cell text is FormatCell's, which the runtime's cellText
// mirrors: numbers are rounded by hand from their shortest decimal digits,
// without locale or Intl, so the browser and the server agree.

import (
	"bytes"
	"encoding/json"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pagewire/pagewire/internal/wire"
	nethtml "golang.org/x/net/html"
)

// Format types of a DataTable column.
const (
	// FormatNumber shows a number with fixed decimals, and thousands
	// separators when asked.
	FormatNumber = "number"
	// FormatPercent shows a number times 100 with fixed decimals and %.
	FormatPercent = "percent"
	// FormatMoney shows a number with a currency symbol, 2 decimals and
	// thousands separators.
	FormatMoney = "money"
	// FormatDate shows the YYYY-MM-DD of a time or of an RFC 3339 string.
	FormatDate = "date"
)

// MaxDecimals is the most decimals a format may ask for.
const MaxDecimals = 20

// TableFormat is how a column shows its values, as a table's state
// carries it (every field, so the runtime needs no defaults).
type TableFormat struct {
	// Type is FormatNumber, FormatPercent, FormatMoney, FormatDate or ""
	// (values as they are).
	Type string `json:"type"`
	// Decimals is the number of decimals of a number or a percent.
	Decimals int `json:"decimals"`
	// Group adds thousands separators to a number or a percent.
	Group bool `json:"group"`
	// Symbol is a money column's currency symbol.
	Symbol string `json:"symbol"`
}

// Numeric reports whether the format is for numbers: such a column is
// right-aligned (class pw-num), and a number typed in its filter input
// means equality.
func (f TableFormat) Numeric() bool {
	return f.Type == FormatNumber || f.Type == FormatPercent || f.Type == FormatMoney
}

// TableColumn is a column of a table.
type TableColumn struct {
	// ID is the column's key in a row's JSON, and its id in sort_by,
	// filter_query and active_cell.
	ID string `json:"id"`
	// Name is the header text.
	Name string `json:"name"`
	// Format is how cells show.
	Format TableFormat `json:"format"`
}

// TableState is what a table's wire.AttrTable attribute holds: its
// columns and row selection, and its properties but data (which is in
// wire.AttrData, as a Store's). ReadProp and ApplyProp read and write any
// of its JSON keys as a property of the table.
type TableState struct {
	// Columns are the columns, in order.
	Columns []TableColumn `json:"columns"`
	// RowSelectable is "", "single" (radios) or "multi" (checkboxes).
	RowSelectable string `json:"row_selectable"`
	// SortBy is sort_by, which marks the sorted headers.
	SortBy []TableSort `json:"sort_by"`
	// FilterQuery is filter_query, which fills the filter inputs (see
	// FilterInputs).
	FilterQuery string `json:"filter_query"`
	// PageCurrent is page_current, from 0.
	PageCurrent int `json:"page_current"`
	// PageSize is page_size.
	PageSize int `json:"page_size"`
	// PageCount is page_count.
	PageCount int `json:"page_count"`
	// SelectedRows is selected_rows: indices in the page's data.
	SelectedRows []int `json:"selected_rows"`
	// ActiveCell is active_cell, the cell last clicked, or nil.
	ActiveCell *ActiveCell `json:"active_cell"`
}

// TableSort is one column of sort_by.
type TableSort struct {
	// ColumnID is the column.
	ColumnID string `json:"column_id"`
	// Direction is "asc" or "desc".
	Direction string `json:"direction"`
}

// ActiveCell is a table's active_cell, the cell last clicked.
type ActiveCell struct {
	// Row is the row in the page's data, from 0.
	Row int `json:"row"`
	// Column is the column, from 0.
	Column int `json:"column"`
	// ColumnID is the column's id.
	ColumnID string `json:"column_id"`
}

// TableView is everything a table's drawing depends on.
type TableView struct {
	// ID is the table's id, which names its selection inputs.
	ID string
	// TableState is the table's state, as its wire.AttrTable holds it.
	TableState
	// Rows are the page's cells, in column order: the values FormatCell
	// takes.
	Rows [][]any
}

// WriteTable writes the content of a table's element: the table, with a
// header row of sort buttons (aria-sort on their cells), a row of filter
// inputs and the page's rows, then the pager. Everything is escaped.
func WriteTable(b *bytes.Buffer, v *TableView) {
	sel := v.RowSelectable != ""
	b.WriteString("<table><thead><tr>")
	if sel {
		b.WriteString(`<th scope="col">Select</th>`)
	}
	for _, c := range v.Columns {
		dir := ""
		for _, s := range v.SortBy {
			if s.ColumnID == c.ID {
				dir = s.Direction
				break
			}
		}
		aria := "none"
		switch dir {
		case "asc":
			aria = "ascending"
		case "desc":
			aria = "descending"
		}
		b.WriteString(`<th scope="col" aria-sort="` + aria + `"` + numClass(c.Format))
		b.WriteString(`><button type="button" value="` + html.EscapeString(c.ID) + `">` + html.EscapeString(c.Name) + `<span aria-hidden="true">` + sortArrow(aria) + "</span></button></th>")
	}
	b.WriteString(`</tr><tr class="pw-table-filter">`)
	if sel {
		b.WriteString("<td></td>")
	}
	vals := FilterInputs(v.FilterQuery, v.Columns)
	for j, c := range v.Columns {
		b.WriteString(`<td><input type="text" aria-label="Filter ` + html.EscapeString(c.Name) + `" value="` + html.EscapeString(vals[j]) + `"></td>`)
	}
	b.WriteString("</tr></thead><tbody>")
	for i, row := range v.Rows {
		on := false
		if sel {
			for _, s := range v.SelectedRows {
				on = on || s == i
			}
		}
		if on {
			b.WriteString(`<tr aria-selected="true">`)
		} else {
			b.WriteString("<tr>")
		}
		if sel {
			kind := "checkbox"
			if v.RowSelectable == "single" {
				kind = "radio"
			}
			b.WriteString(`<td><input type="` + kind + `" name="` + html.EscapeString(v.ID) + `-rows" aria-label="Select row ` + strconv.Itoa(i+1) + `"`)
			if on {
				b.WriteString(" checked")
			}
			b.WriteString("></td>")
		}
		for j, c := range v.Columns {
			var cv any
			if j < len(row) {
				cv = row[j]
			}
			b.WriteString("<td" + numClass(c.Format) + ">" + html.EscapeString(FormatCell(cv, c.Format)) + "</td>")
		}
		b.WriteString("</tr>")
	}
	count := max(v.PageCount, 1)
	b.WriteString(`</tbody></table><nav class="pw-table-pager" aria-label="Pages"><button type="button" value="-1"`)
	if v.PageCurrent <= 0 {
		b.WriteString(" disabled")
	}
	b.WriteString(`>Previous</button> <span aria-live="polite">Page ` + strconv.Itoa(v.PageCurrent+1) + " of " + strconv.Itoa(count) + `</span> <button type="button" value="1"`)
	if v.PageCurrent+1 >= count {
		b.WriteString(" disabled")
	}
	b.WriteString(">Next</button></nav>")
}

// sortArrow is the arrow a header shows after its name, for its aria-sort.
func sortArrow(aria string) string {
	switch aria {
	case "ascending":
		return " ▲"
	case "descending":
		return " ▼"
	}
	return ""
}

// numClass is the class attribute of a numeric column's cells, which
// right-aligns them (pw-num), or nothing.
func numClass(f TableFormat) string {
	if f.Numeric() {
		return ` class="pw-num"`
	}
	return ""
}

// FormatCell is the text of a cell: a string as it is (a date format
// keeps the YYYY-MM-DD of a string that starts with one); a bool as true
// or false; a number through a number, percent or money format, or else
// as JavaScript's String writes it; a time.Time as its YYYY-MM-DD with a
// date format, or else as its JSON (RFC 3339); anything else, and nil,
// NaN and infinities, as nothing. Integers are read as float64, as a
// browser reads them from JSON. The runtime's cellText mirrors it.
func FormatCell(v any, f TableFormat) string {
	switch x := v.(type) {
	case string:
		if f.Type == FormatDate && isDate(x) {
			return x[:10]
		}
		return x
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		if f.Type == FormatDate {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339Nano)
	case float64:
		return formatNumber(x, f)
	case float32:
		// As JSON writes it: its shortest float32 digits.
		y, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return formatNumber(y, f)
	case int:
		return formatNumber(float64(x), f)
	case int64:
		return formatNumber(float64(x), f)
	}
	return ""
}

// isDate reports whether s starts with YYYY-MM-DD (ASCII digits).
func isDate(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func formatNumber(x float64, f TableFormat) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	dec := min(max(f.Decimals, 0), MaxDecimals)
	switch f.Type {
	case FormatNumber:
		return fixed(x, 0, dec, f.Group)
	case FormatPercent:
		return fixed(x, 2, dec, f.Group) + "%"
	case FormatMoney:
		s := fixed(x, 0, 2, true)
		if strings.HasPrefix(s, "-") {
			return "-" + f.Symbol + s[1:]
		}
		return f.Symbol + s
	}
	return jsNumber(x)
}

// shortest returns the shortest decimal digits that read back as |x|, and
// the exponent of the first: |x| = d.ddd × 10^exp (JavaScript's
// toExponential() without an argument gives the same).
func shortest(x float64) (digits string, exp int) {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64)
	mant, e, _ := strings.Cut(s, "e")
	exp, _ = strconv.Atoi(e)
	return strings.Replace(mant, ".", "", 1), exp
}

// fixed writes x × 10^shift with dec decimals, rounded half away from zero
// on its shortest digits (so 2.675 is 2.68 and 0.125 is 0.13, where
// binary rounding would say otherwise), with thousands separators when
// group is set, and a minus only when a digit is not zero.
func fixed(x float64, shift, dec int, group bool) string {
	digits, exp := shortest(x)
	k := exp + 1 + shift + dec // the digits kept, as an integer
	n := "0"
	if k >= 0 {
		kept := digits
		if len(kept) < k {
			kept += strings.Repeat("0", k-len(kept))
		}
		kept = kept[:k]
		if k < len(digits) && digits[k] >= '5' {
			kept = increment(kept)
		}
		if kept = strings.TrimLeft(kept, "0"); kept != "" {
			n = kept
		}
	}
	if len(n) < dec+1 {
		n = strings.Repeat("0", dec+1-len(n)) + n
	}
	whole, frac := n[:len(n)-dec], n[len(n)-dec:]
	if group {
		whole = groupThousands(whole)
	}
	out := whole
	if dec > 0 {
		out += "." + frac
	}
	if x < 0 && strings.Trim(n, "0") != "" {
		out = "-" + out
	}
	return out
}

// increment adds one to a string of decimal digits ("" is 0).
func increment(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// groupThousands puts a comma between each group of three digits.
func groupThousands(s string) string {
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// jsNumber writes x as JavaScript's String(x) does (ECMAScript's
// Number::toString): plain digits from 1e-7 up to 1e21, exponent notation
// outside, such as 1e-7 and 1.5e+21.
func jsNumber(x float64) string {
	if x == 0 {
		return "0"
	}
	digits, exp := shortest(x)
	k, n := len(digits), exp+1
	var s string
	switch {
	case k <= n && n <= 21:
		s = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		s = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		s = "0." + strings.Repeat("0", -n) + digits
	default:
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		s = digits[:1]
		if k > 1 {
			s += "." + digits[1:]
		}
		s += "e" + sign + strconv.Itoa(exp)
	}
	if x < 0 {
		s = "-" + s
	}
	return s
}

// filterCondition finds the conditions of a filter_query with " && "
// appended: {id} (a backslash escapes), a space, then contains "x" up to
// " && ", or else the rest up to the first " && " outside double quotes.
// The runtime's paint runs the same expression; Go's RE2 gives the same
// matches, as it keeps the leftmost-first (Perl) semantics.
var (
	filterCondition = regexp.MustCompile(`(?s)\{((?:\\.|[^\\}])*)\} (?:contains "((?:\\.|[^"\\])*)"|((?:"(?:\\.|[^"\\])*"|[^"])*?)) && `)
	filterEscape    = regexp.MustCompile(`(?s)\\(.)`)
)

// FilterInputs returns the value of each column's filter input for a
// filter_query, reading back what the runtime builds from them: each
// condition `{id} rest` (see filterCondition) fills column id's input
// with rest, except that `contains "x"` gives x, and "= x" gives x in a
// numeric column. A later condition on the same column wins; text outside
// conditions is skipped.
func FilterInputs(q string, cols []TableColumn) []string {
	got := map[string]string{}
	q += " && "
	for _, m := range filterCondition.FindAllStringSubmatchIndex(q, -1) {
		id := filterEscape.ReplaceAllString(q[m[2]:m[3]], "$1")
		if m[4] >= 0 {
			got[id] = filterEscape.ReplaceAllString(q[m[4]:m[5]], "$1")
			continue
		}
		rest := q[m[6]:m[7]]
		for _, c := range cols {
			if c.ID == id {
				if c.Format.Numeric() && strings.HasPrefix(rest, "= ") {
					rest = rest[2:]
				}
				break
			}
		}
		got[id] = rest
	}
	out := make([]string, len(cols))
	for j, c := range cols {
		out[j] = got[c.ID]
	}
	return out
}

// tableState returns the JSON object of a table's wire.AttrTable, or
// false when n is not a table.
func tableState(n *nethtml.Node) (map[string]json.RawMessage, bool) {
	v, ok := Attr(n, wire.AttrTable)
	if !ok {
		return nil, false
	}
	var st map[string]json.RawMessage
	if json.Unmarshal([]byte(v), &st) != nil || st == nil {
		return nil, false
	}
	return st, true
}

// tableProp reads a table's property from its state, as the runtime's
// getProp does; ok is false when n is not a table or its state has no
// such key.
func tableProp(n *nethtml.Node, prop string) (json.RawMessage, bool) {
	st, ok := tableState(n)
	if !ok {
		return nil, false
	}
	v, ok := st[prop]
	return v, ok
}

// setTableProp writes a table's property into its state and draws the
// table again, as the runtime's tableSet does; ok is false when n is not
// a table or its state has no such key.
func setTableProp(n *nethtml.Node, prop string, raw json.RawMessage) (ok bool, err error) {
	st, ok := tableState(n)
	if !ok {
		return false, nil
	}
	if _, ok := st[prop]; !ok {
		return false, nil
	}
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	st[prop] = raw
	b, err := json.Marshal(st)
	if err != nil {
		return true, err
	}
	setAttr(n, wire.AttrTable, string(b))
	return true, paintTable(n)
}

// tableView reads a table's state and rows from its attributes, as the
// runtime's paint does; ok is false when n is not a table.
func tableView(n *nethtml.Node) (v *TableView, ok bool) {
	st, ok := Attr(n, wire.AttrTable)
	if !ok {
		return nil, false
	}
	v = &TableView{}
	// A value of the wrong type is skipped: its field keeps its zero.
	if err := json.Unmarshal([]byte(st), &v.TableState); err != nil {
		if _, isType := err.(*json.UnmarshalTypeError); !isType {
			return nil, false
		}
	}
	v.ID, _ = Attr(n, "id")
	var rows []any
	if d, ok := Attr(n, wire.AttrData); ok {
		json.Unmarshal([]byte(d), &rows)
	}
	for _, r := range rows {
		m, _ := r.(map[string]any)
		cells := make([]any, len(v.Columns))
		for j, c := range v.Columns {
			cells[j] = m[c.ID]
		}
		v.Rows = append(v.Rows, cells)
	}
	return v, true
}

// paintTable draws a table again from its attributes, as the runtime's
// paint does after setProp; it does nothing to an element that is not a
// table.
func paintTable(n *nethtml.Node) error {
	v, ok := tableView(n)
	if !ok {
		return nil
	}
	var b bytes.Buffer
	WriteTable(&b, v)
	kids, err := nethtml.ParseFragment(&b, n)
	if err != nil {
		return err
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		c = next
	}
	for _, k := range kids {
		n.AppendChild(k)
	}
	return nil
}
