package framework

import (
	"cmp"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Order is a page's place in Pages, like the order argument of Dash's
// register_page: a number, a name, or unset. The zero value is unset; an
// explicit zero is OrderOf(0), a real order. Pages sort numbers first
// (ascending), then names (as strings), then pages without an order, and
// pages with equal orders by module (the registering file) name.
//
// Order is a small value type rather than an int, because an int cannot
// tell "unset" from 0, and rather than a *float64, because a pointer needs
// a variable at every call site and cannot hold Dash's string orders.
type Order struct {
	kind orderKind
	num  float64
	name string
}

type orderKind uint8

const (
	orderUnset orderKind = iota
	orderNumber
	orderName
)

// OrderOf returns the numeric order n: OrderOf(2), OrderOf(1.5) or
// OrderOf(i) for an integer variable i.
func OrderOf[N ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~float32 | ~float64](n N) Order {
	return Order{kind: orderNumber, num: float64(n)}
}

// OrderName returns the string order s. Pages with a string order come
// after every page with a numeric order, sorted by s.
func OrderName(s string) Order {
	return Order{kind: orderName, name: s}
}

// IsSet reports whether the order was set.
func (o Order) IsSet() bool { return o.kind != orderUnset }

// Number returns the numeric order, with ok false when the order is not a
// number.
func (o Order) Number() (n float64, ok bool) { return o.num, o.kind == orderNumber }

// Name returns the string order, with ok false when the order is not a
// name.
func (o Order) Name() (s string, ok bool) { return o.name, o.kind == orderName }

// String formats the order as Dash prints it: the number, the name, or
// "None" when unset.
func (o Order) String() string {
	switch o.kind {
	case orderNumber:
		return strconv.FormatFloat(o.num, 'g', -1, 64)
	case orderName:
		return o.name
	}
	return "None"
}

// compareOrder compares orders the way Dash sorts its page registry:
// numbers (ascending) before names (as strings) before unset.
func compareOrder(a, b Order) int {
	if a.kind != b.kind {
		return cmp.Compare(rankOfKind(a.kind), rankOfKind(b.kind))
	}
	switch a.kind {
	case orderNumber:
		return cmp.Compare(a.num, b.num)
	case orderName:
		return strings.Compare(a.name, b.name)
	}
	return 0
}

func rankOfKind(k orderKind) int {
	switch k {
	case orderNumber:
		return 0
	case orderName:
		return 1
	}
	return 2
}

// dottedModule is the page file as a Dash module name, the tie-break of
// equal orders: the pages folder and the path below its last occurrence,
// dots for slashes ("pages/reports/q1_sales.go" -> "pages.reports.q1_sales",
// as inferPathIn finds the folder); a file outside the folder is its
// moduleName.
func dottedModule(file, folder string) string {
	segs := strings.Split(filepath.ToSlash(file), "/")
	dirs, base := segs[:len(segs)-1], moduleName(segs[len(segs)-1])
	want := strings.Split(folder, "/")
	for i := len(dirs) - len(want); i >= 0; i-- {
		if slices.Equal(dirs[i:i+len(want)], want) {
			return strings.Join(append(slices.Clone(dirs[i:]), base), ".")
		}
	}
	return base
}

// effectiveOrders applies Dash's home-page rule: while no page sets an
// order, the page at "/" has order 0 (Dash's register_page sets it so
// whenever no registered page has a supplied order). It writes Page.Order
// of the entries, which must be the caller's own copies.
func effectiveOrders(es []*entry) {
	for _, e := range es {
		if e.supplied.IsSet() {
			for _, e := range es {
				e.page.Order = e.supplied
			}
			return
		}
	}
	for _, e := range es {
		e.page.Order = e.supplied
		if e.page.Path == "/" {
			e.page.Order = OrderOf(0)
		}
	}
}

// sortEntries sorts in Dash's order (see Registry.Pages): by order, then by
// module, then by path or template so that two files of the same module
// name still sort the same way every run. Orders must be effective (see
// effectiveOrders).
func sortEntries(es []*entry) {
	cmpEntries := func(a, b *entry) int {
		if c := compareOrder(a.page.Order, b.page.Order); c != 0 {
			return c
		}
		if c := strings.Compare(a.dotted, b.dotted); c != 0 {
			return c
		}
		return strings.Compare(a.key(), b.key())
	}
	slices.SortFunc(es, cmpEntries)
}

// orderedCopy returns copies of es with effective orders, in Dash's order.
func orderedCopy(es []*entry) []*entry {
	out := make([]*entry, len(es))
	for i, e := range es {
		c := *e
		out[i] = &c
	}
	effectiveOrders(out)
	sortEntries(out)
	return out
}
