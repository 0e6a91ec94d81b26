package table

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

type sale struct {
	ID     int       `json:"id"`
	Region string    `json:"region"`
	Sales  float64   // no tag: the column is "Sales"
	Date   time.Time `json:"date"`
	Note   *string   `json:"note"`
	Active bool      `json:"active"`
	Secret string    `json:"-"`
	hidden int
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

func sales() []sale {
	return []sale{
		{ID: 1, Region: "North", Sales: 120, Date: day("2024-02-28"), Note: ptr("late"), Active: true},
		{ID: 2, Region: "South", Sales: 40, Date: day("2024-03-01")},
		{ID: 3, Region: "north", Sales: 300.5, Date: day("2024-03-15"), Note: ptr(""), Active: true},
		{ID: 4, Region: "East", Sales: 75, Date: day("2024-04-02"), Note: ptr("Northern lights")},
		{ID: 5, Region: "South", Sales: 1200, Date: day("2024-03-31"), Active: true},
		{ID: 6, Region: "", Sales: 5, Date: time.Time{}},
	}
}

// asMaps turns rows into what decoding their JSON gives.
func asMaps[T any](t *testing.T, rows []T) []map[string]any {
	t.Helper()
	b, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func ids(t *testing.T, page any) []int {
	t.Helper()
	var out []int
	switch p := page.(type) {
	case []sale:
		for _, r := range p {
			out = append(out, r.ID)
		}
	case []*sale:
		for _, r := range p {
			out = append(out, r.ID)
		}
	case []map[string]any:
		for _, r := range p {
			out = append(out, int(r["id"].(float64)))
		}
	default:
		t.Fatalf("ids of %T", page)
	}
	return out
}

// filterCases hold the ids each filter keeps, the same for structs and
// for their JSON as maps.
var filterCases = []struct {
	filter string
	want   []int
}{
	{"{region} = North", []int{1}},
	{`{region} = "North"`, []int{1}},
	{"{region} i= NORTH", []int{1, 3}},
	{"{region} != North", []int{2, 3, 4, 5, 6}},
	{"{region} contains orth", []int{1, 3}},
	{"{region} contains Nor", []int{1}},
	{"{region} icontains NOR", []int{1, 3}},
	{"{region} > M", []int{1, 2, 3, 5}},
	{"{region} > 5", nil},
	{"{region} != 5", []int{1, 2, 3, 4, 5, 6}},
	{"{Sales} > 100", []int{1, 3, 5}},
	{"{Sales} >= 120 && {region} != North", []int{3, 5}},
	{`{Sales} = "40"`, []int{2}},
	{"{Sales} <= 75.0", []int{2, 4, 6}},
	{"{Sales} > x", nil},
	{"{Sales} contains 00", []int{3, 5}},
	{"{id} = 3 || ({region} = South && {Sales} < 50)", []int{2, 3}},
	{"{region} = North || {region} = South && {Sales} > 1000", []int{1, 5}},
	{"({region} = North || {region} = South) && {Sales} > 100", []int{1, 5}},
	{"{id} is even", []int{2, 4, 6}},
	{"{id} is odd", []int{1, 3, 5}},
	{"!({id} is odd)", []int{2, 4, 6}},
	{"{id} is num && {region} is str", []int{1, 2, 3, 4, 5, 6}},
	{"{note} is blank", []int{2, 3, 5, 6}},
	{"{note} is nil", []int{2, 5, 6}},
	{"!{note} is blank", []int{1, 4}},
	{"{note} icontains north", []int{4}},
	{"{region} is blank", []int{6}},
	{"{active} = true", []int{1, 3, 5}},
	{"{active} is bool && {active} = FALSE", []int{2, 4, 6}},
	{"{Sales} > {id}", []int{1, 2, 3, 4, 5}},
	{"{date} datestartswith 2024-03", []int{2, 3, 5}},
	{`{date} datestartswith "2024-03-1"`, []int{3}},
	{`{date} >= "2024-03-01" && {date} < 2024-04-01`, []int{2, 3, 5}},
	{"{date} < 2024-03-01 && !{date} is blank", []int{1}},
	{"{date} is blank", []int{6}},
}

func TestApplyFilterStructs(t *testing.T) {
	t.Parallel()
	for _, tc := range filterCases {
		page, total, err := Apply(sales(), Query{Filter: tc.filter})
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		if got := ids(t, page); !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("%s: ids %v (total %d), want %v", tc.filter, got, total, tc.want)
		}
	}
}

func TestApplyFilterMaps(t *testing.T) {
	t.Parallel()
	rows := asMaps(t, sales())
	for _, r := range rows {
		if r["note"] == nil {
			delete(r, "note") // a missing key reads like null
		}
		// Dates come back as RFC 3339 text; the zero time is still blank
		// as a struct field only, so drop it here.
		if r["date"] == "0001-01-01T00:00:00Z" {
			r["date"] = nil
		}
	}
	for _, tc := range filterCases {
		page, total, err := Apply(rows, Query{Filter: tc.filter})
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		if got := ids(t, page); !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("%s: ids %v (total %d), want %v", tc.filter, got, total, tc.want)
		}
	}
}

func TestApplyPointerRows(t *testing.T) {
	t.Parallel()
	var rows []*sale
	for _, s := range sales() {
		rows = append(rows, &s)
	}
	rows = append(rows[:2], append([]*sale{nil}, rows[2:]...)...)
	page, total, err := Apply(rows, Query{Filter: "{Sales} > 100 || {region} is blank", SortBy: SortBy{{"Sales", "desc"}}})
	if err != nil {
		t.Fatal(err)
	}
	// The nil row is blank in every column, and sorts last.
	if total != 5 || len(page) != 5 || page[4] != nil {
		t.Fatalf("page %v, total %d; want 5 rows ending with the nil one", page, total)
	}
	if got := ids(t, page[:4]); !slices.Equal(got, []int{5, 3, 1, 6}) {
		t.Errorf("ids %v, want [5 3 1 6]", got)
	}
}

