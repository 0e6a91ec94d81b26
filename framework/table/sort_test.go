package table

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestApplySortStable(t *testing.T) {
	t.Parallel()
	type row struct {
		ID     int
		Region string
		Sales  int
	}
	rows := []row{
		{1, "b", 10}, {2, "a", 10}, {3, "b", 20}, {4, "a", 10},
		{5, "b", 10}, {6, "a", 30}, {7, "b", 20}, {8, "a", 10},
	}
	for _, tc := range []struct {
		by   SortBy
		want []int
	}{
		{SortBy{{"Region", "asc"}}, []int{2, 4, 6, 8, 1, 3, 5, 7}},
		{SortBy{{"Region", "desc"}}, []int{1, 3, 5, 7, 2, 4, 6, 8}},
		{SortBy{{"Sales", "desc"}}, []int{6, 3, 7, 1, 2, 4, 5, 8}},
		{SortBy{{"Region", "asc"}, {"Sales", "desc"}}, []int{6, 2, 4, 8, 3, 7, 1, 5}},
		{SortBy{{"Sales", "asc"}, {"Region", "desc"}}, []int{1, 5, 2, 4, 8, 3, 7, 6}},
		{SortBy{{"Sales", "asc"}, {"Region", "desc"}, {"ID", "desc"}}, []int{5, 1, 8, 4, 2, 7, 3, 6}},
	} {
		for size := 1; size <= len(rows); size++ {
			var got []int
			for p := 0; p < PageCount(len(rows), size); p++ {
				page, total, err := Apply(rows, Query{SortBy: tc.by, Page: p, PageSize: size})
				if err != nil || total != len(rows) {
					t.Fatalf("%v: %v, total %d", tc.by, err, total)
				}
				for _, r := range page {
					got = append(got, r.ID)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%v in pages of %d: %v, want %v", tc.by, size, got, tc.want)
			}
		}
	}
}

func TestApplySortBlanksLast(t *testing.T) {
	t.Parallel()
	type row struct {
		ID    int
		Score float64
		Rank  *int
	}
	rows := []row{{1, 2, ptr(2)}, {2, math.NaN(), nil}, {3, 1, ptr(1)}, {4, 3, nil}, {5, math.NaN(), ptr(3)}}
	for _, tc := range []struct {
		by   SortBy
		want []int
	}{
		{SortBy{{"Score", "asc"}}, []int{3, 1, 4, 2, 5}},
		{SortBy{{"Score", "desc"}}, []int{4, 1, 3, 2, 5}},
		{SortBy{{"Rank", "asc"}}, []int{3, 1, 5, 2, 4}},
		{SortBy{{"Rank", "desc"}}, []int{5, 1, 3, 2, 4}},
	} {
		page, _, err := Apply(rows, Query{SortBy: tc.by})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, r := range page {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.by, got, tc.want)
		}
	}
}

type randRow struct {
	ID     int       `json:"id"`
	Region string    `json:"region"`
	Units  int       `json:"units"`
	Price  float64   `json:"price"`
	Date   time.Time `json:"date"`
	Ok     bool      `json:"ok"`
}

// TestApplyMatchesReference checks Apply against a plain filter, stable
// sort and slice, for random queries on rows full of ties, on both the
// heap path (early pages) and the full sort (late pages).
func TestApplyMatchesReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	regions := []string{"North", "South", "East", "West", ""}
	rows := make([]randRow, 600)
	for i := range rows {
		rows[i] = randRow{
			ID: i, Region: regions[rng.IntN(len(regions))], Units: rng.IntN(5) - 2,
			Price: float64(rng.IntN(8)) / 2, Date: day("2024-01-01").AddDate(0, 0, rng.IntN(60)), Ok: rng.IntN(2) == 0,
		}
	}
	maps := asMaps(t, rows)
	filters := []struct {
		text string
		keep func(r randRow) bool
	}{
		{"", func(randRow) bool { return true }},
		{"{units} > 0", func(r randRow) bool { return r.Units > 0 }},
		{"{region} = North || {price} >= 2.5", func(r randRow) bool { return r.Region == "North" || r.Price >= 2.5 }},
		{"!{region} is blank && {ok} = true", func(r randRow) bool { return r.Region != "" && r.Ok }},
	}
	cols := []string{"region", "units", "price", "date", "ok", "id"}
	value := map[string]func(r randRow) any{
		"region": func(r randRow) any { return r.Region }, "units": func(r randRow) any { return r.Units },
		"price": func(r randRow) any { return r.Price }, "date": func(r randRow) any { return r.Date },
		"ok": func(r randRow) any { return r.Ok }, "id": func(r randRow) any { return r.ID },
	}
	compareAny := func(a, b any) int {
		switch a := a.(type) {
		case string:
			return strings.Compare(a, b.(string))
		case int:
			return cmp.Compare(a, b.(int))
		case float64:
			return cmp.Compare(a, b.(float64))
		case time.Time:
			return a.Compare(b.(time.Time))
		case bool:
			return compareBools(a, b.(bool))
		}
		panic(fmt.Sprintf("%T", a))
	}
	for round := range 300 {
		f := filters[rng.IntN(len(filters))]
		var by SortBy
		for range 1 + rng.IntN(3) {
			dir := "asc"
			if rng.IntN(2) == 0 {
				dir = "desc"
			}
			by = append(by, Sort{cols[rng.IntN(len(cols))], dir})
		}
		size := []int{0, 1, 7, 25, 100, 1000}[rng.IntN(6)]
		var want []randRow
		for _, r := range rows {
			if f.keep(r) {
				want = append(want, r)
			}
		}
		slices.SortStableFunc(want, func(a, b randRow) int {
			for _, s := range by {
				if c := compareAny(value[s.ColumnID](a), value[s.ColumnID](b)); c != 0 {
					return directed(c, s.Direction == "desc")
				}
			}
			return 0
		})
		pages := max(PageCount(len(want), size), 1)
		pageNo := rng.IntN(pages + 1) // sometimes one beyond the end
		lo, hi := pageBounds(pageNo, size, len(want))
		q := Query{SortBy: by, Filter: f.text, Page: pageNo, PageSize: size}

		got, total, err := Apply(rows, q)
		if err != nil || total != len(want) {
			t.Fatalf("round %d, %+v: %v, total %d want %d", round, q, err, total, len(want))
		}
		wantIDs := make([]int, 0, hi-lo)
		for _, r := range want[lo:hi] {
			wantIDs = append(wantIDs, r.ID)
		}
		gotIDs := make([]int, 0, len(got))
		for _, r := range got {
			gotIDs = append(gotIDs, r.ID)
		}
		if !slices.Equal(gotIDs, wantIDs) {
			t.Fatalf("round %d, %+v:\n got %v\nwant %v", round, q, gotIDs, wantIDs)
		}
		// The same rows as decoded JSON sort and filter the same way
		// (dates as RFC 3339 text sort as the times do).
		gotMaps, total, err := Apply(maps, q)
		if err != nil || total != len(want) {
			t.Fatalf("round %d, maps, %+v: %v, total %d", round, q, err, total)
		}
		if mapIDs := ids(t, gotMaps); !slices.Equal(mapIDs, wantIDs) {
			t.Fatalf("round %d, maps, %+v:\n got %v\nwant %v", round, q, mapIDs, wantIDs)
		}
	}
}

