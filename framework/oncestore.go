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

// ErrStoreFull is returned by MemoryOnceStore.Claim when it holds its
// maximum of unexpired keys. It refuses rather than evicts: an evicted key
// could fire twice.
var ErrStoreFull = errors.New("framework: once store is full")

// MemoryOnceStore is the in-process OnceStore, bounded in entries and time.
// Its zero value holds up to 100,000 keys. It is safe for concurrent use.
type MemoryOnceStore struct {
	// Max is the most keys held at once. Optional. Default 100,000.
	Max int

	mu    sync.Mutex
	keys  map[string]time.Time // key -> expiry
	swept time.Time            // last sweep of expired keys while full
	now   func() time.Time
}

// Claim implements OnceStore.
func (s *MemoryOnceStore) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.now != nil {
		now = s.now()
	}
	if s.keys == nil {
		s.keys = map[string]time.Time{}
	}
	if exp, ok := s.keys[key]; ok && now.Before(exp) {
		return false, nil
	}
	max := s.Max
	if max <= 0 {
		max = 100_000
	}
	if len(s.keys) >= max && now.Sub(s.swept) >= time.Second { // a full sweep at most once a second
		s.swept = now
		for k, exp := range s.keys {
			if !now.Before(exp) {
				delete(s.keys, k)
			}
		}
	}
	if len(s.keys) >= max {
		return false, ErrStoreFull
	}
	s.keys[key] = now.Add(ttl)
	return true, nil
}
