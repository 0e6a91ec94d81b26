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
	"regexp"
	"strconv"
	"strings"

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
	return replaceChildren(n, &b)
}
