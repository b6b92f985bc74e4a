package store_test

import (
	"context"
	"strings"
	"testing"

	"stdreg/internal/store/storetest"
)

// TestAuditLogIsAppendOnly: the database itself refuses to edit or delete
// an audit event, whoever asks (a trigger on PostgreSQL and on SQLite).
func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		st := teaStandard()
		register(t, db, st)
		raw := db.Raw(t)
		var before string
		if err := raw.QueryRowContext(ctx, "SELECT key_name FROM audit_events WHERE resource_id = "+placeholder(db)+"", st.ID).Scan(&before); err != nil {
			t.Fatalf("read the event: %v", err)
		}
		for _, stmt := range []string{
			"UPDATE audit_events SET key_name = 'forged'",
			"DELETE FROM audit_events",
		} {
			_, err := raw.ExecContext(ctx, stmt)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want the trigger's refusal", stmt, err)
			}
		}
		var after string
		var n int
		if err := raw.QueryRowContext(ctx, "SELECT key_name, (SELECT count(*) FROM audit_events) FROM audit_events WHERE resource_id = "+placeholder(db), st.ID).Scan(&after, &n); err != nil {
			t.Fatal(err)
		}
		if after != before || n != 1 {
			t.Errorf("the event changed: key_name %q → %q, %d events", before, after, n)
		}
	})
}

// placeholder is the first bind parameter in the database's syntax.
func placeholder(db storetest.Database) string {
	if db.Config.Driver == "postgres" {
		return "$1"
	}
	return "?"
}
