package framework

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestLogLimiterSuppressesFlood checks that 100 lines of one message in a
// window log 10 and then one line counting the 90 suppressed, that another
// message has its own limit, and that a new window logs again.
func TestLogLimiterSuppressesFlood(t *testing.T) {
	t.Parallel()
	var logs logBuffer
	log := logs.logger()
	l := &logLimiter{window: 200 * time.Millisecond}
	for i := range 100 {
		l.log(log, slog.LevelError, "framework: render failed", "i", i)
	}
	l.log(log, slog.LevelWarn, "framework: other")
	if n := logs.lines(); n != logBurst+1 {
		t.Fatalf("%d lines logged in the window, want %d:\n%s", n, logBurst+1, logs.String())
	}
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(logs.String(), "suppressed") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	out := logs.String()
	if !strings.Contains(out, `level=WARN msg="framework: log lines suppressed" msg="framework: render failed" suppressed=90`) {
		t.Fatalf("no summary of the suppressed lines:\n%s", out)
	}
	if n := strings.Count(out, "suppressed="); n != 1 {
		t.Fatalf("%d summary lines, want 1:\n%s", n, out)
	}
	l.log(log, slog.LevelError, "framework: render failed", "i", "next")
	if !strings.Contains(logs.String(), "i=next") {
		t.Fatalf("a line of the next window was suppressed:\n%s", logs.String())
	}
}

// TestLogLimiterBoundsMessages checks that the limiter tracks at most
// maxLogMsgs messages, however many distinct ones it is given.
func TestLogLimiterBoundsMessages(t *testing.T) {
	t.Parallel()
	var logs logBuffer
	l := &logLimiter{}
	for i := range 3 * maxLogMsgs {
		l.log(logs.logger(), slog.LevelWarn, fmt.Sprint("msg ", i))
	}
	l.mu.Lock()
	n := len(l.msgs)
	l.mu.Unlock()
	if n != maxLogMsgs {
		t.Fatalf("%d messages tracked, want the bound %d", n, maxLogMsgs)
	}
	if got := logs.lines(); got != maxLogMsgs {
		t.Fatalf("%d lines logged, want %d", got, maxLogMsgs)
	}
}
