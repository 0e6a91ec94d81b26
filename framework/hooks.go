package framework

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// hookRunner runs hooks off the request path through a bounded queue, with
// a timeout and panic recovery per call.
type hookRunner struct {
	log     interface{ Error(string, ...any) }
	timeout time.Duration
	queue   chan hookJob
	wg      sync.WaitGroup
	mu      sync.Mutex
	started bool // the workers run: they start with the first event
	closed  bool

	// The acknowledgements' bounds (claimquota.go, notfound.go).
	acks       *ackQuotas
	epoch      *epochCache
	ackTimeout time.Duration
}

type hookJob struct {
	fns []func(context.Context, NotFoundEvent)
	ev  NotFoundEvent
}

func newHookRunner(a *App) *hookRunner {
	h := &hookRunner{log: a.log, timeout: a.hookTimeout, queue: make(chan hookJob, hookQueueLen)}
	h.acks, h.epoch, h.ackTimeout = newAckQuotas(a.cfg, a.navTTL), &epochCache{}, a.cfg.NotFoundAckTimeout
	if h.ackTimeout <= 0 {
		h.ackTimeout = defaultAckTimeout
	}
	if s, ok := a.once.(EpochStore); ok {
		// Read the epoch now, before the first token: a store that starts
		// its epoch at its first use must not refuse this process's tokens.
		h.epoch.store = s
		ctx, cancel := context.WithTimeout(context.Background(), h.ackTimeout)
		if _, err := h.epoch.get(ctx); err != nil {
			a.log.Warn("framework: reading the once store's epoch failed; acknowledgements retry it", "err", err)
		}
		cancel()
	}
	return h
}

// start starts the workers; h.mu is held. An app whose hooks never fire
// runs no goroutine for them.
func (h *hookRunner) start() {
	h.started = true
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
	if !h.started {
		h.start()
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
// back. The same holds while the store is under pressure: a full
// MemoryOnceStore (ErrStoreFull), a failing or slow store (a claim that
// takes longer than Config.NotFoundAckTimeout) and too many claims in
// flight are all answered with a retry, never a second fire; a claim that
// succeeds after its acknowledgement was answered still runs fn. One client
// cannot fill the store for the others: its claims are bounded per address
// and per tab (Config.NotFoundClaimsPerAddress, NotFoundClaimsPerTab), and
// an acknowledgement over the quota is refused for good. A store that lost
// its claims (EpochStore) refuses the tokens issued before the loss. fn
// runs off the request path, through a bounded queue (a full queue drops
// the event with a log line), with a context that times out after
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
