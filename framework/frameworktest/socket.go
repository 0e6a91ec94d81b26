package frameworktest

// The page's socket: in-app navigation, pushes and the protocol's
// requests and replies.

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/internal/wire"
)

// Navigate follows a link to href, as a click does in the browser, and
// shows the reply the way the runtime does. href is resolved against the
// page's URL ("/x?q=1#s", "?q=2", "#s"). A link to the page's own path and
// query with a hash is no navigation: the hash changes, and when it is
// another hash the callbacks of the Locations' hash run, in one request (the
// runtime's hashchange). Any other link below the app's base path is an
// in-app navigation: it sends the path, query and hash, describes the
// document around the page container, morphs the content in, updates the
// container's status and topics, applies the outputs around the container,
// and subscribes to the new topics. A reply that asks for a reload, a page
// without the runtime or a link outside the base path loads the URL as a
// document (see Visit), and a failed navigation fails the test.
func (p *Page) Navigate(href string) {
	p.t.Helper()
	t := p.resolve(href)
	switch {
	case t.path == p.url && t.hash != "":
		p.hashChange(t.hash)
	case !p.runtime || !strings.HasPrefix(t.pathname()+"/", p.base):
		p.load(t.path + t.hash) // the browser's own navigation
	default:
		p.navigate(t, wire.KindLink)
	}
	p.settle()
}

// navigate asks the server for the page at t over the socket, as the
// runtime's navigate does, and shows it.
func (p *Page) navigate(t target, kind string) {
	p.t.Helper()
	box := p.find(wire.ContainerID)
	if box == nil { // the runtime's fallback: a document load
		p.assign(t)
		return
	}
	props, ids := p.collect(box)
	r := p.request(map[string]any{"type": wire.TypeNav, "url": t.path, "hash": t.hash, "kind": kind, "from": p.href(), "props": props, "ids": ids})
	switch {
	case r.Type == wire.TypeError:
		p.t.Fatalf("frameworktest: navigate %s%s: %s", t.path, t.hash, r.Error)
	case r.Reload:
		p.assign(target{path: r.URL, hash: t.hash})
		return
	}
	if err := dom.ApplyProp(box, "children", mustJSON(r.HTML)); err != nil {
		p.t.Fatalf("frameworktest: navigate %s: %v", t.path, err)
	}
	p.status, p.url, p.hash = r.Status, r.URL, t.hash
	dom.ApplyProp(box, wire.AttrStatus, mustJSON(strconv.Itoa(r.Status)))
	dom.ApplyProp(box, wire.AttrTopics, mustJSON(r.Topics))
	p.apply(r.Updates)
	p.subscribe()
}

// settle makes the navigations that Location outputs asked for, as the
// runtime does once it has applied their reply.
func (p *Page) settle() {
	p.t.Helper()
	for i := 0; p.next != nil; i++ {
		if i == maxLocationHops {
			p.t.Fatalf("frameworktest: more than %d navigations by Location outputs in a row", maxLocationHops)
		}
		t := *p.next
		p.next = nil
		p.navigate(t, wire.KindLocation)
	}
}

// maxLocationHops bounds the navigations that Location outputs make in a
// row, so that two pages sending each other there fail the test instead of
// looping.
const maxLocationHops = 20

func mustJSON(v any) json.RawMessage { b, _ := json.Marshal(v); return b }

// subscribe sends the shown page's topics, as the runtime does.
func (p *Page) subscribe() {
	p.t.Helper()
	topics := ""
	if box := p.find(wire.ContainerID); box != nil {
		topics, _ = dom.Attr(box, wire.AttrTopics)
	}
	p.send(map[string]any{"type": wire.TypeSubscribe, "topics": topics})
}

// WaitPush waits for the next pushed update and applies it; it reports
// false when none comes within d.
func (p *Page) WaitPush(d time.Duration) bool {
	p.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		p.conn.SetReadDeadline(deadline)
		var m message
		if err := p.conn.ReadJSON(&m); err != nil {
			return false
		}
		if m.Type == wire.TypePush {
			p.apply(m.Updates)
			p.settle()
			return true
		}
	}
	return false
}

func (p *Page) send(m map[string]any) int64 {
	p.t.Helper()
	p.ref++
	m["v"], m["ref"] = wire.Version, p.ref
	if err := p.conn.WriteJSON(m); err != nil {
		p.t.Fatalf("frameworktest: send: %v", err)
	}
	return p.ref
}

// request sends a message and reads until its reply, applying pushes that
// arrive meanwhile.
func (p *Page) request(m map[string]any) message {
	p.t.Helper()
	ref := p.send(m)
	for {
		r := p.read()
		if r.Type == wire.TypePush {
			p.apply(r.Updates)
			continue
		}
		if r.Ref == ref {
			return r
		}
	}
}

func (p *Page) read() message {
	p.t.Helper()
	p.conn.SetReadDeadline(time.Now().Add(Timeout))
	var m message
	if err := p.conn.ReadJSON(&m); err != nil {
		p.t.Fatalf("frameworktest: reading the socket: %v", err)
	}
	return m
}
