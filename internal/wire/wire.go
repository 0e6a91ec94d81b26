// Package wire is Pagewire's contract between the server and the browser
// runtime: the socket protocol (its version, message types, one struct per
// message, limits) and the ids and data-pw-* attributes that the server
// renders and the runtime reads. The framework, its test client
// (frameworktest) and the load generator import it; the runtime (framework/runtime/*.js) names the
// same values in its constants table, and a test in package framework
// fails when the two disagree.
//
// Every message is a JSON object with the fields of Header. A client sends
// Nav, Callback, Subscribe and Ack; the server answers Nav with Page,
// Callback with CallbackReply, Ack with AckReply, and sends Hello first,
// Push at any time, and in development mode Reload. A message the server
// cannot handle is answered with an Error carrying the message's Ref.
package wire

import "encoding/json"

// Version is the protocol version; a message of another version is
// answered with an Error.
const Version = 1

// Message types.
const (
	// TypeHello is the server's first message on a socket: Hello.
	TypeHello = "hello"
	// TypeNav asks for a page (Nav); its answer is TypePage.
	TypeNav = "nav"
	// TypePage answers a navigation: Page.
	TypePage = "page"
	// TypeCallback is a callback request (Callback) and its answer
	// (CallbackReply).
	TypeCallback = "cb"
	// TypeSubscribe replaces the tab's topics: Subscribe. It has no answer
	// unless it fails.
	TypeSubscribe = "sub"
	// TypeAck acknowledges a not-found render (Ack) and is its answer
	// (AckReply).
	TypeAck = "ack"
	// TypePush carries updates the server sends on its own: Push.
	TypePush = "push"
	// TypeError answers a message the server refused: Error.
	TypeError = "error"
	// TypeReload asks the runtime to reload the page (Reload); the server
	// sends it only in development mode, when a file the page is made of
	// changed under the running server.
	TypeReload = "reload"
)

// Types lists every message type, for checks against the runtime.
var Types = []string{TypeHello, TypeNav, TypePage, TypeCallback, TypeSubscribe, TypeAck, TypePush, TypeError, TypeReload}

// Limits of what a client may send.
const (
	// MaxMessageSize is the largest message handled; a larger one is
	// answered with an Error and the socket stays open.
	MaxMessageSize = 64 << 10
	// MaxFrameSize is the largest message read at all; a larger one closes
	// the socket (1009).
	MaxFrameSize = 1 << 20
	// MaxURLLen is the longest navigation URL accepted.
	MaxURLLen = 8 << 10
	// MaxTriggers is the most triggering properties of one Callback.
	MaxTriggers = 32
	// MaxProps is the most property values in one Callback or Nav.
	MaxProps = 2000
	// MaxIDLen is the longest component id accepted.
	MaxIDLen = 512
	// MaxTopicsPerTab is the most topics one tab subscribes to.
	MaxTopicsPerTab = 16
	// MaxTopicLen is the longest topic name.
	MaxTopicLen = 128
)

// Paths below the app's base path.
const (
	// RuntimePrefix is the prefix of the runtime, socket and beacon.
	RuntimePrefix = "/_pagewire/"
	// SocketPath is the websocket endpoint, below RuntimePrefix.
	SocketPath = "socket"
	// BeaconPath is the acknowledgement endpoint used when the socket is
	// down, below RuntimePrefix: it takes an Ack and answers an AckReply.
	BeaconPath = "beacon"
)

// ContainerID is the id of the element that holds the page's content.
const ContainerID = "pw-content"

// Attributes of the page container, the runtime's script tag and the head.
const (
	// AttrStatus is the container's HTTP status of the shown page.
	AttrStatus = "data-pw-status"
	// AttrTopics is the container's signed topics of the shown page.
	AttrTopics = "data-pw-topics"
	// AttrNav is the not-found token of a render, on the container (or on
	// the script tag of a static not-found file).
	AttrNav = "data-pw-nav"
	// AttrBase is the app's base path, on the script tag.
	AttrBase = "data-pw-base"
	// AttrSocket is the socket's path on the script tag, and the socket's
	// state ("connecting", "open", "down") on the html element.
	AttrSocket = "data-pw-socket"
	// AttrMeta marks the head's meta tags that a navigation replaces.
	AttrMeta = "data-pw-meta"
	// AttrReload, on a link, makes it a document load.
	AttrReload = "data-pw-reload"
	// AttrPlotly is the URL of plotly.js, on the script tag: the runtime
	// loads it once a shown page has a Graph.
	AttrPlotly = "data-pw-plotly"
	// AttrExt is the URL of the runtime's extension (the code of
	// DataTables), on the script tag: the runtime loads it once a shown
	// page has a DataTable.
	AttrExt = "data-pw-ext"
)

