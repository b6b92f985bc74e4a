package store

import (
	"gorm.io/gorm"

	"stdreg/internal/feed"
)

// stampCommit takes the next commit position from change_clock and
// records it with the transaction's id (migration 00025). The clock's row
// stays locked until the transaction ends, so positions follow the order
// of the commits. An upsert, so that a clock emptied with its table starts
// again rather than stamping nothing. A transaction that writes several
// records (an import of organizations, each in its own savepoint) is
// stamped once: its first stamp stands.
func (postgresDialect) stampCommit(tx *gorm.DB) error {
	return tx.Exec(`WITH tick AS (
		INSERT INTO change_clock AS k (id, position)
		SELECT 1, 1 WHERE NOT EXISTS (SELECT 1 FROM change_commits WHERE xid = pg_current_xact_id())
		ON CONFLICT (id) DO UPDATE SET position = k.position + 1
		RETURNING position)
	INSERT INTO change_commits (position, xid) SELECT position, pg_current_xact_id() FROM tick`).Error
}

// readChanges walks the commits from the cursor's on, and for each its
// changes in the order written, at most limit of each (so no commit,
// however many changes it made, is read further than the page needs).
func (postgresDialect) readChanges(db *gorm.DB, after feed.Position, limit int, visible string, args []any) ([]feedRow, error) {
	q := `SELECT t.position AS commit_position, c.*
	FROM change_commits t
	CROSS JOIN LATERAL (
		SELECT c.id, c.at, c.resource_type, c.resource_id, c.action, c.version
		FROM changes c
		WHERE c.xid = t.xid AND (t.position > ? OR c.id > ?) AND ` + visible + `
		ORDER BY c.id
		LIMIT ?) c
	WHERE t.position >= ?
	ORDER BY t.position, c.id
	LIMIT ?`
	all := append([]any{after.Commit, after.Seq}, args...)
	all = append(all, limit, after.Commit, limit)
	var rows []feedRow
	if err := db.Raw(q, all...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return rows, nil
}

// feedColumns: the writing transaction's id, which the database fills.
func (postgresDialect) feedColumns() []string { return []string{"xid"} }
