package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// met tells whether a row reached its target.
func (r floorRow) met() bool { return r.Ratio >= r.Target }

// markdown is the report's section on the floor comparison.
func (res floorResult) markdown() string {
	var b strings.Builder
	tool := "wrk"
	if !res.Wrk {
		tool = "Go load client"
	}
	fmt.Fprintf(&b, "\n## Against the bare-bytes floor (%s, demo app, %d alternating %v rounds)\n\n", tool, res.Rounds, res.Duration)
	b.WriteString("The demo app (the pages of package `pages`, its assets, its `OnNotFound` hook registered) beside a bare echo server (`echo.New()`, one route per path) on a second loopback listener in the same process, answering with the very same bytes: the status, headers and body captured once, at start, from the app's own response (the 404's per-request navigation token included, as captured). ")
	fmt.Fprintf(&b, "Each round runs app page, floor page, app 404, floor 404 with the same command and %d keep-alive connections, the floor before the app in every other round; a 1 s warm-up of each precedes the rounds. Ratio is the median of the rounds' ratios, each app round's rate over the floor round's right beside it: the machine's speed drifts by ±15%% from one second to the next on a 2-core VM, and a drift moves both sides of a pair, and what the first of a pair leaves to the second falls on each side equally often.\n\n", res.Conns)
	if !res.Wrk {
		fmt.Fprintf(&b, "**Load generator: %s.** It costs more per request than wrk and runs on every core, so it takes more of the CPU the server needs: these ratios do not compare with wrk's.\n\n", res.Tool)
	}
	b.WriteString("| path | app req/s (median) | floor req/s (median) | ratio | target | |\n|---|---|---|---|---|---|\n")
	for _, r := range res.Rows {
		fmt.Fprintf(&b, "| %s (%s) | %.0f | %.0f | %.2f | %.2f | %s |\n", r.Path, r.Name, r.AppMed, r.FloorMed, r.Ratio, r.Target, verdict(r.met()))
	}
	b.WriteString("\nCommands (ports of this run):\n\n```\n")
	for _, c := range res.Commands {
		b.WriteString(c + "\n")
	}
	b.WriteString("```\n\n")
	for _, r := range res.Rows {
		fmt.Fprintf(&b, "- %s rounds, req/s: app %s; floor %s. ", r.Path, joinRPS(r.App), joinRPS(r.Floor))
		fmt.Fprintf(&b, "One response is %d bytes on the wire from the app and %d from the floor; status and headers (Date aside) %s", r.AppWire, r.FloorWire, map[bool]string{true: "identical", false: "**differ**"}[r.SameHead])
		switch {
		case r.SameBody:
			b.WriteString(", body identical")
		case r.Status == http.StatusNotFound && r.AppWire == r.FloorWire:
			b.WriteString(", body the captured copy (the navigation token differs per request)")
		default:
			b.WriteString(", body **differs**")
		}
		fmt.Fprintf(&b, "; errors or unexpected statuses: %d.", r.Errors)
		if len(r.AppCPU) > 0 && len(r.FloorCPU) > 0 {
			fmt.Fprintf(&b, " The server process's CPU time per request (user + system, from /proc, medians): app %.1f µs, floor %.1f µs.", median(r.AppCPU), median(r.FloorCPU))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func joinRPS(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strings.Join(s, ", ")
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

// procCPU is the user and system CPU time of process pid so far, from
// /proc/PID/stat (in clock ticks of 10 ms, Linux's USER_HZ).
func procCPU(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, fmt.Errorf("no process")
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command", pid)
	}
	f := strings.Fields(string(b[i+1:])) // from field 3, the state
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too short", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad utime or stime", pid)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}
