package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The soak: many tabs on the benchmark app's live pages for a long time,
// each navigating, running callbacks and receiving pushes, then all closed;
// the server's goroutines and heap must come back to where they started.
// soakreport.go checks and writes the result.

// soakConfig sets a soak run.
type soakConfig struct {
	Tabs           int
	D              time.Duration
	PushEvery      time.Duration // the broadcaster's period
	ActMin, ActMax time.Duration // a tab acts after a random wait in [ActMin, ActMax)
	PushGap        time.Duration // longer without a push is an error
	Timeout        time.Duration // longer without a reply is an error
	SampleEvery    time.Duration // the server's goroutines and heap, for the peak
	Settle         time.Duration // how long the server has to come back to baseline
}

// newSoakConfig is the soak of `pagewire-bench soak`: tabs tabs for d.
func newSoakConfig(tabs int, d time.Duration) soakConfig {
	return soakConfig{Tabs: tabs, D: d, PushEvery: 100 * time.Millisecond, ActMin: 2 * time.Second, ActMax: 5 * time.Second,
		PushGap: 5 * time.Second, Timeout: 10 * time.Second, SampleEvery: 5 * time.Second, Settle: 30 * time.Second}
}

// The kinds of operations a soak tab performs, in the order of soakKinds.
const (
	kindNav = iota
	kindCallback
	kindChain
	numKinds
)

var soakKinds = [numKinds]string{"nav", "callback", "chain"}

// livePages are the pages the tabs navigate between; both subscribe to
// soakTopic.
var livePages = [2]string{"/live", "/live/analytics"}

// soakReply is the part of a server message a soak tab checks.
type soakReply struct {
	Ref        int64  `json:"ref"`
	Type       string `json:"type"`
	Status     int    `json:"status"`
	Error      string `json:"error"`
	US         int64  `json:"us"`
	Topics     string `json:"topics"`
	Reload     bool   `json:"reload"`
	Superseded bool   `json:"superseded"`
}

// soakTab is one simulated tab: its socket, read by one goroutine, and the
// one request it may have outstanding.
type soakTab struct {
	id      int
	conn    *websocket.Conn
	wmu     sync.Mutex // serializes writes
	closing atomic.Bool
	done    chan struct{} // closed when the reader returns

	lastPush atomic.Int64 // UnixNano of the last push, or of the run's start
	pushes   atomic.Int64

	mu       sync.Mutex // guards what follows
	url      string     // the page shown
	navTo    string     // the page of the last nav
	ref      int64      // the last ref sent
	pending  int64      // the ref awaiting its reply, or 0
	kind     int
	sent     time.Time
	timedOut bool
	lat, srv [numKinds][]time.Duration

	next       time.Time // the scheduler's: when the tab acts next
	gapCounted int64     // the scheduler's: the lastPush whose gap was counted
}

// soakErrors counts the run's errors by cause and keeps the first few.
type soakErrors struct {
	Replies, Closes, Timeouts, PushGaps, Other atomic.Int64
	mu                                         sync.Mutex
	samples                                    []string
}

func (e *soakErrors) add(c *atomic.Int64, format string, args ...any) {
	c.Add(1)
	e.mu.Lock()
	if len(e.samples) < 5 {
		e.samples = append(e.samples, fmt.Sprintf(format, args...))
	}
	e.mu.Unlock()
}

func (e *soakErrors) total() int64 {
	return e.Replies.Load() + e.Closes.Load() + e.Timeouts.Load() + e.PushGaps.Load() + e.Other.Load()
}

// soakPhase is one set of tabs on the server at base.
type soakPhase struct {
	base string
	cfg  soakConfig
	tabs []*soakTab
	errs *soakErrors
}

// write sends msg on the tab's socket.
func (p *soakPhase) write(t *soakTab, msg []byte) bool {
	t.wmu.Lock()
	defer t.wmu.Unlock()
	t.conn.SetWriteDeadline(time.Now().Add(p.cfg.Timeout))
	if err := t.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
		if !t.closing.Load() {
			p.errs.add(&p.errs.Other, "tab %d: write: %v", t.id, err)
		}
		return false
	}
	return true
}

