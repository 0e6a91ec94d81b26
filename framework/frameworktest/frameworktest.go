// Package frameworktest drives a Pagewire page over the real socket
// protocol, without a browser, like Phoenix's LiveViewTest:
//
//	page := frameworktest.Visit(t, app, "/analytics")
//	page.Set("analytics-input", "value", "abc")
//	if got := page.Text("analytics-output"); got != "You selected: abc" { ... }
//
// Visit serves the app on a loopback port, loads the page over HTTP, opens
// its socket, and keeps the page's HTML as a tree that replies update, with
// the same property rules as the server and the browser runtime. The URL's
// hash follows the browser's rules too: a document load never sends it (the
// layout's Request.Hash is ""), and once the socket is open the callbacks of
// a Location's hash run with it, as the runtime runs them; an in-app
// navigation sends it (see Navigate). A Page is used by one goroutine; a
// failing step fails the test.
package frameworktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/internal/wire"
	"golang.org/x/net/html"
)

// Timeout bounds the wait for one reply.
const Timeout = 10 * time.Second

// Page is a page loaded by Visit.
type Page struct {
	t      testing.TB
	srv    *httptest.Server
	conn   *websocket.Conn
	status int
	url    string // location.pathname + location.search
	hash   string // location.hash: "#" and the percent-encoded fragment, or ""
	doc    *html.Node
	cbs    []wire.CallbackSpec
	ref    int64
	err    string
	tab    string
	// runtime is whether the document has the runtime's script, and base
	// the app's base path it names (data-pw-base).
	runtime bool
	base    string
	// next is a navigation that a Location output asked for (see apply),
	// made once the reply that set it is applied (see settle).
	next *target
}

// message is any server message: the union of the fields of package
// wire's replies that the test client reads.
type message struct {
	wire.Header
	URL        string          `json:"url"`
	Status     int             `json:"status"`
	HTML       string          `json:"html"`
	Title      string          `json:"title"`
	Reload     bool            `json:"reload"`
	Error      string          `json:"error"`
	Superseded bool            `json:"superseded"`
	Updates    []wire.Prop     `json:"updates"`
	Topics     string          `json:"topics"`
	Tab        string          `json:"tab"`
	Cbs        json.RawMessage `json:"cbs"`
}