// Attributes of components, read and written by the runtime and by the
// server's property rules.
const (
	// AttrNClicks counts an element's clicks (n_clicks).
	AttrNClicks = "data-pw-n-clicks"
	// AttrNSubmit counts an element's submits (n_submit).
	AttrNSubmit = "data-pw-n-submit"
	// AttrNIntervals counts an Interval's ticks (n_intervals).
	AttrNIntervals = "data-pw-n-intervals"
	// AttrInterval is an Interval's period in milliseconds.
	AttrInterval = "data-pw-interval"
	// AttrMaxIntervals is an Interval's max_intervals.
	AttrMaxIntervals = "data-pw-max-intervals"
	// AttrGroup marks a Checklist or RadioItems.
	AttrGroup = "data-pw-group"
	// AttrStore is a Store's storage type: memory, local or session.
	AttrStore = "data-pw-store"
	// AttrData is a Store's data, as JSON.
	AttrData = "data-pw-data"
	// AttrLocation marks a Location.
	AttrLocation = "data-pw-location"
	// AttrLoading marks a Loading wrapper.
	AttrLoading = "data-pw-loading"
	// AttrLoadingOn is set on a Loading wrapper while it shows.
	AttrLoadingOn = "data-pw-loading-on"
	// AttrDelay is a Loading wrapper's delay in milliseconds.
	AttrDelay = "data-pw-delay"
	// AttrBusy counts an output's callbacks in flight.
	AttrBusy = "data-pw-busy"
	// AttrGraph marks a Graph, drawn by plotly.js.
	AttrGraph = "data-pw-graph"
	// AttrFigure is a Graph's figure (its figure property), as JSON.
	AttrFigure = "data-pw-figure"
	// AttrConfig is a Graph's plotly.js config, as JSON.
	AttrConfig = "data-pw-config"
	// AttrClickData is a Graph's clickData: the point last clicked, as
	// JSON; absent (null) until the user clicks.
	AttrClickData = "data-pw-click-data"
	// AttrHoverData is a Graph's hoverData: the point last hovered, as
	// JSON; absent (null) until the user hovers.
	AttrHoverData = "data-pw-hover-data"
	// AttrSelectedData is a Graph's selectedData: the points of the last
	// box or lasso selection, as JSON; absent (null) when none.
	AttrSelectedData = "data-pw-selected-data"
	// AttrRelayoutData is a Graph's relayoutData: the last zoom, pan or
	// resize, as plotly.js reports it, as JSON; absent (null) until then.
	AttrRelayoutData = "data-pw-relayout-data"
)

// Attributes of the Dropdown, Tabs and DatePicker components.
const (
	// AttrDropdown marks a Dropdown's wrapper, which holds its select and
	// its optional search input and clear button.
	AttrDropdown = "data-pw-dropdown"
	// AttrPlaceholder marks a Dropdown's placeholder option: selected, the
	// value reads null.
	AttrPlaceholder = "data-pw-placeholder"
	// AttrTabs marks a Tabs component.
	AttrTabs = "data-pw-tabs"
	// AttrProp, on a date input, names the property its value is: date,
	// start_date or end_date.
	AttrProp = "data-pw-prop"
)

// Attrs lists every data-pw-* attribute, for checks against the runtime.
var Attrs = []string{
	AttrStatus, AttrTopics, AttrNav, AttrBase, AttrSocket, AttrMeta, AttrReload, AttrPlotly, AttrExt,
	AttrNClicks, AttrNSubmit, AttrNIntervals, AttrInterval, AttrMaxIntervals, AttrGroup,
	AttrStore, AttrData, AttrLocation, AttrLoading, AttrLoadingOn, AttrDelay, AttrBusy,
	AttrGraph, AttrFigure, AttrConfig, AttrClickData, AttrHoverData, AttrSelectedData, AttrRelayoutData,
	AttrDropdown, AttrPlaceholder, AttrTabs, AttrProp,
	AttrTable,
}

