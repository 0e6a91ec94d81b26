package table

import (
	"testing"
	"time"
)

func TestAppendTime(t *testing.T) {
	t.Parallel()
	oslo := time.FixedZone("CET", 3600)
	for _, tm := range []time.Time{
		{},
		time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC),
		time.Date(2024, 12, 31, 23, 59, 59, 500_000_000, oslo),
		time.Date(1999, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(2024, 6, 1, 0, 0, 0, 120_000, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		want := tm.Format("2006-01-02 15:04:05.999999999")
		if got := string(appendTime([]byte("x"), tm)); got != "x"+want {
			t.Errorf("appendTime(%v) = %q, want %q", tm, got, "x"+want)
		}
		for n := range len(want) + 1 {
			got := string(appendTimePrefix(nil, tm, n))
			if len(got) < n || got != want[:len(got)] {
				t.Errorf("appendTimePrefix(%v, %d) = %q, want a prefix of %q at least %d long", tm, n, got, want, n)
			}
		}
	}
}
