package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"time"

	"github.com/chromedp/chromedp"
)

// browserResult is what Chromium measured.
type browserResult struct {
	Bytes          int           // transferred for the cold load of /
	Requests       int           // requests of the cold load
	BeforeContent  int           // requests started before the first contentful paint
	ContentInFirst bool          // the page's content is in the document response
	ColdLoad       time.Duration // navigation start to first contentful paint
	Nav, Callback  percentiles   // click-to-content, typing-to-output (runtime marks)
	Reps           int
	// ChartCold and ChartWarm are in-app navigation to a page with a Graph
	// until plotly's SVG is in the page: the first time, when plotly.js
	// loads, and once it is loaded.
	ChartCold, ChartWarm time.Duration
	// GraphDoc and PlainDoc are the document sizes of the graph page and
	// of / without a chart.
	GraphDoc, PlainDoc int
}

// browserTiming drives headless Debian Chromium against the app at base.
// With uncapped, Chromium runs without its frame-rate limit and vsync, which
// shows how much of the time is the wait for the next frame.
func browserTiming(base string, reps int, uncapped bool) (browserResult, error) {
	var res browserResult
	path, err := exec.LookPath("chromium")
	if err != nil {
		return res, fmt.Errorf("chromium is not on PATH (make bench installs Debian's chromium)")
	}
	dir, err := os.MkdirTemp("", "pagewire-bench-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-quic", true), chromedp.UserDataDir(dir))
	if uncapped {
		opts = append(opts, chromedp.Flag("disable-frame-rate-limit", true), chromedp.Flag("disable-gpu-vsync", true))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	eval := func(expr string, out any) error {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[any](expr))
		if err != nil {
			return err
		}
		switch o := out.(type) {
		case *float64:
			*o, _ = v.(float64)
		case *bool:
			*o, _ = v.(bool)
		}
		return nil
	}
	// Poll gently: every evaluation runs on the page's main thread, so a
	// tight loop would slow down what it measures (the marks are exact
	// whatever the polling rate).
	waitFor := func(expr string) error {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			var ok bool
			if err := eval("!!("+expr+")", &ok); err == nil && ok {
				return nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return fmt.Errorf("timed out waiting for %s", expr)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/")); err != nil {
		return res, err
	}
	if err := waitFor(`performance.getEntriesByName("first-contentful-paint").length > 0 && document.documentElement.dataset.pwSocket === "open"`); err != nil {
		return res, err
	}
	var fcp, bytes, reqs, before float64
	eval(`performance.getEntriesByName("first-contentful-paint")[0].startTime`, &fcp)
	eval(`[performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")].reduce((n, e) => n + e.transferSize, 0)`, &bytes)
	eval(`1 + performance.getEntriesByType("resource").length`, &reqs)
	eval(`1 + performance.getEntriesByType("resource").filter(e => e.startTime < performance.getEntriesByName("first-contentful-paint")[0].startTime).length`, &before)
	eval(`(() => { const x = new XMLHttpRequest(); x.open("GET", "/", false); x.send(); return x.responseText.includes("<h1>Sales</h1>"); })()`, &res.ContentInFirst)
	res.Bytes, res.Requests, res.BeforeContent, res.ColdLoad = int(bytes), int(reqs), int(before), time.Duration(fcp*float64(time.Millisecond))

	measure := func(name string) ([]time.Duration, error) {
		var out []time.Duration
		ms, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](`(() => { const s = performance.getEntriesByName("pagewire:`+name+`-start"), e = performance.getEntriesByName("pagewire:`+name+`-end");
			return e.map((end, i) => end.startTime - s.filter(x => x.startTime <= end.startTime).pop().startTime); })()`))
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out = append(out, time.Duration(m*float64(time.Millisecond)))
		}
		return out, nil
	}
	// Click-to-content: alternate between two pages by their links.
	for i := range reps {
		sel, want := "#to-analytics", "Analytics"
		if i%2 == 1 {
			sel, want = "#to-home", "Sales"
		}
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
			return res, err
		}
		if err := waitFor(`document.querySelector("h1").textContent === "` + want + `"`); err != nil {
			return res, err
		}
	}
	navs, err := measure("nav")
	if err != nil {
		return res, err
	}
	// Typing-to-output on /analytics.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("#to-analytics"), chromedp.NodeVisible)); err != nil {
		return res, err
	}
	if err := waitFor(`document.getElementById("in") !== null`); err != nil {
		return res, err
	}
	typed := ""
	for i := range reps {
		c := string(rune('a' + i%26))
		typed += c
		if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.ID("in"), c)); err != nil {
			return res, err
		}
		if err := waitFor(`document.getElementById("out").textContent === "You selected: ` + typed + `"`); err != nil {
			return res, err
		}
	}
	cbs, err := measure("cb")
	if err != nil {
		return res, err
	}
	res.Reps = reps
	res.Nav, res.Callback = summarize(navs), summarize(slices.Clone(cbs))
	// Time to chart: from pagewire.navigate to plotly's SVG in the page.
	toChart := func() (time.Duration, error) {
		var t float64
		if err := eval(`(() => { window.__chart = 0; const t0 = performance.now();
			new MutationObserver((_, o) => { if (document.querySelector("#g .main-svg")) { window.__chart = performance.now() - t0; o.disconnect(); } })
				.observe(document.body, {childList: true, subtree: true});
			pagewire.navigate("/graph"); })()`, nil); err != nil {
			return 0, err
		}
		if err := waitFor(`window.__chart > 0`); err != nil {
			return 0, err
		}
		eval(`window.__chart`, &t)
		return time.Duration(t * float64(time.Millisecond)), nil
	}
	if res.ChartCold, err = toChart(); err != nil {
		return res, err
	}
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`pagewire.navigate("/analytics")`)); err != nil {
		return res, err
	}
	if err := waitFor(`document.getElementById("in") !== null`); err != nil {
		return res, err
	}
	if res.ChartWarm, err = toChart(); err != nil {
		return res, err
	}
	res.GraphDoc, res.PlainDoc = docSize(base+"/graph"), docSize(base+"/")
	return res, nil
}

// docSize is the size of a document GET's body, or 0 on an error.
func docSize(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	n, _ := io.Copy(io.Discard, resp.Body)
	return int(n)
}
