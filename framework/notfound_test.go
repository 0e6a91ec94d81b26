package framework

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// hookLog records the events a hook receives.
type hookLog struct {
	mu  sync.Mutex
	evs []NotFoundEvent
}

func (h *hookLog) fn(_ context.Context, ev NotFoundEvent) {
	h.mu.Lock()
	h.evs = append(h.evs, ev)
	h.mu.Unlock()
}

func (h *hookLog) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.evs)
}

// settle waits until the hook queue has drained what was enqueued.
func settle(t *testing.T, h *hookLog, want int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for h.count() < want && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // room for an extra, wrong fire to show
	if got := h.count(); got != want {
		t.Fatalf("hook ran %d times, want %d", got, want)
	}
}

var navRE = regexp.MustCompile(`data-pw-nav="([^"]+)"`)

func tokenOf(t *testing.T, body string) string {
	t.Helper()
	m := navRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no navigation token in:\n%.600s", body)
	}
	return m[1]
}

// newHookApp builds an app of the router tests' pages (a registry of its
// own) with both not-found hooks recording.
func newHookApp(t *testing.T, cfg Config) (*App, *hookLog, *hookLog) {
	t.Helper()
	cfg.Registry = registerTestPages(t)
	app := newTestApp(t, cfg)
	fires, resps := &hookLog{}, &hookLog{}
	app.OnNotFound(fires.fn)
	app.OnNotFoundResponse(resps.fn)
	return app, fires, resps
}

func TestAcknowledgeFiresOncePerToken(t *testing.T) {
	t.Parallel()
	app, fires, resps := newHookApp(t, Config{})
	w := do(app, "GET", "/missing?b=2&a=1", "Referer", "https://search.example/?q=x", "User-Agent", "probe/1")
	tok := tokenOf(t, w.Body.String())
	if w.Code != 404 {
		t.Fatalf("status %d", w.Code)
	}
	r := httptest.NewRequest("GET", "/missing", nil)
	r.Header.Set("User-Agent", "probe/1")
	// 100 concurrent acknowledgements of one token: exactly one fire.
	var fired atomic.Int32
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if res := app.acknowledge(context.Background(), tok, "/missing?a=1&b=2", "tab-1", r); res.Fired {
				fired.Add(1)
			} else if res.Error != "" {
				t.Errorf("a duplicate acknowledgement got an error: %q", res.Error)
			}
		}()
	}
	wg.Wait()
	if fired.Load() != 1 {
		t.Fatalf("%d acknowledgements fired, want 1", fired.Load())
	}
	settle(t, fires, 1)
	ev := fires.evs[0]
	if ev.Path != "/missing" || ev.Query.Get("a") != "1" || ev.How != HowDocument || ev.Referrer != "https://search.example/?q=x" ||
		ev.Session != "tab-1" || ev.UserAgent != "probe/1" || ev.NavigationID == "" || time.Since(ev.Time) > time.Minute {
		t.Fatalf("event %+v", ev)
	}
	// The response hook saw the 404 itself, once, with the same navigation.
	settle(t, resps, 1)
	if resps.evs[0].NavigationID != ev.NavigationID || resps.evs[0].Path != "/missing" {
		t.Fatalf("response event %+v", resps.evs[0])
	}
	// A new render of the same URL is a new navigation: it fires again.
	tok2 := tokenOf(t, do(app, "GET", "/missing?a=1&b=2").Body.String())
	if res := app.acknowledge(context.Background(), tok2, "/missing?a=1&b=2", "", nil); !res.Fired {
		t.Fatalf("a new navigation did not fire: %+v", res)
	}
	settle(t, fires, 2)
}

func TestBadTokensNeverFire(t *testing.T) {
	t.Parallel()
	app, fires, _ := newHookApp(t, Config{})
	tok := tokenOf(t, do(app, "GET", "/missing").Body.String())
	payload, _, _ := strings.Cut(tok, ".")
	other := newTestApp(t, Config{Registry: registerTestPages(t), Secret: []byte("another app's secret")})
	foreign, _ := other.issueToken("/missing", HowDocument, "", time.Now())
	tamper := func(f func(*navToken)) string {
		b, _ := base64.RawURLEncoding.DecodeString(payload)
		nt, ok := parsePayload(b)
		if !ok {
			t.Fatalf("token payload %q does not parse", payload)
		}
		f(&nt)
		b, _ = nt.appendPayload(nil)
		return base64.RawURLEncoding.EncodeToString(b) + tok[len(payload):] // the old signature
	}
	expired := app.signToken(navToken{N: strings.Repeat("0a", randomIDLen), U: "/missing", H: HowDocument, X: time.Now().Add(-time.Second).Unix()})
	cases := []struct{ name, token, url, want string }{
		{"forged signature", payload + ".AAAAAAAAAAAAAAAAAAAAAA", "/missing", "bad navigation token"},
		{"tampered payload", tamper(func(n *navToken) { n.N = strings.Repeat("0b", randomIDLen) }), "/missing", "bad navigation token"},
		{"another app's token", foreign, "/missing", "bad navigation token"},
		{"other path", tok, "/elsewhere", "navigation token of another path"},
		{"expired", expired, "/missing", "expired navigation token"},
		{"garbage", "garbage", "/missing", "bad navigation token"},
		{"empty", "", "/missing", "bad navigation token"},
		{"oversized", strings.Repeat("a", maxTokenLen+1), "/missing", "bad navigation token"},
	}
	for _, c := range cases {
		if res := app.acknowledge(context.Background(), c.token, c.url, "", nil); res.Fired || res.Error != c.want || res.Retry {
			t.Errorf("%s: %+v, want error %q", c.name, res, c.want)
		}
	}
	settle(t, fires, 0)
}

