package framework

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

type depKind uint8

const (
	depOutput depKind = iota
	depInput
	depState
)

// Dep is one dependency of a callback: a property of a component, addressed
// by its id (a string, or an ID for pattern matching) and a property name.
// Build it with Output, Input or State.
//
// Properties: "children" (the element's content; a callback sets it to a
// templ.Component, rendered on the server, or to text), "value", "checked",
// "disabled", "hidden", "class", "style", any "data-*" or "aria-*"
// attribute; "data" of a Store; "max_intervals" of an Interval; "pathname", "search", "hash" and "href" of
// a Location (setting one navigates); "figure", "clickData", "hoverData",
// "selectedData" and "relayoutData" of a Graph; "date" of a DatePickerSingle, "start_date" and "end_date" of a
// DatePickerRange; "title" and "src" of any element (an src or href that a
// browser would run, such as javascript:, fails the call); as outputs only
// "options" of a Dropdown and "placeholder" (a Dropdown's, or any
// element's attribute);
// as inputs also "n_clicks" (clicks so
// far), "n_submit" (Enter presses or form submits), "n_intervals" (ticks of
// an Interval) and "on:NAME" (a custom DOM event NAME; its value is the
// event's detail).
//
// A DataTable's properties are "data" (the page's rows), "sort_by",
// "filter_query", "page_current", "page_size", "page_count",
// "selected_rows" and "active_cell"; see components.DataTable.
type Dep struct {
	kind     depKind
	plain    string
	pattern  ID
	prop     string
	allowDup bool
	debounce time.Duration
	err      error
}

func newDep(kind depKind, id any, prop string) Dep {
	d := Dep{kind: kind, prop: prop}
	switch v := id.(type) {
	case string:
		d.plain = v
		if v == "" {
			d.err = errors.New("empty id")
		}
	case ID:
		d.pattern = v
		if len(v) == 0 {
			d.err = errors.New("empty ID")
		}
	default:
		d.err = fmt.Errorf("id %v is a %T, want a string or a framework.ID", id, id)
	}
	if d.err == nil {
		d.err = checkProp(kind, prop)
	}
	return d
}

// checkProp rejects property names the runtime cannot read or write.
func checkProp(kind depKind, prop string) error {
	switch prop {
	case "children", "value", "checked", "disabled", "hidden", "class", "style",
		"data", "pathname", "search", "hash", "href", "max_intervals",
		"figure", "clickData", "hoverData", "selectedData", "relayoutData":
		return nil
	case "title", "src", "date", "start_date", "end_date":
		return nil
	case "options", "placeholder":
		if kind != depOutput {
			return fmt.Errorf("%s is an output property", prop)
		}
		return nil
	case "sort_by", "filter_query", "page_current", "page_size", "page_count", "selected_rows", "active_cell":
		return nil // a DataTable's
	case "n_clicks", "n_submit", "n_intervals":
		if kind == depOutput {
			return fmt.Errorf("%s is an input property", prop)
		}
		return nil
	}
	if strings.HasPrefix(prop, "data-") || strings.HasPrefix(prop, "aria-") {
		if validAttrName(prop) {
			return nil
		}
	}
	if strings.HasPrefix(prop, "on:") && kind == depInput && len(prop) > 3 && validAttrName(prop[3:]) {
		return nil
	}
	return fmt.Errorf("unknown property %q", prop)
}

func validAttrName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Output declares a property a callback sets.
func Output(id any, prop string) Dep { return newDep(depOutput, id, prop) }

// Input declares a property whose change triggers a callback; its value is
// passed in.
func Input(id any, prop string) Dep { return newDep(depInput, id, prop) }

// State declares a property whose value is passed in without triggering.
func State(id any, prop string) Dep { return newDep(depState, id, prop) }

// AllowDuplicate lets this output also be set by other callbacks (Dash's
// allow_duplicate); every callback sharing the output must say so.
func (d Dep) AllowDuplicate() Dep { d.allowDup = true; return d }

// Debounce makes an input wait until its value has been still for wait
// before triggering. Without it an input triggers at once and, while its
// request is in flight, further changes coalesce to the latest value.
func (d Dep) Debounce(wait time.Duration) Dep { d.debounce = wait; return d }

// String renders the dependency as "id.prop".
func (d Dep) String() string { return d.idString() + "." + d.prop }

func (d Dep) idString() string {
	if d.pattern != nil {
		return d.pattern.String()
	}
	return d.plain
}

