// Command pagewire-bench measures Pagewire end to end.
//
//	pagewire-bench all [-out BENCHMARKS.md]        everything below, one run, written as Markdown
//	pagewire-bench serve [-addr 127.0.0.1:0] [-demo-addr 127.0.0.1:0] [-floor-addr 127.0.0.1:0]
//	                                               the benchmark servers (see below)
//	pagewire-bench floor [-rounds 15] [-d 2s] [-c 16] [-profile PREFIX]
//	pagewire-bench floor -url DEMO -floor FLOOR [-rounds 15] [-d 2s] [-c 16]
//	                                               the demo app against its bare-bytes floor, with wrk
//	pagewire-bench load -url U [-op nav|callback|chain] [-tabs 100] [-d 8s]
//	pagewire-bench idle -url U [-n 10000]           idle sockets: server heap per socket
//	pagewire-bench http -url U [-path /] [-c 16] [-d 3s]
//	pagewire-bench browser -url U [-reps 30]        Chromium: cold load, click-to-content, typing-to-output
//	pagewire-bench soak [-url U] [-tabs 1000] [-d 10m] [-out BENCHMARKS.md]
//	                                               many tabs for long, then closed: errors, latency, leaks
//
// `serve` runs three servers in one process, each on its own loopback
// listener, and prints one line for each, "NAME URL":
//
//   - bench: the benchmark app (its own pages and callbacks, a bare echo
//     baseline rendering the same templ documents at /_bench/baseline and
//     /_bench/baseline404, /_bench/heap and /_bench/pprof/);
//   - demo: the demo app as the demo's newApp (templ.go) builds it: the
//     pages of package pages, the module's assets, /healthz, /metrics and
//     its OnNotFound hook;
//   - floor: a bare echo server (echo.New(), one route for / and one for
//     /test) answering with the very same bytes as the demo: the status,
//     headers and body of the demo's own responses to GET / (a page) and
//     GET /test (a missing page, 404), captured once at start.
//
// `floor` compares the demo with its floor: wrk -t1 -c16 -d2s in
// alternating rounds (demo page, floor page, demo 404, floor 404, 15
// times by default, the floor first in every other round), each round's
// ratio of the demo's Requests/sec to the floor's right beside it, and the median of those ratios against the
// targets (0.85 for the page, 0.80 for the 404); it prints the report's
// section on stdout. Without -url and -floor it starts a `serve` child
// itself, so `go run ./cmd/pagewire-bench floor` is the quick loop while
// working on server performance; -profile PREFIX then also writes CPU
// profiles of the child under wrk load (PREFIX-page.pprof,
// PREFIX-404.pprof, PREFIX-floor-page.pprof). Without wrk (Debian package
// wrk; `make bench-deps` installs it) it falls back to the Go load client
// and says so.
//
// The load generator speaks Pagewire's socket protocol: each tab opens one
// socket and does round trips back to back; the reply's "us" field gives
// the server's handling time. `make bench` runs `all`, which includes the
// floor comparison.
//
// `soak` keeps -tabs tabs on the benchmark app's live pages for -d (1,000
// for 10 minutes by default; `make soak`): each tab, one socket, acts every
// 2 to 5 s at random (a nav between /live and /live/analytics, a callback
// or a three-step chain) and receives what is broadcast every 100 ms to
// the topic its pages subscribe to; then every tab closes. It reports the
// operations, errors and latencies per kind, the pushes per tab, and the
// server's goroutines and heap at baseline, at peak and after close, writes
// that as the "## Soak" section of -out (replaced in place), and exits
// non-zero, saying why, on any error or when the server does not come back
// to its baseline (goroutines within +10, heap within +10% or +2 MB).
// Without -url it starts a `serve` child.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pagewire-bench all|serve|floor|load|idle|http|browser|soak [flags]")
		os.Exit(2)
	}
	fl := flag.NewFlagSet("pagewire-bench "+os.Args[1], flag.ExitOnError)
	url := fl.String("url", "", "the app's base URL")
	addr := fl.String("addr", "127.0.0.1:0", "serve: the benchmark app's address")
	demoAddr := fl.String("demo-addr", "127.0.0.1:0", "serve: the demo app's address")
	floorAddr := fl.String("floor-addr", "127.0.0.1:0", "serve: the bare-bytes floor's address")
	floorURL := fl.String("floor", "", "floor: the bare-bytes floor's base URL (with -url, the demo app's)")
	rounds := fl.Int("rounds", floorRounds, "floor: alternating rounds")
	profile := fl.String("profile", "", "floor: also write CPU profiles to PREFIX-page.pprof, PREFIX-404.pprof, PREFIX-floor-page.pprof")
	op := fl.String("op", "callback", "load: nav, callback or chain")
	tabs := fl.Int("tabs", 100, "load, soak: concurrent tabs (soak: default 1000)")
	d := fl.Duration("d", 8*time.Second, "load, http, floor, soak: duration (of a round, for floor: default 2s; soak: default 10m)")
	n := fl.Int("n", 10000, "idle: sockets")
	path := fl.String("path", "/", "http: path")
	conns := fl.Int("c", 16, "http: concurrent connections")
	reps := fl.Int("reps", 30, "browser: repetitions")
	out := fl.String("out", "BENCHMARKS.md", "all, soak: the report (soak: its section, replaced in place)")
	fl.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(*addr, *demoAddr, *floorAddr)
	case "floor":
		dur := floorRound
		fl.Visit(func(f *flag.Flag) {
			if f.Name == "d" {
				dur = *d
			}
		})
		err = floor(*url, *floorURL, *rounds, *conns, dur, *profile)
	case "load":
		var r loadResult
		if r, err = socketLoad(*url, *op, *tabs, *d); err == nil {
			fmt.Printf("%+v\n", r)
		}
	case "idle":
		var r idleResult
		if r, err = idleSockets(*url, *n); err == nil {
			fmt.Printf("%+v\n", r)
		}
	case "http":
		fmt.Printf("%+v\n", httpLoad(*url, *path, 200, *conns, *d))
	case "browser":
		var r browserResult
		if r, err = browserTiming(*url, *reps, false); err == nil {
			fmt.Printf("%+v\n", r)
		}
	case "all":
		err = all(*out)
	case "soak":
		nTabs, dur := 1000, 10*time.Minute
		fl.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "tabs":
				nTabs = *tabs
			case "d":
				dur = *d
			}
		})
		err = soakCmd(*url, nTabs, dur, *out)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagewire-bench:", err)
		os.Exit(1)
	}
}

