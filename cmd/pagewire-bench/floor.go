package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// The floor comparison measures the demo app (its pages, its assets, its
// OnNotFound hook) against its floor: a bare echo server on a second
// loopback listener that answers the same paths with the very same bytes,
// captured once from the app at start. What the app costs beyond writing
// those bytes is what separates the two.

// floorTarget is one measured path and the share of the floor's
// throughput the app must reach there.
type floorTarget struct {
	Name   string
	Path   string
	Status int
	Target float64
}

// floorTargets are the floor comparison's paths: a page and a missing page.
var floorTargets = []floorTarget{
	{"page", "/", http.StatusOK, 0.85},
	{"404", "/test", http.StatusNotFound, 0.80},
}

// captured is one response of the app: what the floor sends back.
type captured struct {
	Status int
	Header http.Header // what the handler set: less the Date and Content-Length net/http adds itself
	Body   []byte
	Head   string // the status line and headers as received, less the Date line
	Wire   int    // bytes of the whole response on the wire
}

// recordingReader keeps a copy of the bytes read through it.
type recordingReader struct {
	r   io.Reader
	buf bytes.Buffer
}

func (c *recordingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.buf.Write(p[:n])
	return n, err
}

// rawGET sends GET path to base the way wrk does (HTTP/1.1 with a Host
// header and nothing else: no Accept-Encoding) and returns the response as
// received.
func rawGET(base, path string) (captured, error) {
	var c captured
	u, err := url.Parse(base)
	if err != nil {
		return c, err
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		return c, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, u.Host); err != nil {
		return c, err
	}
	rr := &recordingReader{r: conn}
	br := bufio.NewReader(rr)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return c, err
	}
	defer resp.Body.Close()
	if c.Body, err = io.ReadAll(resp.Body); err != nil {
		return c, err
	}
	c.Status, c.Header, c.Wire = resp.StatusCode, resp.Header.Clone(), rr.buf.Len()-br.Buffered()
	raw, _, _ := strings.Cut(rr.buf.String(), "\r\n\r\n")
	var names []string
	var head strings.Builder
	for _, line := range strings.Split(raw, "\r\n") {
		name, _, _ := strings.Cut(line, ":")
		names = append(names, http.CanonicalHeaderKey(name))
		if !strings.HasPrefix(line, "Date:") {
			head.WriteString(line + "\r\n")
		}
	}
	c.Head = head.String()
	// net/http writes the handler's headers sorted, then Date, then the
	// Content-Length it computed when the handler set none: a Content-Length
	// after Date is net/http's, which the floor's net/http adds the same way.
	if d, l := slices.Index(names, "Date"), slices.Index(names, "Content-Length"); d >= 0 && l > d {
		c.Header.Del("Content-Length")
	}
	c.Header.Del("Date")
	return c, nil
}

// newFloor builds the bare echo server of the floor comparison: one route
// per measured path, each answering with the status, headers and body the
// app at appBase answered when newFloor asked it once.
func newFloor(appBase string) (*echo.Echo, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	for _, t := range floorTargets {
		c, err := rawGET(appBase, t.Path)
		if err != nil {
			return nil, fmt.Errorf("floor: capturing GET %s: %w", t.Path, err)
		}
		if c.Status != t.Status {
			return nil, fmt.Errorf("floor: GET %s answered %d, want %d", t.Path, c.Status, t.Status)
		}
		e.GET(t.Path, func(ec echo.Context) error {
			w := ec.Response()
			h := w.Header()
			for k, v := range c.Header {
				h[k] = v
			}
			w.WriteHeader(c.Status)
			_, err := w.Write(c.Body)
			return err
		})
	}
	return e, nil
}

// floorRow is the comparison on one path.
type floorRow struct {
	floorTarget
	App, Floor       []float64 // requests per second, one per round
	AppMed, FloorMed float64
	AppCPU, FloorCPU []float64 // the server process's CPU time per request, µs, one per round (when known)
	Ratio            float64   // the median of the rounds' ratios, App[i] / Floor[i]
	Errors           int       // socket errors and responses of another status, both servers
	AppWire          int       // bytes of one response on the wire
	FloorWire        int
	SameHead         bool // the same status line and headers in the same order, Date aside
	SameBody         bool // the floor's body is the one a fresh app response has
}

