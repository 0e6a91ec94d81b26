package table_test

import (
	"fmt"
	"time"

	"github.com/pagewire/pagewire/framework/table"
)

func ExampleApply() {
	type sale struct {
		ID     int       `json:"id"`
		Region string    `json:"region"`
		Sales  float64   `json:"sales"`
		Date   time.Time `json:"date"`
	}
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	all := []sale{
		{1, "North", 120, day("2024-02-28")},
		{2, "South", 40, day("2024-03-01")},
		{3, "North", 300, day("2024-03-15")},
		{4, "East", 75, day("2024-03-20")},
		{5, "North", 90, day("2024-03-31")},
	}
	q := table.Query{
		SortBy:   table.SortBy{{ColumnID: "sales", Direction: "desc"}},
		Filter:   `{region} = North || {date} datestartswith "2024-03" && {sales} > 50`,
		Page:     0,
		PageSize: 2,
	}
	rows, total, err := table.Apply(all, q)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Println(r.ID, r.Region, r.Sales)
	}
	fmt.Println("matches:", total, "pages:", table.PageCount(total, q.PageSize))
	// Output:
	// 3 North 300
	// 1 North 120
	// matches: 4 pages: 2
}

func ExampleParseFilter() {
	_, err := table.ParseFilter("{region} = North && {sales} >")
	fmt.Println(err)
	f, _ := table.ParseFilter("{region} eq North and ({sales} ge 100 or {sales} is blank)")
	fmt.Println(f)
	// Output:
	// table: filter_query, position 30: expected a value after ">"
	// {region} = North && ({sales} >= 100 || {sales} is blank)
}
