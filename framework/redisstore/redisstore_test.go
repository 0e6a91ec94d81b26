package redisstore_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework"
	ft "github.com/pagewire/pagewire/framework/frameworktest"
	"github.com/pagewire/pagewire/framework/redisstore"
	"github.com/pagewire/pagewire/internal/redistest"
	"github.com/redis/go-redis/v9"
)

func init() {
	framework.RegisterPage(framework.Page{Path: "/live", Layout: func(r framework.Request) templ.Component {
		framework.Subscribe(r, "news")
		return templ.Raw(`<p id="news">none</p>`)
	}})
}

func newStore(t *testing.T, addr string) *redisstore.Store {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 500 * time.Millisecond})
	t.Cleanup(func() { c.Close() })
	return redisstore.New(c, "test:")
}

func TestClaimOnceUnderConcurrency(t *testing.T) {
	srv := redistest.Start(t)
	s := newStore(t, srv.Addr)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.Claim(context.Background(), "nav:one", time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d claims won, want 1", wins.Load())
	}
	if ok, _ := s.Claim(context.Background(), "nav:short", 100*time.Millisecond); !ok {
		t.Fatal("first claim of a new key lost")
	}
	time.Sleep(250 * time.Millisecond)
	if ok, _ := s.Claim(context.Background(), "nav:short", time.Minute); !ok {
		t.Fatal("a claim did not expire with its TTL")
	}
}

func TestBrokerAndRedisDown(t *testing.T) {
	srv := redistest.Start(t)
	s := newStore(t, srv.Addr)
	got := make(chan string, 1)
	stop, err := s.Subscribe(func(topic string, msg []byte) { got <- topic + "=" + string(msg) })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if err := s.Publish(context.Background(), "news", []byte("hi")); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		if m != "news=hi" {
			t.Fatalf("got %q", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
	}
	srv.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if ok, err := s.Claim(ctx, "nav:down", time.Minute); ok || err == nil {
		t.Fatalf("with Redis down: claim %v err %v; want an error, so the page retries", ok, err)
	}
}

var navRE = regexp.MustCompile(`data-pw-nav="([^"]+)"`)

// TestTwoInstancesShareOneRedis runs two app instances on loopback with a
// shared secret and one redis-server: a missing page rendered and
// acknowledged on A, then reloaded on B (the same history entry presents
// the same token), fires once in all; a broadcast from A reaches a tab on B.
func TestTwoInstancesShareOneRedis(t *testing.T) {
	srv := redistest.Start(t)
	secret := []byte("shared secret of both instances")
	var fires atomic.Int32
	instance := func() *framework.App {
		rs := newStore(t, srv.Addr)
		app, err := framework.New(framework.Config{Secret: secret, OnceStore: rs, Broker: rs,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		app.OnNotFound(func(context.Context, framework.NotFoundEvent) { fires.Add(1) })
		t.Cleanup(func() { app.Shutdown(context.Background()) })
		return app
	}
	a, b := instance(), instance()
	sa, sb := httptest.NewServer(a), httptest.NewServer(b)
	defer sa.Close()
	defer sb.Close()

	resp, err := http.Get(sa.URL + "/missing")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := navRE.FindSubmatch(body)
	if resp.StatusCode != 404 || m == nil {
		t.Fatalf("A: %d, token %v", resp.StatusCode, m != nil)
	}
	tok := string(m[1])
	ack := func(base string) string {
		r, err := http.Post(base+"/_pagewire/beacon", "application/json", strings.NewReader(`{"token":"`+tok+`","url":"/missing"}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		return string(b)
	}
	if got := ack(sa.URL); got != `{"v":1,"ref":0,"type":"ack","fired":true}`+"\n" {
		t.Fatalf("ack on A: %s", got)
	}
	for range 3 { // reloads served by B, and by A again
		if got := ack(sb.URL); got != `{"v":1,"ref":0,"type":"ack","fired":false}`+"\n" {
			t.Fatalf("ack on B: %s", got)
		}
	}
	if got := ack(sa.URL); got != `{"v":1,"ref":0,"type":"ack","fired":false}`+"\n" {
		t.Fatalf("second ack on A: %s", got)
	}
	time.Sleep(100 * time.Millisecond)
	if n := fires.Load(); n != 1 {
		t.Fatalf("%d fires across both instances, want 1", n)
	}

	page := ft.Visit(t, b, "/live")
	page.Navigate("/live") // a round trip: B's subscription is in place
	if err := a.Broadcast(context.Background(), "news", framework.Update{ID: "news", Prop: "children", Value: "from A"}); err != nil {
		t.Fatal(err)
	}
	if !page.WaitPush(5*time.Second) || page.Text("news") != "from A" {
		t.Fatalf("tab on B after a broadcast on A: %q", page.Text("news"))
	}
}

// TestDataLossFiresTokenAgain checks that after Redis loses its data
// (FLUSHALL, as a restart without persistence), a token acknowledged
// before is refused for good instead of firing a second time, and a token
// issued after the loss fires.
func TestDataLossFiresTokenAgain(t *testing.T) {
	srv := redistest.Start(t)
	rs := newStore(t, srv.Addr)
	app, err := framework.New(framework.Config{OnceStore: rs, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Shutdown(context.Background()) })
	var fires atomic.Int32
	app.OnNotFound(func(context.Context, framework.NotFoundEvent) { fires.Add(1) })
	hs := httptest.NewServer(app)
	defer hs.Close()
	token := func() string {
		resp, err := http.Get(hs.URL + "/missing")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := navRE.FindSubmatch(body)
		if m == nil {
			t.Fatal("no token")
		}
		return string(m[1])
	}
	ack := func(tok string) (int, string) {
		r, err := http.Post(hs.URL+"/_pagewire/beacon", "application/json", strings.NewReader(`{"token":"`+tok+`","url":"/missing"}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		return r.StatusCode, string(b)
	}
	tok := token()
	if code, got := ack(tok); code != 200 || !strings.Contains(got, `"fired":true`) {
		t.Fatalf("first ack: %d %s", code, got)
	}
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer c.Close()
	if err := c.FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2100 * time.Millisecond) // the app trusts the epoch it read for 2 s
	if code, got := ack(tok); code != 400 || !strings.Contains(got, "older than the once store") || strings.Contains(got, "retry") {
		t.Fatalf("ack after the data loss: %d %s", code, got)
	}
	if code, got := ack(token()); code != 200 || !strings.Contains(got, `"fired":true`) {
		t.Fatalf("a token issued after the data loss: %d %s", code, got)
	}
	time.Sleep(100 * time.Millisecond)
	if n := fires.Load(); n != 2 {
		t.Fatalf("%d fires, want 2", n)
	}
}
