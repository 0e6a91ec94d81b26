package table

import (
	"bytes"
	"cmp"
	"strings"
)

// predicate reports whether row i matches.
type predicate func(i int) bool

// compiler turns a parsed filter into a predicate over one source,
// resolving each column once.
type compiler struct {
	src  source
	cols map[string]*column
}

func (c *compiler) column(name string) (*column, error) {
	if col, ok := c.cols[name]; ok {
		return col, nil
	}
	col, err := c.src.column(name)
	if err != nil {
		return nil, err
	}
	c.cols[name] = col
	return col, nil
}

func (c *compiler) compile(n node) (predicate, error) {
	switch n := n.(type) {
	case *logicNode:
		preds := make([]predicate, len(n.terms))
		for i, t := range n.terms {
			p, err := c.compile(t)
			if err != nil {
				return nil, err
			}
			preds[i] = p
		}
		if len(preds) == 2 {
			a, b := preds[0], preds[1]
			if n.or {
				return func(i int) bool { return a(i) || b(i) }, nil
			}
			return func(i int) bool { return a(i) && b(i) }, nil
		}
		if n.or {
			return func(i int) bool {
				for _, p := range preds {
					if p(i) {
						return true
					}
				}
				return false
			}, nil
		}
		return func(i int) bool {
			for _, p := range preds {
				if !p(i) {
					return false
				}
			}
			return true
		}, nil
	case *notNode:
		x, err := c.compile(n.x)
		if err != nil {
			return nil, err
		}
		return func(i int) bool { return !x(i) }, nil
	case *isNode:
		col, err := c.column(n.col)
		if err != nil {
			return nil, err
		}
		t := n.test
		return func(i int) bool {
			v := col.at(i)
			return is(&v, t)
		}, nil
	case *cmpNode:
		return c.compare(n)
	}
	panic("table: unknown filter node")
}

// is applies a unary test.
func is(c *cell, t test) bool {
	switch t {
	case isBlank:
		return c.blank()
	case isNil:
		return c.k == kindNone
	case isNum:
		return c.k == kindNum
	case isStr:
		return c.k == kindStr
	case isBool:
		return c.k == kindBool
	case isEven, isOdd:
		if c.k != kindNum {
			return false
		}
		var odd bool
		switch {
		case c.isInt:
			odd = c.i%2 != 0
		case c.f == float64(int64(c.f)):
			odd = int64(c.f)%2 != 0
		default:
			return false
		}
		return odd == (t == isOdd)
	}
	return false
}

// holds applies a relational operator to the result of a comparison;
// values that cannot be compared satisfy only !=.
func holds(o op, c int, ok bool) bool {
	if !ok {
		return o == opNe
	}
	switch o {
	case opEq:
		return c == 0
	case opNe:
		return c != 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	case opGe:
		return c >= 0
	}
	return false
}

func (c *compiler) compare(n *cmpNode) (predicate, error) {
	col, err := c.column(n.col)
	if err != nil {
		return nil, err
	}
	var rcol *column
	if n.rhs.isCol {
		if rcol, err = c.column(n.rhs.col); err != nil {
			return nil, err
		}
	}
	o, fold := n.op, n.fold == 'i'
	if o == opContains || o == opDateStartsWith {
		return textPredicate(col, rcol, &n.rhs.lit, o == opDateStartsWith, fold), nil
	}
	if rcol != nil {
		return func(i int) bool {
			a, b := col.at(i), rcol.at(i)
			c, ok := compareCells(&a, &b, fold)
			return holds(o, c, ok)
		}, nil
	}
	lit := n.rhs.lit
	never := func(int) bool { return o == opNe }
	switch col.cat {
	case catInt:
		if !lit.isNum {
			return never, nil
		}
		get := col.intAt
		if lit.isInt {
			li := lit.i
			return func(i int) bool { return holds(o, cmp.Compare(get(i), li), true) }, nil
		}
		lf := lit.f
		return func(i int) bool { return holds(o, cmp.Compare(float64(get(i)), lf), true) }, nil
	case catFloat:
		if !lit.isNum {
			return never, nil
		}
		get, lf := col.floatAt, lit.f
		return func(i int) bool {
			v := get(i)
			return holds(o, cmp.Compare(v, lf), v == v)
		}, nil
	case catStr:
		if lit.isNum && !lit.quoted {
			break
		}
		get, text := col.strAt, lit.text
		switch {
		case fold:
			return func(i int) bool { return holds(o, compareStrings(get(i), text, true), true) }, nil
		case o == opEq:
			return func(i int) bool { return get(i) == text }, nil
		case o == opNe:
			return func(i int) bool { return get(i) != text }, nil
		}
		return func(i int) bool { return holds(o, strings.Compare(get(i), text), true) }, nil
	case catTime:
		if !lit.isTime {
			return never, nil
		}
		get, lt := col.timeAt, lit.t
		return func(i int) bool { return holds(o, get(i).Compare(lt), true) }, nil
	}
	return func(i int) bool {
		v := col.at(i)
		c, ok := compareLit(&v, &lit, fold)
		return holds(o, c, ok)
	}, nil
}

// textPredicate builds contains (or datestartswith, with date) over the
// text of the cells. Its scratch buffers make it unfit for concurrent use,
// which Apply does not need.
func textPredicate(col, rcol *column, lit *literal, date, fold bool) predicate {
	fold = fold && !date
	match := bytes.Contains
	if date {
		match = bytes.HasPrefix
	}
	var buf, rbuf []byte
	if rcol != nil {
		return func(i int) bool {
			a, b := col.at(i), rcol.at(i)
			var ok, rok bool
			buf, ok = cellText(buf[:0], &a, date, fold)
			rbuf, rok = cellText(rbuf[:0], &b, date, fold)
			return ok && rok && match(buf, rbuf)
		}
	}
	needle := []byte(lit.text)
	switch {
	case date:
		needle = []byte(lit.dateText)
	case fold:
		needle = appendLower(nil, lit.text)
	}
	if col.cat == catTime && date {
		get, n := col.timeAt, len(needle)
		return func(i int) bool {
			buf = appendTimePrefix(buf[:0], get(i), n)
			return bytes.HasPrefix(buf, needle)
		}
	}
	if col.cat == catStr && !date {
		get := col.strAt
		if !fold {
			s := string(needle)
			return func(i int) bool { return strings.Contains(get(i), s) }
		}
		return func(i int) bool {
			buf = appendLower(buf[:0], get(i))
			return bytes.Contains(buf, needle)
		}
	}
	return func(i int) bool {
		v := col.at(i)
		var ok bool
		buf, ok = cellText(buf[:0], &v, date, fold)
		return ok && match(buf, needle)
	}
}
