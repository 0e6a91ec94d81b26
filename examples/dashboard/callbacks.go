package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pagewire/pagewire/framework"
	"github.com/pagewire/pagewire/framework/chart"
	"github.com/pagewire/pagewire/framework/table"
)

// The dashboard's callbacks, in Dash's style: each reads the sidebar's
// filters from the shell's Store, so every page follows them, on its first
// paint and on every change.
func init() {
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output(framework.ID{"type": "nav", "page": framework.ALL}, "aria-current")},
		Inputs:  []framework.Dep{framework.Input("url", "pathname")},
		States:  []framework.Dep{framework.State(framework.ID{"type": "nav", "page": framework.ALL}, "aria-current")},
		Func:    activeLink,
	})
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{
			framework.Output("kpi-revenue", "children"), framework.Output("kpi-orders", "children"),
			framework.Output("kpi-aov", "children"), framework.Output("kpi-units", "children"),
			framework.Output("rev-product", "figure"), framework.Output("rev-share", "figure"),
		},
		Inputs: []framework.Dep{framework.Input("filters", "data")},
		Func:   overviewFigures,
	})
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("rev-daily", "figure"), framework.Output("trend-product", "children")},
		Inputs:  []framework.Dep{framework.Input("filters", "data"), framework.Input("rev-product", "clickData")},
		Func:    dailyTrend,
	})
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{
			framework.Output("order-hist", "figure"), framework.Output("order-box", "figure"),
			framework.Output("season-heat", "figure"), framework.Output("product-bubble", "figure"),
		},
		Inputs: []framework.Dep{framework.Input("filters", "data")},
		Func:   analysisFigures,
	})
}

// filtersOf reads the shell's Store; an empty store selects everything.
func filtersOf(c *framework.Ctx) Filters {
	f := allFilters()
	if err := c.Decode("filters", "data", &f); err != nil {
		return allFilters()
	}
	return f
}

// activeLink marks the nav link of the page shown: the sidebar is part of
// the shell, which in-app navigation leaves in place.
func activeLink(c *framework.Ctx) error {
	path := strings.TrimPrefix(c.String("url", "pathname"), strings.TrimSuffix(basePath, "/"))
	if path == "" {
		path = "/"
	}
	for _, it := range c.All(framework.ID{"type": "nav", "page": framework.ALL}, "aria-current") {
		var v any // null removes the attribute
		if it.ID["page"] == path {
			v = "page"
		}
		c.Set(it.ID, "aria-current", v)
	}
	return nil
}

func overviewFigures(c *framework.Ctx) error {
	f := filtersOf(c)
	s := summarize(f, "")
	c.Set("kpi-revenue", "children", compactMoney(s.Revenue))
	c.Set("kpi-orders", "children", count(s.Orders))
	aov := 0.0
	if s.Orders > 0 {
		aov = s.Revenue / float64(s.Orders)
	}
	c.Set("kpi-aov", "children", money(aov))
	c.Set("kpi-units", "children", count(s.Units))
	shown := slices.DeleteFunc(slices.Clone(productNames), func(p string) bool { return !slices.Contains(f.Products, p) })
	series := make([]chart.Series, 0, len(regionNames))
	for _, r := range regionNames {
		vs := make([]float64, len(shown))
		for i, p := range shown {
			vs[i] = math.Round(s.byProduct[p][r])
		}
		series = append(series, chart.Named(r, vs))
	}
	bar, err := chart.Bar(shown, series...)
	if err != nil {
		return err
	}
	bar.Layout.YTitle = "revenue ($)"
	c.Set("rev-product", "figure", bar)
	shares := make([]float64, len(regionNames))
	for i, r := range regionNames {
		shares[i] = math.Round(s.byRegion[r])
	}
	pie, err := chart.Donut(regionNames, shares, 0.45)
	if err != nil {
		return err
	}
	c.Set("rev-share", "figure", pie)
	return nil
}

// clicked is the product of a click on the product chart, or "".
func clicked(c *framework.Ctx) string {
	var d struct {
		Points []struct {
			X string `json:"x"`
		} `json:"points"`
	}
	if c.Decode("rev-product", "clickData", &d) != nil || len(d.Points) == 0 || !slices.Contains(productNames, d.Points[0].X) {
		return ""
	}
	return d.Points[0].X
}

func dailyTrend(c *framework.Ctx) error {
	product := clicked(c)
	s := summarize(filtersOf(c), product)
	fig, err := chart.FromRows(s.daily, chart.Cols{X: "date", Y: "revenue", Color: "region"}).Line()
	if err != nil {
		return err
	}
	c.Set("rev-daily", "figure", fig)
	if product == "" {
		c.Set("trend-product", "children", "(all products)")
	} else {
		c.Set("trend-product", "children", "("+product+" only)")
	}
	return nil
}

// sampleStride keeps one order in this many for the distribution charts.
const sampleStride = 50