// covers reports whether the dependency addresses the concrete property
// (id, prop); match resolves MATCH wildcards, nil matches any.
func (d Dep) covers(plain string, id ID, prop string, match ID) bool {
	if d.prop != prop {
		return false
	}
	if d.pattern == nil {
		return id == nil && d.plain == plain
	}
	return id != nil && d.pattern.matches(id, match)
}

// overlaps reports whether two dependencies can address the same property.
func (d Dep) overlaps(e Dep) bool {
	if d.prop != e.prop {
		return false
	}
	if (d.pattern == nil) != (e.pattern == nil) {
		return false
	}
	if d.pattern == nil {
		return d.plain == e.plain
	}
	return d.pattern.overlaps(e.pattern)
}

// CallbackSpec describes a callback: Dash's @callback decorator as a value.
type CallbackSpec struct {
	// Outputs are the properties Func may set. At least one.
	Outputs []Dep
	// Inputs trigger the callback. At least one.
	Inputs []Dep
	// States are passed in without triggering. Optional.
	States []Dep
	// PreventInitialCall skips the call made while the page renders.
	PreventInitialCall bool
	// Func computes the outputs. It reads values from the Ctx and sets
	// outputs on it; returning PreventUpdate changes nothing, any other
	// error answers an error reply. Required.
	Func func(*Ctx) error
}

// callback is a registered CallbackSpec.
type callback struct {
	CallbackSpec
	site   string
	index  int // registration order, for a stable topological order
	match  bool
	client string  // a clientside callback's function, "namespace.name"; the runtime runs it
	pc     uintptr // the code pointer of Func, for the position of its errors (funcPos)
}

// Callback registers a callback in DefaultRegistry. Call it from init,
// like RegisterPage. It
// panics, with the prefix "framework: " and its registration site, on a
// malformed dependency, a missing Func, no Inputs or Outputs, an Output
// given as Input or the other way round, or a call after the app was built.
// Graph errors that need every callback (two callbacks owning one output, a
// cycle) are reported by New, naming both sites.
func Callback(spec CallbackSpec) {
	file, line := callerSite(2)
	DefaultRegistry.registerCallback(spec, site(file, line), "")
}

// Callback registers a callback in r; see the package-level Callback.
func (r *Registry) Callback(spec CallbackSpec) {
	file, line := callerSite(2)
	r.registerCallback(spec, site(file, line), "")
}

// registerCallback registers a callback: one the server runs (client
// empty), or a clientside one, whose JavaScript function client names.
func (r *Registry) registerCallback(spec CallbackSpec, at, client string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frozenAt != "" {
		panic(fmt.Sprintf("framework: Callback at %s after the app was built at %s; register callbacks in init()", at, r.frozenAt))
	}
	what := "Callback"
	if client != "" {
		what = "ClientsideCallback"
	}
	fail := func(format string, args ...any) {
		panic(fmt.Sprintf("framework: %s at %s: ", what, at) + fmt.Sprintf(format, args...))
	}
	if spec.Func == nil && client == "" {
		fail("nil Func")
	}
	if len(spec.Outputs) == 0 || len(spec.Inputs) == 0 {
		fail("needs at least one Output and one Input")
	}
	cb := &callback{CallbackSpec: spec, site: at, index: len(r.callbacks), client: client}
	if spec.Func != nil {
		cb.pc = reflect.ValueOf(spec.Func).Pointer() // its errors name its position (funcPos)
	}
	check := func(list []Dep, want depKind, name string) {
		for _, d := range list {
			if d.err != nil {
				fail("%s %s: %v", name, d.idString(), d.err)
			}
			if d.kind != want {
				fail("%s %s was not built with %s()", name, d, name)
			}
			if d.pattern != nil && d.pattern.hasWildcard(MATCH) {
				cb.match = true
			}
		}
	}
	check(spec.Outputs, depOutput, "Output")
	check(spec.Inputs, depInput, "Input")
	check(spec.States, depState, "State")
	for i, a := range spec.Outputs {
		for _, b := range spec.Outputs[:i] {
			if a.overlaps(b) {
				fail("output %s is listed twice", a)
			}
		}
	}
	if cb.match {
		for _, d := range spec.Outputs {
			if d.pattern == nil || !d.pattern.hasWildcard(MATCH) && d.pattern.hasWildcard(ALL) {
				fail("with MATCH inputs, every output needs MATCH too (%s)", d)
			}
		}
	}
	cb.Outputs = append([]Dep(nil), spec.Outputs...)
	cb.Inputs = append([]Dep(nil), spec.Inputs...)
	cb.States = append([]Dep(nil), spec.States...)
	r.callbacks = append(r.callbacks, cb)
}
