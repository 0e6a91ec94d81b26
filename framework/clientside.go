package framework

import (
	"fmt"
	"regexp"
)

// ClientsideSpec describes a clientside callback: a JavaScript function
// that the runtime calls in the browser, with no round trip, wired like a
// server callback. It is Dash's clientside_callback with a
// ClientsideFunction(namespace, function_name).
//
// The runtime calls
//
//	window.pagewire.clientside[namespace][name](...inputValues, ...stateValues)
//
// with the values of the Inputs, then of the States, in their order, as
// a server callback reads them (null for a component not on the page). The
// function returns the value of the output, or, with several outputs, an
// array of their values in order; window.pagewire.noUpdate, returned or in
// the array, leaves an output unchanged, and throwing it changes nothing.
// It may return a Promise of these. Its dependencies have plain ids:
// pattern-matching ids (ALL, MATCH) are for server callbacks.
//
// A clientside callback fires on the same triggers as a server callback: a
// change by the user, the initial call when its page shows (unless
// PreventInitialCall), and the outputs of other callbacks. Chains mix the
// two kinds in graph order: a server callback's output that is a
// clientside callback's input runs it when the reply lands, and a
// clientside output that is a server callback's input sends that trigger
// to the server. A function that is missing or throws is logged to the
// console and reported like a failing server callback (the pagewire:error
// event, and the overlay with Config.Debug).
//
// The app defines its functions in a script of its assets (loaded before
// the runtime), without overwriting what the runtime or another script
// defined:
//
//	window.pagewire ??= { clientside: {} };
//	window.pagewire.clientside.ui = {
//		double: (n) => (n == null ? window.pagewire.noUpdate : 2 * n),
//	};
//
// Clientside callbacks take part in the graph's checks (an output owned
// twice, a cycle) like any other. The server never runs them: the first
// paint holds their outputs as the layout renders them, and
// framework/frameworktest, which has no browser, does not run them either.
type ClientsideSpec struct {
	// Outputs are the properties the function sets. At least one.
	Outputs []Dep
	// Inputs trigger the callback; their values are the function's first
	// arguments. At least one.
	Inputs []Dep
	// States are passed after the inputs without triggering. Optional.
	States []Dep
	// PreventInitialCall skips the call made when the page shows.
	PreventInitialCall bool
	// Function names the function: "namespace.name", a property of
	// window.pagewire.clientside[namespace]. Both parts are JavaScript
	// identifiers. Required.
	Function string
}

// clientsideName is a clientside function's name: namespace.name, two
// JavaScript identifiers.
var clientsideName = regexp.MustCompile(`^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*$`)

// ClientsideCallback registers a clientside callback in DefaultRegistry.
// Call it from init, like Callback. It panics, with the prefix
// "framework: " and its registration site, on a Function that is not
// "namespace.name", on a pattern-matching id, and on the dependency errors
// Callback panics on.
func ClientsideCallback(spec ClientsideSpec) {
	file, line := callerSite(2)
	DefaultRegistry.registerClientside(spec, site(file, line))
}

// ClientsideCallback registers a clientside callback in r; see the
// package-level ClientsideCallback.
func (r *Registry) ClientsideCallback(spec ClientsideSpec) {
	file, line := callerSite(2)
	r.registerClientside(spec, site(file, line))
}

func (r *Registry) registerClientside(spec ClientsideSpec, at string) {
	if !clientsideName.MatchString(spec.Function) {
		panic(fmt.Sprintf("framework: ClientsideCallback at %s: Function %q is not namespace.name", at, spec.Function))
	}
	for _, l := range [][]Dep{spec.Outputs, spec.Inputs, spec.States} {
		for _, d := range l {
			if d.pattern != nil {
				panic(fmt.Sprintf("framework: ClientsideCallback at %s: %s: a clientside callback takes plain ids, not pattern-matching ones", at, d))
			}
		}
	}
	r.registerCallback(CallbackSpec{
		Outputs:            spec.Outputs,
		Inputs:             spec.Inputs,
		States:             spec.States,
		PreventInitialCall: spec.PreventInitialCall,
	}, at, spec.Function)
}
