package store

import (
	"fmt"
	"strings"
)

// layOutByID writes the standards again in the order of their ids, as
// pgLoad.layOutByID does on PostgreSQL and for the same reason: a
// registry that grew over time lies in its ids' order, and a search walks
// ids in order. SQLite stores a table in its rowid's order, so the table
// is copied in id order into a new one of the same definition, which
// takes the old one's name, indexes and triggers: SQLite's own way of
// rebuilding a table (https://sqlite.org/lang_altertable.html, "making
// other kinds of table schema changes"). Nothing refers to a standard's
// rowid: the text index's rows are keyed by standards_search_keys.
// VACUUM then gives the old table's pages back.
func (l sqliteLoad) layOutByID() error {
	pool, err := l.db.DB()
	if err != nil {
		return err
	}
	conn, err := pool.Conn(l.ctx)
	if err != nil {
		return fmt.Errorf("take a connection: %w", err)
	}
	defer conn.Close()
	// Dropping the old table would otherwise delete, or refuse, the rows
	// that refer to it; foreign_key_check below checks them all instead.
	// The setting holds for this connection until it is set back.
	if _, err := conn.ExecContext(l.ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("turn foreign keys off: %w", err)
	}
	defer func() { _, _ = conn.ExecContext(l.ctx, "PRAGMA foreign_keys = ON") }()
	tx, err := conn.BeginTx(l.ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // after Commit, nothing to undo

	const prefix = "CREATE TABLE standards ("
	var table string
	if err := tx.QueryRowContext(l.ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'standards'").Scan(&table); err != nil {
		return fmt.Errorf("read the standards' definition: %w", err)
	}
	if !strings.HasPrefix(table, prefix) {
		return fmt.Errorf("the standards' definition begins %.40q, not %q", table, prefix)
	}
	rows, err := tx.QueryContext(l.ctx, "SELECT sql FROM sqlite_master WHERE tbl_name = 'standards' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
	if err != nil {
		return fmt.Errorf("read the standards' indexes and triggers: %w", err)
	}
	var dependents []string
	for rows.Next() {
		var sql string
		if err := rows.Scan(&sql); err != nil {
			rows.Close()
			return fmt.Errorf("read the standards' indexes and triggers: %w", err)
		}
		dependents = append(dependents, sql)
	}
	if err := rowsError(l.db, rows.Err()); err != nil {
		return fmt.Errorf("read the standards' indexes and triggers: %w", err)
	}
	steps := []string{
		"CREATE TABLE standards_by_id (" + strings.TrimPrefix(table, prefix),
		"INSERT INTO standards_by_id SELECT * FROM standards ORDER BY id",
		"DROP TABLE standards",
		"ALTER TABLE standards_by_id RENAME TO standards",
	}
	for _, step := range append(steps, dependents...) {
		if _, err := tx.ExecContext(l.ctx, step); err != nil {
			return fmt.Errorf("lay out the standards by id: %.60s: %w", step, err)
		}
	}
	var broken int
	if err := tx.QueryRowContext(l.ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&broken); err != nil {
		return fmt.Errorf("check references: %w", err)
	}
	if broken > 0 {
		return fmt.Errorf("%d rows refer to records that do not exist", broken)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("lay out the standards by id: %w", err)
	}
	if _, err := conn.ExecContext(l.ctx, "VACUUM"); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	return nil
}
