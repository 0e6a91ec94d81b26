package table

import (
	"cmp"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// kind is the kind of a cell's value.
type kind uint8

const (
	kindNone  kind = iota // nil, a nil pointer or a missing key
	kindBool              // false < true
	kindNum               // any integer or float
	kindTime              // time.Time
	kindStr               // string
	kindOther             // anything else: a slice, a map, a struct
)

// cell is one value read from a row, in a form comparisons understand.
type cell struct {
	k     kind
	isInt bool // for kindNum: i holds the value exactly
	b     bool
	i     int64
	f     float64 // for kindNum: the value, float64(i) when isInt
	s     string
	t     time.Time
}

var timeType = reflect.TypeFor[time.Time]()

// cellOf converts a value found in a map or an interface field.
func cellOf(x any) cell {
	switch v := x.(type) {
	case nil:
		return cell{}
	case string:
		return cell{k: kindStr, s: v}
	case float64:
		return floatCell(v)
	case int:
		return intCell(int64(v))
	case int64:
		return intCell(v)
	case bool:
		return cell{k: kindBool, b: v}
	case time.Time:
		return cell{k: kindTime, t: v}
	case *time.Time:
		if v == nil {
			return cell{}
		}
		return cell{k: kindTime, t: *v}
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return intCell(n)
		}
		if f, err := v.Float64(); err == nil {
			return floatCell(f)
		}
		return cell{k: kindStr, s: string(v)}
	}
	return cellOfValue(reflect.ValueOf(x))
}

// cellOfValue converts a reflected value. It never calls Interface on a
// value that is not a pointer, so it does not allocate.
func cellOfValue(v reflect.Value) cell {
	for {
		switch v.Kind() {
		case reflect.Invalid:
			return cell{}
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return cell{}
			}
			v = v.Elem()
			continue
		case reflect.String:
			return cell{k: kindStr, s: v.String()}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return intCell(v.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return uintCell(v.Uint())
		case reflect.Float32, reflect.Float64:
			return floatCell(v.Float())
		case reflect.Bool:
			return cell{k: kindBool, b: v.Bool()}
		case reflect.Struct:
			if v.Type() == timeType {
				return cell{k: kindTime, t: timeOf(v)}
			}
		}
		return cell{k: kindOther}
	}
}

// timeOf reads a time.Time from a reflected value without allocating
// when the value is addressable.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() && v.CanInterface() {
		return *v.Addr().Interface().(*time.Time)
	}
	if v.CanInterface() {
		return v.Interface().(time.Time)
	}
	return time.Time{}
}

func intCell(i int64) cell { return cell{k: kindNum, isInt: true, i: i, f: float64(i)} }

func uintCell(u uint64) cell {
	if u <= math.MaxInt64 {
		return intCell(int64(u))
	}
	return cell{k: kindNum, f: float64(u)}
}

func floatCell(f float64) cell {
	if math.IsNaN(f) {
		return cell{}
	}
	return cell{k: kindNum, f: f}
}

// blank reports whether c is blank for "is blank": nil, "" or the zero
// time.
func (c *cell) blank() bool {
	return c.k == kindNone || c.k == kindStr && c.s == "" || c.k == kindTime && c.t.IsZero()
}

// compareNums compares two numbers, exactly when both are integers.
func compareNums(aInt bool, ai int64, af float64, bInt bool, bi int64, bf float64) int {
	if aInt && bInt {
		return cmp.Compare(ai, bi)
	}
	return cmp.Compare(af, bf)
}

// compareLit compares a cell with a literal. ok is false when they cannot
// be compared: a blank cell, or a literal that is no value of the cell's
// kind (see ParseFilter).
func compareLit(c *cell, l *literal, fold bool) (int, bool) {
	switch c.k {
	case kindNum:
		if l.isNum {
			return compareNums(c.isInt, c.i, c.f, l.isInt, l.i, l.f), true
		}
	case kindStr:
		return compareStrLit(c.s, l, fold)
	case kindBool:
		if l.isBool {
			return compareBools(c.b, l.b), true
		}
	case kindTime:
		if l.isTime {
			return c.t.Compare(l.t), true
		}
	}
	return 0, false
}

func compareStrLit(s string, l *literal, fold bool) (int, bool) {
	if l.isNum && !l.quoted {
		f, isInt, i, ok := parseNumber(strings.TrimSpace(s))
		if !ok {
			return 0, false
		}
		return compareNums(isInt, i, f, l.isInt, l.i, l.f), true
	}
	return compareStrings(s, l.text, fold), true
}

