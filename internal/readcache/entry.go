package readcache

import (
	"context"

	"stdreg/internal/standard"
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
		return load()
	}
	if e, hit := c.entries.GetIfPresent(key); hit && e.at == at {
		if e.err != nil {
			var zero T
			return zero, e.err
		}
		return clone(e.value.(T)), nil
	}
	v, err := load()
	switch {
	case err == nil:
		c.entries.Set(key, entry{at: at, value: v, size: size(v)})
		return clone(v), nil
	case standard.CodeOf(err) == standard.CodeNotFound:
		c.entries.Set(key, entry{at: at, err: err, size: len(err.Error())})
	}
	return v, err
}
