package main

import (
	"testing"

	"github.com/pagewire/pagewire/examples/internal/runcheck"
)

// TestRunsFromAnyDir runs the built example from the repository root and
// from an empty folder: the files it serves are in the binary.
func TestRunsFromAnyDir(t *testing.T) {
	runcheck.FromAnyDir(t,
		runcheck.Want{Path: "/dash/", Status: 200, Text: "<h1>Overview</h1>"},
		runcheck.Want{Path: "/dash/assets/dash.css", Status: 200, Text: ""},
		runcheck.Want{Path: "/dash/nope", Status: 404, Text: ""},
	)
}
