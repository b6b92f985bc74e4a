// Package consistency carries, in a request's context, that its reads must
// see the latest committed data: the HTTP layer marks the reads of a client
// that has just written, and the store then sends them to the primary
// database rather than to a replica that may not have replayed the write.
package consistency

import "context"

type primaryKey struct{}

// WithPrimary returns ctx whose reads go to the primary database.
func WithPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey{}, true)
}

// Primary reports whether ctx's reads must go to the primary database.
func Primary(ctx context.Context) bool {
	v, _ := ctx.Value(primaryKey{}).(bool)
	return v
}