// GraphAttrs maps each JSON property of a Graph to the attribute that holds
// it: figure, clickData, hoverData, selectedData and relayoutData.
var GraphAttrs = map[string]string{
	"figure":       AttrFigure,
	"clickData":    AttrClickData,
	"hoverData":    AttrHoverData,
	"selectedData": AttrSelectedData,
	"relayoutData": AttrRelayoutData,
}

// AttrTable marks a DataTable and holds its state as a JSON object: its
// columns and row_selectable, and its properties sort_by, filter_query,
// page_current, page_size, page_count, selected_rows and active_cell. Its
// data is in AttrData, as a Store's.
const AttrTable = "data-pw-table"

// Navigation kinds of a Nav.
const (
	// KindLink is a link click.
	KindLink = "link"
	// KindPop is back or forward.
	KindPop = "pop"
	// KindPush is pagewire.navigate called by script.
	KindPush = "push"
	// KindLocation is a callback setting a Location.
	KindLocation = "location"
)

// Header starts every message.
type Header struct {
	// V is the protocol version.
	V int `json:"v"`
	// Ref pairs an answer with its request; 0 for messages without one.
	Ref int64 `json:"ref"`
	// Type is the message type.
	Type string `json:"type"`
	// US is the server's time handling the request, in microseconds, on
	// answers.
	US int64 `json:"us,omitempty"`
}

// Key names a property of a component on the page.
type Key struct {
	// ID is the component id: a plain id or a pattern-matching ID's JSON.
	ID string `json:"id"`
	// Prop is the property.
	Prop string `json:"prop"`
}

// Prop is a property with its value: a value the page sends, or an update
// the server sends.
type Prop struct {
	// ID is the component id.
	ID string `json:"id"`
	// Prop is the property.
	Prop string `json:"prop"`
	// Value is the value as JSON.
	Value json.RawMessage `json:"value"`
}

// Nav asks for the page at URL, an in-app navigation. Props and IDs
// describe the document around the page container: the values of the
// callback inputs and states there (a Store, a Location), and the ids there
// that callbacks name, so the page's first callbacks run with them.
type Nav struct {
	Header
	// URL is the path and query to show.
	URL string `json:"url"`
	// Kind is how the navigation happened: KindLink, KindPop, KindPush or
	// KindLocation.
	Kind string `json:"kind,omitempty"`
	// From is the URL of the page navigated from.
	From string `json:"from,omitempty"`
	// Props are the values of callback inputs and states outside the page
	// container.
	Props []Prop `json:"props,omitempty"`
	// IDs are the ids outside the page container that callbacks name.
	IDs []string `json:"ids,omitempty"`
	// Hash is the URL's fragment as location.hash reads it: "#" and the
	// percent-encoded fragment, or empty. It never reaches the server on a
	// document load; a navigation carries it so that the layout sees it
	// (Request.Hash) and a Location's hash takes it in the page's first
	// callbacks. At most MaxURLLen bytes.
	Hash string `json:"hash,omitempty"`
	// Topics asks for the signed topics of the page at URL alone, for the
	// page the tab shows: the answer is a Page without content (its URL,
	// Status and Topics, or Reload), and the page's first callbacks do not
	// run. The runtime sends it when the server refused its Subscribe (it
	// restarted with another secret) and subscribes again with them.
	Topics bool `json:"topics,omitempty"`
}

// Page answers a Nav: the page to show, or Reload to load URL as a
// document (a route that is not a page, a static not-found file, a request
// that the app's middleware did not let through).
type Page struct {
	Header
	// URL is the path and query shown, after redirects.
	URL string `json:"url"`
	// Status is the page's HTTP status.
	Status int `json:"status,omitempty"`
	// Title is the document title.
	Title string `json:"title,omitempty"`
	// Meta is the HTML of the head's data-pw-meta tags.
	Meta string `json:"meta,omitempty"`
	// HTML is the page container's new content.
	HTML string `json:"html,omitempty"`
	// Topics are the page's signed topics, for the container's
	// data-pw-topics.
	Topics string `json:"topics,omitempty"`
	// Nav is the not-found token of a missing page.
	Nav string `json:"nav,omitempty"`
	// Updates are outputs of the page's first callbacks that live outside
	// the page container.
	Updates []Prop `json:"updates,omitempty"`
	// Reload asks the runtime to load URL as a document.
	Reload bool `json:"reload,omitempty"`
}

