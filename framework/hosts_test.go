package framework

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// upgradeAs opens the socket at addr with the Host header host and the
// matching Origin, as a page of http://host would; it returns the status
// and body of the answer (101 and "" when upgraded).
func upgradeAs(t *testing.T, addr, host string) (int, string) {
	t.Helper()
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	conn, resp, err := d.Dial("ws://"+addr+RuntimePrefix+socketPath, http.Header{"Host": {host}, "Origin": {"http://" + host}})
	if err == nil {
		conn.Close()
		return resp.StatusCode, ""
	}
	if resp == nil {
		t.Fatalf("dial as %s: %v", host, err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// getAs gets path from addr with the Host header host.
func getAs(t *testing.T, addr, host, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRebindingHostRefusedOnLoopbackServe checks that a server on a
// loopback address refuses a socket and a page for an unknown Host whose
// Origin matches it (DNS rebinding), and serves localhost and 127.0.0.1.
func TestRebindingHostRefusedOnLoopbackServe(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, Config{})
	port := addr[strings.LastIndexByte(addr, ':'):]
	if status, body := upgradeAs(t, addr, "evil.example"+port); status != http.StatusForbidden || body != hostRefusal+"\n" {
		t.Errorf("socket for evil.example: %d %q; want 403 %q", status, body, hostRefusal)
	}
	if status, body := getAs(t, addr, "evil.example"+port, "/"); status != http.StatusForbidden || strings.Contains(body, "home") {
		t.Errorf("page for evil.example: %d %q; want 403 without the page", status, body)
	}
	for _, host := range []string{"localhost" + port, "127.0.0.1" + port, "LOCALHOST", "[::1]" + port} {
		if status, body := upgradeAs(t, addr, host); status != http.StatusSwitchingProtocols {
			t.Errorf("socket for %s: %d %q; want 101", host, status, body)
		}
		if status, _ := getAs(t, addr, host, "/"); status != http.StatusOK {
			t.Errorf("page for %s: %d; want 200", host, status)
		}
	}
}

// TestAllowedHostsAdmitListedName checks that a name in AllowedHosts is
// served, another one is not, and "*" turns the check off.
func TestAllowedHostsAdmitListedName(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, Config{AllowedHosts: []string{"app.example", "other.example:8443"}})
	port := addr[strings.LastIndexByte(addr, ':'):]
	cases := []struct {
		host   string
		status int
	}{
		{"app.example" + port, http.StatusSwitchingProtocols},
		{"App.Example.", http.StatusSwitchingProtocols},
		{"other.example:8443", http.StatusSwitchingProtocols},
		{"other.example" + port, http.StatusForbidden},
		{"evil.example" + port, http.StatusForbidden},
	}
	for _, c := range cases {
		if status, body := upgradeAs(t, addr, c.host); status != c.status {
			t.Errorf("socket for %s: %d %q; want %d", c.host, status, body, c.status)
		}
	}
	any := serveLimited(t, Config{AllowedHosts: []string{"*"}})
	if status, body := upgradeAs(t, any, "evil.example"); status != http.StatusSwitchingProtocols {
		t.Errorf(`socket for evil.example with "*": %d %q; want 101`, status, body)
	}
}

// TestAllowedHostsGuardSocketOutsideServe checks that a set AllowedHosts
// guards the socket of an app mounted on another server, and that without
// it such an app answers any host (the check of Serve is not there).
func TestAllowedHostsGuardSocketOutsideServe(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newTestApp(t, Config{Registry: limitsRegistry(), AllowedHosts: []string{"app.example"}}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	if status, _ := upgradeAs(t, addr, "evil.example"); status != http.StatusForbidden {
		t.Errorf("socket for evil.example: %d; want 403", status)
	}
	if status, _ := upgradeAs(t, addr, "app.example"); status != http.StatusSwitchingProtocols {
		t.Errorf("socket for app.example: %d; want 101", status)
	}
}

// TestHostListAllows checks the parsing of Host values and entries.
func TestHostListAllows(t *testing.T) {
	t.Parallel()
	l := newHostList([]string{"App.example", "ten.example:10", "[2001:db8::1]"})
	cases := map[string]bool{
		"":                   true,
		"localhost":          true,
		"localhost.:80":      true,
		"127.0.0.5:1":        true,
		"[::1]":              true,
		"[::ffff:127.0.0.1]": true,
		"app.example":        true,
		"APP.EXAMPLE:99":     true,
		"ten.example:10":     true,
		"ten.example:11":     false,
		"ten.example":        false,
		"[2001:db8::1]:443":  true,
		"2001:db8::1":        true,
		"evil.example":       false,
		"localhost.evil":     false,
		"10.0.0.1":           false,
		"[::1":               false,
	}
	for host, want := range cases {
		if got := l.allows(host); got != want {
			t.Errorf("allows(%q) = %v; want %v", host, got, want)
		}
	}
	// The last allowed host is remembered: each answer holds right after
	// another host was allowed, and twice in a row.
	for host, want := range cases {
		for _, before := range []string{"app.example", host} {
			l.allows(before)
			if got := l.allows(host); got != want {
				t.Errorf("allows(%q) after allows(%q) = %v; want %v", host, before, got, want)
			}
		}
	}
}
