package framework

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// How tells how a navigation reached a missing page.
type How string

// The ways a navigation reaches a page. Back and forward never fire
// OnNotFound; a reload presents the token of the entry it reloads.
const (
	// HowDocument is a document load: a typed URL, an external link, a
	// bookmark, a new tab, a page without the runtime.
	HowDocument How = "document"
	// HowLink is an in-app link click.
	HowLink How = "link"
	// HowCallback is a navigation made by a callback setting a Location.
	HowCallback How = "callback"
	// HowScript is a navigation made by script with pagewire.navigate.
	HowScript How = "script"
	// HowRedirect is an in-app navigation that followed a redirect.
	HowRedirect How = "redirect"
	// HowBackForward is back or forward to an entry; only
	// OnNotFoundResponse sees it.
	HowBackForward How = "back-forward"
)

// NotFoundEvent describes a navigation that landed on a missing path.
type NotFoundEvent struct {
	// Path is the missing path, below the app's BasePath.
	Path string
	// Query is the URL's query.
	Query url.Values
	// Referrer is the page the navigation came from, when known.
	Referrer string
	// How is how the navigation happened.
	How How
	// NavigationID identifies the navigation: one per history entry.
	NavigationID string
	// Session is the tab's id (see Ctx.Session); "" for a beacon, which
	// carries none.
	Session string
	// UserAgent is the browser's User-Agent.
	UserAgent string
	// RemoteAddr is the client's address.
	RemoteAddr string
	// Time is when the missing page was rendered.
	Time time.Time
}

// OnceStore remembers which navigations have fired, so a hook runs once per
// navigation even across reloads and instances. Implementations are safe
// for concurrent use.
type OnceStore interface {
	// Claim records key for ttl and reports true only to the first caller;
	// an error means the claim is unknown, and the caller retries later.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// ErrStoreFull is returned by MemoryOnceStore.Claim when it holds its
// maximum of unexpired keys. It refuses rather than evicts: an evicted key
// could fire twice.
var ErrStoreFull = errors.New("framework: once store is full")

// MemoryOnceStore is the in-process OnceStore, bounded in entries and time.
// Its zero value holds up to 100,000 keys. It is safe for concurrent use.
type MemoryOnceStore struct {
	// Max is the most keys held at once. Optional. Default 100,000.
	Max int

	mu    sync.Mutex
	keys  map[string]time.Time // key -> expiry
	swept time.Time            // last sweep of expired keys while full
	now   func() time.Time
}

// Claim implements OnceStore.
func (s *MemoryOnceStore) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.now != nil {
		now = s.now()
	}
	if s.keys == nil {
		s.keys = map[string]time.Time{}
	}
	if exp, ok := s.keys[key]; ok && now.Before(exp) {
		return false, nil
	}
	max := s.Max
	if max <= 0 {
		max = 100_000
	}
	if len(s.keys) >= max && now.Sub(s.swept) >= time.Second { // a full sweep at most once a second
		s.swept = now
		for k, exp := range s.keys {
			if !now.Before(exp) {
				delete(s.keys, k)
			}
		}
	}
	if len(s.keys) >= max {
		return false, ErrStoreFull
	}
	s.keys[key] = now.Add(ttl)
	return true, nil
}

// Limits of navigation tokens and the hook queue.
const (
	maxTokenURL   = 2048 // bytes of the URL bound into a token
	maxReferrer   = 512  // bytes of the referrer kept
	maxTokenLen   = 4096 // bytes of a token accepted
	hookQueueLen  = 1024 // events waiting for the hooks
	hookWorkers   = 2    // goroutines running the hooks
	beaconMaxBody = 8 << 10
)

// navToken is the signed payload of a not-found render.
type navToken struct {
	N string `json:"n"` // navigation id
	U string `json:"u"` // the request URI, below the BasePath
	H How    `json:"h"`
	R string `json:"r,omitempty"` // referrer
	T int64  `json:"t"`           // render time, unix milliseconds
	X int64  `json:"x"`           // expiry, unix seconds
}

