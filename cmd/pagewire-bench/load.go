package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// reply is the part of a server message the load generator reads; the
// rest (HTML, updates) is skipped, so the generator leaves the cores to the
// server.
type reply struct {
	Ref    int64  `json:"ref"`
	Type   string `json:"type"`
	Status int    `json:"status"`
	Error  string `json:"error"`
	US     int64  `json:"us"`
}

// dial opens a socket to the app at base and reads its hello.
func dial(base string) (*websocket.Conn, error) {
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/_pagewire/socket", http.Header{"Origin": {base}})
	if err != nil {
		return nil, err
	}
	var hello reply
	if err := conn.ReadJSON(&hello); err != nil || hello.Type != "hello" {
		conn.Close()
		return nil, fmt.Errorf("no hello: %v", err)
	}
	return conn, nil
}

// The operations a tab performs.
var ops = map[string]func(ref int64, i int) []byte{
	"nav": func(ref int64, i int) []byte {
		url := []string{"/", "/analytics"}[i%2]
		return fmt.Appendf(nil, `{"v":1,"ref":%d,"type":"nav","url":%q,"kind":"link"}`, ref, url)
	},
	"callback": func(ref int64, i int) []byte {
		return fmt.Appendf(nil, `{"v":1,"ref":%d,"type":"cb","trigger":[{"id":"in","prop":"value"}],"props":[{"id":"in","prop":"value","value":"v%d"}],"url":"/analytics"}`, ref, i)
	},
	"chain": func(ref int64, i int) []byte {
		return fmt.Appendf(nil, `{"v":1,"ref":%d,"type":"cb","trigger":[{"id":"c1","prop":"value"}],"props":[{"id":"c1","prop":"value","value":"v%d"},{"id":"c2","prop":"value","value":""},{"id":"c3","prop":"value","value":""}],"url":"/chain"}`, ref, i)
	},
}

// loadResult summarizes a socket load run.
type loadResult struct {
	Op         string
	Tabs       int
	Duration   time.Duration
	Ops        int
	Errors     int64
	PerSecond  float64
	RTT        percentiles // client round trip
	Server     percentiles // server handling time (the reply's us)
	HeapPerTab float64     // bytes of server heap and stacks per connected tab
}

type percentiles struct{ P50, P90, P99, Max time.Duration }

func summarize(ds []time.Duration) percentiles {
	if len(ds) == 0 {
		return percentiles{}
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return percentiles{at(0.50), at(0.90), at(0.99), ds[len(ds)-1]}
}

// socketLoad runs tabs concurrent tabs doing op round trips for d.
func socketLoad(base, op string, tabs int, d time.Duration) (loadResult, error) {
	res := loadResult{Op: op, Tabs: tabs, Duration: d}
	before, err := fetchHeap(base)
	if err != nil {
		return res, err
	}
	conns := make([]*websocket.Conn, tabs)
	for i := range conns {
		if conns[i], err = dial(base); err != nil {
			return res, err
		}
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	during, err := fetchHeap(base)
	if err != nil {
		return res, err
	}
	res.HeapPerTab = float64(int64(during.HeapInuse+during.StackInuse)-int64(before.HeapInuse+before.StackInuse)) / float64(tabs)
	var (
		mu      sync.Mutex
		rtts    []time.Duration
		servers []time.Duration
		errs    atomic.Int64
		wg      sync.WaitGroup
	)
	build := ops[op]
	start := time.Now()
	deadline := start.Add(d)
	for t, conn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var myRTT, mySrv []time.Duration
			for i := 0; time.Now().Before(deadline); i++ {
				ref := int64(i + 1)
				t0 := time.Now()
				if err := conn.WriteMessage(websocket.TextMessage, build(ref, i+t)); err != nil {
					errs.Add(1)
					return
				}
				var r reply
				for r.Ref != ref {
					r = reply{}
					if err := conn.ReadJSON(&r); err != nil {
						errs.Add(1)
						return
					}
				}
				myRTT = append(myRTT, time.Since(t0))
				mySrv = append(mySrv, time.Duration(r.US)*time.Microsecond)
				if r.Error != "" || r.Type == "error" {
					errs.Add(1)
				}
			}
			mu.Lock()
			rtts = append(rtts, myRTT...)
			servers = append(servers, mySrv...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	res.Ops, res.Errors = len(rtts), errs.Load()
	res.PerSecond = float64(len(rtts)) / elapsed.Seconds()
	res.RTT, res.Server = summarize(rtts), summarize(servers)
	return res, nil
}

// idleResult is the server's memory for idle sockets.
type idleResult struct {
	Sockets       int
	HeapPerSocket float64
	Goroutines    int
}

// idleSockets opens n sockets that then stay idle, and reads the server's
// heap and stacks per socket.
func idleSockets(base string, n int) (idleResult, error) {
	res := idleResult{Sockets: n}
	before, err := fetchHeap(base)
	if err != nil {
		return res, err
	}
	conns := make([]*websocket.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := dial(base)
		if err != nil {
			return res, fmt.Errorf("after %d sockets: %w", len(conns), err)
		}
		conns = append(conns, c)
	}
	time.Sleep(500 * time.Millisecond)
	after, err := fetchHeap(base)
	if err != nil {
		return res, err
	}
	res.HeapPerSocket = float64(int64(after.HeapInuse+after.StackInuse)-int64(before.HeapInuse+before.StackInuse)) / float64(n)
	res.Goroutines = after.Goroutines - before.Goroutines
	return res, nil
}

func fetchHeap(base string) (heapStats, error) {
	var h heapStats
	resp, err := http.Get(base + "/_bench/heap")
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	return h, json.NewDecoder(resp.Body).Decode(&h)
}
