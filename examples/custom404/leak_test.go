package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine they started is
// still running at the end.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// An idle callback worker waits up to 10 s for more work before it
		// exits (framework/workers.go): pooled, bounded, not a leak.
		goleak.IgnoreTopFunction("github.com/pagewire/pagewire/framework.worker"),
	)
}