// issueToken makes the navigation token of a not-found render and returns
// it with its navigation id; the token is "" when no OnNotFound hook is
// registered (nothing to acknowledge) or the URL is too long to bind.
func (a *App) issueToken(uri string, how How, referrer string, now time.Time) (token, navID string) {
	if len(a.notFoundHooks()) == 0 {
		if len(hooksOf(&a.onNotFoundResp)) > 0 {
			navID = randomID()
		}
		return "", navID // no hook to fire: no token, and no id unless counted
	}
	navID = randomID()
	if len(uri) > maxTokenURL {
		return "", navID // too long to bind
	}
	if len(referrer) > maxReferrer {
		referrer = referrer[:maxReferrer]
	}
	b, _ := json.Marshal(navToken{N: navID, U: uri, H: how, R: referrer, T: now.UnixMilli(), X: now.Add(a.navTTL).Unix()})
	return a.signer.sign("nav", base64.RawURLEncoding.EncodeToString(b)), navID
}

// sameURI compares two request URIs as decoded path and query, so a
// browser's choice of percent-encoding does not matter.
func sameURI(a, b string) bool {
	ua, err1 := url.ParseRequestURI(a)
	ub, err2 := url.ParseRequestURI(b)
	return err1 == nil && err2 == nil && ua.Path == ub.Path && ua.Query().Encode() == ub.Query().Encode()
}

// Errors of a rejected acknowledgement. They are final: the runtime does
// not retry them.
var (
	errTokenBad     = errors.New("bad navigation token")
	errTokenExpired = errors.New("expired navigation token")
	errTokenPath    = errors.New("navigation token of another path")
)

// checkToken verifies a token against the URL the page shows.
func (a *App) checkToken(token, uri string, now time.Time) (navToken, error) {
	var t navToken
	if token == "" || len(token) > maxTokenLen {
		return t, errTokenBad
	}
	payload, ok := a.signer.verify("nav", token)
	if !ok {
		return t, errTokenBad
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(b, &t) != nil || t.N == "" {
		return t, errTokenBad
	}
	if now.Unix() >= t.X {
		return t, errTokenExpired
	}
	if !sameURI(t.U, uri) {
		return t, errTokenPath
	}
	return t, nil
}

// ackResult is the answer to an acknowledgement.
type ackResult struct {
	// Fired is true when this acknowledgement ran the hook.
	Fired bool `json:"fired"`
	// Error is a final refusal (bad, expired, other-path token), or, with
	// Retry, a passing failure.
	Error string `json:"error,omitempty"`
	// Retry asks the runtime to acknowledge again later.
	Retry bool `json:"retry,omitempty"`
}

// acknowledge handles a page's acknowledgement of a not-found render: the
// hook fires when the token is valid and its navigation is claimed first.
func (a *App) acknowledge(ctx context.Context, token, uri, tab string, r *http.Request) ackResult {
	now := time.Now()
	t, err := a.checkToken(token, uri, now)
	if err != nil {
		return ackResult{Error: err.Error()}
	}
	fns := a.notFoundHooks()
	if len(fns) == 0 {
		return ackResult{}
	}
	first, err := a.once.Claim(ctx, "nav:"+t.N, a.navTTL+time.Minute)
	if err != nil {
		a.log.Warn("framework: once store claim failed; the page will retry", "err", err)
		return ackResult{Error: "store unavailable", Retry: true}
	}
	if !first {
		return ackResult{}
	}
	u, _ := url.ParseRequestURI(t.U)
	ev := NotFoundEvent{NavigationID: t.N, How: t.H, Referrer: t.R, Session: tab, Time: time.UnixMilli(t.T)}
	if u != nil {
		ev.Path, ev.Query = a.appPath(u.Path), u.Query()
	}
	if r != nil {
		ev.UserAgent, ev.RemoteAddr = r.UserAgent(), r.RemoteAddr
	}
	a.hooks.enqueue(fns, ev)
	return ackResult{Fired: true}
}

// hookRunner runs hooks off the request path through a bounded queue, with
// a timeout and panic recovery per call.
type hookRunner struct {
	log     interface{ Error(string, ...any) }
	timeout time.Duration
	queue   chan hookJob
	wg      sync.WaitGroup
	mu      sync.Mutex
	closed  bool
}

type hookJob struct {
	fns []func(context.Context, NotFoundEvent)
	ev  NotFoundEvent
}

func newHookRunner(a *App) *hookRunner {
	h := &hookRunner{log: a.log, timeout: a.hookTimeout, queue: make(chan hookJob, hookQueueLen)}
	for range hookWorkers {
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			for job := range h.queue {
				for _, fn := range job.fns {
					h.run(fn, job.ev)
				}
			}
		}()
	}
	return h
}

func (h *hookRunner) run(fn func(context.Context, NotFoundEvent), ev NotFoundEvent) {
	ctx, cancel := context.WithTimeout(context.Background(), h.timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("framework: not-found hook panicked", "panic", fmt.Sprint(p), "path", ev.Path, "stack", string(debug.Stack()))
		}
	}()
	fn(ctx, ev)
}

