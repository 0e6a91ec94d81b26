package table

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// parser reads a filter_query by recursive descent: pos is its byte
// offset in s, and conds counts the conditions read so far.
type parser struct {
	s     string
	pos   int
	conds int
}

func (p *parser) errorf(pos int, format string, args ...any) error {
	return &SyntaxError{Pos: utf8.RuneCountInString(p.s[:pos]) + 1, Msg: fmt.Sprintf(format, args...)}
}

// near describes the text at pos for an error message.
func (p *parser) near(pos int) string {
	if pos >= len(p.s) {
		return "the end"
	}
	rest := p.s[pos:]
	if len(rest) > 12 {
		cut := 12
		for cut > 0 && !utf8.RuneStart(rest[cut]) {
			cut--
		}
		rest = rest[:cut] + "…"
	}
	return strconv.Quote(rest)
}

func (p *parser) space() {
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += n
	}
}

// word reports whether the text at pos is w, in any case, followed by
// something that cannot continue a word.
func (p *parser) word(w string) bool {
	end := p.pos + len(w)
	if end > len(p.s) || !strings.EqualFold(p.s[p.pos:end], w) {
		return false
	}
	return end == len(p.s) || !isWordByte(p.s[end])
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

func (p *parser) or(depth int) (node, error) {
	return p.logic(depth, true)
}

// logic parses terms joined by || (or) or && (and); the terms of || are
// && chains.
func (p *parser) logic(depth int, or bool) (node, error) {
	sym, kw := "&&", "and"
	next := func() (node, error) { return p.unary(depth) }
	if or {
		sym, kw = "||", "or"
		next = func() (node, error) { return p.logic(depth, false) }
	}
	first, err := next()
	if err != nil {
		return nil, err
	}
	var terms []node
	for {
		p.space()
		switch {
		case strings.HasPrefix(p.s[p.pos:], sym):
			p.pos += len(sym)
		case p.word(kw):
			p.pos += len(kw)
		default:
			if terms == nil {
				return first, nil
			}
			return &logicNode{or: or, terms: terms}, nil
		}
		t, err := next()
		if err != nil {
			return nil, err
		}
		if terms == nil {
			terms = []node{first}
		}
		terms = append(terms, t)
	}
}

func (p *parser) unary(depth int) (node, error) {
	p.space()
	if depth >= maxDepth {
		return nil, p.errorf(p.pos, "more than %d levels of parentheses and !", maxDepth)
	}
	if p.pos < len(p.s) && p.s[p.pos] == '!' {
		p.pos++
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &notNode{x: x}, nil
	}
	if p.pos < len(p.s) && p.s[p.pos] == '(' {
		open := p.pos
		p.pos++
		x, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ')' {
			return nil, p.errorf(p.pos, "expected ) to close the ( at position %d, found %s", utf8.RuneCountInString(p.s[:open])+1, p.near(p.pos))
		}
		p.pos++
		return x, nil
	}
	return p.condition()
}

func (p *parser) condition() (node, error) {
	if p.pos >= len(p.s) || p.s[p.pos] != '{' {
		return nil, p.errorf(p.pos, "expected a column such as {name}, ( or !, found %s", p.near(p.pos))
	}
	p.conds++
	if p.conds > maxConditions {
		return nil, p.errorf(p.pos, "more than %d conditions", maxConditions)
	}
	col, err := p.column()
	if err != nil {
		return nil, err
	}
	p.space()
	opPos := p.pos
	if p.word("is") {
		p.pos += 2
		p.space()
		for i, name := range testNames {
			if p.word(name) {
				p.pos += len(name)
				return &isNode{col: col, test: test(i)}, nil
			}
		}
		return nil, p.errorf(p.pos, "expected blank, nil, num, str, bool, even or odd after \"is\", found %s", p.near(p.pos))
	}
	o, fold, ok := p.operator()
	if !ok {
		return nil, p.errorf(opPos, "expected an operator after {%s} (such as =, >=, contains or is blank), found %s", col, p.near(opPos))
	}
	opText := p.s[opPos:p.pos]
	p.space()
	rhs, err := p.value(opText)
	if err != nil {
		return nil, err
	}
	return &cmpNode{col: col, op: o, fold: fold, rhs: rhs}, nil
}

// column reads {name} at pos.
func (p *parser) column() (string, error) {
	open := p.pos
	var b strings.Builder
	for i := p.pos + 1; i < len(p.s); i++ {
		switch c := p.s[i]; c {
		case '\\':
			if i+1 < len(p.s) && strings.IndexByte(`{}\`, p.s[i+1]) >= 0 {
				i++
				b.WriteByte(p.s[i])
			} else {
				b.WriteByte(c)
			}
		case '{':
			return "", p.errorf(i, "a { inside a column name must be escaped as \\{")
		case '}':
			if b.Len() == 0 {
				return "", p.errorf(open, "empty column name {}")
			}
			p.pos = i + 1
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", p.errorf(open, "the { of the column name is not closed")
}

// operator reads a relational operator with its optional i or s prefix.
func (p *parser) operator() (op, byte, bool) {
	if o, n, ok := matchOp(p.s[p.pos:]); ok {
		p.pos += n
		return o, 0, true
	}
	if p.pos < len(p.s) {
		if c := p.s[p.pos] | 0x20; c == 'i' || c == 's' {
			if o, n, ok := matchOp(p.s[p.pos+1:]); ok {
				p.pos += 1 + n
				return o, c, true
			}
		}
	}
	return 0, 0, false
}

func matchOp(s string) (op, int, bool) {
	for _, sym := range []struct {
		text string
		op   op
	}{{">=", opGe}, {"<=", opLe}, {"!=", opNe}, {"==", opEq}, {"=", opEq}, {">", opGt}, {"<", opLt}} {
		if strings.HasPrefix(s, sym.text) {
			return sym.op, len(sym.text), true
		}
	}
	for _, w := range opWords {
		if len(s) >= len(w.word) && strings.EqualFold(s[:len(w.word)], w.word) &&
			(len(s) == len(w.word) || !isWordByte(s[len(w.word)])) {
			return w.op, len(w.word), true
		}
	}
	return 0, 0, false
}

// value reads the right side of a comparison.
func (p *parser) value(opText string) (operand, error) {
	if p.pos >= len(p.s) {
		return operand{}, p.errorf(p.pos, "expected a value after %q", opText)
	}
	switch c := p.s[p.pos]; c {
	case '{':
		col, err := p.column()
		return operand{isCol: true, col: col}, err
	case '\'', '"', '`':
		open := p.pos
		var b strings.Builder
		for i := p.pos + 1; i < len(p.s); i++ {
			switch d := p.s[i]; {
			case d == '\\' && i+1 < len(p.s) && (p.s[i+1] == c || p.s[i+1] == '\\'):
				i++
				b.WriteByte(p.s[i])
			case d == c:
				p.pos = i + 1
				return operand{lit: newLiteral(b.String(), true)}, nil
			default:
				b.WriteByte(d)
			}
		}
		return operand{}, p.errorf(open, "the %c of the string is not closed", c)
	}
	start := p.pos
	var b strings.Builder
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if r == '\\' && p.pos+1 < len(p.s) {
			_, n2 := utf8.DecodeRuneInString(p.s[p.pos+1:])
			b.WriteString(p.s[p.pos+1 : p.pos+1+n2])
			p.pos += 1 + n2
			continue
		}
		rest := p.s[p.pos:]
		if unicode.IsSpace(r) || strings.ContainsRune(`'"{}()`+"`", r) ||
			strings.HasPrefix(rest, "&&") || strings.HasPrefix(rest, "||") {
			break
		}
		b.WriteString(rest[:n])
		p.pos += n
	}
	if p.pos == start {
		return operand{}, p.errorf(start, "expected a value after %q, found %s", opText, p.near(start))
	}
	return operand{lit: newLiteral(b.String(), false)}, nil
}
