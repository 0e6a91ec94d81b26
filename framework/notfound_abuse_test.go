package framework

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// ackMessage is a socket acknowledgement of token at url.
func ackMessage(ref int, token, url string) string {
	b, _ := json.Marshal(message{V: protocolV, Ref: int64(ref), Type: "ack", Token: token, URL: url})
	return string(b)
}

// dialSocketFrom opens the app's socket from a local address such as
// 127.0.0.2, so the server sees another client address.
func dialSocketFrom(t *testing.T, srv *httptest.Server, ip string) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{NetDialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}).DialContext}
	conn, _, err := d.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/_pagewire/socket", http.Header{"Origin": {srv.URL}})
	if err != nil {
		t.Fatalf("dial from %s: %v", ip, err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hello reply
	if err := conn.ReadJSON(&hello); err != nil || hello.Type != "hello" {
		t.Fatalf("first message: %+v, %v", hello, err)
	}
	return conn
}

// TestAttackerFillingOnceStoreSwitchesHookOff checks that one address
// acknowledging many tokens is refused at its quota, without touching the
// store, while another address still fires once per navigation.
func TestAttackerFillingOnceStoreSwitchesHookOff(t *testing.T) {
	t.Parallel()
	store := &MemoryOnceStore{Max: 30}
	app, fires, _ := newHookApp(t, Config{OnceStore: store, NotFoundClaimsPerAddress: 10})
	attacker := httptest.NewRequest("GET", "/", nil)
	attacker.RemoteAddr = "203.0.113.7:40000"
	fired, refused := 0, 0
	for i := range 40 {
		u := "/missing?i=" + strconv.Itoa(i)
		res := app.acknowledge(context.Background(), tokenOf(t, do(app, "GET", u).Body.String()), u, "", attacker)
		switch {
		case res.Fired:
			fired++
		case res.Error == "too many navigations" && !res.Retry:
			refused++
		default:
			t.Fatalf("attacker's ack %d: %+v", i, res)
		}
	}
	if fired != 10 || refused != 30 {
		t.Fatalf("attacker fired %d and was refused %d times, want 10 and 30", fired, refused)
	}
	store.mu.Lock()
	held := len(store.keys)
	store.mu.Unlock()
	if held != 10 {
		t.Fatalf("the store holds %d keys, want the attacker's 10", held)
	}
	settle(t, fires, 10)

	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocketFrom(t, srv, "127.0.0.2")
	for i := range 5 {
		u := "/missing?honest=" + strconv.Itoa(i)
		tok := tokenOf(t, do(app, "GET", u).Body.String())
		if r := roundTrip(t, conn, ackMessage(i+1, tok, u)); !r.Fired || r.Error != "" || r.Ref != int64(i+1) {
			t.Fatalf("honest ack %d: %+v", i, r)
		}
		if r := roundTrip(t, conn, ackMessage(100+i, tok, u)); r.Fired || r.Error != "" { // a reload
			t.Fatalf("honest reload %d: %+v", i, r)
		}
	}
	settle(t, fires, 15)
}

// TestTabOverQuotaIsRetriedForever checks that a tab past its claim quota
// gets a final error (no retry) over its socket, and fires nothing more.
func TestTabOverQuotaIsRetriedForever(t *testing.T) {
	t.Parallel()
	app, fires, _ := newHookApp(t, Config{NotFoundClaimsPerTab: 3})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, "/_pagewire/socket", "")
	for i := range 5 {
		u := "/missing?tab=" + strconv.Itoa(i)
		r := roundTrip(t, conn, ackMessage(i+1, tokenOf(t, do(app, "GET", u).Body.String()), u))
		if want := i < 3; r.Fired != want || (!want && (r.Error != "too many navigations" || r.Retry)) {
			t.Fatalf("ack %d: %+v", i, r)
		}
	}
	settle(t, fires, 3)
}

// blockingStore is a OnceStore whose claims wait, ignoring their context,
// until release is closed, then go to a MemoryOnceStore.
type blockingStore struct {
	release chan struct{}
	inner   MemoryOnceStore
}

func (s *blockingStore) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	<-s.release
	return s.inner.Claim(ctx, key, ttl)
}

// TestSlowStoreStallsSocketReadLoop checks that a pending acknowledgement
// does not delay a navigation on the same socket, that it is answered with
// a retry after the ack timeout, and that the late claim fires exactly once.
func TestSlowStoreStallsSocketReadLoop(t *testing.T) {
	t.Parallel()
	store := &blockingStore{release: make(chan struct{})}
	app, fires, _ := newHookApp(t, Config{OnceStore: store, NotFoundAckTimeout: 300 * time.Millisecond})
	srv := httptest.NewServer(app)
	defer srv.Close()
	defer releaseOnce(store.release)
	conn := dialSocket(t, srv, "/_pagewire/socket", "")
	tok := tokenOf(t, do(app, "GET", "/missing").Body.String())
	start := time.Now()
	if err := conn.WriteMessage(websocket.TextMessage, []byte(ackMessage(1, tok, "/missing"))); err != nil {
		t.Fatal(err)
	}
	if r := roundTrip(t, conn, nav(2, "/")); r.Ref != 2 || r.Status != 200 || time.Since(start) > 250*time.Millisecond {
		t.Fatalf("navigation behind a pending ack: %+v after %v", r.Header, time.Since(start))
	}
	var r reply
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if err := conn.ReadJSON(&r); err != nil || r.Ref != 1 || !r.Retry || r.Fired || time.Since(start) < 300*time.Millisecond {
		t.Fatalf("ack of a stuck store: %+v, %v after %v; want a retry after the timeout", r, err, time.Since(start))
	}
	releaseOnce(store.release) // the store answers: the pending claim wins
	settle(t, fires, 1)
	if r := roundTrip(t, conn, ackMessage(3, tok, "/missing")); r.Fired || r.Error != "" || r.Retry {
		t.Fatalf("the page's retry: %+v", r)
	}
	settle(t, fires, 1)
}

