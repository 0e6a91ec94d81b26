package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// soakResult is what a soak measured.
type soakResult struct {
	Cfg        soakConfig
	Elapsed    time.Duration
	Ops        [numKinds]int
	RTT, Srv   [numKinds]percentiles
	Broadcasts int
	// Pushes received per tab: the fewest, the median and the total.
	PushMin, PushMedian, PushTotal int64
	// Errors by cause: error replies, unexpected closes, timeouts, pushes
	// missing for longer than Cfg.PushGap, other (writes, broadcasts).
	Replies, Closes, Timeouts, PushGaps, Other int64
	Samples                                    []string
	// The server's goroutines and heap: before the tabs, the most during
	// the run, and after the tabs closed.
	Base, Peak, After heapStats
	Settled           time.Duration // how long After took to come
}

// Tolerances of the after-close check against the baseline.
const (
	soakGoroutineSlack = 10
	soakHeapSlackBytes = 2 << 20
	soakHeapSlackRatio = 0.10
)

func (r soakResult) errors() int64 { return r.Replies + r.Closes + r.Timeouts + r.PushGaps + r.Other }

func (r soakResult) goroutinesBack() bool {
	return r.After.Goroutines <= r.Base.Goroutines+soakGoroutineSlack
}

func (r soakResult) heapBack() bool {
	slack := max(uint64(soakHeapSlackBytes), uint64(float64(r.Base.HeapAlloc)*soakHeapSlackRatio))
	return r.After.HeapAlloc <= r.Base.HeapAlloc+slack
}

// failures names every check the run failed.
func (r soakResult) failures() []string {
	var f []string
	if n := r.errors(); n > 0 {
		f = append(f, fmt.Sprintf("%d errors (first: %s)", n, strings.Join(r.Samples, "; ")))
	}
	if !r.goroutinesBack() {
		f = append(f, fmt.Sprintf("goroutines after close %d, baseline %d: more than +%d", r.After.Goroutines, r.Base.Goroutines, soakGoroutineSlack))
	}
	if !r.heapBack() {
		f = append(f, fmt.Sprintf("heap after close %s, baseline %s: more than +10%% or +2 MB", mb(r.After.HeapAlloc), mb(r.Base.HeapAlloc)))
	}
	for k, n := range r.Ops {
		if n == 0 {
			f = append(f, "no "+soakKinds[k]+" operation done")
		}
	}
	if r.PushMin == 0 {
		f = append(f, "a tab received no push")
	}
	return f
}

// soak runs a soak on the app at base: a short warm-up with a few tabs,
// the baseline, the run, every tab closed, and the server's way back.
func soak(base string, cfg soakConfig) (soakResult, error) {
	res := soakResult{Cfg: cfg}
	errs := &soakErrors{}
	warm := cfg
	warm.Tabs, warm.ActMin, warm.ActMax = min(cfg.Tabs, 4), 50*time.Millisecond, 100*time.Millisecond
	if err := soakTabs(base, warm, time.Second, errs, nil); err != nil {
		return res, fmt.Errorf("warm-up: %w", err)
	}
	// The baseline: once the warm-up's sockets are gone, two samples alike.
	var err error
	if res.Base, err = sampleHeap(base); err != nil {
		return res, err
	}
	for end := time.Now().Add(cfg.Settle); time.Now().Before(end); {
		time.Sleep(500 * time.Millisecond)
		h, err := sampleHeap(base)
		if err != nil {
			return res, err
		}
		same := h.Goroutines == res.Base.Goroutines
		res.Base = h
		if same {
			break
		}
	}
	res.Peak = res.Base
	peak := func(h heapStats) {
		res.Peak.Goroutines = max(res.Peak.Goroutines, h.Goroutines)
		res.Peak.HeapAlloc = max(res.Peak.HeapAlloc, h.HeapAlloc)
		res.Peak.HeapInuse = max(res.Peak.HeapInuse, h.HeapInuse)
		res.Peak.StackInuse = max(res.Peak.StackInuse, h.StackInuse)
	}
	begin := time.Now()
	err = soakTabs(base, cfg, cfg.D, errs, func(p *soakPhase, sample bool, broadcasts int) {
		if sample {
			if h, err := sampleHeap(base); err == nil {
				peak(h)
			} else {
				errs.add(&errs.Other, "heap sample: %v", err)
			}
			return
		}
		res.Broadcasts = broadcasts
		var pushes []int64
		var rtt, srv [numKinds][]time.Duration
		for _, t := range p.tabs {
			pushes = append(pushes, t.pushes.Load())
			t.mu.Lock()
			for k := range numKinds {
				rtt[k], srv[k] = append(rtt[k], t.lat[k]...), append(srv[k], t.srv[k]...)
			}
			t.mu.Unlock()
		}
		slices.Sort(pushes)
		res.PushMin, res.PushMedian = pushes[0], pushes[len(pushes)/2]
		for _, n := range pushes {
			res.PushTotal += n
		}
		for k := range numKinds {
			res.Ops[k], res.RTT[k], res.Srv[k] = len(rtt[k]), summarize(rtt[k]), summarize(srv[k])
		}
	})
	if err != nil {
		return res, err
	}
	res.Elapsed = time.Since(begin)
	closed := time.Now()
	for {
		if res.After, err = sampleHeap(base); err != nil {
			return res, err
		}
		res.Settled = time.Since(closed)
		if (res.goroutinesBack() && res.heapBack()) || res.Settled >= cfg.Settle {
			break
		}
		time.Sleep(time.Second)
	}
	res.Replies, res.Closes, res.Timeouts = errs.Replies.Load(), errs.Closes.Load(), errs.Timeouts.Load()
	res.PushGaps, res.Other, res.Samples = errs.PushGaps.Load(), errs.Other.Load(), errs.samples
	return res, nil
}

