package framework

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Limits of the framework's logs of client-caused failures: a flood of
// bad requests, or of reconnects, must not flood the log.
const (
	logBurst   = 10          // lines of one message per window
	logWindow  = time.Second // the window
	maxLogMsgs = 256         // messages tracked at once
)

// logLimiter rate-limits log lines by message: at most logBurst lines of
// one message per window, then, at the end of the window, one line saying
// how many were suppressed. Its zero value is ready to use; it is safe for
// concurrent use and its memory is bounded by maxLogMsgs.
type logLimiter struct {
	window time.Duration // logWindow when zero

	mu   sync.Mutex
	msgs map[string]*logCount
}

// logCount is the window of one message.
type logCount struct {
	start   time.Time
	n       int // lines in the window, logged or not
	dropped int // lines suppressed, not yet reported
}

// log logs msg at level through l, unless the message is over its limit.
func (l *logLimiter) log(log *slog.Logger, level slog.Level, msg string, attrs ...any) {
	if l.allow(log, msg, time.Now()) {
		log.Log(context.Background(), level, msg, attrs...)
	}
}

// allow reports whether a line of msg may be logged at now. The first line
// suppressed in a window schedules the summary line at the window's end.
func (l *logLimiter) allow(log *slog.Logger, msg string, now time.Time) bool {
	window := l.window
	if window <= 0 {
		window = logWindow
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.msgs == nil {
		l.msgs = map[string]*logCount{}
	}
	c := l.msgs[msg]
	if c == nil {
		if len(l.msgs) >= maxLogMsgs {
			l.pruneLocked(now, window)
		}
		if len(l.msgs) >= maxLogMsgs {
			return false // a flood of distinct messages: the framework logs constants only
		}
		c = &logCount{start: now}
		l.msgs[msg] = c
	}
	if now.Sub(c.start) >= window {
		c.start, c.n = now, 0
	}
	c.n++
	if c.n <= logBurst {
		return true
	}
	c.dropped++
	if c.dropped == 1 {
		time.AfterFunc(c.start.Add(window).Sub(now), func() { l.report(log, msg) })
	}
	return false
}

// report logs how many lines of msg were suppressed since the last report.
func (l *logLimiter) report(log *slog.Logger, msg string) {
	l.mu.Lock()
	n := 0
	if c := l.msgs[msg]; c != nil {
		n, c.dropped = c.dropped, 0
	}
	l.mu.Unlock()
	if n > 0 {
		log.Warn("framework: log lines suppressed", "msg", msg, "suppressed", n)
	}
}

// pruneLocked forgets the messages whose window is over and that have no
// report pending.
func (l *logLimiter) pruneLocked(now time.Time, window time.Duration) {
	for k, c := range l.msgs {
		if c.dropped == 0 && now.Sub(c.start) >= window {
			delete(l.msgs, k)
		}
	}
}

// logLimited logs a client-caused failure at level, rate-limited per
// message (see logLimiter).
func (a *App) logLimited(level slog.Level, msg string, attrs ...any) {
	if a.hub == nil {
		a.log.Log(context.Background(), level, msg, attrs...)
		return
	}
	a.hub.logs.log(a.log, level, msg, attrs...)
}

// levelError is slog.LevelError, for files that do not import slog.
const levelError = slog.LevelError

// clientGone reports whether err is only the end of r's context: the
// client left, or its socket closed. That is not a failure to log.
func clientGone(r *http.Request, err error) bool {
	if r == nil || r.Context().Err() == nil {
		return false
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
