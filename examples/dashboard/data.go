package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Order is one sale: the dashboard's data, a million of them.
type Order struct {
	ID      int       `json:"id"`
	Date    time.Time `json:"date"`
	Region  string    `json:"region"`
	Product string    `json:"product"`
	Units   int       `json:"units"`
	Revenue float64   `json:"revenue"`
}

// The dimensions of the data, in display order.
var (
	regionNames  = []string{"north", "south", "east", "west"}
	productNames = []string{"Widgets", "Gadgets", "Gizmos"}
	prices       = map[string]float64{"Widgets": 19.5, "Gadgets": 42, "Gizmos": 7.25}
	firstDay     = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay      = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// orderCount is how many orders the dashboard holds.
const orderCount = 1_000_000

// orders is the data, generated once, the same on every run: each region
// and product with its own trend and a weekly rhythm.
var orders = sync.OnceValue(func() []Order {
	rng := rand.New(rand.NewPCG(2025, 12))
	days := int(lastDay.Sub(firstDay).Hours()/24) + 1
	out := make([]Order, orderCount)
	for i := range out {
		d := rng.IntN(days)
		date := firstDay.AddDate(0, 0, d)
		ri, pi := rng.IntN(len(regionNames)), rng.IntN(len(productNames))
		// Busier weekends, growing towards the year's end, north largest.
		units := 1 + rng.IntN(4+ri)
		if rng.Float64() < float64(d)/float64(days) { // growth through the year
			units++
		}
		if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			units += rng.IntN(3)
		}
		p := productNames[pi]
		out[i] = Order{ID: i + 1, Date: date, Region: regionNames[ri], Product: p, Units: units,
			Revenue: math.Round(float64(units)*prices[p]*(0.9+rng.Float64()*0.2)*100) / 100}
	}
	slices.SortStableFunc(out, func(a, b Order) int { return a.Date.Compare(b.Date) })
	for i := range out {
		out[i].ID = i + 1
	}
	return out
})

// Filters are the sidebar's choices, kept in the shell's Store and read by
// every page's callbacks.
type Filters struct {
	Regions  []string `json:"regions"`
	Products []string `json:"products"`
	Start    string   `json:"start"` // YYYY-MM-DD, or "" for the first day
	End      string   `json:"end"`   // YYYY-MM-DD, or "" for the last day
}

// allFilters selects everything. Its slices are its own: decoding into
// them must never write into the dimensions.
func allFilters() Filters {
	return Filters{Regions: slices.Clone(regionNames), Products: slices.Clone(productNames),
		Start: firstDay.Format(time.DateOnly), End: lastDay.Format(time.DateOnly)}
}

// match returns a predicate for the orders f selects.
func (f Filters) match() func(*Order) bool {
	start, end := firstDay, lastDay
	if t, err := time.Parse(time.DateOnly, f.Start); err == nil {
		start = t
	}
	if t, err := time.Parse(time.DateOnly, f.End); err == nil {
		end = t
	}
	regions, products := set(f.Regions), set(f.Products)
	return func(o *Order) bool {
		return regions[o.Region] && products[o.Product] && !o.Date.Before(start) && !o.Date.After(end)
	}
}

