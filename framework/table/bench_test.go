package table

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

type benchRow struct {
	ID     int
	Region string
	Sales  float64
	Date   time.Time
}

var benchRows = sync.OnceValue(func() []benchRow {
	rng := rand.New(rand.NewPCG(7, 11))
	regions := []string{"North", "South", "East", "West", "Central"}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]benchRow, 1_000_000)
	for i := range rows {
		rows[i] = benchRow{
			ID:     i,
			Region: regions[rng.IntN(len(regions))],
			Sales:  float64(rng.IntN(1_000_000)) / 100,
			Date:   start.Add(time.Duration(rng.Int64N(int64(5 * 365 * 24 * time.Hour)))),
		}
	}
	return rows
})

// BenchmarkApply1M answers one page of 25 over 1,000,000 structs. The
// headline case filters (about 1 row in 4 matches) and sorts; the others
// show what each part costs: the filter alone, the sort alone, two sort
// columns, and pages deep enough that every match is sorted instead of
// the first page being selected with a heap.
func BenchmarkApply1M(b *testing.B) {
	rows := benchRows()
	filter := `{Region} = North || {Sales} >= 8000 && {Date} datestartswith "2023"`
	for _, bc := range []struct {
		name string
		q    Query
	}{
		{"filter+sort", Query{Filter: filter, SortBy: SortBy{{"Sales", "desc"}}, PageSize: 25}},
		{"filter", Query{Filter: filter, Page: 3, PageSize: 25}},
		{"sort", Query{SortBy: SortBy{{"Date", "asc"}}, PageSize: 25}},
		{"filter+sort2", Query{Filter: "{Sales} > 5000", SortBy: SortBy{{"Region", "asc"}, {"Date", "desc"}}, PageSize: 25}},
		{"filter+sort,page 5000", Query{Filter: filter, SortBy: SortBy{{"Sales", "desc"}}, Page: 5_000, PageSize: 25}},
		{"sort,last page", Query{SortBy: SortBy{{"Sales", "desc"}}, Page: 39_999, PageSize: 25}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var total int
			for b.Loop() {
				page, n, err := Apply(rows, bc.q)
				if err != nil || len(page) != 25 {
					b.Fatalf("page of %d, %v", len(page), err)
				}
				total = n
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}
