package store

import (
	"gorm.io/gorm"

	"stdreg/internal/feed"
)

// stampCommit has nothing to do on SQLite: one transaction writes at a
// time, so the changes' ids are already in commit order (migration 00025).
func (sqliteDialect) stampCommit(*gorm.DB) error { return nil }

// readChanges reads by id; a change's commit position is its id.
func (sqliteDialect) readChanges(db *gorm.DB, after feed.Position, limit int, visible string, args []any) ([]feedRow, error) {
	q := `SELECT c.id AS commit_position, c.id, c.at, c.resource_type, c.resource_id, c.action, c.version
	FROM changes c WHERE c.id > ? AND ` + visible + ` ORDER BY c.id LIMIT ?`
	all := append([]any{after.Seq}, args...)
	all = append(all, limit)
	var rows []feedRow
	if err := db.Raw(q, all...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return rows, nil
}

// feedColumns: none beyond the model's.
func (sqliteDialect) feedColumns() []string { return nil }