func analysisFigures(c *framework.Ctx) error {
	sel := selected(filtersOf(c))
	var values []float64
	byRegion := map[string][]float64{}
	var heat [7][12]float64
	type pm struct {
		units, orders int
		revenue       float64
	}
	bubbles := map[string]*[12]pm{}
	for _, p := range productNames {
		bubbles[p] = &[12]pm{}
	}
	for i, o := range sel {
		heat[o.Date.Weekday()][o.Date.Month()-1] += o.Revenue
		b := &bubbles[o.Product][o.Date.Month()-1]
		b.units += o.Units
		b.orders++
		b.revenue += o.Revenue
		if i%sampleStride == 0 && len(values) < 5000 {
			values = append(values, o.Revenue)
			byRegion[o.Region] = append(byRegion[o.Region], o.Revenue)
		}
	}
	hist := chart.Histogram(values, 30)
	hist.Layout.XTitle = "order value ($)"
	c.Set("order-hist", "figure", hist)
	boxes := make([]chart.Series, 0, len(regionNames))
	for _, r := range regionNames {
		boxes = append(boxes, chart.Named(r, byRegion[r]))
	}
	c.Set("order-box", "figure", chart.Box(boxes...))
	days := []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	months := make([]string, 12)
	z := make([][]float64, 7)
	for d := range z {
		z[d] = make([]float64, 12)
		for m := range 12 {
			z[d][m] = math.Round(heat[d][m])
		}
	}
	for m := range months {
		months[m] = time.Month(m + 1).String()[:3]
	}
	heatmap, err := chart.Heatmap(months, days, z)
	if err != nil {
		return err
	}
	c.Set("season-heat", "figure", heatmap)
	var units, revenue, sizes []float64
	for _, p := range productNames {
		for m := range 12 {
			b := bubbles[p][m]
			units, revenue, sizes = append(units, float64(b.units)), append(revenue, math.Round(b.revenue)), append(sizes, float64(b.orders))
		}
	}
	bubble, err := chart.Bubble(units, revenue, sizes)
	if err != nil {
		return err
	}
	bubble.Layout.XTitle, bubble.Layout.YTitle = "units", "revenue ($)"
	c.Set("product-bubble", "figure", bubble)
	return nil
}

// compactMoney formats a large amount in a KPI: $104.5M, $12.3k.
func compactMoney(v float64) string {
	switch {
	case v >= 1e6:
		return "$" + strconv.FormatFloat(v/1e6, 'f', 1, 64) + "M"
	case v >= 1e4:
		return "$" + strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	}
	return money(v)
}

// count formats a count with thousands separators: 1,234,567.
func count(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ordersPageSize is how many orders the table shows at a time.
const ordersPageSize = 25

func init() {
	framework.Callback(framework.CallbackSpec{
		Outputs: []framework.Dep{framework.Output("orders", "data"), framework.Output("orders", "page_count"),
			framework.Output("orders-count", "children")},
		Inputs: []framework.Dep{framework.Input("filters", "data"), framework.Input("orders", "sort_by"),
			framework.Input("orders", "filter_query"), framework.Input("orders", "page_current")},
		Func: ordersPage,
	})
	framework.Callback(framework.CallbackSpec{
		Outputs:            []framework.Dep{framework.Output("orders-selected", "children")},
		Inputs:             []framework.Dep{framework.Input("orders", "selected_rows")},
		States:             []framework.Dep{framework.State("orders", "data")},
		PreventInitialCall: true,
		Func:               selectedOrder,
	})
}

// ordersPage sends one page of the selected orders: only those rows reach
// the browser, whatever the selection's size.
func ordersPage(c *framework.Ctx) error {
	q := table.Query{Filter: c.String("orders", "filter_query"), Page: c.Int("orders", "page_current"), PageSize: ordersPageSize}
	if err := c.Decode("orders", "sort_by", &q.SortBy); err != nil {
		return err
	}
	rows, total, err := table.Apply(selected(filtersOf(c)), q)
	if err != nil {
		return err
	}
	c.Set("orders", "data", rows)
	c.Set("orders", "page_count", table.PageCount(total, ordersPageSize))
	c.Set("orders-count", "children", count(total)+" orders match")
	return nil
}

// selectedOrder describes the row picked in the table.
func selectedOrder(c *framework.Ctx) error {
	var sel []int
	var rows []Order
	if err := c.Decode("orders", "selected_rows", &sel); err != nil {
		return err
	}
	if err := c.Decode("orders", "data", &rows); err != nil {
		return err
	}
	if len(sel) == 0 || sel[0] < 0 || sel[0] >= len(rows) {
		c.Set("orders-selected", "children", "")
		return nil
	}
	o := rows[sel[0]]
	c.Set("orders-selected", "children", fmt.Sprintf("Order %d: %d × %s in the %s, %s.", o.ID, o.Units, o.Product, o.Region, money(o.Revenue)))
	return nil
}
