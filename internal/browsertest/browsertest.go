// Package browsertest starts Debian's Chromium, headless, for browser tests.
// A test that needs it skips with a clear reason when chromium is not on
// PATH, except under CI=true, where a missing browser fails the test.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout bounds one browser test.
const Timeout = 90 * time.Second

// ExecPath returns the path of chromium, skipping t when it is missing, or
// failing t under CI=true.
func ExecPath(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("chromium is not on PATH and CI=true: browser tests must run (make test installs Debian's chromium)")
	}
	t.Skip("chromium is not on PATH: browser test skipped (make test installs Debian's chromium)")
	return ""
}

// New starts a headless Chromium with a fresh profile and returns a context
// for one tab. The browser is stopped when the test ends.
func New(t testing.TB) context.Context {
	t.Helper()
	path := ExecPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), Timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return bctx
}

// Eval evaluates a JavaScript expression and returns its value.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// WaitFor evaluates the expression every few milliseconds until it is
// truthy, failing t after timeout. It rides through document loads: an
// evaluation that fails because the page navigated is tried again.
func WaitFor(t testing.TB, ctx context.Context, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		last = err
		if ctx.Err() != nil {
			break
		}
		time.Sleep(15 * time.Millisecond)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("location.href"))
	t.Fatalf("waiting for %s: not true after %v (last error %v, location %s)", expr, timeout, last, loc)
}