// floorResult is a floor comparison run.
type floorResult struct {
	AppURL, FloorURL string
	Wrk              bool   // wrk ran the load; else the Go load client
	Tool             string // "wrk", or what ran instead and why
	Rounds, Conns    int
	Duration         time.Duration
	Commands         []string // the load commands, one per server and path
	Rows             []floorRow
}

// wrkRun is what one wrk run reports.
type wrkRun struct {
	PerSecond float64
	Requests  int
	Non2xx    int
	SockErrs  int
}

var (
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkRequests = regexp.MustCompile(`(\d+) requests in `)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	wrkSockErrs = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// wrkArgs is the wrk command line of one run.
func wrkArgs(target string, conns int, d time.Duration) []string {
	return []string{"wrk", "-t1", "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(int(d.Round(time.Second)/time.Second)) + "s", target}
}

// runWrk runs wrk with one thread (the machine's two cores are shared
// with the server) and parses its summary.
func runWrk(target string, conns int, d time.Duration) (wrkRun, error) {
	var r wrkRun
	args := wrkArgs(target, conns, d)
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		return r, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, out)
	}
	m := wrkRPS.FindSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("%s: no Requests/sec in its output:\n%s", strings.Join(args, " "), out)
	}
	r.PerSecond, _ = strconv.ParseFloat(string(m[1]), 64)
	if m := wrkRequests.FindSubmatch(out); m != nil {
		r.Requests, _ = strconv.Atoi(string(m[1]))
	}
	if m := wrkNon2xx.FindSubmatch(out); m != nil {
		r.Non2xx, _ = strconv.Atoi(string(m[1]))
	}
	if m := wrkSockErrs.FindSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(string(s))
			r.SockErrs += n
		}
	}
	return r, nil
}

// floorCompare drives the app and the floor in alternating rounds (app
// page, floor page, app 404, floor 404, rounds times, d each, conns
// connections; the floor before the app in every other round) with wrk, or with the Go load client when wrk is missing,
// and compares the medians. With pid, the process serving both (0 when
// unknown), it also reads the server's CPU time per request.
func floorCompare(appURL, floorURL string, rounds, conns int, d time.Duration, pid int) (floorResult, error) {
	res := floorResult{AppURL: appURL, FloorURL: floorURL, Wrk: true, Tool: "wrk", Rounds: rounds, Conns: conns, Duration: d.Round(time.Second)}
	if res.Duration < time.Second {
		res.Duration = time.Second
	}
	_, err := exec.LookPath("wrk")
	haveWrk := err == nil
	res.Wrk = haveWrk
	if !haveWrk {
		res.Tool = "the Go load client (wrk is not installed: make bench-deps installs it)"
	}
	// load runs one round against base+path and returns its requests per
	// second, its requests and its errors.
	load := func(base string, t floorTarget, d time.Duration) (float64, int, int, error) {
		if !haveWrk {
			r := httpLoad(base, t.Path, t.Status, conns, d)
			return r.PerSecond, r.Requests, int(r.Errors), nil
		}
		r, err := runWrk(base+t.Path, conns, d)
		if err != nil {
			return 0, 0, 0, err
		}
		bad := r.Non2xx // responses of another status than expected
		if t.Status != http.StatusOK {
			bad = max(0, r.Requests-r.Non2xx)
		}
		return r.PerSecond, r.Requests, r.SockErrs + bad, nil
	}
	for _, t := range floorTargets {
		row := floorRow{floorTarget: t}
		fresh, err := rawGET(appURL, t.Path)
		if err != nil {
			return res, err
		}
		floor, err := rawGET(floorURL, t.Path)
		if err != nil {
			return res, err
		}
		row.AppWire, row.FloorWire = fresh.Wire, floor.Wire
		row.SameHead = fresh.Head == floor.Head
		row.SameBody = bytes.Equal(fresh.Body, floor.Body)
		res.Rows = append(res.Rows, row)
		for _, base := range []string{appURL, floorURL} {
			if haveWrk {
				res.Commands = append(res.Commands, strings.Join(wrkArgs(base+t.Path, conns, res.Duration), " "))
			} else {
				res.Commands = append(res.Commands, fmt.Sprintf("pagewire-bench http -url %s -path %s -c %d -d %v", base, t.Path, conns, res.Duration))
			}
			if _, _, _, err := load(base, t, time.Second); err != nil { // warm-up, not counted
				return res, err
			}
		}
	}
	type side struct {
		base     string
		rps, cpu *[]float64
	}
	for round := range rounds {
		for i := range res.Rows {
			row := &res.Rows[i]
			// The app first in even rounds, the floor first in odd ones:
			// whatever the first of a pair leaves to the second (garbage to
			// collect, a warmed cache, a trend of the host's speed) falls on
			// each side equally often.
			sides := []side{{appURL, &row.App, &row.AppCPU}, {floorURL, &row.Floor, &row.FloorCPU}}
			if round%2 == 1 {
				sides[0], sides[1] = sides[1], sides[0]
			}
			for _, side := range sides {
				cpu0, cpuErr := procCPU(pid)
				rps, n, errs, err := load(side.base, row.floorTarget, res.Duration)
				if err != nil {
					return res, err
				}
				cpu1, cpuErr1 := procCPU(pid)
				*side.rps = append(*side.rps, rps)
				if cpuErr == nil && cpuErr1 == nil && n > 0 {
					*side.cpu = append(*side.cpu, float64(cpu1-cpu0)/float64(time.Microsecond)/float64(n))
				}
				row.Errors += errs
			}
		}
	}
	for i := range res.Rows {
		row := &res.Rows[i]
		row.AppMed, row.FloorMed = median(row.App), median(row.Floor)
		row.Ratio = median(roundRatios(row.App, row.Floor))
	}
	return res, nil
}

