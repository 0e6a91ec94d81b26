package components

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/framework/table"
	"github.com/pagewire/pagewire/internal/wire"
)

// DefaultPageSize is a DataTable's page_size when DataTableProps.PageSize
// is 0 or less, as in Dash.
const DefaultPageSize = 250

// DataTableProps configures a DataTable. Properties, as in Dash: "data"
// (an output: the page's rows), "sort_by", "filter_query" and
// "page_current" (inputs the user changes, and outputs), "page_size",
// "page_count" (an output), "selected_rows" and "active_cell" (inputs).
type DataTableProps struct {
	// ID addresses the table in callbacks.
	ID string
	// Columns are the columns shown, in order. At least one.
	Columns []Column
	// Data holds the current page's rows, and only those: a slice of
	// structs, of pointers to structs or of maps with string keys (what
	// table.Apply takes and returns), or nil for none. The server reads
	// its cells through package table's column access; the rows also go
	// to the page as JSON, the table's data property.
	Data any
	// PageCurrent is the page shown, from 0 (page_current).
	PageCurrent int
	// PageSize is the number of rows a page holds (page_size), for the
	// callback that fills the table. Default DefaultPageSize.
	PageSize int
	// PageCount is the number of pages (page_count), which the pager
	// shows and bounds; table.PageCount computes it.
	PageCount int
	// SortBy is the sort order shown on the headers (sort_by).
	SortBy table.SortBy
	// FilterQuery is the filter (filter_query), shown in the filter
	// inputs; see DataTable for what the inputs build.
	FilterQuery string
	// RowSelectable adds a first column to select rows: "single"
	// (radios) or "multi" (checkboxes); "" adds none.
	RowSelectable string
	// SelectedRows are the selected rows, as indices in Data
	// (selected_rows).
	SelectedRows []int
	// Class is added to the table's class, pw-table.
	Class string
}

// Column is a column of a DataTable.
type Column struct {
	// ID is the column's key in a row's JSON: a map key, or a struct
	// field's json name (its Go name when it has no json tag). It names
	// the column in sort_by, filter_query and active_cell. Required.
	ID string
	// Name is the header text. Default: ID.
	Name string
	// Format is how the cells show; the zero Format shows values as
	// they are.
	Format Format
}

// Format is how a column shows its values: build one with FormatNumber,
// FormatPercent, FormatMoney or FormatDate. The server and the runtime
// format alike, by hand, without locale or Intl: a number is rounded half
// away from zero on its shortest decimal digits, so 2.675 shows 2.68 with
// 2 decimals. Values a format does not apply to (a string in a number
// column, a number in a date column) show as they are; blanks and values
// that are neither numbers, strings, booleans nor times show nothing.
type Format struct {
	// Type is "number", "percent", "money", "date" or "" (values as they
	// are). A number, percent or money column is right-aligned (class
	// pw-num).
	Type string
	// Decimals is the number of decimals of a number or a percent, from
	// 0 to 20.
	Decimals int
	// Thousands separates thousands with commas in a number or a percent.
	Thousands bool
	// Symbol is a money column's currency symbol, written before the
	// number and after its minus sign.
	Symbol string
}

// FormatNumber shows numbers with the given decimals, with thousands
// separators when thousands is set: 1,234.50.
func FormatNumber(decimals int, thousands bool) Format {
	return Format{Type: dom.FormatNumber, Decimals: decimals, Thousands: thousands}
}

// FormatPercent shows numbers times 100 with the given decimals and a
// percent sign: 0.1234 with 1 decimal is 12.3%.
func FormatPercent(decimals int) Format {
	return Format{Type: dom.FormatPercent, Decimals: decimals}
}

// FormatMoney shows numbers with the currency symbol, 2 decimals and
// thousands separators: -$1,234.50.
func FormatMoney(symbol string) Format {
	return Format{Type: dom.FormatMoney, Symbol: symbol}
}

// FormatDate shows the date of a time.Time, or of a string that starts
// with one such as RFC 3339's, as YYYY-MM-DD: the date as written, in
// the time's own zone.
func FormatDate() Format { return Format{Type: dom.FormatDate} }

