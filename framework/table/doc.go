// Package table is the server side of a paged data table: Dash's
// DataTable with page_action, sort_action and filter_action set to
// "custom", where the browser shows one page and the server filters,
// sorts and pages the rows. It renders no HTML.
//
// A Query holds what the table asks for: its sort_by (a SortBy, whose
// JSON is Dash's), its filter_query (see ParseFilter for the language),
// its page_current and its page_size. Apply answers it over rows in
// memory, structs or maps, and returns the page and the number of rows
// that matched; PageCount turns that number into the table's page_count.
//
// In a callback whose inputs are the table's sort_by, filter_query and
// page_current:
//
//	func(c *framework.Ctx) error {
//		var sortBy table.SortBy
//		if err := c.Decode("tbl", "sort_by", &sortBy); err != nil {
//			return err
//		}
//		q := table.Query{
//			SortBy:   sortBy,
//			Filter:   c.String("tbl", "filter_query"),
//			Page:     c.Int("tbl", "page_current"),
//			PageSize: 25,
//		}
//		rows, total, err := table.Apply(all, q)
//		if err != nil {
//			return err // a bad filter names its position
//		}
//		c.Set("tbl", "data", rows)
//		c.Set("tbl", "page_count", table.PageCount(total, q.PageSize))
//		return nil
//	}
//
// A filter is parsed once per call and compiled against the row type:
// each condition becomes a function over a row index that reads the cell
// through accessors worked out once per type. Filtering keeps an index of
// the matching rows rather than copying them (and, without a sort, not
// even that: it counts the matches and keeps the page's). A sort reads
// its keys once into typed slices and puts only the page in order: a
// small heap selects an early page in one pass, a quickselect a later
// one.
package table
