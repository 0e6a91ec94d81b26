package main

import (
	"testing"

	"github.com/pagewire/pagewire/examples/internal/runcheck"
)

// TestRunsFromAnyDir runs the built example from the repository root and
// from an empty folder: the files it serves are in the binary.
func TestRunsFromAnyDir(t *testing.T) {
	runcheck.FromAnyDir(t,
		runcheck.Want{Path: "/", Status: 200, Text: "<h1>Telemetry</h1>"},
		runcheck.Want{Path: "/missing", Status: 404, Text: "<h1 id=\"static-404\">404</h1>"},
		runcheck.Want{Path: "/metrics", Status: 200, Text: "pagewire_not_found_responses_total 1"},
	)
}
