package components

// The props of the components with the most settings.

import (
	"time"

	"github.com/a-h/templ"
)

// DropdownProps configures a Dropdown (a select). Properties: value (a
// string, null while the placeholder shows, or a list with Multi);
// disabled; options and placeholder, as outputs. Setting options (a list of
// {label, value, disabled}, or of strings that are both label and value)
// rebuilds the choices and keeps the value when it is still offered
// (otherwise the browser's rule applies: the first enabled option, or the
// placeholder when the value was null); it does not fire the value's
// callbacks.
type DropdownProps struct {
	// ID addresses the dropdown in callbacks. Required.
	ID string
	// Label is the visible label.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Options are the choices.
	Options []Option
	// Value holds the selected values.
	Value []string
	// Multi allows several selections.
	Multi bool
	// Placeholder is shown, as a first option that cannot be chosen, while
	// no value is selected; the value is then null. Single selection only.
	Placeholder string
	// Searchable adds a search box that hides the options whose label does
	// not contain its text (ignoring case), in the browser, for long
	// lists.
	Searchable bool
	// SearchPlaceholder is the search box's placeholder. Default
	// "Search…".
	SearchPlaceholder string
	// Clearable adds a button that clears the value (to null, or [] with
	// Multi) and fires its callbacks, like Dash's clearable.
	Clearable bool
	// Disabled disables the dropdown.
	Disabled bool
}

// ChoiceProps configures a Checklist or RadioItems. Properties: value (a
// list for a Checklist, a string for RadioItems), disabled.
type ChoiceProps struct {
	// ID addresses the group in callbacks. Required.
	ID string
	// Label is the group's legend.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Options are the choices.
	Options []Option
	// Value holds the checked values.
	Value []string
	// Disabled disables every choice (the fieldset).
	Disabled bool
}

// SliderProps configures a Slider (a range input). Properties: value (a
// number as text; Ctx.Int and Ctx.Float parse it), disabled.
type SliderProps struct {
	// ID addresses the slider in callbacks. Required.
	ID string
	// Label is the visible label.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Min, Max and Step bound the value. Default 0, 100, 1.
	Min, Max, Step float64
	// Value is the initial value.
	Value float64
	// Marks label values of the slider (Dash's marks): the browser draws
	// their ticks (a datalist) and their labels show under it, in order,
	// lined up with the track when the slider fills its wrapper (see the
	// package doc). Marks outside Min..Max are left out.
	Marks map[float64]string
	// Disabled disables the slider.
	Disabled bool
}

// Tab is one tab of Tabs.
type Tab struct {
	// Label is the tab's text.
	Label string
	// Value is the tab's value. Default "tab-N", N its position from 1,
	// as in Dash.
	Value string
	// Content is the panel shown while the tab is selected. Every panel is
	// rendered, the others hidden, so callbacks reach their components
	// whichever tab shows.
	Content templ.Component
	// Disabled makes the tab unselectable.
	Disabled bool
}

// TabsProps configures Tabs. Property: value (the selected tab's value),
// an input and an output: a click on a tab selects it, switches the panels
// in the browser and fires the value's callbacks; setting value selects
// the tab of that value.
type TabsProps struct {
	// ID addresses the tabs in callbacks. Required: the tabs' and panels'
	// ids derive from it.
	ID string
	// Label names the tablist for assistive technology.
	Label string
	// Tabs are the tabs, in order.
	Tabs []Tab
	// Value is the selected tab's value. Default: the first tab's.
	Value string
	// Class is added to the tabs' class, pw-tabs.
	Class string
}

// DatePickerSingleProps configures a DatePickerSingle, a date input.
// Property: date ("YYYY-MM-DD", or null while empty), an input and an
// output; a value that is not a valid date empties the input.
type DatePickerSingleProps struct {
	// ID addresses the picker in callbacks. Required.
	ID string
	// Label is the visible label.
	Label string
	// Name is the form field name. Default: ID.
	Name string
	// Date is the initial date, "YYYY-MM-DD"; anything else leaves it
	// empty.
	Date string
	// MinDateAllowed and MaxDateAllowed bound the date ("YYYY-MM-DD"; the
	// input's min and max).
	MinDateAllowed, MaxDateAllowed string
	// Disabled disables the picker.
	Disabled bool
}

// DatePickerRangeProps configures a DatePickerRange, two date inputs in a
// fieldset. Properties: start_date and end_date ("YYYY-MM-DD", or null
// while empty), inputs and outputs; disabled.
type DatePickerRangeProps struct {
	// ID addresses the picker in callbacks. Required.
	ID string
	// Label is the fieldset's legend.
	Label string
	// Name prefixes the form field names: Name_start and Name_end.
	// Default: ID.
	Name string
	// StartLabel and EndLabel label the two inputs. Default "Start" and
	// "End".
	StartLabel, EndLabel string
	// StartDate and EndDate are the initial dates, "YYYY-MM-DD".
	StartDate, EndDate string
	// MinDateAllowed and MaxDateAllowed bound both dates ("YYYY-MM-DD").
	MinDateAllowed, MaxDateAllowed string
	// Disabled disables both inputs.
	Disabled bool
}

// ButtonProps configures a Button. Properties: n_clicks, disabled.
type ButtonProps struct {
	// ID addresses the button in callbacks. Required.
	ID string
	// Type is the button type. Default "button"; "submit" submits its form.
	Type string
	// Disabled disables the button.
	Disabled bool
}

// StoreProps configures a Store: JSON data kept in the page (memory), in
// localStorage or in sessionStorage. Property: data.
type StoreProps struct {
	// ID addresses the store in callbacks. Required.
	ID string
	// Storage is "memory", "local" or "session". Default "memory".
	Storage string
	// Data is the initial data, marshalled to JSON.
	Data any
}

// IntervalProps configures an Interval, a timer. Properties, as in Dash:
// n_intervals (an input, the ticks so far), disabled and max_intervals
// (-1 for no limit); the last two are outputs that pause or stop it.
type IntervalProps struct {
	// ID addresses the interval in callbacks. Required.
	ID string
	// Every is the time between ticks. Default one second.
	Every time.Duration
	// MaxIntervals stops the timer after that many ticks; 0 or less means
	// no limit.
	MaxIntervals int
	// Disabled pauses the timer.
	Disabled bool
}

// LoadingProps configures a Loading wrapper: while a callback that outputs
// to an element inside it runs, after Delay, its indicator shows.
type LoadingProps struct {
	// Delay is the time before the indicator shows. Default 0.
	Delay time.Duration
	// Text is the indicator's text. Default "Loading…".
	Text string
}
