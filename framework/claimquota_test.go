package framework

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// TestQuotaTableGrowsWithAddresses checks that many client addresses keep
// the quota table at quotaKeys entries, and that a window resets a count.
func TestQuotaTableGrowsWithAddresses(t *testing.T) {
	t.Parallel()
	q := newClaimQuota(2, time.Hour)
	now := time.Now()
	for i := range quotaKeys + 500 {
		if !q.take("10.0."+strconv.Itoa(i), now) {
			t.Fatalf("first claim of address %d refused", i)
		}
	}
	if len(q.byKey) != quotaKeys || q.lru.Len() != quotaKeys {
		t.Fatalf("tracking %d (%d) keys, want %d", len(q.byKey), q.lru.Len(), quotaKeys)
	}
	if !q.take("a", now) || !q.take("a", now) || q.take("a", now) {
		t.Fatal("the quota of 2 does not hold")
	}
	q.give("a")
	if !q.take("a", now) || q.take("a", now) {
		t.Fatal("a returned claim is not available again")
	}
	if !q.take("a", now.Add(time.Hour)) {
		t.Fatal("a new window does not reset the count")
	}
}

// TestIPv6HostsShareOneQuota checks that the addresses of one IPv6 /64
// share a key, and that ports never count.
func TestIPv6HostsShareOneQuota(t *testing.T) {
	t.Parallel()
	key := func(addr string) string {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = addr
		return addrKey(r)
	}
	if a, b := key("[2001:db8:1:2::1]:5000"), key("[2001:db8:1:2:ffff::9]:6000"); a != b || a != "2001:db8:1:2::" {
		t.Fatalf("one /64: %q and %q", a, b)
	}
	if a, b := key("192.0.2.1:1"), key("192.0.2.1:2"); a != b || a != "192.0.2.1" {
		t.Fatalf("one IPv4 host: %q and %q", a, b)
	}
	if key("[::ffff:192.0.2.1]:1") != "192.0.2.1" {
		t.Fatal("an IPv4-mapped address is not its IPv4 host")
	}
}
