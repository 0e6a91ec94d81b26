package frameworktest

// The page's socket: in-app navigation, pushes and the protocol's
// requests and replies.

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/internal/wire"
)

// Navigate navigates in-app, as a link click does, and shows the reply the
// way the runtime does: it describes the document around the page
// container, morphs the content in, updates the container's status and
// topics, applies the outputs around the container, and subscribes to the
// new topics. A reply that asks for a reload loads the URL as a document,
// and a failed navigation fails the test.
func (p *Page) Navigate(path string) {
	p.t.Helper()
	box := p.must(wire.ContainerID)
	props, ids := p.collect(box)
	r := p.request(map[string]any{"type": wire.TypeNav, "url": path, "kind": wire.KindLink, "props": props, "ids": ids})
	switch {
	case r.Type == wire.TypeError:
		p.t.Fatalf("frameworktest: navigate %s: %s", path, r.Error)
	case r.Reload:
		p.load(r.URL)
		return
	}
	if err := dom.ApplyProp(box, "children", mustJSON(r.HTML)); err != nil {
		p.t.Fatalf("frameworktest: navigate %s: %v", path, err)
	}
	p.status, p.url = r.Status, r.URL
	dom.ApplyProp(box, wire.AttrStatus, mustJSON(strconv.Itoa(r.Status)))
	dom.ApplyProp(box, wire.AttrTopics, mustJSON(r.Topics))
	p.apply(r.Updates)
	p.subscribe()
}

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
