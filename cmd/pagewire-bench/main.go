// Command pagewire-bench measures Pagewire end to end.
//
//	pagewire-bench all [-out BENCHMARKS.md]        everything below, one run, written as Markdown
//	pagewire-bench serve [-addr 127.0.0.1:0]        the benchmark app (pages, callbacks, a bare echo baseline)
//	pagewire-bench load -url U [-op nav|callback|chain] [-tabs 100] [-d 8s]
//	pagewire-bench idle -url U [-n 10000]           idle sockets: server heap per socket
//	pagewire-bench http -url U [-path /] [-c 16] [-d 3s]
//	pagewire-bench browser -url U [-reps 30]        Chromium: cold load, click-to-content, typing-to-output
//
// The load generator speaks Pagewire's socket protocol: each tab opens one
// socket and does round trips back to back; the reply's "us" field gives
// the server's handling time. `make bench` runs `all`.
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
		fmt.Fprintln(os.Stderr, "usage: pagewire-bench all|serve|load|idle|http|browser [flags]")
		os.Exit(2)
	}
	fl := flag.NewFlagSet("pagewire-bench "+os.Args[1], flag.ExitOnError)
	url := fl.String("url", "", "the app's base URL")
	addr := fl.String("addr", "127.0.0.1:0", "serve: address to listen on")
	op := fl.String("op", "callback", "load: nav, callback or chain")
	tabs := fl.Int("tabs", 100, "load: concurrent tabs")
	d := fl.Duration("d", 8*time.Second, "load, http: duration")
	n := fl.Int("n", 10000, "idle: sockets")
	path := fl.String("path", "/", "http: path")
	conns := fl.Int("c", 16, "http: concurrent connections")
	reps := fl.Int("reps", 30, "browser: repetitions")
	out := fl.String("out", "BENCHMARKS.md", "all: the report")
	fl.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(*addr)
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
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagewire-bench:", err)
		os.Exit(1)
	}
}

// goBench is one `go test -bench` result, the median of its runs.
type goBench struct {
	Name                  string
	NsOp, BytesOp, Allocs float64
}

// runGoBench runs the framework's benchmarks and returns their medians.
func runGoBench(args []string) ([]goBench, error) {
	cmd := exec.Command("go", args...)
	cmd.Stderr = os.Stderr
	outp, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, outp)
	}
	runs := map[string][][3]float64{}
	var order []string
	for _, line := range strings.Split(string(outp), "\n") {
		f := strings.Fields(line)
		if len(f) < 8 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(f[0], "Benchmark"), "-"+strconv.Itoa(runtime.NumCPU()))
		ns, _ := strconv.ParseFloat(f[2], 64)
		b, _ := strconv.ParseFloat(f[4], 64)
		a, _ := strconv.ParseFloat(f[6], 64)
		if _, ok := runs[name]; !ok {
			order = append(order, name)
		}
		runs[name] = append(runs[name], [3]float64{ns, b, a})
	}
	var out []goBench
	for _, name := range order {
		rs := runs[name]
		med := func(i int) float64 {
			v := make([]float64, len(rs))
			for j, r := range rs {
				v[j] = r[i]
			}
			slices.Sort(v)
			return v[len(v)/2]
		}
		out = append(out, goBench{name, med(0), med(1), med(2)})
	}
	return out, nil
}

// startServer starts `pagewire-bench serve` as a child process and returns
// its URL; the child has its own file descriptors, so 10,000 sockets fit.
func startServer() (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(self, "serve")
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(runtime.NumCPU()))
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("bench server: %w", err)
	}
	return strings.TrimSpace(line), stop, nil
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
