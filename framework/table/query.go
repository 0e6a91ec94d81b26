package table

import (
	"encoding/json"
	"fmt"
)

// Sort is one column of a sort order, as in Dash's sort_by.
type Sort struct {
	// ColumnID is the column: a struct field's json name or Go name, or a
	// map key.
	ColumnID string `json:"column_id"`
	// Direction is "asc" or "desc".
	Direction string `json:"direction"`
}

// SortBy is a sort order, first column first: Dash's sort_by property,
// whose JSON it reads and writes ([{"column_id":"x","direction":"asc"}]).
type SortBy []Sort

// MarshalJSON writes the sort order as Dash does; no order is [], not null.
func (s SortBy) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Sort(s))
}

// validate checks the directions and column ids.
func (s SortBy) validate() error {
	for i, o := range s {
		if o.ColumnID == "" {
			return fmt.Errorf("table: sort_by[%d] has no column_id", i)
		}
		if o.Direction != "asc" && o.Direction != "desc" {
			return fmt.Errorf("table: sort_by[%d] (column %q) has direction %q; want \"asc\" or \"desc\"", i, o.ColumnID, o.Direction)
		}
	}
	return nil
}

// Query is what a paged table asks the server for: Dash's DataTable with
// page_action, sort_action and filter_action set to "custom". Its JSON
// names are the DataTable's properties.
type Query struct {
	// SortBy orders the rows; empty keeps their order.
	SortBy SortBy `json:"sort_by"`
	// Filter is a filter_query expression (see ParseFilter); empty keeps
	// every row.
	Filter string `json:"filter_query"`
	// Page is the page wanted, from 0 (page_current).
	Page int `json:"page_current"`
	// PageSize is the number of rows per page (page_size); 0 or less puts
	// every row on page 0.
	PageSize int `json:"page_size"`
}

// PageCount returns the number of pages that total rows fill at size rows
// a page (Dash's page_count): 0 for no rows, and 1 when size is 0 or less,
// which puts every row on one page.
func PageCount(total, size int) int {
	switch {
	case total <= 0:
		return 0
	case size <= 0:
		return 1
	}
	return (total-1)/size + 1
}

// pageBounds returns the range [lo, hi) of the page in total rows, empty
// when the page is beyond the end.
func pageBounds(page, size, total int) (lo, hi int) {
	if size <= 0 {
		if page == 0 {
			return 0, total
		}
		return 0, 0
	}
	if total == 0 || page > (total-1)/size {
		return 0, 0
	}
	lo = page * size
	return lo, lo + min(size, total-lo)
}