// soakTabs opens cfg.Tabs tabs, runs them for d with the broadcaster on,
// and closes them. When report is not nil, it is called with sample set
// every cfg.SampleEvery and once the tabs are open, then, once, with the
// tabs done, before they close.
func soakTabs(base string, cfg soakConfig, d time.Duration, errs *soakErrors, report func(p *soakPhase, sample bool, broadcasts int)) error {
	p := &soakPhase{base: base, cfg: cfg, errs: errs}
	err := p.open()
	defer p.close()
	if err != nil {
		return err
	}
	stop, bdone := make(chan struct{}), make(chan int)
	go func() { bdone <- broadcast(base, cfg.PushEvery, errs, stop) }()
	sdone := make(chan struct{})
	if report != nil {
		report(p, true, 0)
		go func() {
			defer close(sdone)
			tick := time.NewTicker(cfg.SampleEvery)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					report(p, true, 0)
				}
			}
		}()
	} else {
		close(sdone)
	}
	p.run(d)
	close(stop)
	n := <-bdone
	<-sdone
	if report != nil {
		report(p, true, 0)
		report(p, false, n)
	}
	return nil
}

func mb(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

// markdown is the "## Soak" section of BENCHMARKS.md.
func (r soakResult) markdown() string {
	var b strings.Builder
	c := r.Cfg
	viaMake := ""
	if c.Tabs == 1000 && c.D == 10*time.Minute {
		viaMake = " (`make soak`)"
	}
	fmt.Fprintf(&b, "## Soak\n\n`pagewire-bench soak -tabs %d -d %v`%s, %s, %d cores shared by the server and the driver.\n\n",
		c.Tabs, c.D, viaMake, time.Now().UTC().Format("2006-01-02"), runtime.NumCPU())
	fmt.Fprintf(&b, "%d tabs (websocket clients speaking Pagewire's protocol) on the benchmark app for %v: each acts every %v to %v at random, "+
		"one request at a time (2 in 5 a nav between /live and /live/analytics, 2 a callback, 1 a three-step chain), and every tab's page "+
		"is subscribed to the topic %q, broadcast on every %v; then every tab closes. Errors: an error reply, an unexpected close, "+
		"no reply in %v, no push for %v.\n\n",
		c.Tabs, r.Elapsed.Round(time.Second), c.ActMin, c.ActMax, soakTopic, c.PushEvery, c.Timeout, c.PushGap)
	b.WriteString("| kind | operations | per second | p50 | p90 | p99 | max | server p50 | server p99 |\n|---|---|---|---|---|---|---|---|---|\n")
	for k := range numKinds {
		fmt.Fprintf(&b, "| %s | %d | %.0f | %s | %s | %s | %s | %s | %s |\n", soakKinds[k], r.Ops[k], float64(r.Ops[k])/r.Elapsed.Seconds(),
			ms(r.RTT[k].P50), ms(r.RTT[k].P90), ms(r.RTT[k].P99), ms(r.RTT[k].Max), ms(r.Srv[k].P50), ms(r.Srv[k].P99))
	}
	fmt.Fprintf(&b, "\nPushes: %d broadcasts, %d received in all; per tab, fewest %d, median %d.\n\n", r.Broadcasts, r.PushTotal, r.PushMin, r.PushMedian)
	fmt.Fprintf(&b, "Errors: %d (error replies %d, unexpected closes %d, timeouts %d, push gaps %d, other %d).\n\n",
		r.errors(), r.Replies, r.Closes, r.Timeouts, r.PushGaps, r.Other)
	b.WriteString("| server (after GC) | goroutines | heap (HeapAlloc) |\n|---|---|---|\n")
	fmt.Fprintf(&b, "| baseline | %d | %s |\n| peak | %d | %s |\n", r.Base.Goroutines, mb(r.Base.HeapAlloc), r.Peak.Goroutines, mb(r.Peak.HeapAlloc))
	fmt.Fprintf(&b, "| after close (%v later) | %d | %s |\n", r.Settled.Round(time.Second), r.After.Goroutines, mb(r.After.HeapAlloc))
	fmt.Fprintf(&b, "| back to baseline (+%d; +10%% or +2 MB) | %s | %s |\n", soakGoroutineSlack, okMark(r.goroutinesBack()), okMark(r.heapBack()))
	if f := r.failures(); len(f) > 0 {
		fmt.Fprintf(&b, "\n**Failed**: %s.\n", strings.Join(f, "; "))
	} else {
		b.WriteString("\nPassed: no error, and the server back to its baseline.\n")
	}
	return b.String()
}

func okMark(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// replaceSection puts section, a "## " section, into doc: in place of the
// section of the same heading, or else before "## What limits these
// numbers", or else at the end.
func replaceSection(doc, section string) string {
	heading, _, _ := strings.Cut(section, "\n")
	section = strings.TrimRight(section, "\n") + "\n"
	start := -1
	if strings.HasPrefix(doc, heading+"\n") {
		start = 0
	} else if i := strings.Index(doc, "\n"+heading+"\n"); i >= 0 {
		start = i + 1
	}
	if start >= 0 {
		end := len(doc)
		if i := strings.Index(doc[start+len(heading):], "\n## "); i >= 0 {
			end = start + len(heading) + i + 1
			section += "\n"
		}
		return doc[:start] + section + doc[end:]
	}
	if i := strings.Index(doc, "\n## What limits these numbers"); i >= 0 {
		return doc[:i+1] + section + "\n" + doc[i+1:]
	}
	if doc != "" && !strings.HasSuffix(doc, "\n\n") {
		doc = strings.TrimRight(doc, "\n") + "\n\n"
	}
	return doc + section
}

// soakCmd is `pagewire-bench soak`: a soak on the app at base, or on a
// `serve` child when base is empty; it prints the report's section, writes
// it into out unless out is empty, and fails when a check did.
func soakCmd(base string, tabs int, d time.Duration, out string) error {
	raiseFileLimit()
	if base == "" {
		srv, stop, err := startServer()
		if err != nil {
			return err
		}
		defer stop()
		base = srv.Bench
	}
	done := step(fmt.Sprintf("soak: %d tabs for %v", tabs, d))
	res, err := soak(base, newSoakConfig(tabs, d))
	if err != nil {
		return err
	}
	done()
	md := res.markdown()
	fmt.Print(md)
	if out != "" {
		doc, err := os.ReadFile(out)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := os.WriteFile(out, []byte(replaceSection(string(doc), md)), 0o644); err != nil {
			return err
		}
	}
	if f := res.failures(); len(f) > 0 {
		return fmt.Errorf("soak failed: %s", strings.Join(f, "; "))
	}
	return nil
}
