package framework

import (
	"context"
	"errors"
	"sync"
	"time"
)

// OnceStore remembers which navigations have fired, so a hook runs once per
// navigation even across reloads and instances. Implementations are safe
// for concurrent use.
type OnceStore interface {
	// Claim records key for ttl and reports true only to the first caller;
	// an error means the claim is unknown, and the caller retries later.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// EpochStore is an optional interface of a OnceStore: Epoch reports when
// the store started holding claims. A store that loses its data (a Redis
// restarted without persistence) starts a new epoch, and acknowledgements
// of tokens issued before it are refused: their claims may be gone, and
// honouring them could fire a hook twice. A OnceStore without it is
// trusted to keep its claims for their whole ttl.
type EpochStore interface {
	// Epoch returns the time the store started holding claims; an error
	// means it is unknown, and the caller retries later.
	Epoch(ctx context.Context) (time.Time, error)
}

// ErrStoreFull is returned by MemoryOnceStore.Claim when it holds its
// maximum of unexpired keys. It refuses rather than evicts: an evicted key
// could fire twice.
var ErrStoreFull = errors.New("framework: once store is full")

// MemoryOnceStore is the in-process OnceStore, bounded in entries and time.
// Its zero value holds up to DefaultMemoryOnceMax keys: at the default
// claim quotas (Config.NotFoundClaimsPerAddress) that is the full share of
// a thousand client addresses. It is safe for concurrent use. Its epoch
// (EpochStore) is its first use: an App's default store is first used when
// the App is built, so tokens of an earlier process are refused.
type MemoryOnceStore struct {
	// Max is the most keys held at once. Optional. Default
	// DefaultMemoryOnceMax.
	Max int

	mu    sync.Mutex
	keys  map[string]int64 // key -> expiry, unix nanoseconds
	swept time.Time        // last sweep of expired keys while full
	epoch time.Time        // first use
	now   func() time.Time
}

// DefaultMemoryOnceMax is the number of keys a MemoryOnceStore holds when
// its Max is unset; about 100 MB at worst.
const DefaultMemoryOnceMax = 1_000_000

// clock returns the current time and records the store's epoch at its
// first use; s.mu is held.
func (s *MemoryOnceStore) clock() time.Time {
	now := time.Now()
	if s.now != nil {
		now = s.now()
	}
	if s.epoch.IsZero() {
		s.epoch = now
	}
	return now
}

// Epoch implements EpochStore: the time of the store's first use.
func (s *MemoryOnceStore) Epoch(context.Context) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock()
	return s.epoch, nil
}

// Claim implements OnceStore.
func (s *MemoryOnceStore) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	if s.keys == nil {
		s.keys = map[string]int64{}
	}
	if exp, ok := s.keys[key]; ok && now.UnixNano() < exp {
		return false, nil
	}
	max := s.Max
	if max <= 0 {
		max = DefaultMemoryOnceMax
	}
	if len(s.keys) >= max && now.Sub(s.swept) >= time.Second { // a full sweep at most once a second
		s.swept = now
		for k, exp := range s.keys {
			if now.UnixNano() >= exp {
				delete(s.keys, k)
			}
		}
	}
	if len(s.keys) >= max {
		return false, ErrStoreFull
	}
	s.keys[key] = now.Add(ttl).UnixNano()
	return true, nil
}

// epochFresh is how long a store's epoch is trusted before it is read
// again: a store that lost its data is noticed within it.
const epochFresh = 2 * time.Second

// epochCache keeps a store's epoch for epochFresh, so an acknowledgement
// costs no extra round trip; one read is in flight at a time. It is safe
// for concurrent use.
type epochCache struct {
	store EpochStore // nil: the store has no epoch

	mu    sync.Mutex
	epoch time.Time
	read  time.Time     // when epoch was read; zero before the first read
	err   error         // of the last read
	wait  chan struct{} // closed when the read in flight ends; nil if none
}

// get returns the store's epoch; the zero time when it has none.
func (e *epochCache) get(ctx context.Context) (time.Time, error) {
	if e.store == nil {
		return time.Time{}, nil
	}
	e.mu.Lock()
	if !e.read.IsZero() && time.Since(e.read) < epochFresh {
		defer e.mu.Unlock()
		return e.epoch, nil
	}
	if w := e.wait; w != nil { // another caller reads it
		e.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.epoch, e.err
	}
	w := make(chan struct{})
	e.wait = w
	e.mu.Unlock()
	epoch, err := e.store.Epoch(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err = err; err == nil {
		e.epoch, e.read = epoch, time.Now()
	}
	close(w)
	e.wait = nil
	return epoch, err
}