// DataTable is Dash's DataTable with page_action, sort_action and
// filter_action "custom": the server filters, sorts and pages the rows
// (package table does it over rows in memory) and the browser only ever
// holds one page. It renders a div (class pw-table) holding a real table,
// complete on the first paint: a header row of sort buttons whose cells
// carry aria-sort, a row of filter inputs, the page's rows, and a pager
// (Previous, "Page X of Y", Next). With RowSelectable, each row starts
// with a checkbox or a radio.
//
// In the browser, a header click cycles that column through ascending,
// descending and unsorted, replacing the sort (shift-click adds the column
// to it instead), and sets sort_by; Enter in a filter input (or leaving a
// changed one) sets filter_query from all the inputs, joined with " && ":
// {id} contains "text", {id} = x in a number, percent or money column,
// or, when the input starts with an operator (>, <, =, !), the input as
// typed, such as {price} > 5. Either resets page_current to 0, as Dash
// does; the pager sets page_current; a click on a cell sets active_cell,
// {"row", "column", "column_id"}; a checkbox or radio sets
// selected_rows. Each action fires the callbacks of the one property it
// is about (sort_by, filter_query, page_current, active_cell or
// selected_rows) in one request, which carries the others' new values.
// A callback that sets data redraws the rows with the columns' formats;
// one that sets page_count updates the pager; setting filter_query fills
// the inputs back in.
//
// The props are checked: a column without an ID or listed twice, a format
// of another type or with decimals outside 0 to 20, a RowSelectable other
// than "", "single" and "multi", Data that package table cannot read, and
// a column of struct rows named by a Go name that differs from its json
// name (the browser reads the rows' JSON) are render errors.
func DataTable(p DataTableProps) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		b, err := dataTable(p)
		if err != nil {
			return fmt.Errorf("components.DataTable %q: %w", p.ID, err)
		}
		_, err = w.Write(b)
		return err
	})
}

// dataTable renders a DataTable, or says what is wrong with its props.
func dataTable(p DataTableProps) ([]byte, error) {
	switch p.RowSelectable {
	case "", "single", "multi":
	default:
		return nil, fmt.Errorf("RowSelectable %q: want \"\", \"single\" or \"multi\"", p.RowSelectable)
	}
	if len(p.Columns) == 0 {
		return nil, errors.New("no columns")
	}
	v := &dom.TableView{ID: p.ID}
	ids := make([]string, len(p.Columns))
	seen := map[string]bool{}
	for i, c := range p.Columns {
		if c.ID == "" {
			return nil, fmt.Errorf("column %d has no ID", i)
		}
		if seen[c.ID] {
			return nil, fmt.Errorf("column %q is listed twice", c.ID)
		}
		seen[c.ID] = true
		switch c.Format.Type {
		case "", dom.FormatNumber, dom.FormatPercent, dom.FormatMoney, dom.FormatDate:
		default:
			return nil, fmt.Errorf("column %q: format type %q: want number, percent, money, date or \"\"", c.ID, c.Format.Type)
		}
		if c.Format.Decimals < 0 || c.Format.Decimals > dom.MaxDecimals {
			return nil, fmt.Errorf("column %q: %d decimals: want 0 to %d", c.ID, c.Format.Decimals, dom.MaxDecimals)
		}
		ids[i] = c.ID
		f := c.Format
		v.Columns = append(v.Columns, dom.TableColumn{
			ID:     c.ID,
			Name:   orDefault(c.Name, c.ID),
			Format: dom.TableFormat{Type: f.Type, Decimals: f.Decimals, Group: f.Thousands, Symbol: f.Symbol},
		})
	}
	cells, keys, err := table.Cells(p.Data, ids)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		if k != ids[i] {
			return nil, fmt.Errorf("column %q is the field whose JSON name is %q: name the column %q, its key in the rows the browser gets", ids[i], k, k)
		}
	}
	data := []byte("[]")
	if p.Data != nil {
		if data, err = json.Marshal(p.Data); err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		if string(data) == "null" {
			data = []byte("[]")
		}
	}
	v.Rows = cells
	v.RowSelectable = p.RowSelectable
	v.SortBy = []dom.TableSort{}
	for _, s := range p.SortBy {
		v.SortBy = append(v.SortBy, dom.TableSort{ColumnID: s.ColumnID, Direction: s.Direction})
	}
	v.FilterQuery = p.FilterQuery
	v.PageCurrent, v.PageCount = p.PageCurrent, p.PageCount
	v.PageSize = p.PageSize
	if v.PageSize <= 0 {
		v.PageSize = DefaultPageSize
	}
	v.SelectedRows = append([]int{}, p.SelectedRows...)
	state, err := json.Marshal(v.TableState)
	if err != nil {
		return nil, err
	}

	var b bytes.Buffer
	b.WriteString("<div")
	if p.ID != "" {
		writeAttr(&b, "id", p.ID)
	}
	class := "pw-table"
	if p.Class != "" {
		class += " " + p.Class
	}
	writeAttr(&b, "class", class)
	writeAttr(&b, wire.AttrTable, string(state))
	writeAttr(&b, wire.AttrData, string(data))
	b.WriteString(">")
	dom.WriteTable(&b, v)
	b.WriteString("</div>")
	return b.Bytes(), nil
}
