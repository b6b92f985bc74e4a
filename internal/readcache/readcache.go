// Package readcache keeps the answers of the registry's most frequent reads
// (a standard by id or by number, a page of a list or search, its facet
// counts) in memory, and serves them again only while the data they were
// read from cannot have changed.
//
// Whether the data changed comes from two places: the store's change
// generation, which moves when a change commits in any process (see
// store.Store.Generation), and a generation of this process's own writes
// through the wrapper, which moves as soon as a write returns, so a client
// sees its own write at once even before the store's signal arrives. An
// answer is served only if both are what they were when it was read.
//
// Every method of registry.Store is one of three kinds (methods.go lists
// them): cached, a read answered from memory as above (reads.go);
// invalidating, a write that passes through and then counts as this
// process's own change (writes.go); or pass-through, a read the cache does
// not keep or a write that changes nothing it keeps (passthrough.go).
package readcache

import (
	"context"
	"math"
	"sync/atomic"

	"github.com/maypok86/otter/v2"
	"golang.org/x/sync/singleflight"

	"stdreg/internal/registry"
)

// Changes says how far the stored data has changed; *store.Store is one.
// ok false means it cannot vouch for anything right now.
type Changes interface {
	Generation(ctx context.Context) (gen uint64, ok bool)
}

// Options configure the cache.
type Options struct {
	// MaxBytes bounds the memory the cached answers take, as estimated
	// (see size.go). 0 or less turns the cache off.
	MaxBytes int64
}

// Store is a registry.Store that answers repeated reads from memory. It
// writes out every method of the interface rather than embedding it, so a
// method added to registry.Store does not compile until it is written here
// too, and methods.go says what the cache does with each.
type Store struct {
	inner   registry.Store
	changes Changes
	writes  atomic.Uint64 // this process's writes through the wrapper
	entries *otter.Cache[string, entry]
	flights singleflight.Group // misses being read, by key and stamp

	// What reads found, for the operators' metrics (Stats).
	hits, misses, bypassed atomic.Uint64
}

// Stats are the cache's counters since it was made, and what it holds.
type Stats struct {
	Hits     uint64 // answered from memory
	Misses   uint64 // loaded (and kept, unless the load failed)
	Bypassed uint64 // loaded and not kept: the store could not vouch for its generation
	Bytes    uint64 // estimated size of what is kept
	Entries  uint64
}

// Stats reads the cache's counters. The cache applies writes to its
// sizes in batches; Stats applies those pending first, so that an answer
// just kept is counted (Stats is read at a scrape, not per request).
func (c *Store) Stats() Stats {
	c.entries.CleanUp()
	return Stats{
		Hits: c.hits.Load(), Misses: c.misses.Load(), Bypassed: c.bypassed.Load(),
		Bytes: c.entries.WeightedSize(), Entries: uint64(c.entries.EstimatedSize()),
	}
}

// Wrap returns inner with a read cache in front of it, or inner itself
// when opts turn the cache off.
func Wrap(inner registry.Store, changes Changes, opts Options) registry.Store {
	if opts.MaxBytes <= 0 {
		return inner
	}
	return &Store{
		inner:   inner,
		changes: changes,
		entries: otter.Must(&otter.Options[string, entry]{
			MaximumWeight: uint64(opts.MaxBytes),
			Weigher: func(key string, e entry) uint32 {
				return uint32(min(len(key)+entryOverhead+e.size, math.MaxUint32))
			},
		}),
	}
}

var _ registry.Store = (*Store)(nil)

// stamp is the moment an answer was read at: the store's generation and
// the count of this process's writes.
type stamp struct{ store, writes uint64 }

// now reads the current stamp; ok false means nothing may be served from
// memory or remembered.
func (c *Store) now(ctx context.Context) (stamp, bool) {
	writes := c.writes.Load()
	gen, ok := c.changes.Generation(ctx)
	return stamp{store: gen, writes: writes}, ok
}

// changed records a write through the wrapper, after the inner store
// returned (whatever it returned: a failed write may still have committed
// part of its work, as an import that stops halfway, and one step too many
// costs only a cache miss).
func (c *Store) changed() { c.writes.Add(1) }
