package table

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// category is what a column holds when every row has the same type there;
// catDynamic when it varies (maps, interfaces) or may be nil (pointers).
type category uint8

const (
	catDynamic category = iota
	catInt
	catUint
	catFloat
	catStr
	catBool
	catTime
)

// column reads one column of the rows. at reads any column; the typed
// getter matching cat reads a column of a fixed type faster, and is nil
// for the others.
type column struct {
	name string
	cat  category
	at   func(i int) cell

	intAt   func(i int) int64
	uintAt  func(i int) uint64
	floatAt func(i int) float64
	strAt   func(i int) string
	boolAt  func(i int) bool
	timeAt  func(i int) time.Time
}

// source gives the columns of a slice of rows.
type source interface {
	column(name string) (*column, error)
}

// newSource returns the source for rows, or an error for a row type
// that has no columns.
func newSource[T any](rows []T) (source, error) { return sourceOf(rows) }

// sourceOf returns the source for rows, a slice of any type, or an error
// for an element type that has no columns.
func sourceOf(rows any) (source, error) {
	if m, ok := rows.([]map[string]any); ok {
		return mapSource(m), nil
	}
	rv := reflect.ValueOf(rows)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("table: rows of type %T are not a slice", rows)
	}
	t := rv.Type().Elem()
	switch {
	case t.Kind() == reflect.Struct:
		return &structSource{rows: rv, info: structInfoOf(t)}, nil
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return &structSource{rows: rv, info: structInfoOf(t.Elem()), rowPtr: true}, nil
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		return &reflectMapSource{rows: rv}, nil
	}
	return nil, fmt.Errorf("table: rows of type %s have no columns; use structs, pointers to structs or maps with string keys", t)
}

// mapSource reads []map[string]any, the rows of decoded JSON.
type mapSource []map[string]any

func (rows mapSource) column(name string) (*column, error) {
	found := len(rows) == 0
	for _, r := range rows {
		if _, ok := r[name]; ok {
			found = true
			break
		}
	}
	if !found {
		return nil, fmt.Errorf("table: unknown column %q: no row has that key", name)
	}
	return &column{name: name, at: func(i int) cell {
		v, ok := rows[i][name]
		if !ok {
			return cell{}
		}
		return cellOf(v)
	}}, nil
}

// reflectMapSource reads slices of other maps with string keys.
type reflectMapSource struct{ rows reflect.Value }

func (s *reflectMapSource) column(name string) (*column, error) {
	key := reflect.ValueOf(name).Convert(s.rows.Type().Elem().Key())
	n := s.rows.Len()
	found := n == 0
	for i := 0; i < n && !found; i++ {
		found = s.rows.Index(i).MapIndex(key).IsValid()
	}
	if !found {
		return nil, fmt.Errorf("table: unknown column %q: no row has that key", name)
	}
	rows := s.rows
	return &column{name: name, at: func(i int) cell {
		return cellOfValue(rows.Index(i).MapIndex(key))
	}}, nil
}

// structSource reads the fields of structs, or of pointers to structs.
type structSource struct {
	rows   reflect.Value
	info   *structInfo
	rowPtr bool
}

func (s *structSource) column(name string) (*column, error) {
	f := s.info.lookup(name)
	if f == nil {
		return nil, fmt.Errorf("table: unknown column %q; %s has %s", name, s.info.typ, strings.Join(s.info.names(), ", "))
	}
	cat, ok := categoryOf(f.typ)
	if !ok {
		return nil, fmt.Errorf("table: column %q is a %s, which cannot be filtered or sorted", name, f.typ)
	}
	rows, index := s.rows, f.index
	c := &column{name: name}
	if s.rowPtr || f.viaPtr || cat == catDynamic {
		// The field may be out of reach (a nil row or embedded pointer)
		// or nil itself: read it as a cell, which may be blank.
		rowPtr := s.rowPtr
		c.at = func(i int) cell {
			v := rows.Index(i)
			if rowPtr {
				if v.IsNil() {
					return cell{}
				}
				v = v.Elem()
			}
			for _, x := range index {
				if v.Kind() == reflect.Pointer {
					if v.IsNil() {
						return cell{}
					}
					v = v.Elem()
				}
				v = v.Field(x)
			}
			return cellOfValue(v)
		}
		return c, nil
	}
	fv := func(i int) reflect.Value { return rows.Index(i).FieldByIndex(index) }
	if len(index) == 1 {
		x := index[0]
		fv = func(i int) reflect.Value { return rows.Index(i).Field(x) }
	}
	c.cat = cat
	switch cat {
	case catInt:
		c.intAt = func(i int) int64 { return fv(i).Int() }
		c.at = func(i int) cell { return intCell(fv(i).Int()) }
	case catUint:
		c.uintAt = func(i int) uint64 { return fv(i).Uint() }
		c.at = func(i int) cell { return uintCell(fv(i).Uint()) }
	case catFloat:
		c.floatAt = func(i int) float64 { return fv(i).Float() }
		c.at = func(i int) cell { return floatCell(fv(i).Float()) }
	case catStr:
		c.strAt = func(i int) string { return fv(i).String() }
		c.at = func(i int) cell { return cell{k: kindStr, s: fv(i).String()} }
	case catBool:
		c.boolAt = func(i int) bool { return fv(i).Bool() }
		c.at = func(i int) cell { return cell{k: kindBool, b: fv(i).Bool()} }
	case catTime:
		c.timeAt = func(i int) time.Time { return timeOf(fv(i)) }
		c.at = func(i int) cell { return cell{k: kindTime, t: timeOf(fv(i))} }
	}
	return c, nil
}

