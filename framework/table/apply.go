package table

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"
)

// Apply answers a Query over rows in memory: it keeps the rows that match
// q.Filter, sorts them by q.SortBy (stably, so rows that tie keep their
// order), and returns page q.Page of q.PageSize rows, with total, the
// number of rows that matched.
//
// Rows are structs, pointers to structs (a nil pointer reads as blank in
// every column) or maps with string keys, such as decoded JSON's
// []map[string]any. A column names a struct field by its json name or,
// failing that, its Go name: every exported field that encoding/json
// would see, including those of embedded structs, and no field tagged
// json:"-". Because the filter comes from the page, a client can test any
// such field, shown in the table or not; keep secrets out of the rows. A
// column of a map is a key; a key no row has is unknown. An unknown column
// is an error, as is a field whose type (a slice, a struct other than
// time.Time) cannot be compared.
//
// Sorting puts blanks (nil, a missing key, NaN) last in either direction.
// A page beyond the end is empty, with the right total; the page is never
// nil, so it encodes as [] in JSON. When neither a filter nor a sort is
// asked for, the page is a slice of rows itself; otherwise it is new.
//
// Apply reflects on a struct type once and caches what it learns; a
// filter reads the cells it tests without allocating for fields of basic
// types or time.Time, and a sort reads its keys into typed slices once, then
// compares those, never reflecting per comparison. Only the page's rows
// are put in order: a heap selects an early page in one pass, and a
// quickselect finds a later one, without sorting every match.
func Apply[T any](rows []T, q Query) (page []T, total int, err error) {
	f, err := ParseFilter(q.Filter)
	if err != nil {
		return nil, 0, err
	}
	if err := q.SortBy.validate(); err != nil {
		return nil, 0, err
	}
	if q.Page < 0 {
		return nil, 0, fmt.Errorf("table: page_current %d is negative", q.Page)
	}
	if f.root == nil && len(q.SortBy) == 0 {
		lo, hi := pageBounds(q.Page, q.PageSize, len(rows))
		return nonNil(rows[lo:hi:hi]), len(rows), nil
	}
	src, err := newSource(rows)
	if err != nil {
		return nil, 0, err
	}
	comp := &compiler{src: src, cols: map[string]*column{}}
	var pred predicate
	if f.root != nil {
		if pred, err = comp.compile(f.root); err != nil {
			return nil, 0, err
		}
	}
	sortCols := make([]*column, len(q.SortBy))
	for i, s := range q.SortBy {
		if sortCols[i], err = comp.column(s.ColumnID); err != nil {
			return nil, 0, err
		}
	}
	if len(sortCols) == 0 {
		page, total = filterPage(rows, pred, q.Page, q.PageSize)
		return page, total, nil
	}
	if len(rows) > math.MaxInt32 {
		return nil, 0, fmt.Errorf("table: %d rows are too many to sort", len(rows))
	}

	// Filter into an index of the matching rows (none when all match).
	var idx []int32
	total = len(rows)
	if pred != nil {
		idx = make([]int32, 0, len(rows))
		for i := range rows {
			if pred(i) {
				idx = append(idx, int32(i))
			}
		}
		total = len(idx)
	}
	lo, hi := pageBounds(q.Page, q.PageSize, total)
	if lo == hi {
		return []T{}, total, nil
	}
	row := func(p int) int { return p }
	if idx != nil {
		row = func(p int) int { return int(idx[p]) }
	}
	keys := make([]sortKey, len(sortCols))
	for i, col := range sortCols {
		keys[i] = extractKeys(col, total, row, q.SortBy[i].Direction == "desc")
	}
	order := pageInOrder(total, lo, hi, keys)
	page = make([]T, hi-lo)
	for j, p := range order[lo:hi] {
		page[j] = rows[row(int(p))]
	}
	return page, total, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// filterPage keeps the matching rows on the page in one pass, counting
// all the matches, without an index.
func filterPage[T any](rows []T, pred predicate, pageNo, size int) ([]T, int) {
	lo, hi := 0, math.MaxInt
	switch {
	case size <= 0 && pageNo > 0:
		hi = 0
	case size > 0:
		if pageNo > math.MaxInt/size-1 {
			lo, hi = math.MaxInt, math.MaxInt
		} else {
			lo, hi = pageNo*size, pageNo*size+size
		}
	}
	page := []T{}
	total := 0
	for i := range rows {
		if !pred(i) {
			continue
		}
		if total >= lo && total < hi {
			if len(page) == 0 && size > 0 {
				page = make([]T, 0, min(size, len(rows)-i))
			}
			page = append(page, rows[i])
		}
		total++
	}
	return page, total
}

// sortKey holds one sort column's values for the matching rows, by
// position, and compares two positions in its direction, blanks last.
type sortKey interface {
	compare(a, b int32) int
}

func extractKeys(col *column, n int, row func(int) int, desc bool) sortKey {
	switch col.cat {
	case catInt:
		return &typedKeys[int64]{v: fill(n, row, col.intAt), desc: desc}
	case catUint:
		return &typedKeys[uint64]{v: fill(n, row, col.uintAt), desc: desc}
	case catStr:
		return &typedKeys[string]{v: fill(n, row, col.strAt), desc: desc}
	case catFloat:
		return &floatKeys{v: fill(n, row, col.floatAt), desc: desc}
	case catBool:
		return &boolKeys{v: fill(n, row, col.boolAt), desc: desc}
	case catTime:
		return &timeKeys{v: fill(n, row, col.timeAt), desc: desc}
	}
	return &cellKeys{v: fill(n, row, col.at), desc: desc}
}

func fill[V any](n int, row func(int) int, get func(int) V) []V {
	v := make([]V, n)
	for p := range v {
		v[p] = get(row(p))
	}
	return v
}

func directed(c int, desc bool) int {
	if desc {
		return -c
	}
	return c
}

type typedKeys[V cmp.Ordered] struct {
	v    []V
	desc bool
}

func (k *typedKeys[V]) compare(a, b int32) int { return directed(cmp.Compare(k.v[a], k.v[b]), k.desc) }

type floatKeys struct {
	v    []float64
	desc bool
}

func (k *floatKeys) compare(a, b int32) int {
	x, y := k.v[a], k.v[b]
	switch xn, yn := x != x, y != y; {
	case xn || yn:
		return blanksLast(xn, yn)
	}
	return directed(cmp.Compare(x, y), k.desc)
}

type boolKeys struct {
	v    []bool
	desc bool
}

func (k *boolKeys) compare(a, b int32) int { return directed(compareBools(k.v[a], k.v[b]), k.desc) }

type timeKeys struct {
	v    []time.Time
	desc bool
}

func (k *timeKeys) compare(a, b int32) int { return directed(k.v[a].Compare(k.v[b]), k.desc) }

type cellKeys struct {
	v    []cell
	desc bool
}

func (k *cellKeys) compare(a, b int32) int {
	x, y := &k.v[a], &k.v[b]
	if xn, yn := x.k == kindNone, y.k == kindNone; xn || yn {
		return blanksLast(xn, yn)
	}
	return directed(compareSort(x, y), k.desc)
}

// blanksLast orders two values of which at least one is blank.
func blanksLast(xBlank, yBlank bool) int {
	switch {
	case xBlank && yBlank:
		return 0
	case xBlank:
		return 1
	}
	return -1
}

// pageInOrder returns positions of the n matching rows whose [lo:hi] are
// the page's, in sort order. Ties go to the earlier row, which makes the
// order total, so the result is that of a stable sort. A first page comes
// from a heap that keeps the best hi positions, comparing each other row
// once with the worst of them; a later page from a quickselect that sorts
// only the page, both without sorting every match.
func pageInOrder(n, lo, hi int, keys []sortKey) []int32 {
	less := func(a, b int32) int {
		for _, key := range keys {
			if c := key.compare(a, b); c != 0 {
				return c
			}
		}
		return cmp.Compare(a, b)
	}
	if hi*4 > n {
		all := make([]int32, n)
		for i := range all {
			all[i] = int32(i)
		}
		selectRange(all, lo, hi, less, 2*bits.Len(uint(n)))
		return all
	}
	// h is a max-heap of the best hi so far: h[0] is the worst of them.
	k := hi
	h := make([]int32, k)
	for i := range h {
		h[i] = int32(i)
	}
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= k {
				return
			}
			if r := l + 1; r < k && less(h[r], h[l]) > 0 {
				l = r
			}
			if less(h[i], h[l]) >= 0 {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for p := int32(k); p < int32(n); p++ {
		if less(p, h[0]) < 0 {
			h[0] = p
			down(0)
		}
	}
	slices.SortFunc(h, less)
	return h
}

// selectRange puts the elements that belong in a[lo:hi] there, in order:
// a quickselect that goes on only into the parts that overlap the range.
// After depth partitions it sorts what is left instead, so the worst case
// stays O(n log n).
func selectRange(a []int32, lo, hi int, less func(a, b int32) int, depth int) {
	for hi > lo && len(a) > 12 {
		if depth == 0 {
			slices.SortFunc(a, less)
			return
		}
		depth--
		p := partition(a, less)
		switch {
		case hi <= p:
			a = a[:p]
		case lo > p:
			a, lo, hi = a[p+1:], lo-p-1, hi-p-1
		default:
			selectRange(a[:p], lo, p, less, depth)
			selectRange(a[p+1:], 0, hi-p-1, less, depth)
			return
		}
	}
	if hi > lo {
		slices.SortFunc(a, less)
	}
}

// partition splits a around the median of its first, middle and last
// elements and returns the pivot's index: smaller elements before it,
// larger after (the order is total, so none is equal).
func partition(a []int32, less func(a, b int32) int) int {
	last, mid := len(a)-1, len(a)/2
	if less(a[mid], a[0]) < 0 {
		a[0], a[mid] = a[mid], a[0]
	}
	if less(a[last], a[0]) < 0 {
		a[0], a[last] = a[last], a[0]
	}
	if less(a[mid], a[last]) < 0 {
		a[mid], a[last] = a[last], a[mid]
	}
	pivot, i := a[last], 0
	for j := range last {
		if less(a[j], pivot) < 0 {
			a[i], a[j] = a[j], a[i]
			i++
		}
	}
	a[i], a[last] = a[last], a[i]
	return i
}