// goBench is one `go test -bench` result, the median of its runs; Units
// holds every metric by its unit (ns/op, B/op, allocs/op and the ones a
// benchmark reports itself, such as reply-B).
type goBench struct {
	Name                  string
	NsOp, BytesOp, Allocs float64
	Units                 map[string]float64
}

// runGoBench runs the framework's benchmarks and returns their medians.
func runGoBench(args []string) ([]goBench, error) {
	cmd := exec.Command("go", args...)
	cmd.Stderr = os.Stderr
	outp, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, outp)
	}
	runs := map[string]map[string][]float64{} // name -> unit -> values
	var order []string
	for _, line := range strings.Split(string(outp), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(f[0], "Benchmark"), "-"+strconv.Itoa(runtime.NumCPU()))
		if _, ok := runs[name]; !ok {
			order = append(order, name)
			runs[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 { // value unit pairs after the count
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				runs[name][f[i+1]] = append(runs[name][f[i+1]], v)
			}
		}
	}
	var out []goBench
	for _, name := range order {
		g := goBench{Name: name, Units: map[string]float64{}}
		for unit, v := range runs[name] {
			slices.Sort(v)
			g.Units[unit] = v[len(v)/2]
		}
		g.NsOp, g.BytesOp, g.Allocs = g.Units["ns/op"], g.Units["B/op"], g.Units["allocs/op"]
		out = append(out, g)
	}
	return out, nil
}

// pairedRatios runs the go test of args n times and returns, for each
// "X/pagewire" benchmark beside an "X/baseline", the median of its runs'
// throughput against the baseline (the baseline's ns/op over its own, in
// percent). A sub-benchmark runs all of its -count repetitions before the
// next starts, so with -count 8 the two sides are measured some seconds
// apart, while the speed of a 2-core VM drifts by ±15% in that time; one
// repetition per run keeps each pair a second apart.
func pairedRatios(args []string, n int) (map[string]float64, error) {
	runs := map[string][]float64{} // name -> ns/op of each run
	for range n {
		res, err := runGoBench(args)
		if err != nil {
			return nil, err
		}
		for _, g := range res {
			runs[g.Name] = append(runs[g.Name], g.NsOp)
		}
	}
	out := map[string]float64{}
	for name, pw := range runs {
		x, ok := strings.CutSuffix(name, "/pagewire")
		base := runs[x+"/baseline"]
		if !ok || len(base) != len(pw) {
			continue
		}
		var ratios []float64
		for i := range pw {
			if pw[i] > 0 {
				ratios = append(ratios, base[i]/pw[i]*100)
			}
		}
		if len(ratios) > 0 {
			slices.Sort(ratios)
			out[name] = ratios[len(ratios)/2]
		}
	}
	return out, nil
}

// servers are the base URLs of a `pagewire-bench serve` child, and its
// process id.
type servers struct {
	Bench, Demo, Floor string
	PID                int
}

// startServer starts `pagewire-bench serve` as a child process and returns
// its URLs; the child has its own file descriptors, so 10,000 sockets fit.
func startServer() (servers, func(), error) {
	var srv servers
	self, err := os.Executable()
	if err != nil {
		return srv, nil, err
	}
	cmd := exec.Command(self, "serve")
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(runtime.NumCPU()))
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return srv, nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	srv.PID = cmd.Process.Pid
	r := bufio.NewReader(stdout)
	for _, dst := range []struct {
		name string
		url  *string
	}{{"bench", &srv.Bench}, {"demo", &srv.Demo}, {"floor", &srv.Floor}} {
		line, err := r.ReadString('\n')
		if err != nil {
			stop()
			return srv, nil, fmt.Errorf("bench server: %w", err)
		}
		name, u, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || name != dst.name {
			stop()
			return srv, nil, fmt.Errorf("bench server: %q, want the %s URL", line, dst.name)
		}
		*dst.url = u
	}
	return srv, stop, nil
}

// runtimeSize fetches the runtime gzipped and returns its size.
func runtimeSize(base string) (int, error) {
	req, _ := http.NewRequest("GET", base+"/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := runtimeSrcRE.FindSubmatch(page)
	if m == nil {
		return 0, fmt.Errorf("no runtime script")
	}
	req, _ = http.NewRequest("GET", base+string(m[1]), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Content-Encoding") != "gzip" {
		return 0, fmt.Errorf("the runtime was not served gzipped")
	}
	return len(b), nil
}

func step(name string) func() {
	t := time.Now()
	fmt.Fprintf(os.Stderr, "pagewire-bench: %s…\n", name)
	return func() {
		fmt.Fprintf(os.Stderr, "pagewire-bench: %s done in %v\n", name, time.Since(t).Round(time.Second))
	}
}
