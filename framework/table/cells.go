package table

import (
	"reflect"
	"strconv"
)

// Cells reads the cells of a page of rows for display, through the same
// column access as Apply: rows is a slice of structs, of pointers to
// structs or of maps with string keys, and each column names a struct
// field by its json name or Go name, or a map key.
//
// cells[i][j] is the cell of row i in column j, in the form a browser
// gets from the rows' JSON: nil for a blank (nil, a nil pointer, a missing
// key, NaN), a bool, a float64 for every number (an integer beyond 2^53
// rounds as in JavaScript; a float32 field reads as the float64 of its
// shortest float32 digits, as JSON writes it), a string or a time.Time. A value of any other
// kind in a map or an interface field (a slice, a map, a struct) is nil.
//
// keys[j] is column j's key in a row's JSON: the field's json name (its
// Go name when it has none) for structs, the column itself for maps. A
// key no map row has reads as blank, not as an error; a struct column
// that Apply could not read is an error, as in Apply. A nil rows has no
// cells, and its keys are the columns.
func Cells(rows any, columns []string) (cells [][]any, keys []string, err error) {
	keys = make([]string, len(columns))
	copy(keys, columns)
	if rows == nil {
		return nil, keys, nil
	}
	src, err := sourceOf(rows)
	if err != nil {
		return nil, nil, err
	}
	n := 0
	switch s := src.(type) {
	case *structSource:
		n = s.rows.Len()
	case mapSource:
		n = len(s)
	case *reflectMapSource:
		n = s.rows.Len()
	}
	cols := make([]*column, len(columns))
	f32 := make([]bool, len(columns))
	for j, name := range columns {
		s, isStruct := src.(*structSource)
		if isStruct {
			if f := s.info.lookup(name); f != nil {
				keys[j] = f.name
				t := f.typ
				if t.Kind() == reflect.Pointer {
					t = t.Elem()
				}
				f32[j] = t.Kind() == reflect.Float32
			}
		}
		c, err := src.column(name)
		if err != nil {
			if isStruct {
				return nil, nil, err
			}
			// A key that no map row of this page has is blank there.
			c = &column{name: name, at: func(int) cell { return cell{} }}
		}
		cols[j] = c
	}
	cells = make([][]any, n)
	flat := make([]any, n*len(cols))
	for i := range cells {
		row := flat[i*len(cols) : (i+1)*len(cols) : (i+1)*len(cols)]
		for j, c := range cols {
			v := c.at(i)
			row[j] = v.display()
			if x, ok := row[j].(float64); ok && f32[j] {
				// JSON writes a float32 with its shortest float32 digits.
				row[j], _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', -1, 32), 64)
			}
		}
		cells[i] = row
	}
	return cells, keys, nil
}

// display is the cell's value as Cells gives it.
func (c *cell) display() any {
	switch c.k {
	case kindBool:
		return c.b
	case kindNum:
		return c.f
	case kindStr:
		return c.s
	case kindTime:
		return c.t
	}
	return nil
}
