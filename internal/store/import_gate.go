package store

import (
	"context"
	"fmt"
)

// importGate bounds the imports that run at once. On PostgreSQL an import
// holds a connection for its transaction and takes another from the same
// pool for its lookups (bulkTransaction): as many imports as the pool has
// connections would each hold one and wait for a second that never comes
// free, and every request after them would wait too. With at most
// (size-1)/2 imports, each holding two, one connection is always left
// to the rest. An import waits for its turn before it takes any.
type importGate chan struct{}

func newImportGate(poolSize int) importGate {
	return make(importGate, max(1, (poolSize-1)/2))
}

// enter waits for a turn; the returned func gives it back.
func (g importGate) enter(ctx context.Context) (func(), error) {
	select {
	case g <- struct{}{}:
		return func() { <-g }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a turn to import: %w", ctx.Err())
	}
}
