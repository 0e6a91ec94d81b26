package chart

import (
	"fmt"
	"reflect"
	"strings"
)

// Cols names the struct fields a Table reads, like the column arguments
// of plotly express's functions. A field is named by its Go name or by
// the name in its json tag; the Go name is tried first. Fields may hold
// numbers, strings, booleans or time.Time values, or pointers to them,
// where nil is a missing value.
type Cols struct {
	// X is the field of the x values: the categories of Bar, the values
	// counted by Histogram, the optional groups along the x axis of Box.
	X string
	// Y is the field of the y values. For Histogram it is optional: when
	// set, the bars sum it instead of counting rows.
	Y string
	// Color, when set, splits the rows into one trace per distinct value
	// of this field, in the order the values first appear, and names each
	// trace by its value. The traces take the colorway colors in that
	// order. Unlike plotly express, numeric fields are split the same way
	// and get no continuous color scale.
	Color string
	// Size is the field of the marker sizes of Scatter, which makes it a
	// bubble chart. The other charts reject it.
	Size string
}

// Table is a slice of structs read as a table of columns by field name,
// ready to be drawn as one of its charts. Make one with FromRows.
type Table struct {
	rows reflect.Value
	cols Cols
}

// FromRows returns a Table of rows, structs or pointers to structs,
// reading the fields that cols names. Like plotly express, the charts
// built from it title their axes with the field names given in cols and
// the legend with the Color field's name:
//
//	fig, err := chart.FromRows(sales, chart.Cols{X: "Date", Y: "Sales", Color: "Region"}).Line()
//
// Errors, such as a field that does not exist, are returned by the chart
// methods.
func FromRows[T any](rows []T, cols Cols) Table {
	return Table{rows: reflect.ValueOf(rows), cols: cols}
}

// Line returns a line chart of Y over X, with one line per Color value.
// The points are joined in the order of the rows.
func (t Table) Line() (*Figure, error) {
	p, err := t.prepare("Line", true, true, false)
	if err != nil {
		return nil, err
	}
	f := p.figure()
	for _, g := range p.groups {
		f.Data = append(f.Data, lineTrace(g.name, p.column(p.x, g), p.column(p.y, g)))
	}
	return f, nil
}

// Bar returns a bar chart of Y for each X category, with one set of bars
// per Color value, side by side (BarMode Grouped); set
// fig.Layout.BarMode to Stacked to stack them.
func (t Table) Bar() (*Figure, error) {
	p, err := t.prepare("Bar", true, true, false)
	if err != nil {
		return nil, err
	}
	f := p.figure()
	f.Layout.BarMode = Grouped
	for _, g := range p.groups {
		f.Data = append(f.Data, barTrace(g.name, p.column(p.x, g), p.column(p.y, g)))
	}
	return f, nil
}

// Scatter returns a scatter plot of Y against X, with one trace per Color
// value. With Size set, it is a bubble chart scaled as Bubble scales it,
// over all the rows.
func (t Table) Scatter() (*Figure, error) {
	p, err := t.prepare("Scatter", true, true, true)
	if err != nil {
		return nil, err
	}
	f := p.figure()
	var sizes []Numbers
	largest := 0.0
	if p.size != nil {
		for _, g := range p.groups {
			s := p.column(p.size, g).(Numbers)
			sizes = append(sizes, s)
			largest = max(largest, maxOf(s))
		}
		f.Layout.Set("legend.itemsizing", "constant")
	}
	for i, g := range p.groups {
		tr := scatterTrace(g.name, p.column(p.x, g), p.column(p.y, g))
		if p.size != nil {
			setSizes(tr, sizes[i], largest)
		}
		f.Data = append(f.Data, tr)
	}
	return f, nil
}

// Histogram returns a histogram of X, with one trace per Color value;
// bins is the largest number of bins, as for the package's Histogram. The bars
// count the rows, or sum Y when it is set; the y axis is titled "count"
// or "sum of " and the Y name, as plotly express titles it.
func (t Table) Histogram(bins int) (*Figure, error) {
	p, err := t.prepare("Histogram", true, false, false)
	if err != nil {
		return nil, err
	}
	f := p.figure()
	f.Layout.YTitle = "count"
	if p.y != nil {
		f.Layout.YTitle = "sum of " + p.y.name
	}
	for _, g := range p.groups {
		tr := histogramTrace(g.name, p.column(p.x, g), bins)
		if p.y != nil {
			tr["y"] = p.column(p.y, g)
			tr["histfunc"] = "sum"
		}
		f.Data = append(f.Data, tr)
	}
	return f, nil
}

// Box returns a box plot of Y, with one box per X value when X is set,
// and one trace per Color value; with both, the Color boxes of each X
// value are side by side (layout boxmode "group").
func (t Table) Box() (*Figure, error) {
	p, err := t.prepare("Box", false, true, false)
	if err != nil {
		return nil, err
	}
	f := p.figure()
	if p.color != nil {
		f.Layout.Set("boxmode", "group")
	}
	for _, g := range p.groups {
		var x any
		if p.x != nil {
			x = p.column(p.x, g)
		}
		f.Data = append(f.Data, boxTrace(g.name, x, p.column(p.y, g)))
	}
	return f, nil
}