// act sends the tab's next request, of kind k.
func (p *soakPhase) act(t *soakTab, k int) {
	t.mu.Lock()
	t.ref++
	ref, url := t.ref, t.url
	t.pending, t.kind, t.sent, t.timedOut = ref, k, time.Now(), false
	if k == kindNav {
		t.navTo = livePages[0]
		if url == livePages[0] {
			t.navTo = livePages[1]
		}
	}
	to := t.navTo
	t.mu.Unlock()
	var msg []byte
	switch k {
	case kindNav:
		msg = fmt.Appendf(nil, `{"v":1,"ref":%d,"type":"nav","url":%q,"kind":"link","from":%q}`, ref, to, url)
	case kindCallback:
		msg = fmt.Appendf(nil, `{"v":1,"ref":%d,"type":"cb","trigger":[{"id":"in","prop":"value"}],"props":[{"id":"in","prop":"value","value":"t%d-%d"}],"url":%q}`, ref, t.id, ref, url)
	default:
		msg = fmt.Appendf(nil, `{"v":1,"ref":%d,"type":"cb","trigger":[{"id":"c1","prop":"value"}],"props":[{"id":"c1","prop":"value","value":"t%d-%d"},{"id":"c2","prop":"value","value":""},{"id":"c3","prop":"value","value":""}],"url":%q}`, ref, t.id, ref, url)
	}
	p.write(t, msg)
}

var pushType = []byte(`"type":"push"`)

// read reads the tab's socket until it closes: it counts pushes, and checks
// and times replies. A nav's reply also subscribes the tab to the topics of
// its new page, as the runtime does.
func (p *soakPhase) read(t *soakTab) {
	defer close(t.done)
	for {
		_, msg, err := t.conn.ReadMessage()
		if err != nil {
			if !t.closing.Load() {
				p.errs.add(&p.errs.Closes, "tab %d: socket closed: %v", t.id, err)
			}
			return
		}
		if bytes.Contains(msg[:min(len(msg), 64)], pushType) {
			t.pushes.Add(1)
			t.lastPush.Store(time.Now().UnixNano())
			continue
		}
		var r soakReply
		if err := json.Unmarshal(msg, &r); err != nil {
			p.errs.add(&p.errs.Other, "tab %d: bad message: %v", t.id, err)
			continue
		}
		t.mu.Lock()
		if r.Ref == 0 || r.Ref != t.pending {
			t.mu.Unlock()
			p.errs.add(&p.errs.Replies, "tab %d: unexpected %s message (ref %d): %s", t.id, r.Type, r.Ref, r.Error)
			continue
		}
		k := t.kind
		t.lat[k] = append(t.lat[k], time.Since(t.sent))
		t.srv[k] = append(t.srv[k], time.Duration(r.US)*time.Microsecond)
		t.pending = 0
		t.mu.Unlock()
		switch {
		case r.Type == "error" || r.Error != "" || r.Reload || r.Superseded:
			p.errs.add(&p.errs.Replies, "tab %d: %s: %s reply %q (reload %v, superseded %v)", t.id, soakKinds[k], r.Type, r.Error, r.Reload, r.Superseded)
		case k == kindNav && (r.Type != "page" || r.Status != http.StatusOK || r.Topics == ""):
			p.errs.add(&p.errs.Replies, "tab %d: nav: %s reply, status %d, topics %q", t.id, r.Type, r.Status, r.Topics)
		case k != kindNav && r.Type != "cb":
			p.errs.add(&p.errs.Replies, "tab %d: %s: %s reply", t.id, soakKinds[k], r.Type)
		case k == kindNav:
			t.mu.Lock()
			t.url = t.navTo
			t.mu.Unlock()
			sub, _ := json.Marshal(map[string]any{"v": 1, "ref": 0, "type": "sub", "topics": r.Topics})
			p.write(t, sub)
		}
	}
}

// open dials the phase's tabs, each starting with a nav to one of the live
// pages.
func (p *soakPhase) open() error {
	for i := range p.cfg.Tabs {
		conn, err := dialFrom(p.base, i/soakTabsPerAddr)
		if err != nil {
			return fmt.Errorf("tab %d: %w", i, err)
		}
		t := &soakTab{id: i, conn: conn, done: make(chan struct{}), url: livePages[i%2]}
		t.lastPush.Store(time.Now().UnixNano())
		p.tabs = append(p.tabs, t)
		go p.read(t)
		p.act(t, kindNav)
	}
	return nil
}

