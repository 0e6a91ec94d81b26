package framework

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/websocket"

	"github.com/pagewire/pagewire/internal/wire"
)

// limitsRegistry is a registry with one page, "/".
func limitsRegistry() *Registry {
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component { return templ.Raw("<p>home</p>") }})
	return reg
}

// serveLimited starts an app with cfg through Serve on 127.0.0.1:0 and
// returns its address; the app is shut down when the test ends.
func serveLimited(t *testing.T, cfg Config) string {
	t.Helper()
	if cfg.Registry == nil {
		cfg.Registry = limitsRegistry()
	}
	cfg.Logger = discardLogger()
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr, errc := serveApp(t, a)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a.Shutdown(ctx)
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return addr
}

// dialFrom opens a TCP connection to addr from the local IP from (a
// loopback one: all of 127.0.0.0/8 is on Linux's lo).
func dialFrom(t *testing.T, from, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// get sends a keep-alive GET of path on c and reads the response and its
// body.
func get(t *testing.T, c net.Conn, br *bufio.Reader, addr, path string) (*http.Response, string) {
	t.Helper()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	defer c.SetDeadline(time.Time{})
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, addr); err != nil {
		t.Fatalf("writing the request: %v", err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return resp, string(b)
}

// waitClosed waits at most within for the server to close c, reading and
// discarding what it sends, and returns how long that took.
func waitClosed(t *testing.T, c net.Conn, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(within))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("connection still open after %v", within)
	}
	return time.Since(start)
}

// TestIdleKeepAliveClosedAfterIdleTimeout checks that a kept-alive
// connection waiting for its next request is closed after IdleTimeout.
func TestIdleKeepAliveClosedAfterIdleTimeout(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, Config{IdleTimeout: 300 * time.Millisecond})
	c := dialFrom(t, "127.0.0.1", addr)
	if resp, _ := get(t, c, bufio.NewReader(c), addr, "/"); resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("GET /: status %d, close %v; want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	if d := waitClosed(t, c, 5*time.Second); d > 2*time.Second {
		t.Errorf("idle connection closed after %v; want about 300ms", d)
	}
}

// TestSlowBeaconBodyCutAtReadTimeout checks that a beacon whose body
// trickles in (one byte every 100ms) is cut at ReadTimeout, before it ends.
func TestSlowBeaconBodyCutAtReadTimeout(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, Config{ReadTimeout: 500 * time.Millisecond})
	c := dialFrom(t, "127.0.0.1", addr)
	const bodyLen = 30 // 3 s at 10 bytes a second
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", RuntimePrefix+wire.BeaconPath, addr, bodyLen)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for range bodyLen {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if _, err := c.Write([]byte(" ")); err != nil {
				return
			}
		}
	}()
	start := time.Now()
	c.SetReadDeadline(start.Add(10 * time.Second))
	b, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("slow beacon still open after 10s")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("slow beacon cut after %v; want about 500ms, before its body ends at 3s", d)
	}
	if strings.HasPrefix(string(b), "HTTP/1.1 200") {
		t.Errorf("slow beacon answered %q; want no success", b)
	}
}

// TestConnsPerClientOverCapRefusedOtherAddressServed checks that one
// address over MaxConnsPerClient gets the 503 refusal while another is
// served, and that a closed connection frees its slot.
func TestConnsPerClientOverCapRefusedOtherAddressServed(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, Config{MaxConnsPerClient: 3})
	var open []net.Conn
	for range 3 {
		c := dialFrom(t, "127.0.0.1", addr)
		if resp, _ := get(t, c, bufio.NewReader(c), addr, "/"); resp.StatusCode != http.StatusOK {
			t.Fatalf("connection within the cap: status %d", resp.StatusCode)
		}
		open = append(open, c)
	}
	over := dialFrom(t, "127.0.0.1", addr)
	resp, body := get(t, over, bufio.NewReader(over), addr, "/")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "5" || !resp.Close || body != "too many connections\n" {
		t.Errorf("over the cap: status %d, Retry-After %q, close %v, body %q; want 503, 5, true, the reason",
			resp.StatusCode, resp.Header.Get("Retry-After"), resp.Close, body)
	}
	other := dialFrom(t, "127.0.0.2", addr)
	if resp, _ := get(t, other, bufio.NewReader(other), addr, "/"); resp.StatusCode != http.StatusOK {
		t.Errorf("another address: status %d; want 200", resp.StatusCode)
	}
	open[0].Close()
	if !eventuallyServed(t, "127.0.0.1", addr) {
		t.Error("a closed connection did not free its slot")
	}
}

// eventuallyServed reports whether a new connection from from is served
// 200 within two seconds (the server notices closes asynchronously).
func eventuallyServed(t *testing.T, from, addr string) bool {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		c := dialFrom(t, from, addr)
		resp, _ := get(t, c, bufio.NewReader(c), addr, "/")
		c.Close()
		if resp.StatusCode == http.StatusOK {
			return true
		}
	}
	return false
}

// TestConnsOverTotalCapRefused checks that the connection over MaxConns
// is refused whatever its address.
func TestConnsOverTotalCapRefused(t *testing.T) {
	t.Parallel()
	addr := serveLimited(t, Config{MaxConns: 2, MaxConnsPerClient: -1})
	for _, from := range []string{"127.0.0.1", "127.0.0.2"} {
		c := dialFrom(t, from, addr)
		if resp, _ := get(t, c, bufio.NewReader(c), addr, "/"); resp.StatusCode != http.StatusOK {
			t.Fatalf("connection within the cap from %s: status %d", from, resp.StatusCode)
		}
	}
	c := dialFrom(t, "127.0.0.3", addr)
	if resp, _ := get(t, c, bufio.NewReader(c), addr, "/"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("over MaxConns: status %d; want 503", resp.StatusCode)
	}
}