func TestApplyColumnNames(t *testing.T) {
	t.Parallel()
	type Base struct {
		ID   int    `json:"id"`
		Name string // json name "Name": the outer Name is "title"
		Kind string
	}
	type row struct {
		Base
		Name  string `json:"title"`
		Other *Base  `json:"other"`
	}
	rows := []row{
		{Base: Base{ID: 2, Name: "inner-b", Kind: "x"}, Name: "b"},
		{Base: Base{ID: 1, Name: "inner-a", Kind: "y"}, Name: "a"},
	}
	for _, tc := range []struct {
		filter string
		want   []int
	}{
		{"{id} = 1", []int{1}},         // promoted from Base, by json name
		{"{ID} = 1", []int{1}},         // and by Go name
		{"{Kind} = x", []int{2}},       // promoted, untagged
		{"{title} = a", []int{1}},      // the outer field's json name
		{"{Name} = inner-b", []int{2}}, // Base.Name: a json name wins over a Go name
		{"{other} is nil", []int{2, 1}},
	} {
		page, _, err := Apply(rows, Query{Filter: tc.filter})
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		var got []int
		for _, r := range page {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: ids %v, want %v", tc.filter, got, tc.want)
		}
	}
	if page, _, err := Apply(rows, Query{Filter: "{other} = 1 || {other} is num"}); err != nil || len(page) != 0 {
		t.Errorf("a pointer to a struct compared as a value: %v, %v", page, err)
	}
}

func TestApplyErrors(t *testing.T) {
	t.Parallel()
	type tagged struct {
		Tags []string `json:"tags"`
	}
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"unknown filter column", func() error { _, _, err := Apply(sales(), Query{Filter: "{nope} = 1"}); return err },
			`table: unknown column "nope"; table.sale has id, region, Sales, date, note, active`},
		{"json:\"-\" field", func() error { _, _, err := Apply(sales(), Query{Filter: "{Secret} = x"}); return err },
			`unknown column "Secret"`},
		{"unexported field", func() error { _, _, err := Apply(sales(), Query{Filter: "{hidden} = 1"}); return err },
			`unknown column "hidden"`},
		{"unknown sort column", func() error { _, _, err := Apply(sales(), Query{SortBy: SortBy{{"nope", "asc"}}}); return err },
			`unknown column "nope"`},
		{"unknown map column", func() error {
			_, _, err := Apply([]map[string]any{{"a": 1}}, Query{Filter: "{b} = 1"})
			return err
		}, `table: unknown column "b": no row has that key`},
		{"bad direction", func() error { _, _, err := Apply(sales(), Query{SortBy: SortBy{{"id", "up"}}}); return err },
			`table: sort_by[0] (column "id") has direction "up"; want "asc" or "desc"`},
		{"no column id", func() error { _, _, err := Apply(sales(), Query{SortBy: SortBy{{"", "asc"}}}); return err },
			"table: sort_by[0] has no column_id"},
		{"negative page", func() error { _, _, err := Apply(sales(), Query{Page: -1}); return err },
			"table: page_current -1 is negative"},
		{"bad filter", func() error { _, _, err := Apply(sales(), Query{Filter: "{id} >"}); return err },
			"table: filter_query, position 7: expected a value"},
		{"slice column", func() error { _, _, err := Apply([]tagged{{}}, Query{Filter: "{tags} contains x"}); return err },
			`table: column "tags" is a []string, which cannot be filtered or sorted`},
		{"rows without columns", func() error { _, _, err := Apply([]int{1}, Query{Filter: "{a} = 1"}); return err },
			"table: rows of type int have no columns"},
	} {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestApplyOtherMaps(t *testing.T) {
	t.Parallel()
	type key string
	rows := []map[key]float64{{"x": 3, "y": 1}, {"x": 1}, {"x": 2, "y": math.NaN()}}
	page, total, err := Apply(rows, Query{Filter: "{x} > 1 || {y} is blank", SortBy: SortBy{{"y", "asc"}, {"x", "desc"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for _, r := range page {
		got = append(got, r["x"])
	}
	// y=1 first; then the blanks (missing, NaN) by x descending.
	if want := []float64{3, 2, 1}; total != 3 || !slices.Equal(got, want) {
		t.Errorf("x = %v (total %d), want %v", got, total, want)
	}
}

func TestQueryJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(SortBy{{ColumnID: "x", Direction: "asc"}})
	if err != nil || string(b) != `[{"column_id":"x","direction":"asc"}]` {
		t.Errorf("SortBy JSON = %s, %v", b, err)
	}
	if b, _ := json.Marshal(SortBy(nil)); string(b) != "[]" {
		t.Errorf("nil SortBy JSON = %s, want []", b)
	}
	var q Query
	in := `{"sort_by":[{"column_id":"Sales","direction":"desc"},{"column_id":"id","direction":"asc"}],"filter_query":"{id} ne 1","page_current":2,"page_size":25}`
	if err := json.Unmarshal([]byte(in), &q); err != nil {
		t.Fatal(err)
	}
	want := Query{SortBy: SortBy{{"Sales", "desc"}, {"id", "asc"}}, Filter: "{id} ne 1", Page: 2, PageSize: 25}
	if !slices.Equal(q.SortBy, want.SortBy) || q.Filter != want.Filter || q.Page != want.Page || q.PageSize != want.PageSize {
		t.Errorf("decoded %+v, want %+v", q, want)
	}
	if out, _ := json.Marshal(q); string(out) != in {
		t.Errorf("re-encoded %s, want %s", out, in)
	}
}
