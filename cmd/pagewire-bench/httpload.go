package main

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// httpResult summarizes an HTTP load run.
type httpResult struct {
	Path      string
	Conns     int
	Requests  int
	Errors    int64
	PerSecond float64
	Latency   percentiles
}

// httpLoad runs conns keep-alive clients doing GET path for d; a response
// with another status than want counts as an error.
func httpLoad(base, path string, want, conns int, d time.Duration) httpResult {
	res := httpResult{Path: path, Conns: conns}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	defer client.CloseIdleConnections()
	var (
		mu   sync.Mutex
		all  []time.Duration
		errs atomic.Int64
		wg   sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				resp, err := client.Get(base + path)
				if err != nil {
					errs.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					errs.Add(1)
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Requests, res.Errors = len(all), errs.Load()
	res.PerSecond = float64(len(all)) / time.Since(start).Seconds()
	res.Latency = summarize(all)
	return res
}