// roundRatios are each round's ratio of the app's rate to the floor's,
// measured right beside it: a drift of the machine's speed moves both.
func roundRatios(app, floor []float64) []float64 {
	var out []float64
	for i := range min(len(app), len(floor)) {
		if floor[i] > 0 {
			out = append(out, app[i]/floor[i])
		}
	}
	return out
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}

// floor runs the floor comparison alone and prints its section on stdout:
// against appURL and floorURL when given, else against a `serve` child it
// starts. With profile set, it then takes CPU profiles of the child under
// wrk load of the app's page, the app's 404 and the floor's page, written
// to profile-page.pprof, profile-404.pprof and profile-floor-page.pprof.
func floor(appURL, floorURL string, rounds, conns int, d time.Duration, profile string) error {
	var pprofBase string
	pid := 0
	if appURL == "" || floorURL == "" {
		if appURL != "" || floorURL != "" {
			return fmt.Errorf("floor: give both -url and -floor, or neither")
		}
		srv, stop, err := startServer()
		if err != nil {
			return err
		}
		defer stop()
		appURL, floorURL, pprofBase, pid = srv.Demo, srv.Floor, srv.Bench, srv.PID
	}
	done := step(fmt.Sprintf("floor comparison, %d rounds of %v", rounds, d))
	res, err := floorCompare(appURL, floorURL, rounds, conns, d, pid)
	if err != nil {
		return err
	}
	done()
	fmt.Print(res.markdown())
	if profile == "" {
		return nil
	}
	if pprofBase == "" {
		return fmt.Errorf("floor: -profile needs the serve child that floor starts itself (no -url, -floor)")
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return fmt.Errorf("floor: -profile needs wrk")
	}
	for _, p := range []struct{ name, base, path string }{
		{"page", appURL, "/"}, {"404", appURL, "/test"}, {"floor-page", floorURL, "/"},
	} {
		file := profile + "-" + p.name + ".pprof"
		done := step("CPU profile under " + strings.Join(wrkArgs(p.base+p.path, conns, 12*time.Second), " "))
		if err := profileUnderLoad(pprofBase, p.base+p.path, conns, file); err != nil {
			return err
		}
		done()
		fmt.Fprintf(os.Stderr, "pagewire-bench: wrote %s (go tool pprof -top -cum %s)\n", file, file)
	}
	return nil
}

// profileUnderLoad runs wrk against target for 12 s and, from its second
// second, takes a 10 s CPU profile of the benchmark server through its
// /_bench/pprof/ route, written to file.
func profileUnderLoad(pprofBase, target string, conns int, file string) error {
	var wg sync.WaitGroup
	var wrkErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, wrkErr = runWrk(target, conns, 12*time.Second)
	}()
	time.Sleep(time.Second)
	resp, err := http.Get(pprofBase + "/_bench/pprof/debug/pprof/profile?seconds=10")
	if err == nil {
		defer resp.Body.Close()
		var f *os.File
		if f, err = os.Create(file); err == nil {
			_, err = io.Copy(f, resp.Body)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return wrkErr
}