// categoryOf returns the category of a field's type; ok is false for a
// type no comparison understands, such as a slice or a struct.
func categoryOf(t reflect.Type) (category, bool) {
	if t == timeType {
		return catTime, true
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return catInt, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return catUint, true
	case reflect.Float32, reflect.Float64:
		return catFloat, true
	case reflect.String:
		return catStr, true
	case reflect.Bool:
		return catBool, true
	case reflect.Interface:
		return catDynamic, true
	case reflect.Pointer:
		// A pointer may be nil, so its column varies: a pointer to a
		// struct other than time.Time holds a value that is only ever
		// blank or not.
		return catDynamic, true
	}
	return 0, false
}

// field is a struct field that a column can name.
type field struct {
	name   string // the json name, or the Go name without a json tag
	goName string
	index  []int
	typ    reflect.Type
	viaPtr bool // the path crosses an embedded pointer
	depth  int
	tagged bool
}

// structInfo is what Apply knows of a struct type, worked out once.
type structInfo struct {
	typ    reflect.Type
	fields []field
	byName map[string]int
	byGo   map[string]int
}

var structInfos sync.Map // reflect.Type → *structInfo

func structInfoOf(t reflect.Type) *structInfo {
	if v, ok := structInfos.Load(t); ok {
		return v.(*structInfo)
	}
	v, _ := structInfos.LoadOrStore(t, newStructInfo(t))
	return v.(*structInfo)
}

// lookup finds a field by its json name first, then by its Go name.
func (s *structInfo) lookup(name string) *field {
	if i, ok := s.byName[name]; ok {
		return &s.fields[i]
	}
	if i, ok := s.byGo[name]; ok {
		return &s.fields[i]
	}
	return nil
}

// names lists the column names, in field order, for error messages.
func (s *structInfo) names() []string {
	names := make([]string, len(s.fields))
	for i, f := range s.fields {
		names[i] = f.name
	}
	return names
}

// newStructInfo lists the fields a column may name, as encoding/json
// does: exported fields not tagged json:"-", with the fields of embedded
// structs promoted unless a shallower field has the same name. Fields of
// unexported embedded structs are left out.
func newStructInfo(t reflect.Type) *structInfo {
	var all []field
	var walk func(t reflect.Type, index []int, depth int, viaPtr bool, seen []reflect.Type)
	walk = func(t reflect.Type, index []int, depth int, viaPtr bool, seen []reflect.Type) {
		for _, s := range seen {
			if s == t {
				return
			}
		}
		seen = append(seen, t)
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			idx := append(index[:len(index):len(index)], i)
			ft, ptr := sf.Type, false
			if ft.Kind() == reflect.Pointer {
				ft, ptr = ft.Elem(), true
			}
			if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct && ft != timeType {
				if sf.IsExported() {
					walk(ft, idx, depth+1, viaPtr || ptr, seen)
				}
				continue
			}
			if !sf.IsExported() {
				continue
			}
			f := field{name: sf.Name, goName: sf.Name, index: idx, typ: sf.Type, viaPtr: viaPtr, depth: depth, tagged: name != ""}
			if name != "" {
				f.name = name
			}
			all = append(all, f)
		}
	}
	walk(t, nil, 0, false, nil)

	info := &structInfo{typ: t, byName: map[string]int{}, byGo: map[string]int{}}
	// Keep, for each name, the one shallowest field (or the one tagged
	// among the shallowest); drop names that stay ambiguous.
	keep := func(key func(*field) string, tagRule bool) map[string]int {
		groups := map[string][]int{}
		for i := range all {
			k := key(&all[i])
			groups[k] = append(groups[k], i)
		}
		best := map[string]int{}
		for k, cands := range groups {
			depth := all[cands[0]].depth
			for _, i := range cands {
				depth = min(depth, all[i].depth)
			}
			var shallow, tagged []int
			for _, i := range cands {
				if all[i].depth == depth {
					shallow = append(shallow, i)
					if all[i].tagged {
						tagged = append(tagged, i)
					}
				}
			}
			switch {
			case len(shallow) == 1:
				best[k] = shallow[0]
			case tagRule && len(tagged) == 1:
				best[k] = tagged[0]
			}
		}
		return best
	}
	visible := keep(func(f *field) string { return f.name }, true)
	for i := range all {
		if j, ok := visible[all[i].name]; ok && j == i {
			info.byName[all[i].name] = len(info.fields)
			info.fields = append(info.fields, all[i])
		}
	}
	for k, i := range keep(func(f *field) string { return f.goName }, false) {
		if j, ok := info.byName[all[i].name]; ok && info.fields[j].goName == k {
			info.byGo[k] = j
		}
	}
	return info
}
