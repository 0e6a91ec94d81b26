package framework

import (
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// Defaults of the server limits in Config. The benchmark's floor server
// uses the same timeouts, so it compares handlers only.
const (
	DefaultReadHeaderTimeout   = 10 * time.Second
	DefaultReadTimeout         = 30 * time.Second
	DefaultWriteTimeout        = 60 * time.Second
	DefaultIdleTimeout         = 2 * time.Minute
	DefaultMaxConns            = 10000
	DefaultMaxConnsPerClient   = 256
	DefaultMaxSockets          = 8000
	DefaultMaxSocketsPerClient = 64
)

// Refusals of connections over a cap.
const (
	refuseWait  = time.Second // time given to write a refusal and read the request
	maxRefusing = 64          // refusals answered at once; more are just closed
	retryAfter  = "5"         // seconds, in refusals' Retry-After
)

// connRefusal is written on the raw connection of a client over a
// connection cap.
var connRefusal = []byte("HTTP/1.1 503 Service Unavailable\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Retry-After: " + retryAfter + "\r\n" +
	"Connection: close\r\n" +
	"Content-Length: 21\r\n\r\n" +
	"too many connections\n")

// orDefault is v, or def when v is zero; a negative v means none.
func orDefault[T int | time.Duration](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return -1
	}
	return v
}

// timeout is a Config timeout for http.Server: zero for none.
func timeout(v, def time.Duration) time.Duration {
	return max(orDefault(v, def), 0)
}

// clientIP is the client address counted for a remote address ("ip:port"):
// its IP, IPv4 in IPv6 unmapped, and for IPv6 its /64 network, which one
// client holds whole. An address that does not parse gives the zero Addr,
// so all such clients share one count.
func clientIP(remote string) netip.Addr {
	var ip netip.Addr
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		ip = ap.Addr().Unmap()
	} else {
		host, _, err := net.SplitHostPort(remote)
		if err != nil {
			host = remote
		}
		ip, _ = netip.ParseAddr(host)
		ip = ip.Unmap()
	}
	if ip.Is6() {
		if p, err := ip.WithZone("").Prefix(64); err == nil {
			return p.Addr()
		}
	}
	return ip
}

// addrCounter counts what is open (connections or sockets) by client
// address and in total, within caps; a negative cap is none. Its map only
// holds addresses with something open, so it is bounded by what is open.
type addrCounter struct {
	max, perClient int

	mu    sync.Mutex
	total int
	byIP  map[netip.Addr]int
}

func newAddrCounter(max, perClient int) *addrCounter {
	return &addrCounter{max: max, perClient: perClient, byIP: map[netip.Addr]int{}}
}

// acquire counts one more for ip, or reports false, and whether the
// per-client cap was the one reached, when that is over a cap.
func (c *addrCounter) acquire(ip netip.Addr) (ok, perClient bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.byIP[ip]
	if c.perClient >= 0 && n >= c.perClient {
		return false, true
	}
	if c.max >= 0 && c.total >= c.max {
		return false, false
	}
	c.byIP[ip] = n + 1
	c.total++
	return true, false
}

// release uncounts one acquired for ip.
func (c *addrCounter) release(ip netip.Addr) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := c.byIP[ip]; n > 1 {
		c.byIP[ip] = n - 1
	} else {
		delete(c.byIP, ip)
	}
	c.total--
}

// inUse returns the total count.
func (c *addrCounter) inUse() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// limitListener caps the connections it hands out by client address and in
// total. A connection over a cap is answered with connRefusal and closed;
// Accept goes on to the next one.
type limitListener struct {
	net.Listener
	conns    *addrCounter
	refusing chan struct{} // bounds the goroutines writing refusals
}

func newLimitListener(l net.Listener, max, perClient int) *limitListener {
	return &limitListener{Listener: l, conns: newAddrCounter(max, perClient), refusing: make(chan struct{}, maxRefusing)}
}

// Accept waits for the next connection within the caps.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := clientIP(c.RemoteAddr().String())
		if ok, _ := l.conns.acquire(ip); ok {
			return &limitConn{Conn: c, ip: ip, conns: l.conns}, nil
		}
		select {
		case l.refusing <- struct{}{}:
			go func() {
				defer func() { <-l.refusing }()
				refuse(c)
			}()
		default:
			c.Close()
		}
	}
}

// refuse writes connRefusal on c and closes it. It closes the writing side
// first and reads what the client sent, for a while, so the close does not
// reset the connection before the client has read the refusal.
func refuse(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(refuseWait))
	if _, err := c.Write(connRefusal); err != nil {
		return
	}
	if cw, ok := c.(interface{ CloseWrite() error }); ok && cw.CloseWrite() == nil {
		io.Copy(io.Discard, io.LimitReader(c, 64<<10))
	}
}

// limitConn is a connection counted by a limitListener until it is closed.
// A hijacked connection (a socket) is this connection too, so it is
// counted until the socket is closed.
type limitConn struct {
	net.Conn
	ip    netip.Addr
	conns *addrCounter
	once  sync.Once
}

// Close closes the connection and uncounts it, once.
func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.conns.release(c.ip) })
	return err
}

// ReadFrom lets net/http use the connection's own ReadFrom (sendfile for
// files) through the wrapper.
func (c *limitConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// socketRefusal is the status and text of an upgrade request over a
// socket cap; it goes with a Retry-After of retryAfter seconds.
func socketRefusal(perClient bool) (int, string) {
	if perClient {
		return http.StatusTooManyRequests, "too many sockets from this address"
	}
	return http.StatusServiceUnavailable, "too many sockets"
}

// hubLimits are a hub's limits: its socket counter and the hosts it
// allows (nil: no check).
type hubLimits struct {
	sockets *addrCounter
	hosts   *hostList
}

// limits returns h's limits.
func (h *hub) limits() *hubLimits { return h.lim }
