package dom

// The text of a DataTable's cells: FormatCell, which the runtime's cellText
// (runtime/ext/table.js) mirrors. Numbers are rounded by hand from their
// shortest decimal digits, without locale or Intl, so the browser and the
// server agree.

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// numClass is the class attribute of a numeric column's cells, which
// right-aligns them (pw-num), or nothing.
func numClass(f TableFormat) string {
	if f.Numeric() {
		return ` class="pw-num"`
	}
	return ""
}

// FormatCell is the text of a cell: a string as it is (a date format
// keeps the YYYY-MM-DD of a string that starts with one); a bool as true
// or false; a number through a number, percent or money format, or else
// as JavaScript's String writes it; a time.Time as its YYYY-MM-DD with a
// date format, or else as its JSON (RFC 3339); anything else, and nil,
// NaN and infinities, as nothing. Integers are read as float64, as a
// browser reads them from JSON. The runtime's cellText mirrors it.
func FormatCell(v any, f TableFormat) string {
	switch x := v.(type) {
	case string:
		if f.Type == FormatDate && isDate(x) {
			return x[:10]
		}
		return x
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		if f.Type == FormatDate {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339Nano)
	case float64:
		return formatNumber(x, f)
	case float32:
		// As JSON writes it: its shortest float32 digits.
		y, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return formatNumber(y, f)
	case int:
		return formatNumber(float64(x), f)
	case int64:
		return formatNumber(float64(x), f)
	}
	return ""
}

// isDate reports whether s starts with YYYY-MM-DD (ASCII digits).
func isDate(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func formatNumber(x float64, f TableFormat) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	dec := min(max(f.Decimals, 0), MaxDecimals)
	switch f.Type {
	case FormatNumber:
		return fixed(x, 0, dec, f.Group)
	case FormatPercent:
		return fixed(x, 2, dec, f.Group) + "%"
	case FormatMoney:
		s := fixed(x, 0, 2, true)
		if strings.HasPrefix(s, "-") {
			return "-" + f.Symbol + s[1:]
		}
		return f.Symbol + s
	}
	return jsNumber(x)
}

// shortest returns the shortest decimal digits that read back as |x|, and
// the exponent of the first: |x| = d.ddd × 10^exp (JavaScript's
// toExponential() without an argument gives the same).
func shortest(x float64) (digits string, exp int) {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64)
	mant, e, _ := strings.Cut(s, "e")
	exp, _ = strconv.Atoi(e)
	return strings.Replace(mant, ".", "", 1), exp
}

// fixed writes x × 10^shift with dec decimals, rounded half away from zero
// on its shortest digits (so 2.675 is 2.68 and 0.125 is 0.13, where
// binary rounding would say otherwise), with thousands separators when
// group is set, and a minus only when a digit is not zero.
func fixed(x float64, shift, dec int, group bool) string {
	digits, exp := shortest(x)
	k := exp + 1 + shift + dec // the digits kept, as an integer
	n := "0"
	if k >= 0 {
		kept := digits
		if len(kept) < k {
			kept += strings.Repeat("0", k-len(kept))
		}
		kept = kept[:k]
		if k < len(digits) && digits[k] >= '5' {
			kept = increment(kept)
		}
		if kept = strings.TrimLeft(kept, "0"); kept != "" {
			n = kept
		}
	}
	if len(n) < dec+1 {
		n = strings.Repeat("0", dec+1-len(n)) + n
	}
	whole, frac := n[:len(n)-dec], n[len(n)-dec:]
	if group {
		whole = groupThousands(whole)
	}
	out := whole
	if dec > 0 {
		out += "." + frac
	}
	if x < 0 && strings.Trim(n, "0") != "" {
		out = "-" + out
	}
	return out
}

// increment adds one to a string of decimal digits ("" is 0).
func increment(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// groupThousands puts a comma between each group of three digits.
func groupThousands(s string) string {
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// jsNumber writes x as JavaScript's String(x) does (ECMAScript's
// Number::toString): plain digits from 1e-7 up to 1e21, exponent notation
// outside, such as 1e-7 and 1.5e+21.
func jsNumber(x float64) string {
	if x == 0 {
		return "0"
	}
	digits, exp := shortest(x)
	k, n := len(digits), exp+1
	var s string
	switch {
	case k <= n && n <= 21:
		s = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		s = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		s = "0." + strings.Repeat("0", -n) + digits
	default:
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		s = digits[:1]
		if k > 1 {
			s += "." + digits[1:]
		}
		s += "e" + sign + strconv.Itoa(exp)
	}
	if x < 0 {
		s = "-" + s
	}
	return s
}
