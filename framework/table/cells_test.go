package table

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

type cellRow struct {
	ID    int       `json:"id"`
	Name  string    `json:"name"`
	Price float64   // no tag: its key is its Go name
	Ratio float32   `json:"ratio"`
	When  time.Time `json:"when"`
	Note  *string   `json:"note"`
	Any   any       `json:"any"`
	Big   uint64    `json:"big"`
	OK    bool      `json:"ok"`
	Tags  []string  `json:"tags"`
}

func TestCellsStructs(t *testing.T) {
	t.Parallel()
	when := time.Date(2024, 3, 5, 1, 2, 3, 0, time.UTC)
	note := "n"
	rows := []cellRow{
		{ID: 1, Name: "a", Price: 2.5, Ratio: 0.1, When: when, Note: &note, Any: []int{1}, Big: 1 << 60, OK: true},
		{ID: 2, Name: "b", Price: math.NaN(), Any: "s"},
	}
	cells, keys, err := Cells(rows, []string{"id", "Name", "Price", "ratio", "when", "note", "any", "big", "OK"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(keys, ","); got != "id,name,Price,ratio,when,note,any,big,ok" {
		t.Errorf("keys %s", got)
	}
	want := [][]any{
		{1.0, "a", 2.5, 0.1, when, "n", nil, float64(1 << 60), true},
		{2.0, "b", nil, 0.0, time.Time{}, nil, "s", 0.0, false},
	}
	if !reflect.DeepEqual(cells, want) {
		t.Errorf("cells\n%#v\nwant\n%#v", cells, want)
	}
	// A float32 reads as JSON writes it, which is what a browser gets.
	b, _ := json.Marshal(rows[0].Ratio)
	if string(b) != "0.1" || cells[0][3] != 0.1 {
		t.Errorf("float32 0.1: JSON %s, cell %v", b, cells[0][3])
	}
	// Pointers to structs, nil ones blank.
	ptrs := []*cellRow{&rows[0], nil}
	cells, _, err = Cells(ptrs, []string{"id", "name"})
	if err != nil || !reflect.DeepEqual(cells, [][]any{{1.0, "a"}, {nil, nil}}) {
		t.Errorf("pointer rows: %v, %v", cells, err)
	}
}

func TestCellsMaps(t *testing.T) {
	t.Parallel()
	rows := []map[string]any{{"a": 1, "b": "x"}, {"a": json.Number("2.5"), "c": map[string]any{}}}
	cells, keys, err := Cells(rows, []string{"a", "b", "missing"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(keys, []string{"a", "b", "missing"}) || !reflect.DeepEqual(cells, [][]any{{1.0, "x", nil}, {2.5, nil, nil}}) {
		t.Errorf("cells %v, keys %v", cells, keys)
	}
	other := []map[string]int{{"n": 3}}
	if cells, _, err := Cells(other, []string{"n"}); err != nil || !reflect.DeepEqual(cells, [][]any{{3.0}}) {
		t.Errorf("map[string]int rows: %v, %v", cells, err)
	}
}

func TestCellsErrors(t *testing.T) {
	t.Parallel()
	if cells, keys, err := Cells(nil, []string{"x"}); err != nil || cells != nil || keys[0] != "x" {
		t.Errorf("nil rows: %v %v %v", cells, keys, err)
	}
	if cells, _, err := Cells([]cellRow{}, []string{"id"}); err != nil || len(cells) != 0 {
		t.Errorf("no rows: %v %v", cells, err)
	}
	for _, c := range []struct {
		rows any
		cols []string
		want string
	}{
		{[]cellRow{{}}, []string{"nope"}, `unknown column "nope"`},
		{[]cellRow{{}}, []string{"tags"}, `column "tags" is a []string`},
		{cellRow{}, []string{"id"}, "not a slice"},
		{[]int{1}, []string{"id"}, "have no columns"},
	} {
		if _, _, err := Cells(c.rows, c.cols); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Cells(%T, %v): %v, want %q", c.rows, c.cols, err, c.want)
		}
	}
}
