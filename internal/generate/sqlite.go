package generate

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	_ "github.com/glebarez/go-sqlite" // registers "sqlite"

	"stdreg/internal/search"
	"stdreg/internal/standard"
)

// sqliteWriter loads with multi-row INSERTs, one transaction per batch,
// which also indexes the batch's standards for search.
type sqliteWriter struct {
	db  *sql.DB
	enc encoding
}

func openSQLite(path string) (*sqliteWriter, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, fmt.Errorf("generate: open SQLite: %w", err)
	}
	db.SetMaxOpenConns(1)
	return &sqliteWriter{db: db, enc: encoding{
		id:     func(s string) any { return s },
		date:   func(d standard.Date) any { return d.String() },
		search: func(doc search.Document) []any { return []any{doc.Text, doc.NameText} },
		fts:    true,
	}}, nil
}

func (w *sqliteWriter) close() { _ = w.db.Close() }

func (w *sqliteWriter) countStandards(ctx context.Context) (int, error) {
	var n int
	if err := w.db.QueryRowContext(ctx, "SELECT count(*) FROM standards").Scan(&n); err != nil {
		return 0, fmt.Errorf("generate: count standards: %w", err)
	}
	return n, nil
}

// sqliteStandardColumns are the standards' columns with the folded text of
// the search index; its tokens go to standards_fts (insertFTS).
var sqliteStandardColumns = slices.Concat(standardColumns, []string{"search_text", "name_text"})

// maxVariables keeps a statement under SQLite's limit of bound parameters.
const maxVariables = 30000

func insert(ctx context.Context, tx *sql.Tx, table string, columns []string, rows [][]any) error {
	per := max(1, min(500, maxVariables/len(columns)))
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	for len(rows) > 0 {
		n := min(per, len(rows))
		args := make([]any, 0, n*len(columns))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("generate: insert into %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// insertFTS indexes standards already inserted in tx for search, as the
// store does: a key row per standard, and a standards_fts row under that
// key. rows are (id, name tokens, other tokens), many rows per statement.
func insertFTS(ctx context.Context, tx *sql.Tx, rows [][]any) error {
	const per = 500
	for len(rows) > 0 {
		n := min(per, len(rows))
		args := make([]any, 0, 3*n)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		ids := make([]any, n)
		for i, r := range rows[:n] {
			ids[i] = r[0]
		}
		keys := "INSERT INTO standards_search_keys (id) VALUES " + strings.TrimSuffix(strings.Repeat("(?),", n), ",")
		if _, err := tx.ExecContext(ctx, keys, ids...); err != nil {
			return fmt.Errorf("generate: index standards for search: %w", err)
		}
		q := "INSERT INTO standards_fts (rowid, name, other) SELECT k.key, v.column2, v.column3 FROM (VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?),", n), ",") + ") AS v JOIN standards_search_keys k ON k.id = v.column1"
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("generate: index standards for search: %w", err)
		}
		if got, err := res.RowsAffected(); err == nil && got != int64(n) {
			return fmt.Errorf("generate: index standards for search: %d of %d standards found", got, n)
		}
		rows = rows[n:]
	}
	return nil
}

func (w *sqliteWriter) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("generate: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("generate: commit: %w", err)
	}
	return nil
}

func (w *sqliteWriter) organizations(ctx context.Context, orgs []standard.Organization) error {
	rows := make([][]any, len(orgs))
	for i, o := range orgs {
		rows[i] = w.enc.organization(o)
	}
	return w.inTx(ctx, func(tx *sql.Tx) error { return insert(ctx, tx, "organizations", organizationColumns, rows) })
}

func (w *sqliteWriter) records(ctx context.Context, recs []Record) error {
	r, err := w.enc.rows(recs)
	if err != nil {
		return err
	}
	return w.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range []struct {
			table   string
			columns []string
			rows    [][]any
		}{
			{"standards", sqliteStandardColumns, r.standards},
			{"standard_ics", icsColumns, r.ics},
			{"standard_designations", designationColumns, r.designations},
			{"standard_transitions", transitionColumns, r.transitions},
		} {
			if err := insert(ctx, tx, t.table, t.columns, t.rows); err != nil {
				return err
			}
		}
		return insertFTS(ctx, tx, r.fts)
	})
}

func (w *sqliteWriter) finish(ctx context.Context) error {
	if _, err := w.db.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("generate: analyze: %w", err)
	}
	return nil
}
