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

// Decision is the answer to one request: whether it may go on, and the
// state of the caller's bucket as the IETF RateLimit header reports it.
type Decision struct {
	Allowed    bool
	RetryAfter int // whole seconds to wait when not allowed
	Remaining  int // requests the caller may still send at once
	Reset      int // whole seconds until the bucket is full again
}

// Allow takes one request from the caller's bucket. When the bucket is
// empty it answers false and the whole seconds to wait (Retry-After).
// A nil Limiter allows everything.
func (l *Limiter) Allow(caller string) (bool, int) {
	d := l.Take(caller)
	return d.Allowed, d.RetryAfter
}

// Take takes one request from the caller's bucket and tells what is left.
// A nil Limiter allows everything and reports nothing.
func (l *Limiter) Take(caller string) Decision {
	if l == nil {
		return Decision{Allowed: true}
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
	d := Decision{Allowed: true}
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		d = Decision{RetryAfter: int(math.Ceil(delay.Seconds()))}
	}
	tokens := max(b.limiter.TokensAt(now), 0)
	d.Remaining = int(math.Floor(tokens))
	d.Reset = int(math.Ceil((float64(l.burst) - tokens) / float64(l.rate)))
	return d
}

// Policy is the limit as the RateLimit-Policy header states it: a quota
// of requests (the burst) and the window in seconds in which an emptied
// bucket fills again. A nil Limiter has none (ok false).
func (l *Limiter) Policy() (quota, window int, ok bool) {
	if l == nil {
		return 0, 0, false
	}
	return l.burst, int(math.Ceil(float64(l.burst) / float64(l.rate))), true
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