// enqueue queues an event; a full queue drops it with a log line (the
// delivery is at most once).
func (h *hookRunner) enqueue(fns []func(context.Context, NotFoundEvent), ev NotFoundEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || len(fns) == 0 {
		return
	}
	select {
	case h.queue <- hookJob{fns: fns, ev: ev}:
	default:
		h.log.Error("framework: not-found hook queue full; event dropped", "path", ev.Path, "navigation", ev.NavigationID)
	}
}

// close stops the runner after the queued events ran, or ctx is done.
func (h *hookRunner) close(ctx context.Context) {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.queue)
	}
	h.mu.Unlock()
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// OnNotFound registers fn to run exactly once per navigation that lands on
// a missing path, after the page shows it:
//
//   - it fires for a typed URL or external link (the first document load),
//     an in-app link click, a redirect or a Location change made by a
//     callback, a new in-app navigation to a missing path visited before (a
//     new history entry is a new event), and the same missing URL opened in
//     a new tab;
//   - it does not fire again for a reload of that history entry, back or
//     forward to it, the socket reconnecting and re-rendering it, the
//     acknowledgement arriving twice or concurrently, or a reload served by
//     another instance of the app (with a shared Secret and OnceStore);
//   - it does not fire for clients that run no script (curl, crawlers):
//     they get the 404 status and page. OnNotFoundResponse counts those.
//
// Delivery is at most once, never a silent duplicate. The navigation is
// claimed in the OnceStore before fn runs; if fn fails or panics, the
// failure is logged and not retried; if the process dies between the claim
// and the run, the event is lost; if the store is unavailable (Redis down)
// nothing is claimed and the page retries its acknowledgement until the
// token expires (Config.NavigationTTL), so the event fires once the store is
// back. fn runs off the request path, through a bounded queue (a full queue
// drops the event with a log line), with a context that times out after
// Config.HookTimeout. OnNotFound is safe to call at any time; pages rendered
// before the first hook carry no token and cannot fire.
func (a *App) OnNotFound(fn func(ctx context.Context, ev NotFoundEvent)) {
	addHook(&a.onNotFound, &a.hookMu, fn)
}

type hookFn = func(context.Context, NotFoundEvent)

// addHook appends to a hook list copy-on-write, so readers need no lock.
func addHook(list *atomic.Pointer[[]hookFn], mu *sync.Mutex, fn hookFn) {
	mu.Lock()
	defer mu.Unlock()
	var next []hookFn
	if old := list.Load(); old != nil {
		next = append(next, *old...)
	}
	next = append(next, fn)
	list.Store(&next)
}

func hooksOf(list *atomic.Pointer[[]hookFn]) []hookFn {
	if p := list.Load(); p != nil {
		return *p
	}
	return nil
}

func (a *App) notFoundHooks() []hookFn { return hooksOf(&a.onNotFound) }

// hasHooks reports whether any not-found hook is registered.
func (a *App) hasHooks() bool {
	return a.onNotFound.Load() != nil || a.onNotFoundResp.Load() != nil
}

// OnNotFoundResponse registers fn to run on every 404 response, document
// or in-app, with no deduplication: access-log style counting. Its event
// has no Session. It runs like OnNotFound's hooks, off the request path.
func (a *App) OnNotFoundResponse(fn func(ctx context.Context, ev NotFoundEvent)) {
	addHook(&a.onNotFoundResp, &a.hookMu, fn)
}

// notFoundResponse runs the OnNotFoundResponse hooks for a 404 answer.
func (a *App) notFoundResponse(r *http.Request, uri string, how How, referrer, navID string, now time.Time) {
	fns := hooksOf(&a.onNotFoundResp)
	if len(fns) == 0 {
		return
	}
	ev := NotFoundEvent{How: how, Referrer: referrer, NavigationID: navID, UserAgent: r.UserAgent(), RemoteAddr: r.RemoteAddr, Time: now}
	if u, err := url.ParseRequestURI(uri); err == nil {
		ev.Path, ev.Query = a.appPath(u.Path), u.Query()
	}
	a.hooks.enqueue(fns, ev)
}

// appPath is a request path below the BasePath.
func (a *App) appPath(p string) string {
	if a.prefix != "" && strings.HasPrefix(p, a.prefix) {
		return ensureSlash(p[len(a.prefix):])
	}
	return p
}
