package table

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a filter, which comes from the page: evaluating it costs
// about one condition per row, so a page cannot make Apply run for long.
const (
	maxConditions = 256
	maxDepth      = 64
)

// Filter is a parsed filter_query expression; ParseFilter makes one. The
// zero Filter keeps every row.
type Filter struct {
	root node
}

// SyntaxError is a filter_query that does not parse.
type SyntaxError struct {
	// Pos is the position of the problem: the number of the character
	// (not byte), from 1, as a person counts.
	Pos int
	// Msg says what is wrong.
	Msg string
}

// Error returns the message with its position, for instance
// `table: filter_query, position 9: expected a value after ">"`.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("table: filter_query, position %d: %s", e.Pos, e.Msg)
}

// op is a relational operator.
type op uint8

const (
	opEq op = iota
	opNe
	opLt
	opLe
	opGt
	opGe
	opContains
	opDateStartsWith
)

var opNames = [...]string{"=", "!=", "<", "<=", ">", ">=", "contains", "datestartswith"}

// opWords are the operators spelled as words, with their meaning.
var opWords = []struct {
	word string
	op   op
}{
	{"datestartswith", opDateStartsWith}, {"contains", opContains},
	{"eq", opEq}, {"ne", opNe}, {"lt", opLt}, {"le", opLe}, {"gt", opGt}, {"ge", opGe},
}

// test is a unary test, written "is <name>".
type test uint8

const (
	isBlank test = iota
	isNil
	isNum
	isStr
	isBool
	isEven
	isOdd
)

var testNames = [...]string{"blank", "nil", "num", "str", "bool", "even", "odd"}

// node is a parsed expression: *logicNode, *notNode, *cmpNode or *isNode.
type node interface{ write(b *strings.Builder) }

// logicNode joins terms with && (or false) or || (or true).
type logicNode struct {
	or    bool
	terms []node
}

type notNode struct{ x node }

// cmpNode compares a column with a literal or another column.
type cmpNode struct {
	col  string
	op   op
	fold byte // 0, 'i' (case-insensitive) or 's' (case-sensitive, the default)
	rhs  operand
}

type isNode struct {
	col  string
	test test
}

// operand is the right side of a comparison: a column or a literal.
type operand struct {
	isCol bool
	col   string
	lit   literal
}

// ParseFilter parses a filter_query expression, the language of Dash's
// DataTable:
//
//	{Region} = "North" && ({Sales} >= 1000 || {Date} datestartswith "2024-03")
//
// A condition is a column in braces (a backslash escapes a brace in the
// name), an operator and a value, or a column and a test:
//
//   - = or eq, != or ne, > or gt, >= or ge, < or lt, <= or le;
//   - contains: the value's text is in the cell's text;
//   - datestartswith: the cell's date, written 2006-01-02 15:04:05, starts
//     with the value, so "2024-03" keeps March 2024;
//   - is blank (nil, a missing key, "" or the zero time), is nil, is num,
//     is str, is bool, is even, is odd.
//
// An operator may start with i, for a case-insensitive comparison of
// strings (icontains, i=), or s, for the default case-sensitive one.
// Operators and the words and, or and is may be written in any case.
//
// A value is a number, a string quoted with ', " or ` (a backslash escapes
// the quote and itself), a word without quotes (Dash's unquoted values,
// which end at a space, a quote, a brace or a parenthesis), or another
// column in braces. A number, quoted or not, is compared as a number with
// a numeric column; a string column is compared numerically only with an
// unquoted number, and with anything else as text. A time column is
// compared with a value written as a date or time, such as 2024-03-01 or
// "2024-03-01T12:00:00Z" (UTC unless it names a zone). A value that
// cannot be compared with the cell's type matches nothing (and so !=
// matches).
//
// Conditions are joined with && (or and) and || (or or); && binds
// tighter, parentheses group, and ! negates what follows it. An empty
// expression keeps every row. At most 256 conditions and 64 levels of
// nesting are accepted. A syntax error is a *SyntaxError naming the
// position.
func ParseFilter(s string) (Filter, error) {
	p := &parser{s: s}
	p.space()
	if p.pos == len(s) {
		return Filter{}, nil
	}
	n, err := p.or(0)
	if err != nil {
		return Filter{}, err
	}
	p.space()
	if p.pos < len(s) {
		return Filter{}, p.errorf(p.pos, "expected && or || before %s", p.near(p.pos))
	}
	return Filter{root: n}, nil
}

// String returns the filter in a canonical form, which ParseFilter reads
// back to the same filter; the zero Filter is "".
func (f Filter) String() string {
	if f.root == nil {
		return ""
	}
	var b strings.Builder
	f.root.write(&b)
	return b.String()
}

// Columns returns the columns the filter reads, each once, in the order
// they first appear.
func (f Filter) Columns() []string {
	var cols []string
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			cols = append(cols, c)
		}
	}
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case *logicNode:
			for _, t := range n.terms {
				walk(t)
			}
		case *notNode:
			walk(n.x)
		case *cmpNode:
			add(n.col)
			if n.rhs.isCol {
				add(n.rhs.col)
			}
		case *isNode:
			add(n.col)
		}
	}
	if f.root != nil {
		walk(f.root)
	}
	return cols
}

func (n *logicNode) write(b *strings.Builder) {
	sep := " && "
	if n.or {
		sep = " || "
	}
	for i, t := range n.terms {
		if i > 0 {
			b.WriteString(sep)
		}
		if l, ok := t.(*logicNode); ok && l.or && !n.or {
			b.WriteByte('(')
			t.write(b)
			b.WriteByte(')')
		} else {
			t.write(b)
		}
	}
}

// write adds only the parentheses that the meaning needs, so the text
// nests no deeper than the filter it was parsed from.
func (n *notNode) write(b *strings.Builder) {
	b.WriteByte('!')
	if _, ok := n.x.(*logicNode); ok {
		b.WriteByte('(')
		n.x.write(b)
		b.WriteByte(')')
		return
	}
	n.x.write(b)
}

func (n *cmpNode) write(b *strings.Builder) {
	writeColumn(b, n.col)
	b.WriteByte(' ')
	if n.fold != 0 {
		b.WriteByte(n.fold)
	}
	b.WriteString(opNames[n.op])
	b.WriteByte(' ')
	if n.rhs.isCol {
		writeColumn(b, n.rhs.col)
		return
	}
	l := n.rhs.lit
	if l.quoted {
		b.WriteByte('"')
		for i := 0; i < len(l.text); i++ {
			if l.text[i] == '"' || l.text[i] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(l.text[i])
		}
		b.WriteByte('"')
		return
	}
	for i := 0; i < len(l.text); {
		r, n := utf8.DecodeRuneInString(l.text[i:])
		if r == '\\' || unicode.IsSpace(r) || strings.ContainsRune(`'"{}()&|`+"`", r) {
			b.WriteByte('\\')
		}
		b.WriteString(l.text[i : i+n])
		i += n
	}
}

func (n *isNode) write(b *strings.Builder) {
	writeColumn(b, n.col)
	b.WriteString(" is ")
	b.WriteString(testNames[n.test])
}

func writeColumn(b *strings.Builder, col string) {
	b.WriteByte('{')
	for i := 0; i < len(col); i++ {
		if c := col[i]; c == '{' || c == '}' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(col[i])
	}
	b.WriteByte('}')
}
