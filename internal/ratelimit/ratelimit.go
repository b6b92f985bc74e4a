// Package ratelimit keeps one token bucket per caller (an API key, or a
// client address) and says how long a refused caller should wait.
package ratelimit

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// idleAfter is how long an unused bucket is kept; a caller that returns
// later starts with a full bucket, which is what it would have by then.
const idleAfter = 10 * time.Minute

// Limiter limits each caller to a rate with a burst.
type Limiter struct {
	rate  rate.Limit
	burst int
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	limiter *rate.Limiter
	seen    time.Time
}

// New returns a limiter of perSecond requests on average and burst at once
// per caller, or nil (no limit) when perSecond is 0. now is the clock.
func New(perSecond float64, burst int, now func() time.Time) *Limiter {
	if perSecond <= 0 {
		return nil
	}
	return &Limiter{rate: rate.Limit(perSecond), burst: burst, now: now, buckets: map[string]*bucket{}}
}

// Allow takes one request from the caller's bucket. When the bucket is
// empty it answers false and the whole seconds to wait (Retry-After).
// A nil Limiter allows everything.
func (l *Limiter) Allow(caller string) (bool, int) {
	if l == nil {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forgetIdle(now)
	b, ok := l.buckets[caller]
	if !ok {
		b = &bucket{limiter: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[caller] = b
	}
	b.seen = now
	r := b.limiter.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, int(math.Ceil(delay.Seconds()))
	}
	return true, 0
}

// Peek reports whether caller's bucket has a request left, without taking
// it, and if not the whole seconds until it will. A nil Limiter allows
// everything.
func (l *Limiter) Peek(caller string) (bool, int) {
	if l == nil {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[caller]
	if !ok {
		return true, 0
	}
	tokens := b.limiter.TokensAt(now)
	if tokens >= 1 {
		return true, 0
	}
	return false, int(math.Ceil((1 - tokens) / float64(l.rate)))
}

// forgetIdle drops buckets unused for idleAfter, at most once a minute, so
// memory follows the callers of the last minutes, not all callers ever.
func (l *Limiter) forgetIdle(now time.Time) {
	if now.Sub(l.sweep) < time.Minute {
		return
	}
	l.sweep = now
	for k, b := range l.buckets {
		if now.Sub(b.seen) > idleAfter {
			delete(l.buckets, k)
		}
	}
}

// Len is the number of buckets held, for tests and metrics.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
