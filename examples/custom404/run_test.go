package main

import (
	"testing"

	"github.com/pagewire/pagewire/examples/internal/runcheck"
)

// TestRunsFromAnyDir runs the built example from the repository root and
// from an empty folder: the files it serves are in the binary.
func TestRunsFromAnyDir(t *testing.T) {
	runcheck.FromAnyDir(t,
		runcheck.Want{Path: "/", Status: 200, Text: "Links:"},
		runcheck.Want{Path: "/about", Status: 200, Text: "plain HTML file"},
		runcheck.Want{Path: "/missing/page", Status: 404, Text: `<h1 id="static-404">404</h1>`},
	)
}