// field is a struct field read as a column.
type field struct {
	name  string // as given in Cols
	index []int
	kind  kind
}

// group is the rows of one trace.
type group struct {
	name string
	rows []int
}

// prepared is a Table resolved for one chart.
type prepared struct {
	structs           []reflect.Value
	x, y, color, size *field
	groups            []group
}

// prepare resolves the fields of t's Cols for the chart named chart,
// which needs X and Y as told and takes Size if sizeOK, and splits the
// rows by Color.
func (t Table) prepare(chart string, needX, needY, sizeOK bool) (*prepared, error) {
	c := t.cols
	var missing []string
	if needX && c.X == "" {
		missing = append(missing, "Cols.X")
	}
	if needY && c.Y == "" {
		missing = append(missing, "Cols.Y")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("chart: %s needs %s", chart, strings.Join(missing, " and "))
	}
	if c.Size != "" && !sizeOK {
		return nil, fmt.Errorf("chart: %s: Cols.Size applies to Scatter only", chart)
	}
	if !t.rows.IsValid() {
		return nil, fmt.Errorf("chart: %s: a Table must be made with FromRows", chart)
	}
	st := t.rows.Type().Elem()
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return nil, fmt.Errorf("chart: FromRows needs structs or pointers to structs, not %s", t.rows.Type().Elem())
	}
	p := &prepared{}
	for _, r := range []struct {
		name string
		dst  **field
	}{{c.X, &p.x}, {c.Y, &p.y}, {c.Color, &p.color}, {c.Size, &p.size}} {
		if r.name == "" {
			continue
		}
		f, err := lookup(st, r.name)
		if err != nil {
			return nil, err
		}
		*r.dst = f
	}
	if p.size != nil && p.size.kind != kindNumber {
		return nil, fmt.Errorf("chart: Cols.Size field %q of %s is not a number", c.Size, st)
	}
	p.structs = make([]reflect.Value, t.rows.Len())
	for i := range p.structs {
		v, ok := deref(t.rows.Index(i))
		if !ok {
			return nil, fmt.Errorf("chart: %s: row %d is nil", chart, i)
		}
		p.structs[i] = v
	}
	p.groups = p.split()
	return p, nil
}

// lookup finds the field of st named name, by Go name or else by json
// tag. Fields promoted through unexported embedded structs are not seen.
func lookup(st reflect.Type, name string) (*field, error) {
	var found *reflect.StructField
	for _, sf := range reflect.VisibleFields(st) {
		if !sf.IsExported() || !reachable(st, sf.Index) {
			continue
		}
		if sf.Name == name {
			found = &sf
			break
		}
		if tag, _, _ := strings.Cut(sf.Tag.Get("json"), ","); found == nil && tag == name && tag != "-" {
			found = &sf
		}
	}
	if found == nil {
		return nil, fmt.Errorf("chart: %s has no field or json tag %q", st, name)
	}
	k := kindOf(found.Type)
	if k == kindNone {
		return nil, fmt.Errorf("chart: field %q of %s is %s, not a number, string, bool or time.Time", name, st, found.Type)
	}
	return &field{name: name, index: found.Index, kind: k}, nil
}

// reachable reports whether every embedded struct on the way to the field
// at index is exported.
func reachable(st reflect.Type, index []int) bool {
	for i := 1; i < len(index); i++ {
		if !st.FieldByIndex(index[:i]).IsExported() {
			return false
		}
	}
	return true
}

// cell returns the value of f in the row s; ok is false when it is
// missing: a nil pointer, or behind a nil embedded pointer.
func (f *field) cell(s reflect.Value) (v reflect.Value, ok bool) {
	v, err := s.FieldByIndexErr(f.index)
	if err != nil {
		return v, false
	}
	return deref(v)
}

// split groups the rows by their Color value, in first-seen order, or
// returns one unnamed group of all rows.
func (p *prepared) split() []group {
	if p.color == nil {
		all := make([]int, len(p.structs))
		for i := range all {
			all[i] = i
		}
		return []group{{rows: all}}
	}
	var groups []group
	seen := map[string]int{}
	for i, s := range p.structs {
		name := ""
		if v, ok := p.color.cell(s); ok {
			name = format(p.color.kind, v)
		}
		g, ok := seen[name]
		if !ok {
			g = len(groups)
			seen[name] = g
			groups = append(groups, group{name: name})
		}
		groups[g].rows = append(groups[g].rows, i)
	}
	return groups
}

// column returns the column of f over the rows of g.
func (p *prepared) column(f *field, g group) any {
	return build(f.kind, len(g.rows), func(i int) (reflect.Value, bool) {
		return f.cell(p.structs[g.rows[i]])
	})
}

// figure returns an empty figure with the axes titled by the X and Y
// names and the legend by the Color name.
func (p *prepared) figure() *Figure {
	f := New()
	if p.x != nil {
		f.Layout.XTitle = p.x.name
	}
	if p.y != nil {
		f.Layout.YTitle = p.y.name
	}
	if p.color != nil {
		f.Layout.Set("legend.title.text", p.color.name)
	}
	return f
}