// Callback asks the server to run the callbacks that Trigger reaches, with
// the page's values.
type Callback struct {
	Header
	// URL is the path and query the page shows.
	URL string `json:"url"`
	// Trigger names the properties that changed.
	Trigger []Key `json:"trigger"`
	// Props are the values of every callback input and state on the page.
	Props []Prop `json:"props,omitempty"`
}

// CallbackReply answers a Callback with the outputs to apply.
type CallbackReply struct {
	Header
	// Updates are the outputs, in the order set.
	Updates []Prop `json:"updates,omitempty"`
	// Error is a failure to show; the outputs of callbacks that succeeded
	// still apply.
	Error string `json:"error,omitempty"`
	// Superseded is true when a newer request of the same trigger
	// cancelled this one; the runtime ignores the reply.
	Superseded bool `json:"superseded,omitempty"`
	// Reload asks the runtime to load URL as a document: the app's
	// middleware no longer lets the page through (a session expired).
	Reload bool `json:"reload,omitempty"`
	// URL is the page to load when Reload is set.
	URL string `json:"url,omitempty"`
}

// Subscribe replaces the tab's topics with the signed ones of its page.
type Subscribe struct {
	Header
	// Topics are the container's data-pw-topics, space-separated.
	Topics string `json:"topics"`
}

// Ack acknowledges a not-found render; it is also the beacon's body.
type Ack struct {
	Header
	// Token is the render's not-found token.
	Token string `json:"token"`
	// URL is the path and query the page shows.
	URL string `json:"url"`
}

// AckReply answers an Ack (and is the beacon's answer).
type AckReply struct {
	Header
	// Fired is true when this acknowledgement ran the hooks.
	Fired bool `json:"fired"`
	// Error is a final refusal, or, with Retry, a passing failure.
	Error string `json:"error,omitempty"`
	// Retry asks the runtime to acknowledge again later.
	Retry bool `json:"retry,omitempty"`
}

// Dep is a dependency of a callback in the graph a Hello carries.
type Dep struct {
	// ID is a plain id (a string) or a pattern-matching id (an object
	// whose wildcards are ["ALL"] or ["MATCH"]).
	ID any `json:"id"`
	// Prop is the property.
	Prop string `json:"prop"`
	// Debounce is an input's debounce in milliseconds, or 0.
	Debounce int64 `json:"debounce,omitempty"`
}

// CallbackSpec is a callback in the graph a Hello carries, in the order
// the server runs them.
type CallbackSpec struct {
	// In are the inputs.
	In []Dep `json:"in"`
	// St are the states.
	St []Dep `json:"st,omitempty"`
	// Out are the outputs.
	Out []Dep `json:"out"`
	// Fn names the JavaScript function of a clientside callback,
	// "namespace.name", which the runtime calls itself; empty for a
	// callback the server runs.
	Fn string `json:"fn,omitempty"`
	// NoInit is true when a clientside callback skips its initial call
	// (PreventInitialCall).
	NoInit bool `json:"ni,omitempty"`
}

// Hello is the server's first message: the tab's signed id and the
// callback graph.
type Hello struct {
	Header
	// Tab is the tab's signed id, kept by the runtime across reloads.
	Tab string `json:"tab"`
	// Cbs is the callback graph, a JSON array of CallbackSpec (encoded
	// once per app).
	Cbs json.RawMessage `json:"cbs"`
	// Debug is true when the app shows error details.
	Debug bool `json:"debug,omitempty"`
	// CbWait is how long, in milliseconds, the runtime waits for the reply
	// to a callback: the server's callback timeout and a margin, so a slow
	// callback's reply is never dropped while the server still runs it.
	CbWait int64 `json:"cbWait,omitempty"`
	// Dev is the server's instance id, random per App, sent only in
	// development mode (Config.Dev): a runtime that sees it change across
	// a reconnect reloads the page once.
	Dev string `json:"dev,omitempty"`
}

// Push carries updates the server sends without a request.
type Push struct {
	Header
	// Updates are the properties to set.
	Updates []Prop `json:"updates"`
}

// Reload asks the runtime to reload the page, a document load of its URL.
// The server sends it on its own, only in development mode (Config.Dev):
// after the text of a .templ file changed under templ's watch mode, which
// the running server serves without a restart, or a file of the app's
// assets folder did.
type Reload struct {
	Header
}

// Error answers a message the server refused.
type Error struct {
	Header
	// Error says why.
	Error string `json:"error"`
}
