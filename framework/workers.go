package framework

import (
	"sync/atomic"
	"time"
)

// Callback calls run on pooled goroutines: a warm worker has grown its
// stack already. At most maxIdleWorkers wait for work; each tab's
// semaphore bounds how many run, so the pool never grows without bound.
const (
	maxIdleWorkers = 64
	workerIdle     = 10 * time.Second
)

var workQueue = make(chan func())

// work runs f on an idle worker, or on a new one when none is free.
func work(f func()) {
	select {
	case workQueue <- f:
	default:
		go worker(f)
	}
}

var idleWorkers atomic.Int32

func worker(f func()) {
	timer := time.NewTimer(workerIdle)
	defer timer.Stop()
	for {
		f()
		if idleWorkers.Add(1) > maxIdleWorkers {
			idleWorkers.Add(-1)
			return
		}
		timer.Reset(workerIdle)
		select {
		case f = <-workQueue:
			idleWorkers.Add(-1)
		case <-timer.C:
			idleWorkers.Add(-1)
			return
		}
	}
}
