package table

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// goodFilters maps filters that parse to their canonical form.
var goodFilters = []struct{ in, want string }{
	{"", ""},
	{"   \t\n", ""},
	{"{a} = 1", "{a} = 1"},
	{"{a} eq 1", "{a} = 1"},
	{"{a} EQ \"x\"", `{a} = "x"`},
	{"{a} == 1", "{a} = 1"},
	{"{a} != 'x'", `{a} != "x"`},
	{"{a} ne x", "{a} != x"},
	{"{a} > 1.5 && {b} < -2", "{a} > 1.5 && {b} < -2"},
	{"{a} gt 1 and {b} lt 2", "{a} > 1 && {b} < 2"},
	{"{a} ge 1 OR {b} le 2", "{a} >= 1 || {b} <= 2"},
	{"{a}=1&&{b}<=2", "{a} = 1 && {b} <= 2"},
	{"{a} <5", "{a} < 5"},
	{"{a} >= 1 || {b} <= 2 && {c} = 3", "{a} >= 1 || {b} <= 2 && {c} = 3"},
	{"({a} >= 1 || {b} <= 2) && {c} = 3", "({a} >= 1 || {b} <= 2) && {c} = 3"},
	{"((({a} = 1)))", "{a} = 1"},
	{`{a} contains "x y"`, `{a} contains "x y"`},
	{`{a} contains"x"`, `{a} contains "x"`},
	{"{a} icontains X", "{a} icontains X"},
	{"{a} SContains X", "{a} scontains X"},
	{"{a} i= x", "{a} i= x"},
	{"{a} ine x", "{a} i!= x"},
	{`{a} datestartswith "2024-03"`, `{a} datestartswith "2024-03"`},
	{"{a} is blank", "{a} is blank"},
	{"{a} IS Blank", "{a} is blank"},
	{"{a} is nil || {a} is num || {a} is str || {a} is bool", "{a} is nil || {a} is num || {a} is str || {a} is bool"},
	{"{a} is even && {b} is odd", "{a} is even && {b} is odd"},
	{"!{a} is blank", "!{a} is blank"},
	{"!({a} = 1 || {b} = 2)", "!({a} = 1 || {b} = 2)"},
	{"!!{a} = 1", "!!{a} = 1"},
	{"{col name} = 1", "{col name} = 1"},
	{`{a\}b\{c\\} = 1`, `{a\}b\{c\\} = 1`},
	{`{a\b} = 1`, `{a\\b} = 1`},
	{"{a} = {b}", "{a} = {b}"},
	{"{a} = `x`", `{a} = "x"`},
	{`{a} = 'it\'s'`, `{a} = "it's"`},
	{`{a} = "say \"hi\" \\ bye"`, `{a} = "say \"hi\" \\ bye"`},
	{`{a} = ""`, `{a} = ""`},
	{`{a} = a\ b`, `{a} = a\ b`},
	{`{a} = a&b|c`, `{a} = a\&b\|c`},
	{"{a} = x&&{b} = y", "{a} = x && {b} = y"},
	{"{a} = é && {b} = 1e3", "{a} = é && {b} = 1e3"},
	{"{a} = andy", "{a} = andy"},
}

