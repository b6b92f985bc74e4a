package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	sqlite "github.com/glebarez/go-sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"

	"stdreg/internal/search"
)

// sqliteDialect is SQLite's side of dialect.
type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

func (sqliteDialect) systemName() string { return "sqlite" }

func (sqliteDialect) followChanges(_ string, db *sql.DB, _ *slog.Logger) changeSource {
	return sqliteChanges{db: db}
}

// defaultMaxConns is a few connections: SQLite serializes writers anyway,
// and each connection holds its own page cache.
func (sqliteDialect) defaultMaxConns() int { return 8 }

// renewConnections does nothing: SQLite prepares a statement again itself
// when the schema changed, and closing the connections of an in-memory
// database would lose it.
func (sqliteDialect) renewConnections(*sql.DB, int) {}

// queryRow goes through database/sql, the only way to the driver.
func (sqliteDialect) queryRow(ctx context.Context, db *sql.DB, query string, args, dest []any) error {
	return db.QueryRowContext(ctx, query, args...).Scan(dest...)
}

func (sqliteDialect) migrations() (string, goose.Dialect) {
	return "migrations/sqlite", goose.DialectSQLite3
}

// lockForUpdate needs no clause: SQLite has no row locks, and its
// transactions take the database's write lock at BEGIN
// (_txlock=immediate), which serializes them just the same.
func (sqliteDialect) lockForUpdate(tx *gorm.DB) *gorm.DB { return tx }

func (sqliteDialect) yearOf(expr string) string { return "substr(" + expr + ", 1, 4)" }

func (d sqliteDialect) yearGroup(expr string) (string, string) { return d.yearOf(expr), d.yearOf(expr) }

func (sqliteDialect) text(expr string) string { return expr }

// keepsCycleCounts: no; SQLite counts the cycles by months each time.
func (sqliteDialect) keepsCycleCounts() bool { return false }

func (sqliteDialect) hasPercentileCont() bool { return false }

// monthsRoundedUp casts, and adds one where that dropped a fraction:
// SQLite's CAST truncates, which is floor for months, never negative.
func (sqliteDialect) monthsRoundedUp(expr string) string {
	return "(CAST(" + expr + " AS INTEGER) + (CASE WHEN " + expr + " > CAST(" + expr + " AS INTEGER) THEN 1 ELSE 0 END))"
}

func (sqliteDialect) daysBetween(a, b string) string {
	return "CAST(julianday(" + b + ") - julianday(" + a + ") AS INTEGER)"
}

// movesOf: SQLite has no LATERAL, and looks each standard's moves up by
// the index on (standard_id, id) anyway.
func (sqliteDialect) movesOf(db, standards *gorm.DB) *gorm.DB {
	return db.Table("standard_transitions").Where("standard_id IN (?)", standards.Select("x.id")).
		Select("standard_id, to_stage, occurred_on, LEAD(occurred_on) OVER (PARTITION BY standard_id ORDER BY id) AS left_on")
}

// takeTurns has nothing to do: SQLite has one writer at a time.
func (sqliteDialect) takeTurns(*gorm.DB, string) error { return nil }

// sampleOf compares the id's last two hex digits: ids are canonical
// lower-case UUIDs, so the text orders as the byte does.
func (sqliteDialect) sampleOf(k int) (string, any) {
	return "substr(standards.id, 35, 2) < ?", fmt.Sprintf("%02x", k)
}

// facetMatch asks the FTS5 table once for every term (as probeMatch), and
// takes the sample among the ids it gives, before any row of standards is
// read: tested on the rows beside the text condition, a sample of 1/256 of
// 技术 read all its 57,000 matches at 200,000 standards. The rows' columns
// are read from an index of their own (migration 00057), found by id: the
// planner prefers the primary key's index, which then reads the row
// (about 2 KB), twice the CPU of an exact count of 11,816 matches.
func (sqliteDialect) facetMatch(probe []indexTerm, k int) (string, string, []any) {
	if len(probe) == 0 {
		return "", "", nil
	}
	cond := "standards.id IN (SELECT k.id FROM standards_search_keys k WHERE k.key IN (SELECT rowid FROM standards_fts WHERE standards_fts MATCH ?)"
	args := []any{probeFTS(probe, nil, false)}
	if k < 256 {
		cond, args = cond+" AND substr(k.id, 35, 2) < ?", append(args, fmt.Sprintf("%02x", k))
	}
	return "standards INDEXED BY standards_facets", cond + ")", args
}

