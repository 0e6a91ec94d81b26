package chart

import (
	"math"
	"reflect"
	"strconv"
	"time"
)

// Number is the constraint for numeric values: Go's integer and floating
// point types, and types defined on them.
type Number interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64
}

// Value is the constraint for x values, labels and categories: numbers,
// strings, which plotly reads as categories, and time.Time values, which
// marshal as RFC 3339 (ISO 8601) strings that plotly reads as dates.
//
// Plotly draws a date at the clock time written in the string and ignores
// its offset, so convert times with In to the zone they should be shown
// in.
type Value interface {
	Number | ~string | time.Time
}

var timeType = reflect.TypeFor[time.Time]()

// kind is the kind of data in a column.
type kind int

const (
	kindNone kind = iota
	kindNumber
	kindString
	kindTime
	kindBool
)

// kindOf returns the kind of column that values of type t make, following
// pointers, or kindNone.
func kindOf(t reflect.Type) kind {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return kindTime
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return kindNumber
	case reflect.String:
		return kindString
	case reflect.Bool:
		return kindBool
	}
	return kindNone
}

// build returns the JSON column of n cells of kind k: Numbers for
// numbers, and []string for strings, times and booleans. A missing cell
// (ok false) is NaN, written as null, in Numbers and "" in strings.
func build(k kind, n int, cell func(i int) (v reflect.Value, ok bool)) any {
	if k == kindNumber {
		out := make(Numbers, n)
		for i := range n {
			out[i] = math.NaN()
			if v, ok := cell(i); ok {
				out[i] = toFloat(v)
			}
		}
		return out
	}
	out := make([]string, n)
	for i := range n {
		if v, ok := cell(i); ok {
			out[i] = format(k, v)
		}
	}
	return out
}

// column returns the JSON column of x.
func column[X Value](x []X) any {
	rv := reflect.ValueOf(x)
	return build(kindOf(rv.Type().Elem()), rv.Len(), func(i int) (reflect.Value, bool) {
		return rv.Index(i), true
	})
}

// floats converts values to Numbers. A float32 becomes the float64 with
// the same shortest decimal form, so float32(0.1) is written as 0.1.
func floats[N Number](values []N) Numbers {
	out := make(Numbers, len(values))
	if reflect.TypeFor[N]().Kind() == reflect.Float32 {
		for i, v := range values {
			out[i] = widen32(float64(v))
		}
		return out
	}
	for i, v := range values {
		out[i] = float64(v)
	}
	return out
}

// widen32 returns the float64 with the shortest decimal form of the
// float32 f.
func widen32(f float64) float64 {
	w, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', -1, 32), 64)
	if err != nil {
		return f // NaN and the infinities.
	}
	return w
}

// toFloat returns the number v holds as a float64.
func toFloat(v reflect.Value) float64 {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(v.Uint())
	case reflect.Float32:
		return widen32(v.Float())
	}
	return v.Float()
}

// format returns the value v, of kind k, as a string: a time in RFC 3339
// with its offset, a number in its shortest form.
func format(k kind, v reflect.Value) string {
	switch k {
	case kindNumber:
		return strconv.FormatFloat(toFloat(v), 'g', -1, 64)
	case kindTime:
		return v.Interface().(time.Time).Format(time.RFC3339Nano)
	case kindBool:
		return strconv.FormatBool(v.Bool())
	}
	return v.String()
}

// deref follows pointers from v; ok is false at a nil pointer.
func deref(v reflect.Value) (_ reflect.Value, ok bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, true
}