func TestParseFilterGood(t *testing.T) {
	t.Parallel()
	for _, tc := range goodFilters {
		f, err := ParseFilter(tc.in)
		if err != nil {
			t.Errorf("ParseFilter(%q): %v", tc.in, err)
			continue
		}
		if got := f.String(); got != tc.want {
			t.Errorf("ParseFilter(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		again, err := ParseFilter(f.String())
		if err != nil || again.String() != f.String() {
			t.Errorf("%q does not read back: %q, %v", f.String(), again.String(), err)
		}
	}
}

var badFilters = []struct {
	in  string
	pos int
	msg string
}{
	{"{a}", 4, "expected an operator after {a}"},
	{"{a} = ", 7, `expected a value after "="`},
	{"{a} foo 1", 5, `expected an operator after {a} (such as =, >=, contains or is blank), found "foo 1"`},
	{"{a} lt5", 5, "expected an operator"},
	{"{a} = 1 {b} = 2", 9, `expected && or || before "{b} = 2"`},
	{"{a} = 1 andy", 9, "expected && or ||"},
	{"({a} = 1", 9, "expected ) to close the ( at position 1, found the end"},
	{"{a} = 1)", 8, "expected && or ||"},
	{"{a = 1", 1, "the { of the column name is not closed"},
	{"{a{b} = 1", 3, `a { inside a column name must be escaped as \{`},
	{"{} = 1", 1, "empty column name {}"},
	{`{a} = "x`, 7, `the " of the string is not closed`},
	{"a = 1", 1, "expected a column such as {name}, ( or !"},
	{"{a} = 1 &&", 11, "expected a column such as {name}, ( or !, found the end"},
	{"{a} = 1 || || {b} = 2", 12, "expected a column"},
	{"{a} is purple", 8, "expected blank, nil, num, str, bool, even or odd after \"is\""},
	{"{a} = (1)", 7, `expected a value after "=", found "(1)"`},
	{"!", 2, "expected a column"},
	{"{é} = 1 {b}", 9, "expected && or ||"}, // é is one character, two bytes
	{"{a} = 1 && {b} = 2 || {c} 12345678901234567890", 27, `found "123456789012…"`},
	{strings.Repeat("(", 70) + "{a} = 1" + strings.Repeat(")", 70), 65, "more than 64 levels"},
	{strings.Repeat("!", 70) + "{a} = 1", 65, "more than 64 levels"},
	{strings.Repeat("{a} = 1 && ", 256) + "{a} = 1", 2817, "more than 256 conditions"},
}

func TestParseFilterBad(t *testing.T) {
	t.Parallel()
	for _, tc := range badFilters {
		f, err := ParseFilter(tc.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseFilter(%q) = %q, %v; want a *SyntaxError", tc.in, f.String(), err)
			continue
		}
		if se.Pos != tc.pos || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("ParseFilter(%q): position %d, %q; want position %d, %q", tc.in, se.Pos, se.Msg, tc.pos, tc.msg)
		}
		if want := "table: filter_query, position "; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Error() = %q, want it to start with %q", err.Error(), want)
		}
	}
}

func TestParseFilterLiterals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in                   string
		isNum, isInt, isTime bool
		isBool, quoted       bool
		f                    float64
		i                    int64
		text                 string
	}{
		{in: "12", isNum: true, isInt: true, isTime: false, f: 12, i: 12, text: "12"},
		{in: "2024", isNum: true, isInt: true, isTime: true, f: 2024, i: 2024, text: "2024"},
		{in: "-1.5e2", isNum: true, f: -150, text: "-1.5e2"},
		{in: ".5", isNum: true, f: 0.5, text: ".5"},
		{in: `"7"`, isNum: true, isInt: true, quoted: true, f: 7, i: 7, text: "7"},
		{in: "9223372036854775808", isNum: true, f: 9223372036854775808, text: "9223372036854775808"},
		{in: "0x10", text: "0x10"},
		{in: "1e999", text: "1e999"},
		{in: "NaN", text: "NaN"},
		{in: "1_000", text: "1_000"},
		{in: "2024-03-05", isTime: true, text: "2024-03-05"},
		{in: `"2024-03-05T10:20:30+02:00"`, isTime: true, quoted: true, text: "2024-03-05T10:20:30+02:00"},
		{in: "True", isBool: true, text: "True"},
	} {
		f, err := ParseFilter("{a} = " + tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		l := f.root.(*cmpNode).rhs.lit
		if l.isNum != tc.isNum || l.isInt != tc.isInt || l.isTime != tc.isTime || l.isBool != tc.isBool ||
			l.quoted != tc.quoted || l.f != tc.f || l.i != tc.i || l.text != tc.text {
			t.Errorf("%s: literal %+v", tc.in, l)
		}
	}
}

func TestFilterColumns(t *testing.T) {
	t.Parallel()
	f, err := ParseFilter("{b} = 1 && ({a} > {b} || !{c} is blank) && {a} contains x")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Columns(), []string{"b", "a", "c"}; !slices.Equal(got, want) {
		t.Errorf("Columns() = %q, want %q", got, want)
	}
	if got := (Filter{}).Columns(); got != nil {
		t.Errorf("zero Filter has columns %q", got)
	}
}
