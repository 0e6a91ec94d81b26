package table

import (
	"strconv"
	"strings"
	"time"
)

// literal is a value written in a filter, with its readings worked out
// once: as a number, a time, a bool.
type literal struct {
	text   string
	quoted bool

	isNum bool
	isInt bool
	i     int64
	f     float64

	isTime bool
	t      time.Time

	isBool bool
	b      bool

	dateText string // text with a 'T' between date and time made a space
}

func newLiteral(text string, quoted bool) literal {
	l := literal{text: text, quoted: quoted, dateText: normDate(text)}
	if f, isInt, i, ok := parseNumber(text); ok {
		l.isNum, l.f, l.isInt, l.i = true, f, isInt, i
	}
	l.t, l.isTime = parseTime(text)
	switch {
	case strings.EqualFold(text, "true"):
		l.isBool, l.b = true, true
	case strings.EqualFold(text, "false"):
		l.isBool = true
	}
	return l
}

// parseNumber reads a decimal number: an optional sign, digits with an
// optional fraction, and an optional exponent. Hexadecimal, "Inf", "NaN"
// and underscores are not numbers here.
func parseNumber(s string) (f float64, isInt bool, i int64, ok bool) {
	j := 0
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	digits, intOnly := 0, true
	for ; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
		digits++
	}
	if j < len(s) && s[j] == '.' {
		intOnly = false
		for j++; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
			digits++
		}
	}
	if digits == 0 {
		return 0, false, 0, false
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		intOnly = false
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for ; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
		}
		if j == k {
			return 0, false, 0, false
		}
	}
	if j != len(s) {
		return 0, false, 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, 0, false
	}
	if intOnly {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return f, true, n, true
		}
	}
	return f, false, 0, true
}

// timeLayouts are the forms a date or time may take in a filter or in a
// string compared with a time; a time without a zone is UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
	"2006",
}

func parseTime(s string) (time.Time, bool) {
	if len(s) < 4 || s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// normDate writes "2015-02-01T10:00" as "2015-02-01 10:00", the form
// datestartswith compares.
func normDate(s string) string {
	if len(s) > 10 && s[10] == 'T' {
		return s[:10] + " " + s[11:]
	}
	return s
}
