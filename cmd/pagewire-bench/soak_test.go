package main

import (
	"net"
	"strings"
	"testing"
	"time"
)

// TestSoak runs a short soak in process, 20 tabs for 3 s, and checks that
// it had no error and that its report has every part.
func TestSoak(t *testing.T) {
	app, err := newBenchApp()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Serve(l)
	defer l.Close()
	cfg := newSoakConfig(20, 3*time.Second)
	cfg.ActMin, cfg.ActMax, cfg.SampleEvery, cfg.Settle = 200*time.Millisecond, 500*time.Millisecond, time.Second, 10*time.Second
	res, err := soak("http://"+l.Addr().String(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := res.errors(); n != 0 {
		t.Errorf("%d errors: %v", n, res.Samples)
	}
	for k, n := range res.Ops {
		if n == 0 {
			t.Errorf("no %s operation", soakKinds[k])
		}
	}
	if res.PushMin == 0 || res.Broadcasts == 0 {
		t.Errorf("pushes: fewest per tab %d, broadcasts %d", res.PushMin, res.Broadcasts)
	}
	md := res.markdown()
	t.Log("\n" + md)
	for _, want := range []string{
		"## Soak\n\n`pagewire-bench soak -tabs 20 -d 3s`",
		"| kind | operations |", "| nav | ", "| callback | ", "| chain | ",
		"per tab, fewest ", "Errors: 0 (",
		"| baseline | ", "| peak | ", "| after close (", "| back to baseline (",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestReplaceSection checks that the soak's section replaces its earlier
// self in place, or goes before the closing section, or at the end.
func TestReplaceSection(t *testing.T) {
	sec := "## Soak\n\nnew\n"
	for _, c := range []struct{ doc, want string }{
		{"", "## Soak\n\nnew\n"},
		{"# B\n\n## A\n\na\n", "# B\n\n## A\n\na\n\n## Soak\n\nnew\n"},
		{"# B\n\n## A\n\na\n\n## What limits these numbers\n\nx\n", "# B\n\n## A\n\na\n\n## Soak\n\nnew\n\n## What limits these numbers\n\nx\n"},
		{"# B\n\n## Soak\n\nold\nold\n\n## C\n\nc\n", "# B\n\n## Soak\n\nnew\n\n## C\n\nc\n"},
		{"# B\n\n## Soak\n\nold\n", "# B\n\n## Soak\n\nnew\n"},
	} {
		if got := replaceSection(c.doc, sec); got != c.want {
			t.Errorf("replaceSection(%q) = %q, want %q", c.doc, got, c.want)
		}
	}
}
