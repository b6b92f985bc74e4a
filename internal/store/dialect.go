package store

import (
	"context"
	"database/sql"
	"log/slog"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"

	"stdreg/internal/feed"
	"stdreg/internal/search"
)

// dialect holds what differs between PostgreSQL and SQLite, including how
// changes are followed (changes.go); past Open, which picks it, nothing else
// in the store asks which database it runs on. The two are in
// dialect_postgres.go and dialect_sqlite.go (their reading of an
// unavailable database in unavailable.go, PostgreSQL's bulk load in
// bulkload_postgres.go).
type dialect interface {
	name() string
	// systemName is the database's name in OpenTelemetry's db.system.name.
	systemName() string
	// defaultMaxConns is the pool's size when the operator sets none.
	defaultMaxConns() int
	// followChanges is the dialect's way to learn of committed changes
	// (changes.go): notifications on PostgreSQL, a counter kept by
	// triggers on SQLite (migration 00008).
	followChanges(dsn string, db *sql.DB, log *slog.Logger) changeSource
	// queryRow runs query with args on a connection of db and scans its
	// one row into dest; no row is sql.ErrNoRows.
	queryRow(ctx context.Context, db *sql.DB, query string, args, dest []any) error
	// renewConnections makes statements prepared before a migration
	// changed a table be prepared again.
	renewConnections(db *sql.DB, maxConns int)
	// migrations are the dialect's migrations (a directory of the embedded
	// migrations) and goose's name for the dialect.
	migrations() (dir string, gooseDialect goose.Dialect)
	// lockForUpdate makes tx's reads lock the rows they read until the
	// transaction ends, where the database has row locks.
	lockForUpdate(tx *gorm.DB) *gorm.DB
	// violation reports which constraint an error broke, if any, and
	// the columns it names ("normalized_code"), when the driver says.
	violation(err error) (kind violationKind, columns string)
	// unavailable reports whether err means the database is down or too
	// busy to answer now (unavailable.go).
	unavailable(err error) bool
	// yearOf is the year of a date expression, as text.
	yearOf(expr string) string
	// yearGroup is what to group rows by for the year of a date
	// expression, cheaper to compute and compare than yearOf, and the
	// year as yearOf writes it, from that expression alone.
	yearGroup(expr string) (by, key string)
	// sampleOf is the condition that a standard is in the sample of
	// k/256 of all (the last byte of its id under k), which an index
	// serves (migration 00027).
	sampleOf(k int) (string, any)
	// facetMatch is, for a dialect whose search index gives ids, where
	// facets read a search's matches (table) and the condition that a
	// standard is among the index's matches for probe and, when k < 256,
	// in the sample of k/256: the sample taken among the ids before any
	// row is read. table is "" where the text condition and sampleOf do
	// as well (PostgreSQL ANDs their indexes' bitmaps), and when probe is
	// nil.
	facetMatch(probe []indexTerm, k int) (table, cond string, args []any)
	// shareEstimated is the planner's estimate of the share of all
	// standards query selects (0 to 1); estimated is false where the
	// dialect has no estimate worth asking (SQLite counts its index
	// instead: countIndexed) or no statistics yet.
	shareEstimated(db, query *gorm.DB) (share float64, estimated bool, err error)
	// designationTypes reads the types of the designations a row's
	// designation_list (a JSON array of objects) holds: from is joined
	// after the table (alias m) and names each element, typ is its type.
	designationTypes() (from, typ string)
	// jsonArrayAgg aggregates expr over a group into a JSON array, as
	// text without spaces between its items, in the order of orderBy.
	jsonArrayAgg(expr, orderBy string) string
	// text casts an expression (a uuid on PostgreSQL) to text.
	text(expr string) string
	// keepsCycleCounts reports whether the database keeps the counts of
	// finished cycles, cycle_months (triggers of migration 00043), and
	// their months by year and by organization, cycle_groups (00062).
	keepsCycleCounts() bool
	// hasPercentileCont reports whether the database computes
	// PERCENTILE_CONT itself.
	hasPercentileCont() bool
	// monthsRoundedUp is a non-negative number of months rounded up to
	// an integer (15.0 stays 15, 15.1 is 16).
	monthsRoundedUp(expr string) string
	// daysBetween is the number of days from date expression a to b.
	daysBetween(a, b string) string
	// movesOf selects the moves of the standards of standards (a table x
	// with their id): standard_id, to_stage, occurred_on and left_on, the
	// day of the standard's next move recorded (NULL for its last).
	movesOf(db, standards *gorm.DB) *gorm.DB
	// takeTurns makes the writers of table within tx wait for each other
	// until tx ends, so that a check over the whole table holds when tx
	// commits (SQLite's writers always take turns).
	takeTurns(tx *gorm.DB, table string) error
	// indexSearch stores a standard's search document.
	indexSearch(tx *gorm.DB, id string, doc search.Document) error
	// unindexSearch removes a standard from the search index before it is deleted.
	unindexSearch(tx *gorm.DB, id string) error
	// bulkTransaction runs fn in a transaction that writes many rows (an
	// import), and says where the lookups beside the writes run.
	bulkTransaction(ctx context.Context, db *gorm.DB, fn func(bulkTx) error) error
	// insertNew writes the rows of new records in bulk, with their search
	// index, on bt.
	insertNew(bt bulkTx, rows *newRows) error
	// bulkLoader starts a bulk load (BulkLoader) into db.
	bulkLoader(ctx context.Context, db *gorm.DB) (bulkLoad, error)
	// stampCommit gives the transaction tx its place in the change feed;
	// it is the transaction's last statement (feed.go).
	stampCommit(tx *gorm.DB) error
	// readChanges reads the changes after a feed position that the
	// condition visible (on changes as c, with args) selects, at most
	// limit, in feed order, with their commit positions.
	readChanges(db *gorm.DB, after feed.Position, limit int, visible string, args []any) ([]feedRow, error)
	// feedColumns are the columns of the changes table that the database
	// fills itself, beyond changeRow's.
	feedColumns() []string
	// omittedIndexColumns are the search columns of indexedStandardRow the
	// dialect's standards table does not have.
	omittedIndexColumns() []string
	// plannedRead runs fn with the settings of planPlain (statements of
	// bounded reads: no JIT, no parallel workers) until it returns.
	plannedRead(db *gorm.DB, fn func(tx *gorm.DB) error) error
	// readPlanned runs query with args on a connection of db under the
	// planner settings of plan, for that statement alone, and calls row
	// for each row it gives; in one round trip where the database can.
	readPlanned(ctx context.Context, db *sql.DB, plan readPlan, query string, args []any, row func(scan func(dest ...any) error) error) error
	// tokenMatch is the condition that a standard's tokens (its name's
	// alone when inName) hold all of tokens and a word beginning with each
	// of prefixes.
	tokenMatch(tokens, prefixes []string, inName bool) (string, any)
	// countIndexed counts the standards whose search index holds every
	// term of probe (in their name alone when inName), less those whose
	// name holds every term of not (none when nil), up to limit; counted
	// is false where the dialect does not count (the caller then
	// assumes nothing).
	countIndexed(db *gorm.DB, probe, not []indexTerm, inName bool, limit int) (n int, counted bool, err error)
	// probeMatch is countIndexed's set as a condition on standards, which
	// the index answers in one read; "" where the dialect asks its index
	// term by term instead (tokenMatch).
	probeMatch(probe, not []indexTerm, inName bool) (string, any)
	// probeInIDOrder is countIndexed's set after the id after ("" for
	// all) as a FROM clause of standards joined to the ids the index
	// gives, in id order (c.id), which the database reads without
	// sorting the rows it joins: ordered by c.id with a LIMIT, a read
	// looks up only the rows it needs of the index's candidates. "" where
	// the dialect cannot.
	probeInIDOrder(probe, not []indexTerm, inName bool, after string) (from string, args []any)
	// pickPrefix is the prefix word of terms (a number's) that the
	// index is asked for, the others tested row by row; "" when there are
	// fewer than two.
	pickPrefix(db *gorm.DB, terms []search.Term) (string, error)
	// numberPrefix is the condition that a standard's normalized number
	// begins with normalized, a normalized number (upper-case ASCII), in
	// the form the database's index on normalized_code serves.
	numberPrefix(normalized string) (string, []any)
	// contains is the condition that column, a folded text of the
	// search index (search_text, name_text), holds folded literally.
	contains(column, folded string) (string, any)
	// rowTokenMatch is tokenMatch of prefixes alone, in a form the
	// database tests on the rows another condition found rather than
	// asks its index for.
	rowTokenMatch(prefixes []string, inName bool) (string, any)
	// spacePairMatch is the condition, served by an index, that a
	// standard's name holds every pair across a space of pairs
	// (search.SpacePairs); "" where the dialect keeps no such index.
	spacePairMatch(pairs []string) (string, []any)
	// searchStats are the database's statistics of the search index's
	// tokens and of the ids; nil where it keeps none (relevance_estimates.go).
	searchStats(db *gorm.DB) (*tokenStats, error)
}

// readPlan is how the planner is told to read a relevance tier (see
// firstInTier): whatever it estimates (planPlain), by walking the primary
// key in id order (planWalk), or by searching the text index
// (planIndexSearch).
type readPlan int

const (
	planPlain readPlan = iota
	planWalk
	planIndexSearch
)

type violationKind int

const (
	noViolation violationKind = iota
	uniqueViolation
	foreignKeyViolation
)