// shareEstimated: none; SQLite's FTS5 table counts (countIndexed).
func (sqliteDialect) shareEstimated(*gorm.DB, *gorm.DB) (float64, bool, error) { return 0, false, nil }

func (sqliteDialect) designationTypes() (string, string) {
	return "CROSS JOIN json_each(m.designation_list) AS e", "json_extract(e.value, '$.type')"
}

func (d sqliteDialect) indexSearch(tx *gorm.DB, id string, doc search.Document) error {
	if err := tx.Exec("UPDATE standards SET search_text = ?, name_text = ? WHERE id = ?", doc.Text, doc.NameText, id).Error; err != nil {
		return err
	}
	if err := tx.Exec("INSERT INTO standards_search_keys (id) VALUES (?) ON CONFLICT (id) DO NOTHING", id).Error; err != nil {
		return err
	}
	if err := d.unindexSearch(tx, id); err != nil {
		return err
	}
	return tx.Exec("INSERT INTO standards_fts (rowid, name, other) SELECT key, ?, ? FROM standards_search_keys WHERE id = ?",
		strings.Join(doc.NameTokens, " "), strings.Join(doc.OtherTokens, " "), id).Error
}

func (sqliteDialect) omittedIndexColumns() []string { return []string{"search_tokens", "name_tokens"} }

// sqliteBulkRows is how many rows one multi-row INSERT takes: few, as the
// driver binds a statement's parameters in time quadratic in their number
// (36% of an import's CPU at 500 rows).
const sqliteBulkRows = 100

// bulkTransaction is a plain transaction, where the lookups run too.
func (sqliteDialect) bulkTransaction(ctx context.Context, db *gorm.DB, fn func(bulkTx) error) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(bulkTx{tx: tx, reads: tx})
	})
}

// sqliteLoad loads each batch in a transaction of its own.
type sqliteLoad struct {
	ctx context.Context
	d   sqliteDialect
	db  *gorm.DB
}

func (d sqliteDialect) bulkLoader(ctx context.Context, db *gorm.DB) (bulkLoad, error) {
	return sqliteLoad{ctx: ctx, d: d, db: db}, nil
}

func (l sqliteLoad) write(r *newRows) error {
	return l.d.bulkTransaction(l.ctx, l.db, func(bt bulkTx) error { return l.d.insertNew(bt, r) })
}

