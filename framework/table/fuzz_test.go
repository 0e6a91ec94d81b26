package table

import (
	"errors"
	"testing"
)

// FuzzParseFilter checks that no filter makes ParseFilter or Apply panic,
// that every error is a *SyntaxError with a position inside the input,
// and that a parsed filter reads back from its String.
func FuzzParseFilter(f *testing.F) {
	for _, tc := range goodFilters {
		f.Add(tc.in)
	}
	for _, tc := range badFilters {
		if len(tc.in) < 200 {
			f.Add(tc.in)
		}
	}
	for _, tc := range filterCases {
		f.Add(tc.filter)
	}
	f.Add("{a} = \\")
	f.Add("{a} = 'x\\'")
	f.Add("{\xff} = \xfe")
	f.Add("{a} = x\\\xff")
	rows := sales()
	f.Fuzz(func(t *testing.T, s string) {
		flt, err := ParseFilter(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 1 || se.Pos > len([]rune(s))+1 {
				t.Fatalf("ParseFilter(%q): %v", s, err)
			}
			return
		}
		again, err := ParseFilter(flt.String())
		if err != nil || again.String() != flt.String() {
			t.Fatalf("ParseFilter(%q).String() = %q, which reads back as %q, %v", s, flt.String(), again.String(), err)
		}
		_, _, _ = Apply(rows, Query{Filter: s, SortBy: SortBy{{"Sales", "desc"}}, PageSize: 2})
		_, _, _ = Apply(asMaps(t, rows[:3]), Query{Filter: s})
	})
}
