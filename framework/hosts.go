package framework

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
)

// hostRefusal is the text of the 403 answered to a request for a host that
// is not allowed.
const hostRefusal = "forbidden: host not allowed (Config.AllowedHosts)"

// hostKey is an allowed host: a lower-case name or IP (IPv6 without
// brackets) and a port, "" for any.
type hostKey struct{ name, port string }

// hostList is the set of hosts a server answers for, against DNS
// rebinding. localhost and loopback IPs are always in it: no other site
// can make a browser send them.
type hostList struct {
	any   bool
	hosts map[hostKey]bool
	last  atomic.Pointer[string] // the Host value last allowed: one compare for the next request of that client
}

// newHostList builds the list of Config.AllowedHosts.
func newHostList(allowed []string) *hostList {
	l := &hostList{hosts: map[hostKey]bool{}}
	for _, h := range allowed {
		h = strings.TrimSpace(h)
		if h == "*" {
			l.any = true
		}
		if name, port := splitHost(h); name != "" {
			l.hosts[hostKey{name, port}] = true
		}
	}
	return l
}

// splitHost splits a Host header value into its lower-case name, without a
// trailing dot or IPv6 brackets, and its port.
func splitHost(h string) (name, port string) {
	h = strings.ToLower(h)
	if strings.HasPrefix(h, "[") {
		i := strings.IndexByte(h, ']')
		if i < 0 {
			return "", ""
		}
		name, port = h[1:i], strings.TrimPrefix(h[i+1:], ":")
	} else if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.Count(h, ":") == 1 {
		name, port = h[:i], h[i+1:]
	} else {
		name = h
	}
	return strings.TrimSuffix(name, "."), port
}

// allows reports whether a request's Host may be served. An empty Host (a
// HTTP/1.0 client that is not a browser) is allowed.
func (l *hostList) allows(host string) bool {
	if l.any || host == "" {
		return true
	}
	if last := l.last.Load(); last != nil && *last == host {
		return true
	}
	if !l.check(host) {
		return false
	}
	l.remember(host)
	return true
}

// remember keeps host as the last allowed one (its own copy escapes, so
// the allocation is on this path only, not on every allows).
func (l *hostList) remember(host string) {
	h := host
	l.last.Store(&h)
}

// check is allows without the last host's shortcut.
func (l *hostList) check(host string) bool {
	name, port := splitHost(host)
	if name == "localhost" {
		return true
	}
	if ip, err := netip.ParseAddr(name); err == nil && ip.Unmap().IsLoopback() {
		return true
	}
	return l.hosts[hostKey{name, ""}] || l.hosts[hostKey{name, port}]
}

// guard answers 403 to a request for a host that is not allowed and hands
// the others to next.
func (l *hostList) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !l.allows(r.Host) {
			http.Error(w, hostRefusal, http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopback reports whether l listens on a loopback address only.
func loopback(l net.Listener) bool {
	a, ok := l.Addr().(*net.TCPAddr)
	return ok && a.IP.IsLoopback()
}

// hostCheck returns the host list Serve enforces on every request for a
// server on l, or nil when the check is off: on when Config.AllowedHosts
// is set or l is a loopback one, off with "*".
func (a *App) hostCheck(l net.Listener) *hostList {
	if len(a.cfg.AllowedHosts) == 0 && !loopback(l) {
		return nil
	}
	hl := newHostList(a.cfg.AllowedHosts)
	if hl.any {
		return nil
	}
	return hl
}