// finish lays the standards out by id and gathers the tables' statistics
// for the planner.
func (l sqliteLoad) finish() error {
	if err := l.layOutByID(); err != nil {
		return err
	}
	if err := l.db.Exec("ANALYZE").Error; err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

func (sqliteLoad) close() {}

// insertNew writes multi-row INSERTs, and the standards' tokens to
// standards_fts (indexFTS).
func (d sqliteDialect) insertNew(bt bulkTx, r *newRows) error {
	insert := func(table string, value any, n int, omit ...string) error {
		if n == 0 {
			return nil
		}
		if err := bt.tx.Omit(omit...).CreateInBatches(value, sqliteBulkRows).Error; err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		return nil
	}
	if err := insert("organizations", &r.organizations, len(r.organizations)); err != nil {
		return err
	}
	if err := insert("standards", &r.standards, len(r.standards), d.omittedIndexColumns()...); err != nil {
		return err
	}
	if err := d.indexFTS(bt.tx, r.standards); err != nil {
		return fmt.Errorf("index for search: %w", err)
	}
	for _, t := range []struct {
		table string
		value any
		n     int
	}{
		{"standard_ics", &r.ics, len(r.ics)}, {"standard_replaces", &r.replaces, len(r.replaces)}, {"standard_designations", &r.designations, len(r.designations)},
		{"standard_transitions", &r.transitions, len(r.transitions)}, {"audit_events", &r.events, len(r.events)},
		{"changes", &r.changes, len(r.changes)},
	} {
		if err := insert(t.table, t.value, t.n); err != nil {
			return err
		}
	}
	return nil
}

// plannedRead, planWalk and planIndexSearch need nothing on SQLite: a
// MATCH is always answered from the FTS table, and the walk is the only way
// to an id order. (A transaction would take the write lock: _txlock=immediate.)
func (sqliteDialect) plannedRead(db *gorm.DB, fn func(tx *gorm.DB) error) error { return fn(db) }

// readPlanned reads through database/sql: SQLite's planner needs no
// settings (plannedRead).
func (sqliteDialect) readPlanned(ctx context.Context, db *sql.DB, _ readPlan, query string, args []any, row func(scan func(dest ...any) error) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// indexFTS gives each bulk-inserted standard its key row and its FTS row,
// many per statement.
func (sqliteDialect) indexFTS(tx *gorm.DB, rows []indexedStandardRow) error {
	for chunk := range chunks(rows, sqliteBulkRows) {
		ids := make([]any, len(chunk))
		args := make([]any, 0, 3*len(chunk))
		for i, r := range chunk {
			ids[i] = r.Row.ID
			args = append(args, r.Row.ID, strings.Join(r.doc.NameTokens, " "), strings.Join(r.doc.OtherTokens, " "))
		}
		if err := tx.Exec("INSERT INTO standards_search_keys (id) VALUES "+strings.TrimSuffix(strings.Repeat("(?),", len(chunk)), ","), ids...).Error; err != nil {
			return err
		}
		q := "INSERT INTO standards_fts (rowid, name, other) SELECT k.key, v.column2, v.column3 FROM (VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?),", len(chunk)), ",") + ") AS v JOIN standards_search_keys k ON k.id = v.column1"
		res := tx.Exec(q, args...)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != int64(len(chunk)) {
			return fmt.Errorf("%d of %d standards found", res.RowsAffected, len(chunk))
		}
	}
	return nil
}

// unindexSearch removes the FTS row; the key row goes with the standard.
func (sqliteDialect) unindexSearch(tx *gorm.DB, id string) error {
	return tx.Exec("DELETE FROM standards_fts WHERE rowid = (SELECT key FROM standards_search_keys WHERE id = ?)", id).Error
}

// tokenMatch asks the FTS5 table, in both its columns or in the name's.
func (sqliteDialect) tokenMatch(tokens, prefixes []string, inName bool) (string, any) {
	return "standards.id IN (SELECT k.id FROM standards_search_keys k WHERE k.key IN (SELECT rowid FROM standards_fts WHERE standards_fts MATCH ?))",
		ftsMatch([]indexTerm{{tokens, prefixes}}, inName)
}

// ftsMatch is the FTS5 query of every term of terms, in both columns or
// in the name's; each token is a quoted string, so it is never read as
// FTS5 syntax.
func ftsMatch(terms []indexTerm, inName bool) string {
	var parts []string
	for _, t := range terms {
		for _, tok := range t.tokens {
			parts = append(parts, `"`+tok+`"`)
		}
		for _, p := range t.prefixes {
			parts = append(parts, `"`+p+`"*`)
		}
	}
	match := strings.Join(parts, " AND ")
	if inName {
		match = "{name} : (" + match + ")"
	}
	return match
}

// countIndexed counts in the FTS5 table alone, which walks its posting
// lists and reads no row of standards: 0.7 ms for the 9,855 standards
// that hold 茶叶 of 200,000, where a walk of 5,000 rows takes 5 to 15 ms.
func (sqliteDialect) countIndexed(db *gorm.DB, probe, not []indexTerm, inName bool, limit int) (int, bool, error) {
	var n int
	err := db.Raw("SELECT count(*) FROM (SELECT 1 FROM standards_fts WHERE standards_fts MATCH ? LIMIT ?)", probeFTS(probe, not, inName), limit).Scan(&n).Error
	if err != nil {
		return 0, false, fmt.Errorf("count index matches: %w", err)
	}
	return n, true, nil
}

