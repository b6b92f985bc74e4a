package store

import (
	"database/sql"
	"errors"
	"strings"

	sqlite "github.com/glebarez/go-sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"stdreg/internal/search"
)

// dialect holds what differs between PostgreSQL and SQLite.
type dialect interface {
	name() string
	configurePool(db *sql.DB)
	// renewConnections makes statements prepared before a migration
	// changed a table be prepared again.
	renewConnections(db *sql.DB)
	// violation reports which constraint an error broke, if any, and
	// the columns it names ("normalized_code"), when the driver says.
	violation(err error) (kind violationKind, columns string)
	// unavailable reports whether err means the database is down or too
	// busy to answer now (unavailable.go).
	unavailable(err error) bool
	// yearOf is the year of a date expression, as text.
	yearOf(expr string) string
	// text casts an expression (a uuid on PostgreSQL) to text.
	text(expr string) string
	// indexSearch stores a standard's search document.
	indexSearch(tx *gorm.DB, id string, doc search.Document) error
	// unindexSearch removes a standard from the search index before it is deleted.
	unindexSearch(tx *gorm.DB, id string) error
	// bulkRows is how many rows one multi-row INSERT of a bulk write takes.
	bulkRows() int
	// indexedRow is a standard's row with its search columns, for a bulk
	// insert; omittedIndexColumns are those the dialect does not have.
	indexedRow(row standardRow, doc search.Document) indexedStandardRow
	omittedIndexColumns() []string
	// indexFTS adds bulk-inserted standards to an index kept outside their
	// rows, if the dialect has one.
	indexFTS(tx *gorm.DB, rows []ftsRow) error
	// plannedRead runs fn where planWalk and planIndexSearch hold until it
	// returns; they make the reads after them read a relevance tier by
	// walking the primary key, or by searching the text index, whatever
	// the planner estimates (see firstInTier).
	plannedRead(db *gorm.DB, fn func(tx *gorm.DB) error) error
	planWalk(tx *gorm.DB) error
	planIndexSearch(tx *gorm.DB) error
	// tokenMatch is the condition that a standard's tokens (its name's
	// alone when inName) hold all of tokens and a word beginning with each
	// of prefixes.
	tokenMatch(tokens, prefixes []string, inName bool) (string, any)
}

type violationKind int

const (
	noViolation violationKind = iota
	uniqueViolation
	foreignKeyViolation
)

type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) configurePool(db *sql.DB) {
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
}

// renewConnections closes the idle connections: a statement prepared on one
// before a migration added columns to its table fails with "cached plan
// must not change result type".
func (d postgresDialect) renewConnections(db *sql.DB) {
	db.SetMaxIdleConns(0)
	d.configurePool(db)
}

func (postgresDialect) yearOf(expr string) string { return "to_char(" + expr + ", 'YYYY')" }

func (postgresDialect) text(expr string) string { return expr + "::text" }

func (postgresDialect) indexSearch(tx *gorm.DB, id string, doc search.Document) error {
	return tx.Exec("UPDATE standards SET search_tokens = array_to_tsvector(?::text[]), search_text = ?, "+
		"name_tokens = array_to_tsvector(?::text[]), name_text = ? WHERE id = ?",
		pgTextArray(doc.Tokens), doc.Text, pgTextArray(doc.NameTokens), doc.NameText, id).Error
}

func (postgresDialect) unindexSearch(*gorm.DB, string) error { return nil } // the row holds it

func (postgresDialect) indexedRow(row standardRow, doc search.Document) indexedStandardRow {
	return indexedStandardRow{Row: row, SearchText: doc.Text, NameText: doc.NameText,
		SearchTokens: doc.Tokens, NameTokens: doc.NameTokens}
}

func (postgresDialect) omittedIndexColumns() []string { return nil }

// bulkRows keeps a statement of about 30 columns under PostgreSQL's 65,535
// bound parameters.
func (postgresDialect) bulkRows() int { return 500 }

// plannedRead is a transaction: the settings are SET LOCAL.
func (postgresDialect) plannedRead(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.Transaction(fn)
}

func (postgresDialect) planWalk(tx *gorm.DB) error {
	return tx.Exec("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_indexscan', 'on', true)").Error
}

func (postgresDialect) planIndexSearch(tx *gorm.DB) error {
	return tx.Exec("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'on', true)").Error
}

func (postgresDialect) indexFTS(*gorm.DB, []ftsRow) error { return nil } // the rows hold it

// tokenMatch asks a GIN index with a tsquery of the tokens. Tokens hold
// only letters, digits, dots and Han characters (internal/search), so
// quoting them is enough to make them literal lexemes.
func (postgresDialect) tokenMatch(tokens, prefixes []string, inName bool) (string, any) {
	var parts []string
	for _, t := range tokens {
		parts = append(parts, "'"+t+"'")
	}
	for _, p := range prefixes {
		parts = append(parts, "'"+p+"':*")
	}
	column := "search_tokens"
	if inName {
		column = "name_tokens"
	}
	return column + " @@ CAST(? AS tsquery)", strings.Join(parts, " & ")
}