var releaseMu sync.Mutex

func releaseOnce(ch chan struct{}) {
	releaseMu.Lock()
	defer releaseMu.Unlock()
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// TestStoreFullAnswersRetry checks that a full store answers an honest
// acknowledgement with a retry, and that it fires once the store has room.
func TestStoreFullAnswersRetry(t *testing.T) {
	t.Parallel()
	now := time.Now()
	store := &MemoryOnceStore{Max: 1, now: func() time.Time { return now }}
	app, fires, _ := newHookApp(t, Config{OnceStore: store})
	t1, t2 := tokenOf(t, do(app, "GET", "/missing?a").Body.String()), tokenOf(t, do(app, "GET", "/missing?b").Body.String())
	if res := app.acknowledge(context.Background(), t1, "/missing?a", "", nil); !res.Fired {
		t.Fatalf("first ack: %+v", res)
	}
	if res := app.acknowledge(context.Background(), t2, "/missing?b", "", nil); res.Fired || !res.Retry {
		t.Fatalf("ack with the store full: %+v; want a retry", res)
	}
	store.mu.Lock()
	store.Max = 2
	store.mu.Unlock()
	if res := app.acknowledge(context.Background(), t2, "/missing?b", "", nil); !res.Fired {
		t.Fatalf("the retry: %+v", res)
	}
	settle(t, fires, 2)
}

// TestTokenOfEarlierStoreFiresAgain checks that a token issued before the
// once store's epoch (another process, whose claims are gone) is refused.
func TestTokenOfEarlierStoreFiresAgain(t *testing.T) {
	t.Parallel()
	secret := []byte("a stable secret across restarts")
	before, _, _ := newHookApp(t, Config{Secret: secret})
	tok := tokenOf(t, do(before, "GET", "/missing").Body.String())
	if res := before.acknowledge(context.Background(), tok, "/missing", "", nil); !res.Fired {
		t.Fatalf("ack before the restart: %+v", res)
	}
	time.Sleep(2 * time.Millisecond)
	after, fires, _ := newHookApp(t, Config{Secret: secret})
	if res := after.acknowledge(context.Background(), tok, "/missing", "", nil); res.Fired || res.Retry || res.Error != "navigation token older than the once store" {
		t.Fatalf("ack after the restart: %+v", res)
	}
	tok2 := tokenOf(t, do(after, "GET", "/missing").Body.String())
	if res := after.acknowledge(context.Background(), tok2, "/missing", "", nil); !res.Fired {
		t.Fatalf("a new token after the restart: %+v", res)
	}
	settle(t, fires, 1)
}

// longURL is a request target of over 2 KB with 300 query parameters.
func longURL() string {
	var b strings.Builder
	b.WriteString("/missing/long?")
	for i := range 300 {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString("p" + strconv.Itoa(i) + "=v%20" + strconv.Itoa(i))
	}
	return b.String()
}

// TestLongURLGetsNoUsableToken checks that a 404 of a 2 KB URL gets a
// short token that acknowledges and fires exactly once, with the URL's
// path and query.
func TestLongURLGetsNoUsableToken(t *testing.T) {
	t.Parallel()
	app, fires, _ := newHookApp(t, Config{})
	u := longURL()
	if len(u) < 2048 {
		t.Fatalf("the URL has %d bytes", len(u))
	}
	tok := tokenOf(t, do(app, "GET", u).Body.String())
	if len(tok) > 200 {
		t.Fatalf("token of %d bytes", len(tok))
	}
	if res := app.acknowledge(context.Background(), tok, strings.Replace(u, "p0=", "p1=x&p0=", 1), "", nil); res.Error != "navigation token of another path" {
		t.Fatalf("ack of another URL: %+v", res)
	}
	for range 2 {
		app.acknowledge(context.Background(), tok, strings.ReplaceAll(u, "%20", "+"), "", nil) // the same URL, encoded otherwise
	}
	settle(t, fires, 1)
	ev := fires.evs[0]
	if ev.Path != "/missing/long" || len(ev.Query) != 300 || ev.Query.Get("p299") != "v 299" {
		t.Fatalf("event path %q, %d query keys, p299=%q", ev.Path, len(ev.Query), ev.Query.Get("p299"))
	}
}

// TestBeaconOverQuotaIsRetried checks that a beacon past its address's
// quota is answered 429 with a final error, and fires nothing more.
func TestBeaconOverQuotaIsRetried(t *testing.T) {
	t.Parallel()
	app, fires, _ := newHookApp(t, Config{NotFoundClaimsPerAddress: 2})
	for i := range 3 {
		u := "/missing?beacon=" + strconv.Itoa(i)
		body := `{"token":"` + tokenOf(t, do(app, "GET", u).Body.String()) + `","url":"` + u + `"}`
		r := httptest.NewRequest("POST", "/_pagewire/beacon", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		if want := 200; i == 2 {
			if w.Code != 429 || !strings.Contains(w.Body.String(), `"error":"too many navigations"`) || strings.Contains(w.Body.String(), "retry") {
				t.Fatalf("beacon over the quota: %d %s", w.Code, w.Body)
			}
		} else if w.Code != want || !strings.Contains(w.Body.String(), `"fired":true`) {
			t.Fatalf("beacon %d: %d %s", i, w.Code, w.Body)
		}
	}
	settle(t, fires, 2)
}