func TestApplyPaging(t *testing.T) {
	t.Parallel()
	rows := make([]sale, 10)
	for i := range rows {
		rows[i] = sale{ID: i + 1, Sales: float64(10 - i)}
	}
	for _, q := range []Query{{}, {Filter: "{id} > 0"}, {SortBy: SortBy{{"id", "asc"}}}, {Filter: "{id} > 0", SortBy: SortBy{{"Sales", "desc"}}}} {
		for _, tc := range []struct {
			page, size int
			want       []int
		}{
			{0, 0, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
			{1, 0, nil},
			{0, 4, []int{1, 2, 3, 4}},
			{2, 4, []int{9, 10}},
			{3, 4, nil},
			{1, 5, []int{6, 7, 8, 9, 10}},
			{2, 5, nil},
			{0, 10, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
			{0, 11, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
			{9, 1, []int{10}},
			{math.MaxInt, 1, nil},
			{math.MaxInt / 2, 3, nil},
			{1, math.MaxInt, nil},
		} {
			q.Page, q.PageSize = tc.page, tc.size
			page, total, err := Apply(rows, q)
			if err != nil {
				t.Fatal(err)
			}
			if page == nil {
				t.Errorf("%+v: nil page; want [] in JSON", q)
			}
			if got := ids(t, page); total != 10 || !slices.Equal(got, tc.want) {
				t.Errorf("%+v: %v (total %d), want %v (total 10)", q, got, total, tc.want)
			}
		}
	}
	for _, rows := range [][]sale{nil, {}} {
		page, total, err := Apply(rows, Query{Filter: "{id} > 1", SortBy: SortBy{{"id", "asc"}}, PageSize: 5})
		if b, _ := json.Marshal(page); err != nil || total != 0 || string(b) != "[]" {
			t.Errorf("no rows: %s, %d, %v", b, total, err)
		}
	}
}

func TestApplyPageSharesRowsOnlyWithoutWork(t *testing.T) {
	t.Parallel()
	rows := sales()
	page, _, _ := Apply(rows, Query{PageSize: 2, Page: 1})
	if &page[0] != &rows[2] || cap(page) != 2 {
		t.Errorf("a plain page is not rows[2:4:4]")
	}
	page, _, _ = Apply(rows, Query{PageSize: 2, Page: 1, Filter: "{id} > 0"})
	if &page[0] == &rows[2] {
		t.Errorf("a filtered page shares the rows")
	}
}

func TestPageCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ total, size, want int }{
		{0, 25, 0}, {1, 25, 1}, {25, 25, 1}, {26, 25, 2}, {1_000_000, 25, 40_000},
		{10, 0, 1}, {0, 0, 0}, {10, -1, 1}, {math.MaxInt, 1, math.MaxInt}, {math.MaxInt, math.MaxInt, 1},
	} {
		if got := PageCount(tc.total, tc.size); got != tc.want {
			t.Errorf("PageCount(%d, %d) = %d, want %d", tc.total, tc.size, got, tc.want)
		}
	}
}

func TestSelectRange(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	less := func(a, b int32) int { return cmp.Compare(a, b) }
	for _, n := range []int{0, 1, 5, 13, 40, 257} {
		for range 20 {
			lo := rng.IntN(n + 1)
			hi := lo + rng.IntN(n-lo+1)
			for _, depth := range []int{0, 1, 64} {
				a := make([]int32, n)
				for i, v := range rng.Perm(n) {
					a[i] = int32(v)
				}
				selectRange(a, lo, hi, less, depth)
				for i := lo; i < hi; i++ {
					if a[i] != int32(i) {
						t.Fatalf("n %d, [%d:%d], depth %d: a[%d] = %d", n, lo, hi, depth, i, a[i])
					}
				}
			}
		}
	}
}