func TestBeacon(t *testing.T) {
	t.Parallel()
	app, fires, _ := newHookApp(t, Config{})
	srv := httptest.NewServer(app)
	defer srv.Close()
	tok := tokenOf(t, do(app, "GET", "/gone").Body.String())
	post := func(body, origin string) (int, ackResult) {
		req, _ := http.NewRequest("POST", srv.URL+"/_pagewire/beacon", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var res ackResult
		json.NewDecoder(resp.Body).Decode(&res)
		return resp.StatusCode, res
	}
	body := `{"token":"` + tok + `","url":"/gone"}`
	if code, res := post(body, "https://evil.example"); code != 403 || res.Fired {
		t.Fatalf("cross-origin beacon: %d %+v", code, res)
	}
	if code, res := post(body, srv.URL); code != 200 || !res.Fired {
		t.Fatalf("beacon: %d %+v", code, res)
	}
	if code, res := post(body, ""); code != 200 || res.Fired {
		t.Fatalf("second beacon: %d %+v", code, res)
	}
	if code, res := post(`{"token":"x","url":"/gone"}`, ""); code != 400 || res.Error != "bad navigation token" {
		t.Fatalf("bad token: %d %+v", code, res)
	}
	if code, _ := post(`{not json`, ""); code != 400 {
		t.Fatalf("malformed: %d", code)
	}
	if code, _ := post(`{"token":"`+strings.Repeat("a", beaconMaxBody)+`"}`, ""); code != 413 {
		t.Fatalf("oversized: %d", code)
	}
	if w := do(app, "GET", "/_pagewire/beacon"); w.Code != 405 {
		t.Fatalf("GET beacon: %d", w.Code)
	}
	settle(t, fires, 1)
}

func TestSocketNavigationTokensAndAck(t *testing.T) {
	t.Parallel()
	app, fires, resps := newHookApp(t, Config{})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	msg := func(kind string) string {
		b, _ := json.Marshal(message{V: 1, Ref: 1, Type: "nav", URL: "/lost?x=1", Kind: kind, From: srv.URL + "/analytics"})
		return string(b)
	}
	link := roundTrip(t, conn, msg("link"))
	if link.Status != 404 || link.Nav == "" {
		t.Fatalf("link to a missing page: %+v", link)
	}
	if pop := roundTrip(t, conn, msg("pop")); pop.Status != 404 || pop.Nav != "" {
		t.Fatalf("back/forward must not get a token: %+v", pop)
	}
	if ok := roundTrip(t, conn, msg("link")); ok.Nav == link.Nav {
		t.Fatal("two navigations got the same token")
	}
	ack := func(tok string) reply {
		b, _ := json.Marshal(message{V: 1, Ref: 7, Type: "ack", Token: tok, URL: "/lost?x=1"})
		return roundTrip(t, conn, string(b))
	}
	if r := ack(link.Nav); r.Type != "ack" || !r.Fired || r.Error != "" {
		t.Fatalf("ack: %+v", r)
	}
	if r := ack(link.Nav); r.Fired || r.Error != "" {
		t.Fatalf("second ack: %+v", r)
	}
	if r := ack("forged.token"); r.Fired || r.Error != "bad navigation token" {
		t.Fatalf("forged ack: %+v", r)
	}
	settle(t, fires, 1)
	if ev := fires.evs[0]; ev.How != HowLink || ev.Referrer != srv.URL+"/analytics" || ev.Session == "" || ev.Path != "/lost" {
		t.Fatalf("event %+v", ev)
	}
	settle(t, resps, 3) // every 404 reply counts, back/forward included
	if resps.evs[1].How != HowBackForward {
		t.Fatalf("response events %+v", resps.evs)
	}
}

// flakyStore fails until healthy is set.
type flakyStore struct {
	healthy atomic.Bool
	MemoryOnceStore
}

func (s *flakyStore) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if !s.healthy.Load() {
		return false, errors.New("connection refused")
	}
	return s.MemoryOnceStore.Claim(ctx, key, ttl)
}