// Visit serves h on a loopback port, loads path and connects the page's
// socket. The server and socket are closed when the test ends. Like a
// browser, it requests path without its hash ("/p#x" is a GET of /p); the
// page keeps the hash, and once connected the callbacks that take a
// Location's hash as an Input run with it, in one request, as the runtime
// runs them after its first hello.
func Visit(t testing.TB, h http.Handler, path string) *Page {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	p := &Page{t: t, srv: srv}
	p.load(path)
	sock := ""
	walk(p.doc, func(n *html.Node) {
		if v, ok := dom.Attr(n, wire.AttrSocket); ok && sock == "" {
			sock = v
		}
	})
	if sock == "" {
		t.Fatalf("frameworktest: %s has no runtime script", path)
	}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+sock, http.Header{"Origin": {srv.URL}})
	if err != nil {
		t.Fatalf("frameworktest: socket: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	p.conn = conn
	hello := p.read()
	if hello.Type != wire.TypeHello {
		t.Fatalf("frameworktest: first message %q, want hello", hello.Type)
	}
	p.tab = hello.Tab
	if err := json.Unmarshal(hello.Cbs, &p.cbs); err != nil {
		t.Fatalf("frameworktest: callback graph: %v", err)
	}
	p.ready()
	p.settle()
	return p
}

// load fetches a document, as the browser loads one, and makes it the
// page. href is a path with an optional query and hash; the request has
// no hash, which the page keeps, or takes from a redirect's Location when
// it has one, as browsers do.
func (p *Page) load(href string) {
	p.t.Helper()
	path, hash := splitHash(href)
	resp, err := http.Get(p.srv.URL + path)
	if err != nil {
		p.t.Fatalf("frameworktest: GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		p.t.Fatalf("frameworktest: parsing %s: %v", path, err)
	}
	if u := resp.Request.URL; u.Fragment != "" || u.RawFragment != "" { // a redirect's own hash
		hash = fragmentHash(rawFragment(u))
	}
	p.doc, p.status, p.url, p.hash = doc, resp.StatusCode, resp.Request.URL.RequestURI(), hash
	p.runtime, p.base, p.next = false, "/", nil // a new document: nothing of the old one's pending
	walk(doc, func(n *html.Node) {
		if _, ok := dom.Attr(n, wire.AttrSocket); ok && !p.runtime {
			p.runtime = true
			if v, ok := dom.Attr(n, wire.AttrBase); ok && v != "" {
				p.base = v
			}
		}
	})
	if p.conn != nil { // a document load in a connected tab
		p.ready()
	}
}

// ready does what the runtime does once a document's socket says hello:
// it subscribes to the page's topics and, when the URL has a hash, which
// the server did not see, runs the callbacks of the Locations' hash.
func (p *Page) ready() {
	p.t.Helper()
	p.subscribe()
	if p.runtime && p.hash != "" {
		p.fire(p.hashKeys())
	}
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// Status returns the HTTP status of the page (200, 404...).
func (p *Page) Status() int { return p.status }

// URL returns the page's path and query.
func (p *Page) URL() string { return p.url }

// Hash returns the page's hash as location.hash reads it: "#" and the
// percent-encoded fragment, or "".
func (p *Page) Hash() string { return p.hash }

// Tab returns the tab's signed id, as the runtime keeps it.
func (p *Page) Tab() string { return p.tab }

// Err returns the error of the last callback reply, or "".
func (p *Page) Err() string { return p.err }

func (p *Page) find(id string) *html.Node {
	var found *html.Node
	walk(p.doc, func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode {
			if v, ok := dom.Attr(n, "id"); ok && v == id {
				found = n
			}
		}
	})
	return found
}

func (p *Page) must(id string) *html.Node {
	p.t.Helper()
	n := p.find(id)
	if n == nil {
		p.t.Fatalf("frameworktest: no element with id %q on %s", id, p.url)
	}
	return n
}

// Has reports whether the page has an element with id.
func (p *Page) Has(id string) bool { return p.find(id) != nil }

// Text returns the text content of the element with id.
func (p *Page) Text(id string) string { p.t.Helper(); return dom.Text(p.must(id)) }

// HTML returns the inner HTML of the element with id.
func (p *Page) HTML(id string) string {
	p.t.Helper()
	var b bytes.Buffer
	for c := p.must(id).FirstChild; c != nil; c = c.NextSibling {
		html.Render(&b, c)
	}
	return b.String()
}

// Attr returns an attribute of the element with id.
func (p *Page) Attr(id, name string) string {
	p.t.Helper()
	v, _ := dom.Attr(p.must(id), name)
	return v
}

// Prop returns a property of the element with id, decoded from JSON.
func (p *Page) Prop(id, prop string) any {
	p.t.Helper()
	var v any
	json.Unmarshal(dom.ReadProp(p.must(id), prop, nil), &v)
	return v
}

// Set sets a property, as a user would, and runs the callbacks it
// triggers; their outputs are applied before it returns.
func (p *Page) Set(id, prop string, value any) {
	p.t.Helper()
	raw, err := json.Marshal(value)
	if err != nil {
		p.t.Fatalf("frameworktest: Set %s.%s: %v", id, prop, err)
	}
	if err := dom.ApplyProp(p.must(id), prop, raw); err != nil {
		p.t.Fatalf("frameworktest: Set %s.%s: %v", id, prop, err)
	}
	p.Trigger(id, prop)
}

func (p *Page) bump(id, attr, prop string) {
	p.t.Helper()
	n := p.must(id)
	v, _ := dom.Attr(n, attr)
	i, _ := strconv.Atoi(v)
	dom.ApplyProp(n, attr, json.RawMessage(strconv.Quote(strconv.Itoa(i+1))))
	p.Trigger(id, prop)
}

// Click counts a click on the element (n_clicks) and runs its callbacks.
func (p *Page) Click(id string) { p.t.Helper(); p.bump(id, "data-pw-n-clicks", "n_clicks") }

// Submit counts a submit (n_submit) and runs its callbacks.
func (p *Page) Submit(id string) { p.t.Helper(); p.bump(id, "data-pw-n-submit", "n_submit") }

// Tick counts a tick of an Interval (n_intervals) and runs its callbacks.
func (p *Page) Tick(id string) { p.t.Helper(); p.bump(id, "data-pw-n-intervals", "n_intervals") }

// Trigger runs the callbacks of (id, prop) with the page's current values,
// as the runtime does after a change, and applies the reply. A reply that
// asks for a reload (the app's middleware no longer lets the page through)
// loads the page as a document, as the runtime does; an output to a
// Location navigates, as the runtime does (see Navigate).
func (p *Page) Trigger(id, prop string) {
	p.t.Helper()
	p.call([]wire.Key{{ID: id, Prop: prop}})
	p.settle()
}

// call sends one callback request with triggers ts and the page's current
// values, as the runtime's call does, and applies its reply.
func (p *Page) call(ts []wire.Key) {
	p.t.Helper()
	props, _ := p.collect(nil)
	r := p.request(map[string]any{"type": wire.TypeCallback, "trigger": ts, "props": props, "url": p.url})
	switch {
	case r.Superseded:
		return
	case r.Reload:
		p.load(r.URL) // location.assign(r.url): the hash is left behind
		return
	}
	p.err = r.Error
	p.apply(r.Updates)
}

// fire runs the server callbacks that ts trigger, in one request, as the
// runtime's send does: the triggers that are no server callback's input
// are left out, and nothing is sent when none is left.
func (p *Page) fire(ts []wire.Key) {
	p.t.Helper()
	var keep []wire.Key
	for _, k := range ts {
		if p.serverInput(k) {
			keep = append(keep, k)
		}
	}
	if len(keep) > 0 {
		p.call(keep)
	}
}

// serverInput reports whether k is an input of a callback the server runs.
func (p *Page) serverInput(k wire.Key) bool {
	for _, cb := range p.cbs {
		if cb.Fn == "" && hits(cb, k) {
			return true
		}
	}
	return false
}

// isInput reports whether k is an input of any callback, clientside ones
// included.
func (p *Page) isInput(k wire.Key) bool {
	for _, cb := range p.cbs {
		if hits(cb, k) {
			return true
		}
	}
	return false
}

func hits(cb wire.CallbackSpec, k wire.Key) bool {
	for _, d := range cb.In {
		if d.Prop == k.Prop && matches(d.ID, k.ID) {
			return true
		}
	}
	return false
}

// collect reads the values of every callback input and state on the page,
// as the runtime does, and the ids that callbacks name; with skip set, the
// elements under skip are left out (a navigation describes the document
// around the page container).
func (p *Page) collect(skip *html.Node) (props []wire.Prop, ids []string) {
	props = []wire.Prop{}
	seen, seenID := map[string]bool{}, map[string]bool{}
	for _, cb := range p.cbs {
		for i, d := range append(append(append([]wire.Dep{}, cb.In...), cb.St...), cb.Out...) {
			output := i >= len(cb.In)+len(cb.St)
			walk(p.doc, func(n *html.Node) {
				v, ok := dom.Attr(n, "id")
				if !ok || n.Type != html.ElementNode || !matches(d.ID, v) || within(n, skip) {
					return
				}
				if !seenID[v] {
					seenID[v] = true
					ids = append(ids, v)
				}
				if output || seen[v+"\x00"+d.Prop] {
					return
				}
				seen[v+"\x00"+d.Prop] = true
				props = append(props, wire.Prop{ID: v, Prop: d.Prop, Value: p.readProp(n, d.Prop)})
			})
		}
	}
	return props, ids
}

// within reports whether n is root or below it.
func within(n, root *html.Node) bool {
	for ; root != nil && n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

// matches reports whether a DOM id matches a dependency id of the graph: a
// string, or a pattern whose wildcards are ["ALL"] or ["MATCH"].
func matches(dep any, id string) bool {
	switch d := dep.(type) {
	case string:
		return d == id
	case map[string]any:
		var o map[string]any
		if json.Unmarshal([]byte(id), &o) != nil || len(o) != len(d) {
			return false
		}
		for k, v := range d {
			ov, ok := o[k]
			if !ok {
				return false
			}
			if _, wild := v.([]any); !wild && v != ov {
				return false
			}
		}
		return true
	}
	return false
}

// apply applies updates. An update of a Location's pathname, search, hash
// or href that changes the page's URL is a navigation, which the runtime
// makes (kind "location"): the last one is kept in p.next for settle.
func (p *Page) apply(us []wire.Prop) {
	p.t.Helper()
	for _, u := range us {
		if n := p.find(u.ID); n != nil {
			if isLocation(n) && dom.IsLocationProp(u.Prop) {
				if t := p.locationTarget(u.Prop, u.Value); t.path+t.hash != p.url+p.hash {
					p.next = &t
				}
				continue
			}
			if err := dom.ApplyProp(n, u.Prop, u.Value); err != nil {
				p.t.Fatalf("frameworktest: applying %s.%s: %v", u.ID, u.Prop, err)
			}
		}
	}
}

// String describes the page for failure messages.
func (p *Page) String() string { return fmt.Sprintf("%s (%d)", p.url, p.status) }