// compareCells compares two cells, for a comparison of two columns.
func compareCells(a, b *cell, fold bool) (int, bool) {
	switch {
	case a.k == kindNone || b.k == kindNone || a.k == kindOther || b.k == kindOther:
		return 0, false
	case a.k == b.k:
		switch a.k {
		case kindNum:
			return compareNums(a.isInt, a.i, a.f, b.isInt, b.i, b.f), true
		case kindStr:
			return compareStrings(a.s, b.s, fold), true
		case kindBool:
			return compareBools(a.b, b.b), true
		case kindTime:
			return a.t.Compare(b.t), true
		}
	case a.k == kindStr:
		c, ok := compareCells(b, a, fold)
		return -c, ok
	case b.k == kindStr:
		switch a.k {
		case kindNum:
			f, isInt, i, ok := parseNumber(strings.TrimSpace(b.s))
			if ok {
				return compareNums(a.isInt, a.i, a.f, isInt, i, f), true
			}
		case kindTime:
			if t, ok := parseTime(b.s); ok {
				return a.t.Compare(t), true
			}
		}
	}
	return 0, false
}

func compareBools(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

func compareStrings(a, b string, fold bool) int {
	if !fold {
		return strings.Compare(a, b)
	}
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			if c := cmp.Compare(unicode.ToUpper(ra), unicode.ToUpper(rb)); c != 0 {
				return c
			}
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// appendText appends the text of a cell that contains and datestartswith
// look into; ok is false for a blank cell or one that has no text.
func appendText(dst []byte, c *cell) ([]byte, bool) {
	switch c.k {
	case kindStr:
		return append(dst, c.s...), true
	case kindNum:
		if c.isInt {
			return strconv.AppendInt(dst, c.i, 10), true
		}
		return appendFloat(dst, c.f), true
	case kindBool:
		return strconv.AppendBool(dst, c.b), true
	case kindTime:
		return appendTime(dst, c.t), true
	}
	return dst, false
}

// appendFloat writes a float as JavaScript does: 1250, 0.5, 1e+21.
func appendFloat(dst []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// appendTime writes a time as datestartswith compares it: 2006-01-02
// 15:04:05, with a fraction of a second only when there is one.
func appendTime(dst []byte, t time.Time) []byte { return appendTimePrefix(dst, t, math.MaxInt) }

// appendTimePrefix writes at least the first n bytes of appendTime's text,
// stopping after the year, month or day when that is enough: a filter
// such as datestartswith 2023 needs only the year.
func appendTimePrefix(dst []byte, t time.Time, n int) []byte {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, "2006-01-02 15:04:05.999999999")
	}
	dst = appendDigits(dst, year, 4)
	if n <= 4 {
		return dst
	}
	dst = append(dst, '-')
	dst = appendDigits(dst, int(month), 2)
	if n <= 7 {
		return dst
	}
	dst = append(dst, '-')
	dst = appendDigits(dst, day, 2)
	if n <= 10 {
		return dst
	}
	hour, minute, sec := t.Clock()
	dst = append(dst, ' ')
	dst = appendDigits(dst, hour, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, minute, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, sec, 2)
	if ns := t.Nanosecond(); ns != 0 {
		digits := 9
		for ns%10 == 0 {
			ns /= 10
			digits--
		}
		dst = append(dst, '.')
		dst = appendDigits(dst, ns, digits)
	}
	return dst
}

// appendDigits appends n, from 0, as exactly width (at most 9) digits.
func appendDigits(dst []byte, n, width int) []byte {
	var buf [9]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, buf[:width]...)
}

// appendDateText appends the text datestartswith compares: a string with
// its 'T' between date and time made a space.
func appendDateText(dst []byte, c *cell) ([]byte, bool) {
	start := len(dst)
	dst, ok := appendText(dst, c)
	if ok && c.k == kindStr && len(dst)-start > 10 && dst[start+10] == 'T' {
		dst[start+10] = ' '
	}
	return dst, ok
}

// appendLower appends s lower-cased, for case-insensitive contains.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += n
	}
	return dst
}

// cellText appends the text that contains (or, with date, datestartswith)
// looks into, lower-cased with fold; ok is false for a blank cell.
func cellText(dst []byte, c *cell, date, fold bool) ([]byte, bool) {
	switch {
	case date:
		return appendDateText(dst, c)
	case fold && c.k == kindStr:
		return appendLower(dst, c.s), true
	}
	return appendText(dst, c)
}

// compareSort orders two cells that are not blank for sorting: by kind
// (bool, number, time, string, other), then by value.
func compareSort(a, b *cell) int {
	if a.k != b.k {
		return cmp.Compare(a.k, b.k)
	}
	switch a.k {
	case kindNum:
		return compareNums(a.isInt, a.i, a.f, b.isInt, b.i, b.f)
	case kindStr:
		return strings.Compare(a.s, b.s)
	case kindBool:
		return compareBools(a.b, b.b)
	case kindTime:
		return a.t.Compare(b.t)
	}
	return 0
}
