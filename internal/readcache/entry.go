package readcache

import (
	"context"
	"errors"
	"strconv"

	"stdreg/internal/fault"
)

// entry is one remembered answer: a value, or a not-found error, and the
// stamp it was read at.
type entry struct {
	at    stamp
	value any   // what the read returned; shared, so only ever copied out
	err   error // a not-found answer; nil with a value
	size  int   // estimated bytes of value or err
}

// read answers key from memory if it was read at the current stamp, and
// otherwise with load, remembering the answer. The stamp is read before
// load runs: a change committing meanwhile then makes the answer look stale
// rather than fresh. Values go out as copies (clone), so no caller can
// change what the next one gets. Only not-found errors are remembered; any
// other error may be passing (a cancelled request, a lost connection).
func read[T any](c *Store, ctx context.Context, key string, load func() (T, error), clone func(T) T, size func(T) int) (T, error) {
	at, ok := c.now(ctx)
	if !ok {
		c.bypassed.Add(1)
		return load()
	}
	if e, hit := c.entries.GetIfPresent(key); hit && e.at == at {
		c.hits.Add(1)
		if e.err != nil {
			var zero T
			return zero, e.err
		}
		return clone(e.value.(T)), nil
	}
	// Concurrent misses of the same key at the same stamp share one load:
	// after a change, the requests for a popular page would otherwise all
	// ask the database at once. A later stamp (a write since) is another
	// flight, so no one is answered from before their own write.
	// Do, not DoChan: a load that panics then panics in the requests that
	// wait for it, where the HTTP layer recovers, not in a goroutine of its
	// own, which would end the process.
	c.misses.Add(1)
	got, err, shared := c.flights.Do(flightKey(key, at), func() (any, error) {
		if e, hit := c.entries.GetIfPresent(key); hit && e.at == at {
			return e.value, e.err // remembered by a flight that just ended
		}
		v, err := load()
		switch {
		case err == nil:
			c.entries.Set(key, entry{at: at, value: v, size: size(v)})
		case fault.CodeOf(err) == fault.CodeNotFound:
			c.entries.Set(key, entry{at: at, err: err, size: len(err.Error())})
		}
		return v, err
	})
	if shared && err != nil && ctx.Err() == nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return load() // the load ran on another request's context, which ended
	}
	v, _ := got.(T)
	if err != nil {
		return v, err
	}
	return clone(v), nil
}

// flightKey is key at stamp at.
func flightKey(key string, at stamp) string {
	return strconv.FormatUint(at.store, 10) + "/" + strconv.FormatUint(at.writes, 10) + "/" + key
}
