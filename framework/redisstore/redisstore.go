// Package redisstore holds Pagewire's Redis implementations of
// framework.OnceStore (SET NX with a TTL) and framework.Broker (pub/sub),
// for running an app on several instances that share one Redis:
//
//	rs := redisstore.New(redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"}), "")
//	app, err := framework.New(framework.Config{Secret: secret, OnceStore: rs, Broker: rs})
//
// Every instance needs the same Config.Secret.
//
// # Durability
//
// OnNotFound fires once per navigation only while Redis keeps its claims
// for their whole TTL (Config.NavigationTTL plus a minute). Run Redis so a
// restart does not lose them: with the append-only file (appendonly yes,
// appendfsync everysec or always), or with a replica promoted on failure;
// and with a maxmemory-policy of noeviction or volatile-*, never allkeys-*,
// which could evict claims and the epoch key. Without that, a restart
// empties the store: a token acknowledged before it would claim its
// navigation again and fire a second time. The store bounds that damage
// with an epoch (framework.EpochStore): the key prefix+"epoch" holds the
// time the store started holding claims, set once with SET NX; after a data
// loss it is gone, the next read sets it to the current time, and the app
// refuses every token issued before it. Those navigations are then lost
// (no fire) rather than fired twice; an app notices the loss within a few
// seconds, and tokens acknowledged in that window may still fire again.
package redisstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultPrefix starts every key and channel the store uses.
const DefaultPrefix = "pagewire:"

// Store is a OnceStore and a Broker on one Redis client. It is safe for
// concurrent use.
type Store struct {
	client redis.UniversalClient
	prefix string
}

// New returns a Store on client; prefix names its keys and channels.
// Optional. Default DefaultPrefix.
func New(client redis.UniversalClient, prefix string) *Store {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return &Store{client: client, prefix: prefix}
}

// Claim records key for ttl with SET NX and reports true only to the first
// caller, on any instance. A Redis error is returned as is: the caller
// retries later, so nothing is claimed twice or lost.
func (s *Store) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	return s.client.SetNX(ctx, s.prefix+"once:"+key, 1, ttl).Result()
}

// Epoch implements framework.EpochStore: the time the store started
// holding claims, kept in the key prefix+"epoch" (set with SET NX, without
// expiry, to the current time when it is missing, as after a data loss).
func (s *Store) Epoch(ctx context.Context) (time.Time, error) {
	key := s.prefix + "epoch"
	var get *redis.StringCmd
	_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.SetNX(ctx, key, time.Now().UnixMilli(), 0)
		get = p.Get(ctx, key)
		return nil
	})
	if err != nil {
		return time.Time{}, err
	}
	ms, err := strconv.ParseInt(get.Val(), 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(ms), nil
}

// Publish sends msg on topic to every instance.
func (s *Store) Publish(ctx context.Context, topic string, msg []byte) error {
	return s.client.Publish(ctx, s.prefix+"topic:"+topic, msg).Err()
}

// Subscribe calls fn for every message published on any topic, until stop
// is called. It returns once the subscription is in place; the client
// reconnects by itself after a connection loss.
func (s *Store) Subscribe(fn func(topic string, msg []byte)) (stop func(), err error) {
	ctx := context.Background()
	ps := s.client.PSubscribe(ctx, s.prefix+"topic:*")
	if _, err := ps.Receive(ctx); err != nil {
		ps.Close()
		return nil, err
	}
	ch := ps.Channel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m := range ch {
			fn(strings.TrimPrefix(m.Channel, s.prefix+"topic:"), []byte(m.Payload))
		}
	}()
	return func() {
		ps.Close()
		<-done
	}, nil
}