// run schedules the tabs' actions for d, with one shared ticker, and
// checks for late replies and missing pushes; then it waits for the
// outstanding replies.
func (p *soakPhase) run(d time.Duration) {
	start := time.Now()
	for _, t := range p.tabs {
		t.lastPush.Store(start.UnixNano())
		t.next = start.Add(rand.N(p.cfg.ActMax))
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for now := range tick.C {
		if now.Sub(start) >= d {
			break
		}
		for _, t := range p.tabs {
			if last := t.lastPush.Load(); now.UnixNano()-last > int64(p.cfg.PushGap) && t.gapCounted != last {
				t.gapCounted = last
				p.errs.add(&p.errs.PushGaps, "tab %d: no push for %v", t.id, p.cfg.PushGap)
			}
			if p.late(t, now) || now.Before(t.next) {
				continue
			}
			k := kindNav // 2 navs, 2 callbacks, 1 chain in 5
			switch rand.N(5) {
			case 2, 3:
				k = kindCallback
			case 4:
				k = kindChain
			}
			p.act(t, k)
			t.next = now.Add(p.cfg.ActMin + rand.N(p.cfg.ActMax-p.cfg.ActMin))
		}
	}
	for end := time.Now().Add(p.cfg.Timeout + time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		busy := false
		for _, t := range p.tabs {
			busy = p.late(t, time.Now()) || busy
		}
		if !busy {
			return
		}
	}
}

// late reports whether the tab awaits a reply, and counts a timeout the
// first time the wait exceeds the timeout.
func (p *soakPhase) late(t *soakTab, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pending == 0 {
		return false
	}
	if !t.timedOut && now.Sub(t.sent) > p.cfg.Timeout {
		t.timedOut = true
		p.errs.add(&p.errs.Timeouts, "tab %d: %s: no reply in %v", t.id, soakKinds[t.kind], p.cfg.Timeout)
	}
	return true
}

// close closes every tab: a close frame, the server's answer (up to 5 s),
// then the connection.
func (p *soakPhase) close() {
	for _, t := range p.tabs {
		t.closing.Store(true)
		t.wmu.Lock()
		t.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		t.wmu.Unlock()
	}
	timeout := time.After(5 * time.Second)
	for _, t := range p.tabs {
		select {
		case <-t.done:
		case <-timeout:
		}
		t.conn.Close()
	}
	for _, t := range p.tabs {
		<-t.done
	}
}

// broadcast asks the server to push to soakTopic every period until stop
// is closed, and returns the number of pushes asked for.
func broadcast(base string, every time.Duration, errs *soakErrors, stop <-chan struct{}) int {
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(every)
	defer tick.Stop()
	n := 0
	for {
		select {
		case <-stop:
			return n
		case <-tick.C:
		}
		n++
		resp, err := client.Post(fmt.Sprintf("%s/_bench/broadcast?n=%d", base, n), "", nil)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
		}
		if err != nil {
			errs.add(&errs.Other, "broadcast %d: %v", n, err)
		}
	}
}

// sampleHeap reads the server's goroutines and heap after a GC, on a
// connection of its own that it closes, so it leaves no goroutine behind.
func sampleHeap(base string) (heapStats, error) {
	var h heapStats
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(base + "/_bench/heap")
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	return h, json.NewDecoder(resp.Body).Decode(&h)
}

// soakTabsPerAddr is how many tabs share a client address: well under the
// framework's cap of sockets per client (DefaultMaxSocketsPerClient), so
// the soak runs against the app's default limits, as many clients would.
const soakTabsPerAddr = 32

// dialFrom is dial from the n-th client address: on a loopback IPv4 server,
// 127.0.0.2 and on (Linux answers on all of 127.0.0.0/8); elsewhere the
// system's choice.
func dialFrom(base string, n int) (*websocket.Conn, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	ip, err := netip.ParseAddr(u.Hostname())
	if err != nil || !ip.Is4() || !ip.IsLoopback() || n >= 250 {
		return dial(base)
	}
	local := netip.AddrFrom4([4]byte{127, 0, 0, byte(2 + n)})
	nd := &net.Dialer{LocalAddr: &net.TCPAddr{IP: local.AsSlice()}, Timeout: 10 * time.Second}
	d := websocket.Dialer{NetDialContext: nd.DialContext, HandshakeTimeout: 10 * time.Second}
	conn, _, err := d.Dial("ws"+strings.TrimPrefix(base, "http")+"/_pagewire/socket", http.Header{"Origin": {base}})
	if err != nil {
		return nil, fmt.Errorf("from %v: %w", local, err)
	}
	var hello reply
	if err := conn.ReadJSON(&hello); err != nil || hello.Type != "hello" {
		conn.Close()
		return nil, fmt.Errorf("no hello: %v", err)
	}
	return conn, nil
}
