package framework

import (
	"container/list"
	"net/http"
	"sync"
	"time"
)

// Bounds of the claim quotas' bookkeeping.
const (
	quotaKeys       = 16_384 // addresses, and tabs, tracked at once
	defaultPerAddr  = 1000   // claims per client address per window
	defaultPerTab   = 200    // claims per tab per window
	maxAcksPerTab   = 4      // acknowledgements of one tab in flight
	maxClaimsFlight = 1024   // store calls in flight, app-wide

	defaultAckTimeout = 5 * time.Second // Config.NotFoundAckTimeout
)

// claimQuota bounds how many navigations one key (a client address or a
// tab) may claim in the once store within a window, so that one client
// cannot fill the store and switch OnNotFound off for the others. It
// tracks at most quotaKeys keys, dropping the least recently used one for
// a new key. It is safe for concurrent use.
type claimQuota struct {
	limit  int // claims per window; <= 0 means no bound
	window time.Duration

	mu    sync.Mutex
	byKey map[string]*list.Element // of *quotaCount
	lru   list.List                // most recently used first
}

// quotaCount is one key's claims in its current window.
type quotaCount struct {
	key   string
	start time.Time
	n     int
}

func newClaimQuota(limit int, window time.Duration) *claimQuota {
	return &claimQuota{limit: limit, window: window, byKey: map[string]*list.Element{}}
}

// take counts one claim of key and reports whether it is within the quota.
func (q *claimQuota) take(key string, now time.Time) bool {
	if q.limit <= 0 {
		return true
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	e := q.byKey[key]
	if e == nil {
		if q.lru.Len() >= quotaKeys {
			old := q.lru.Back()
			q.lru.Remove(old)
			delete(q.byKey, old.Value.(*quotaCount).key)
		}
		e = q.lru.PushFront(&quotaCount{key: key, start: now})
		q.byKey[key] = e
	}
	q.lru.MoveToFront(e)
	c := e.Value.(*quotaCount)
	if now.Sub(c.start) >= q.window {
		c.start, c.n = now, 0
	}
	if c.n >= q.limit {
		return false
	}
	c.n++
	return true
}

// give returns a claim counted by take that added nothing to the store:
// a duplicate, or a claim that failed.
func (q *claimQuota) give(key string) {
	if q.limit <= 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if e := q.byKey[key]; e != nil && e.Value.(*quotaCount).n > 0 {
		e.Value.(*quotaCount).n--
	}
}

// quotaLimit is a quota from its Config field: 0 gives the default and a
// negative value none.
func quotaLimit(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// addrKey is the quota key of a request's client: its remote IP, or the
// /64 prefix of an IPv6 address (one host's usual share).
func addrKey(r *http.Request) string {
	if r == nil {
		return ""
	}
	return clientIP(r.RemoteAddr).String() // an IPv6 client's /64, as the connection caps count it
}

// ackQuotas are the acknowledgements' bounds: claims per client address
// and per tab within the navigation TTL, acknowledgements in flight per
// tab, and store calls in flight.
type ackQuotas struct {
	addr, tab *claimQuota
	claims    chan struct{} // a slot per store call in flight

	mu     sync.Mutex
	flight map[string]int // tab -> acknowledgements in flight; no zero entries
}

func newAckQuotas(cfg Config, window time.Duration) *ackQuotas {
	return &ackQuotas{
		addr:   newClaimQuota(quotaLimit(cfg.NotFoundClaimsPerAddress, defaultPerAddr), window),
		tab:    newClaimQuota(quotaLimit(cfg.NotFoundClaimsPerTab, defaultPerTab), window),
		claims: make(chan struct{}, maxClaimsFlight),
		flight: map[string]int{},
	}
}

// take counts one claim of a client address and tab ("" for a beacon); it
// reports false, counting nothing, when either is over its quota.
func (q *ackQuotas) take(addr, tab string, now time.Time) bool {
	if !q.addr.take(addr, now) {
		return false
	}
	if tab != "" && !q.tab.take(tab, now) {
		q.addr.give(addr)
		return false
	}
	return true
}

// give returns a claim counted by take.
func (q *ackQuotas) give(addr, tab string) {
	q.addr.give(addr)
	if tab != "" {
		q.tab.give(tab)
	}
}

// enter reserves one of a tab's acknowledgements in flight; false when it
// has maxAcksPerTab already. leave releases it.
func (q *ackQuotas) enter(tab string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.flight[tab] >= maxAcksPerTab {
		return false
	}
	q.flight[tab]++
	return true
}

func (q *ackQuotas) leave(tab string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.flight[tab]--; q.flight[tab] <= 0 {
		delete(q.flight, tab)
	}
}