func set(vs []string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// Totals are the KPI figures of a selection.
type Totals struct {
	Revenue float64
	Orders  int
	Units   int
}

// Daily is the revenue of one region on one day.
type Daily struct {
	Date    time.Time `json:"date"`
	Region  string    `json:"region"`
	Revenue float64   `json:"revenue"`
}

// summary is what the overview shows of a selection, computed in one pass.
type summary struct {
	Totals
	daily     []Daily                       // by date, then region order
	byProduct map[string]map[string]float64 // product -> region -> revenue
	byRegion  map[string]float64
}

// summarize aggregates the orders f selects; product, when set, narrows
// the daily revenue to one product (a click on the product chart).
func summarize(f Filters, product string) summary {
	keep := f.match()
	s := summary{byProduct: map[string]map[string]float64{}, byRegion: map[string]float64{}}
	day := map[time.Time]map[string]float64{}
	for i := range orders() {
		o := &orders()[i]
		if !keep(o) {
			continue
		}
		s.Revenue += o.Revenue
		s.Orders++
		s.Units += o.Units
		if s.byProduct[o.Product] == nil {
			s.byProduct[o.Product] = map[string]float64{}
		}
		s.byProduct[o.Product][o.Region] += o.Revenue
		s.byRegion[o.Region] += o.Revenue
		if product != "" && o.Product != product {
			continue
		}
		if day[o.Date] == nil {
			day[o.Date] = map[string]float64{}
		}
		day[o.Date][o.Region] += o.Revenue
	}
	dates := make([]time.Time, 0, len(day))
	for d := range day {
		dates = append(dates, d)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	for _, d := range dates {
		for _, r := range regionNames {
			if v, ok := day[d][r]; ok {
				s.daily = append(s.daily, Daily{Date: d, Region: r, Revenue: math.Round(v*100) / 100})
			}
		}
	}
	return s
}

// selected returns the orders f selects, in date order, as pointers: a
// page of the table costs 8 bytes per selected order, not a copy of it.
func selected(f Filters) []*Order {
	all := orders()
	if f.selectsAll() {
		return allOrders()
	}
	keep := f.match()
	out := make([]*Order, 0, len(all)/4)
	for i := range all {
		if keep(&all[i]) {
			out = append(out, &all[i])
		}
	}
	return out
}

// allOrders is every order, as pointers, built once.
var allOrders = sync.OnceValue(func() []*Order {
	all := orders()
	out := make([]*Order, len(all))
	for i := range all {
		out[i] = &all[i]
	}
	return out
})

// selectsAll reports whether f keeps every order.
func (f Filters) selectsAll() bool {
	a := allFilters()
	return (f.Start == "" || f.Start <= a.Start) && (f.End == "" || f.End >= a.End) &&
		len(set(f.Regions)) == len(regionNames) && allIn(f.Regions, regionNames) &&
		len(set(f.Products)) == len(productNames) && allIn(f.Products, productNames)
}

// allIn reports whether every value is one of known.
func allIn(values, known []string) bool {
	for _, v := range values {
		if !slices.Contains(known, v) {
			return false
		}
	}
	return true
}

// regionTotal is a region's orders and revenue over a period.
type regionTotal struct {
	Name    string  `json:"name"`
	Orders  int     `json:"orders"`
	Revenue float64 `json:"revenue"`
}

// totalsBetween sums each region's orders from start to end, inclusive.
func totalsBetween(start, end time.Time) []regionTotal {
	out := make([]regionTotal, len(regionNames))
	for i, r := range regionNames {
		out[i].Name = r
	}
	for i := range orders() {
		o := &orders()[i]
		if o.Date.Before(start) || o.Date.After(end) {
			continue
		}
		k := slices.Index(regionNames, o.Region)
		out[k].Orders++
		out[k].Revenue += o.Revenue
	}
	for i := range out {
		out[i].Revenue = math.Round(out[i].Revenue*100) / 100
	}
	return out
}

// lastWeek is each region's total over the year's last seven days.
func lastWeek() []regionTotal { return totalsBetween(lastDay.AddDate(0, 0, -6), lastDay) }

// findRegion is a region's total over the whole year.
func findRegion(name string) (regionTotal, bool) {
	i := slices.Index(regionNames, name)
	if i < 0 {
		return regionTotal{}, false
	}
	return totalsBetween(firstDay, lastDay)[i], true
}

// money formats an amount as the dashboard shows it: $1,234.50.
func money(v float64) string {
	cents := int64(math.Round(v * 100))
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte('$')
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	fmt.Fprintf(&b, ".%02d", cents%100)
	return b.String()
}