// wsDialFrom is a websocket dialer from the local IP from.
func wsDialFrom(from string) *websocket.Dialer {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	return &websocket.Dialer{NetDialContext: d.DialContext, HandshakeTimeout: 5 * time.Second}
}

// openSocket opens the app's socket at addr from the local IP from, as a
// same-origin page would; it returns the connection (nil when refused) and
// the upgrade response's status and body.
func openSocket(t *testing.T, from, addr string) (*websocket.Conn, int, string) {
	t.Helper()
	conn, resp, err := wsDialFrom(from).Dial("ws://"+addr+RuntimePrefix+socketPath, http.Header{"Origin": {"http://" + addr}})
	if err != nil {
		if resp == nil {
			t.Fatalf("dial: %v", err)
		}
		b, _ := io.ReadAll(resp.Body)
		return nil, resp.StatusCode, string(b)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, resp.StatusCode, ""
}

// TestSocketsOverCapsRefusedBeforeUpgrade checks that an address over
// MaxSocketsPerClient gets 429 and any address over MaxSockets gets 503,
// with Retry-After, while others are upgraded, and that a closed socket
// frees its slot.
func TestSocketsOverCapsRefusedBeforeUpgrade(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newTestApp(t, Config{Registry: limitsRegistry(), MaxSockets: 3, MaxSocketsPerClient: 2}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	first, _, _ := openSocket(t, "127.0.0.1", addr)
	if first == nil {
		t.Fatal("first socket refused")
	}
	if c, _, _ := openSocket(t, "127.0.0.1", addr); c == nil {
		t.Fatal("second socket refused")
	}
	if c, status, body := openSocket(t, "127.0.0.1", addr); c != nil || status != http.StatusTooManyRequests || body != "too many sockets from this address" {
		t.Errorf("third socket from one address: status %d, body %q; want 429, the reason", status, body)
	}
	if c, _, _ := openSocket(t, "127.0.0.2", addr); c == nil {
		t.Fatal("socket from another address refused")
	}
	if c, status, body := openSocket(t, "127.0.0.3", addr); c != nil || status != http.StatusServiceUnavailable || body != "too many sockets" {
		t.Errorf("socket over MaxSockets: status %d, body %q; want 503, the reason", status, body)
	}
	first.Close()
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, _, _ := openSocket(t, "127.0.0.1", addr); c != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a closed socket did not free its slot")
		}
	}
}

// TestSocketOutlivesServerTimeouts checks that an upgraded socket is not
// cut by ReadTimeout, WriteTimeout or IdleTimeout, and that it counts as a
// connection of its address until it is closed.
func TestSocketOutlivesServerTimeouts(t *testing.T) {
	t.Parallel()
	ms := 200 * time.Millisecond
	addr := serveLimited(t, Config{ReadTimeout: ms, WriteTimeout: ms, IdleTimeout: ms, MaxConnsPerClient: 2})
	sock, status, body := openSocket(t, "127.0.0.1", addr)
	if sock == nil {
		t.Fatalf("socket refused: %d %q", status, body)
	}
	sock.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hello reply
	if err := sock.ReadJSON(&hello); err != nil || hello.Type != wire.TypeHello {
		t.Fatalf("hello: %+v, %v", hello, err)
	}
	time.Sleep(5 * ms)
	if r := roundTrip(t, sock, nav(1, "/")); r.Type != "page" || r.Status != http.StatusOK {
		t.Errorf("navigation after the server timeouts: %+v; want a 200 page", r)
	}
	// The socket and one keep-alive connection fill the cap of 2.
	c := dialFrom(t, "127.0.0.1", addr)
	br := bufio.NewReader(c)
	if resp, _ := get(t, c, br, addr, "/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("second connection: status %d", resp.StatusCode)
	}
	over := dialFrom(t, "127.0.0.1", addr)
	if resp, _ := get(t, over, bufio.NewReader(over), addr, "/"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("third connection with a socket open: status %d; want 503", resp.StatusCode)
	}
	c.Close()
	sock.Close()
	if !eventuallyServed(t, "127.0.0.1", addr) {
		t.Error("closed socket and connection did not free their slots")
	}
}

// BenchmarkLimitListener compares requests on kept-alive connections to an
// http.Server with and without the connection caps' listener.
func BenchmarkLimitListener(b *testing.B) {
	for _, wrapped := range []bool{false, true} {
		b.Run(fmt.Sprintf("wrapped=%v", wrapped), func(b *testing.B) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			if wrapped {
				l = newLimitListener(l, DefaultMaxConns, DefaultMaxConnsPerClient)
			}
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })}
			go srv.Serve(l)
			defer srv.Close()
			tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
			defer tr.CloseIdleConnections()
			cl := &http.Client{Transport: tr}
			url := "http://" + l.Addr().String() + "/"
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := cl.Get(url)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		})
	}
}

// TestClientIPGroupsIPv6By64 checks the client address counted for remote
// addresses: the IPv4, or the IPv6 /64 a client may rotate within.
func TestClientIPGroupsIPv6By64(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"127.0.0.2:5000":                "127.0.0.2",
		"[::ffff:10.1.2.3]:80":          "10.1.2.3",
		"[2001:db8:1:2:aaaa::1]:443":    "2001:db8:1:2::",
		"[2001:db8:1:2:bbbb::9%eth0]:1": "2001:db8:1:2::",
		"[::1]:80":                      "::",
		"pipe":                          "invalid IP",
	}
	for remote, want := range cases {
		if got := clientIP(remote).String(); got != want {
			t.Errorf("clientIP(%q) = %s; want %s", remote, got, want)
		}
	}
}