func TestStoreDownMeansRetryNotLossOrDuplicate(t *testing.T) {
	t.Parallel()
	store := &flakyStore{}
	app, fires, _ := newHookApp(t, Config{OnceStore: store})
	tok := tokenOf(t, do(app, "GET", "/missing").Body.String())
	for range 3 {
		if res := app.acknowledge(context.Background(), tok, "/missing", "", nil); res.Fired || !res.Retry {
			t.Fatalf("with the store down: %+v, want a retry", res)
		}
	}
	store.healthy.Store(true)
	if res := app.acknowledge(context.Background(), tok, "/missing", "", nil); !res.Fired {
		t.Fatalf("after the store came back: %+v", res)
	}
	if res := app.acknowledge(context.Background(), tok, "/missing", "", nil); res.Fired {
		t.Fatal("fired twice")
	}
	settle(t, fires, 1)
}

func TestMemoryOnceStoreIsBounded(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	s := &MemoryOnceStore{Max: 2, now: func() time.Time { return now }}
	ctx := context.Background()
	for _, k := range []string{"a", "b"} {
		if ok, err := s.Claim(ctx, k, time.Minute); !ok || err != nil {
			t.Fatalf("claim %s: %v %v", k, ok, err)
		}
	}
	if ok, err := s.Claim(ctx, "a", time.Minute); ok || err != nil {
		t.Fatalf("second claim of a: %v %v", ok, err)
	}
	if _, err := s.Claim(ctx, "c", time.Minute); !errors.Is(err, ErrStoreFull) {
		t.Fatalf("claim past Max: %v, want ErrStoreFull (refuse, never evict)", err)
	}
	now = now.Add(2 * time.Minute) // a and b expire; the sweep runs again
	if ok, err := s.Claim(ctx, "c", time.Minute); !ok || err != nil {
		t.Fatalf("claim after expiry: %v %v", ok, err)
	}
	if len(s.keys) != 1 {
		t.Fatalf("%d keys kept, want the expired ones gone", len(s.keys))
	}
}

func TestHookPanicIsContained(t *testing.T) {
	t.Parallel()
	app, fires, _ := newHookApp(t, Config{})
	var panics atomic.Int32
	panicky := []hookFn{func(context.Context, NotFoundEvent) {
		panics.Add(1)
		panic("hook exploded")
	}}
	panicky = append(panicky, app.notFoundHooks()...)
	app.onNotFound.Store(&panicky)
	for range 2 {
		tok := tokenOf(t, do(app, "GET", "/missing").Body.String())
		app.acknowledge(context.Background(), tok, "/missing", "", nil)
	}
	settle(t, fires, 2) // the hook after the panicking one still ran, twice
	if panics.Load() != 2 {
		t.Fatalf("%d panics", panics.Load())
	}
}

func TestResponseHookCountsEveryNotFound(t *testing.T) {
	t.Parallel()
	app, fires, resps := newHookApp(t, Config{})
	for range 3 {
		do(app, "GET", "/missing") // curl: no script, no acknowledgement
	}
	do(app, "GET", "/analytics") // a page: not counted
	settle(t, resps, 3)
	settle(t, fires, 0)
}

func TestNoTokenWithoutHook(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t)})
	if strings.Contains(do(app, "GET", "/missing").Body.String(), "data-pw-nav") {
		t.Fatal("a token was issued with no OnNotFound hook")
	}
}

func TestStaticNotFoundCarriesRuntimeOnlyWithHook(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "404.html")
	static := "<!doctype html><title>Gone</title><body><h1>Gone</h1></body></html>"
	os.WriteFile(file, []byte(static), 0o644)
	app, fires, _ := newHookApp(t, Config{NotFoundFile: file})
	body := do(app, "GET", "/x").Body.String()
	tok := tokenOf(t, body)
	if !strings.HasPrefix(body, "<!doctype html><title>Gone</title><body><h1>Gone</h1><script src=\"/_pagewire/"+runtimeFile) ||
		!strings.HasSuffix(body, "defer></script></body></html>") {
		t.Fatalf("body %s", body)
	}
	if res := app.acknowledge(context.Background(), tok, "/x", "", nil); !res.Fired {
		t.Fatalf("%+v", res)
	}
	settle(t, fires, 1)
	plain := newTestApp(t, Config{Registry: registerTestPages(t), NotFoundFile: file})
	if got := do(plain, "GET", "/x").Body.String(); got != static {
		t.Fatalf("without a hook the file must be served as-is: %s", got)
	}
}

// TestNotFoundHTML checks that Config.NotFoundHTML is served as the static
// not-found page, with 404, and wins over NotFoundFile.
func TestNotFoundHTML(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, Config{Registry: registerTestPages(t), NotFoundHTML: []byte("<p>gone away</p>"), NotFoundFile: "no-such-file.html"})
	if w := do(app, "GET", "/missing"); w.Code != 404 || !strings.Contains(w.Body.String(), "gone away") {
		t.Fatalf("GET /missing: %d %s", w.Code, w.Body.String())
	}
}
