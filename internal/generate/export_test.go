package generate

import (
	"context"

	"stdreg/internal/config"
)

// Load writes records into the (migrated) database db as Run does, for
// tests that bulk-load records they made themselves.
func Load(ctx context.Context, db config.Database, recs []Record) error {
	w, err := open(ctx, db)
	if err != nil {
		return err
	}
	defer w.close()
	if err := w.records(ctx, recs); err != nil {
		return err
	}
	return w.finish(ctx)
}