// probeFTS is the FTS5 query of probe less not in the name.
func probeFTS(probe, not []indexTerm, inName bool) string {
	match := "(" + ftsMatch(probe, inName) + ")"
	if not != nil {
		match += " NOT (" + ftsMatch(not, true) + ")"
	}
	return match
}

// probeMatch asks the FTS5 table once for every term of a tier: asked
// term by term (tokenMatch), each term's matches are a list of their own
// before they are intersected, 100,000 rows for 技术 alone.
func (sqliteDialect) probeMatch(probe, not []indexTerm, inName bool) (string, any) {
	if len(probe) == 0 {
		return "", nil
	}
	return "standards.id IN (SELECT k.id FROM standards_search_keys k WHERE k.key IN (SELECT rowid FROM standards_fts WHERE standards_fts MATCH ?))",
		probeFTS(probe, not, inName)
}

// probeInIDOrder sorts the ids of the FTS5 table's matches (the key
// table gives each its id, about 1 µs a match), and joins standards to
// them one by one in that order: the outer loop is the sorted
// subquery (CROSS JOIN fixes the order of the loops), so SQLite satisfies
// ORDER BY c.id without a sort of its own, and a LIMIT stops the lookups.
// Reading every match's row and sorting those (probeMatch's read) cost
// about 8 µs a match: 12 to 40 ms for the 1,914 names that hold 建筑 of
// 200,000, where this reads the first 21 in 5 to 7 ms. (If a later SQLite
// sorted again, the answer would be the same, at the old cost.)
func (sqliteDialect) probeInIDOrder(probe, not []indexTerm, inName bool, after string) (string, []any) {
	if len(probe) == 0 {
		return "", nil
	}
	sub := "SELECT k.id AS id FROM standards_fts CROSS JOIN standards_search_keys k ON k.key = standards_fts.rowid WHERE standards_fts MATCH ?"
	args := []any{probeFTS(probe, not, inName)}
	if after != "" {
		sub += " AND k.id > ?"
		args = append(args, after)
	}
	// LIMIT -1 (none) keeps the subquery from being flattened into the
	// join, which would sort the joined rows instead.
	return "(" + sub + " ORDER BY k.id LIMIT -1) AS c CROSS JOIN standards ON standards.id = c.id", args
}

// pickPrefix asks the FTS5 table how many standards hold a word beginning
// with each prefix word of three characters or more, and picks the
// fewest (indexedPrefix's choice among equals, and when there is no such
// word). The sequence number that indexedPrefix prefers is no choice for
// an enterprise's number: 006 of Q/QFEUA 006 begins the words of
// thousands of standards, QFEUA those of one company's. Shorter words
// (t, q, db) are never the fewest, and merging their posting lists costs
// 10 to 20 ms each.
func (d sqliteDialect) pickPrefix(db *gorm.DB, terms []search.Term) (string, error) {
	first := indexedPrefix(terms)
	if first == "" {
		return "", nil
	}
	best, fewest := first, -1
	for _, t := range terms {
		for _, p := range t.Prefixes {
			if utf8.RuneCountInString(p) < 3 {
				continue
			}
			n, _, err := d.countIndexed(db, []indexTerm{{prefixes: []string{p}}}, nil, false, defaultRelevanceBounds.indexRead)
			if err != nil {
				return "", err
			}
			if fewest < 0 || n < fewest || n == fewest && p == first {
				best, fewest = p, n
			}
		}
	}
	return best, nil
}

// numberPrefix is a range of the binary order, which the unique index on
// normalized_code serves: SQLite's LIKE ignores the case of ASCII letters,
// so its index (of the binary collation) cannot serve a LIKE, and the
// number's tiers read the whole table (221 ms a search at 200,000
// standards). Normalized numbers are upper-case ASCII, so the numbers the
// range holds are those LIKE matched: the ones that begin with normalized,
// byte for byte. The bound past the range is normalized with its last
// byte one higher (no normalized number holds a byte of 0x7f or more).
func (sqliteDialect) numberPrefix(normalized string) (string, []any) {
	if normalized == "" || normalized[len(normalized)-1] >= 0x7f {
		return likeNumberPrefix(normalized)
	}
	past := normalized[:len(normalized)-1] + string(normalized[len(normalized)-1]+1)
	return "normalized_code >= ? AND normalized_code < ?", []any{normalized, past}
}

