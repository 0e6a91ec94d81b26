package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pagewire/pagewire/framework/table"
)

// BenchmarkOrdersPage is one page of the orders table over the million
// orders, as its callback computes it: a filter, a sort and page 5. It
// reports the page's rows as the reply carries them (reply-B): only that
// page reaches the browser.
func BenchmarkOrdersPage(b *testing.B) {
	all := selected(allFilters())
	q := table.Query{Filter: `{region} contains "north"`, SortBy: table.SortBy{{ColumnID: "revenue", Direction: "desc"}}, Page: 5, PageSize: ordersPageSize}
	var size int
	for b.Loop() {
		rows, _, err := table.Apply(all, q)
		if err != nil {
			b.Fatal(err)
		}
		j, _ := json.Marshal(rows)
		size = len(j)
	}
	b.ReportMetric(float64(size), "reply-B")
}

// BenchmarkDocument is a document GET of a page with four charts (the
// overview, its callbacks run on the first paint) beside one without (the
// weekly sales table); doc-B is the response's size.
func BenchmarkDocument(b *testing.B) {
	app, err := newApp()
	if err != nil {
		b.Fatal(err)
	}
	defer app.Shutdown(context.Background())
	for _, p := range []struct{ name, path string }{{"graphs", "/dash/"}, {"table-no-graph", "/dash/weekly-sales"}} {
		b.Run(p.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				w := httptest.NewRecorder()
				app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, p.path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", p.path, w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "doc-B")
		})
	}
}
