package generate

import (
	"context"
	"fmt"
	"log/slog"

	"stdreg/internal/config"
	"stdreg/internal/store"
)

// Load writes records into the (migrated) database db as Run does, for
// tests that bulk-load records they made themselves.
func Load(ctx context.Context, db config.Database, recs []Record) error {
	st, err := store.Open(ctx, db, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	load, err := st.NewBulkLoader(ctx)
	if err != nil {
		return err
	}
	defer load.Close()
	if err := load.Standards(recs); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return load.Finish()
}