// contains is instr, which finds a string by comparing bytes, where LIKE
// decodes and compares the text character by character from each
// position, its pattern's too: a third of the CPU of the 2,000 rows read
// for the phrase tier of 锂离 技术 (20 ms against 14). Both texts are folded, so
// they hold no upper-case ASCII letter, the only ones LIKE would have
// matched in either case: the same rows.
func (sqliteDialect) contains(column, folded string) (string, any) {
	return "instr(" + column + ", ?) > 0", folded
}

// rowTokenMatch tests the standard's own folded text with a function of
// this package (search.HasWordPrefixes). Asking the FTS5 table instead,
// even for one row, merges the posting lists of every word that begins
// with each prefix (t of DB33/T: all the words in t of 150,000 names,
// 20 ms), and an IN list of its answers is built whole: a number typed
// into the search box took a second.
func (sqliteDialect) rowTokenMatch(prefixes []string, inName bool) (string, any) {
	column := "search_text"
	if inName {
		column = "name_text"
	}
	return sqliteWordPrefixes + "(" + column + ", ?) = 1", strings.Join(prefixes, " ")
}

// sqliteWordPrefixes is the SQL function rowTokenMatch calls: 1 when its
// first argument, a folded text, has a word beginning with each of the
// space-separated prefixes of its second.
const sqliteWordPrefixes = "stdreg_word_prefixes"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(sqliteWordPrefixes, 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		text, _ := args[0].(string)
		prefixes, _ := args[1].(string)
		if search.HasWordPrefixes(text, strings.Fields(prefixes)) {
			return int64(1), nil
		}
		return int64(0), nil
	})
}

// SQLite extended result codes for constraint failures.
const (
	sqliteConstraintForeignKey = 787
	sqliteConstraintUnique     = 2067
	// ON DELETE RESTRICT fails with the trigger code, not the foreign key one.
	sqliteConstraintTrigger = 1811
)

// violation reads the extended result code; SQLite names the columns, not
// the constraint ("UNIQUE constraint failed: standards.normalized_code").
func (sqliteDialect) violation(err error) (violationKind, string) {
	var sqErr *sqlite.Error
	if !errors.As(err, &sqErr) {
		return noViolation, ""
	}
	switch sqErr.Code() {
	case sqliteConstraintUnique:
		// "constraint failed: UNIQUE constraint failed: standards.normalized_code (2067)"
		msg := sqErr.Error()
		cols := msg[strings.LastIndex(msg, "failed: ")+len("failed: "):]
		cols, _, _ = strings.Cut(cols, " (")
		var columns []string
		for col := range strings.SplitSeq(cols, ", ") { // "standards.normalized_code"
			_, name, _ := strings.Cut(col, ".")
			columns = append(columns, name)
		}
		return uniqueViolation, strings.Join(columns, ", ")
	case sqliteConstraintForeignKey, sqliteConstraintTrigger:
		if strings.Contains(sqErr.Error(), "FOREIGN KEY") {
			return foreignKeyViolation, ""
		}
	}
	return noViolation, ""
}

// jsonArrayAgg is [] over no rows (an aggregate's ORDER BY needs SQLite
// 3.44).
func (sqliteDialect) jsonArrayAgg(expr, orderBy string) string {
	return "json_group_array(" + expr + " ORDER BY " + orderBy + ")"
}

// searchStats is nil: SQLite keeps no statistics of FTS5 tokens, and
// countIndexed counts them instead.
// spacePairMatch is "": FTS5 keeps no pairs across spaces, and the phrase
// tier is read as before.
func (sqliteDialect) spacePairMatch([]string) (string, []any) { return "", nil }

func (sqliteDialect) searchStats(*gorm.DB) (*tokenStats, error) { return nil, nil }