// pgTextArray writes a text[] literal; tokens need no escaping beyond the
// quotes (see matchTokens).
func pgTextArray(tokens []string) string {
	quoted := make([]string, len(tokens))
	for i, t := range tokens {
		quoted[i] = `"` + t + `"`
	}
	return "{" + strings.Join(quoted, ",") + "}"
}

// violation reads the SQLSTATE, and the columns from the error's detail
// ("Key (normalized_code)=(…) already exists.").
func (postgresDialect) violation(err error) (violationKind, string) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return noViolation, ""
	}
	columns := ""
	if rest, ok := strings.CutPrefix(pgErr.Detail, "Key ("); ok {
		columns, _, _ = strings.Cut(rest, ")")
	}
	switch pgErr.Code {
	case "23505":
		return uniqueViolation, columns
	case "23503":
		return foreignKeyViolation, columns
	}
	return noViolation, ""
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

// configurePool keeps a few connections: SQLite serializes writers anyway,
// and each connection holds its own page cache.
func (sqliteDialect) configurePool(db *sql.DB) {
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
}

// renewConnections does nothing: SQLite prepares a statement again itself
// when the schema changed, and closing the connections of an in-memory
// database would lose it.
func (sqliteDialect) renewConnections(*sql.DB) {}

func (sqliteDialect) yearOf(expr string) string { return "substr(" + expr + ", 1, 4)" }

func (sqliteDialect) text(expr string) string { return expr }

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

func (sqliteDialect) indexedRow(row standardRow, doc search.Document) indexedStandardRow {
	return indexedStandardRow{Row: row, SearchText: doc.Text, NameText: doc.NameText}
}

func (sqliteDialect) omittedIndexColumns() []string { return []string{"search_tokens", "name_tokens"} }

// bulkRows is small on SQLite: the driver binds a statement's parameters in
// time quadratic in their number (36% of an import's CPU at 500 rows).
func (sqliteDialect) bulkRows() int { return 100 }

// plannedRead, planWalk and planIndexSearch need nothing on SQLite: a
// MATCH is always answered from the FTS table, and the walk is the only way
// to an id order. (A transaction would take the write lock: _txlock=immediate.)
func (sqliteDialect) plannedRead(db *gorm.DB, fn func(tx *gorm.DB) error) error { return fn(db) }
func (sqliteDialect) planWalk(*gorm.DB) error                                   { return nil }
func (sqliteDialect) planIndexSearch(*gorm.DB) error                            { return nil }

// indexFTS gives each standard its key row and its FTS row, many per
// statement.
func (d sqliteDialect) indexFTS(tx *gorm.DB, rows []ftsRow) error {
	for chunk := range chunks(rows, d.bulkRows()) {
		ids := make([]any, len(chunk))
		args := make([]any, 0, 3*len(chunk))
		for i, r := range chunk {
			ids[i] = r.id
			args = append(args, r.id, strings.Join(r.doc.NameTokens, " "), strings.Join(r.doc.OtherTokens, " "))
		}
		if err := tx.Exec("INSERT INTO standards_search_keys (id) VALUES "+strings.TrimSuffix(strings.Repeat("(?),", len(chunk)), ","), ids...).Error; err != nil {
			return err
		}
		q := "INSERT INTO standards_fts (rowid, name, other) SELECT k.key, v.column2, v.column3 FROM (VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?),", len(chunk)), ",") + ") AS v JOIN standards_search_keys k ON k.id = v.column1"
		if err := tx.Exec(q, args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// unindexSearch removes the FTS row; the key row goes with the standard.
func (sqliteDialect) unindexSearch(tx *gorm.DB, id string) error {
	return tx.Exec("DELETE FROM standards_fts WHERE rowid = (SELECT key FROM standards_search_keys WHERE id = ?)", id).Error
}

// tokenMatch asks the FTS5 table, in both its columns or in the name's;
// each token is a quoted string, so it is never read as FTS5 syntax.
func (sqliteDialect) tokenMatch(tokens, prefixes []string, inName bool) (string, any) {
	var parts []string
	for _, t := range tokens {
		parts = append(parts, `"`+t+`"`)
	}
	for _, p := range prefixes {
		parts = append(parts, `"`+p+`"*`)
	}
	match := strings.Join(parts, " AND ")
	if inName {
		match = "{name} : (" + match + ")"
	}
	return "standards.id IN (SELECT k.id FROM standards_search_keys k WHERE k.key IN (SELECT rowid FROM standards_fts WHERE standards_fts MATCH ?))", match
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
