package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stdreg/internal/search"
)

// postgresDialect is PostgreSQL's side of dialect.
type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) systemName() string { return "postgresql" }

func (postgresDialect) followChanges(dsn string, _ *sql.DB, log *slog.Logger) changeSource {
	return newPGChanges(dsn, log)
}

// defaultMaxConns is 20: PostgreSQL's default max_connections (100) leaves
// room for several instances, psql and a migration.
func (postgresDialect) defaultMaxConns() int { return 20 }

// renewConnections closes the idle connections: a statement prepared on one
// before a migration added columns to its table fails with "cached plan
// must not change result type".
func (postgresDialect) renewConnections(db *sql.DB, maxConns int) {
	db.SetMaxIdleConns(0)
	db.SetMaxIdleConns(maxConns)
}

// queryRow runs query on pgx itself, on a connection of db's pool:
// database/sql's rows set up a scan function per column of every result
// (pgx's stdlib adapter), which cost a third of a read's CPU. pgx
// prepares the statement once per connection and keeps it (its default
// statement cache), so a read is one round trip; the row is scanned into
// dest without reflection. A connection that broke during the query is
// closed by database/sql when it comes back (stdlib.Conn.IsValid).
func (postgresDialect) queryRow(ctx context.Context, db *sql.DB, query string, args, dest []any) error {
	return onPgxConn(ctx, db, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, query, args...).Scan(dest...)
	})
}

// onPgxConn runs read on pgx itself, on a connection of db's pool. A
// connection that broke under the read (a restart, a lost network) is
// reported as database/sql's driver.ErrBadConn, whatever pgx called it:
// the database did not answer.
func onPgxConn(ctx context.Context, db *sql.DB, read func(c *pgx.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("query: not a pgx connection but %T", driverConn)
		}
		err := read(c.Conn())
		if err != nil && c.Conn().IsClosed() && ctx.Err() == nil {
			return fmt.Errorf("%w: %w", driver.ErrBadConn, err)
		}
		return err
	})
}

func (postgresDialect) migrations() (string, goose.Dialect) {
	return "migrations/postgres", goose.DialectPostgres
}

// lockForUpdate reads with FOR UPDATE.
func (postgresDialect) lockForUpdate(tx *gorm.DB) *gorm.DB {
	return tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
}

func (postgresDialect) yearOf(expr string) string { return "to_char(" + expr + ", 'YYYY')" }

// yearGroup groups by a number: to_char on each of the 534,280 finished
// cycles of a million standards took a third of the drafting-cycle
// figures by year (backend CPU 900 ms, 650 ms with the number).
func (postgresDialect) yearGroup(expr string) (string, string) {
	by := "date_part('year', " + expr + ")"
	return by, "to_char(make_date(CAST(" + by + " AS integer), 1, 1), 'YYYY')"
}

// monthsRoundedUp takes ceil first: PostgreSQL's CAST rounds.
func (postgresDialect) monthsRoundedUp(expr string) string {
	return "CAST(ceil(" + expr + ") AS integer)"
}

func (postgresDialect) daysBetween(a, b string) string { return "(" + b + " - " + a + ")" }

// movesOf reads each standard's moves by the index on (standard_id, id),
// standard by standard: a window over the moves of the standards joined
// (the plan PostgreSQL prefers for it) reads the whole table, 5 million
// moves at a million standards, to use a few tens of thousands.
func (postgresDialect) movesOf(db, standards *gorm.DB) *gorm.DB {
	return db.Table("(?) AS x CROSS JOIN LATERAL (SELECT to_stage, occurred_on, LEAD(occurred_on) OVER (ORDER BY id) AS left_on "+
		"FROM standard_transitions WHERE standard_id = x.id) AS m", standards).
		Select("x.id AS standard_id, m.to_stage, m.occurred_on, m.left_on")
}

func (postgresDialect) takeTurns(tx *gorm.DB, table string) error {
	return tx.Exec("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE").Error
}

func (postgresDialect) sampleOf(k int) (string, any) {
	return "get_byte(uuid_send(standards.id), 15) < ?", k
}

// facetMatch is "": PostgreSQL ANDs the sample's index (migration 00027)
// with the search index's bitmap, which gives the rows' places in the
// table, not ids, so no narrower index of the counted columns can stand
// in for the rows.
func (postgresDialect) facetMatch([]indexTerm, int) (string, string, []any) { return "", "", nil }

// shareEstimated reads the plan's row estimate and the table's size from
// the statistics ANALYZE keeps: the search index's most common words have
// their own frequencies there (技术: 290,239 estimated, 285,778 found),
// which is what facets ask it for; every rarer word is estimated alike.
func (postgresDialect) shareEstimated(db, query *gorm.DB) (float64, bool, error) {
	var plan string
	if err := db.Raw("EXPLAIN (FORMAT JSON) ?", query).Scan(&plan).Error; err != nil {
		return 0, false, fmt.Errorf("estimate: %w", err)
	}
	var plans []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal([]byte(plan), &plans); err != nil || len(plans) == 0 {
		return 0, false, fmt.Errorf("estimate: read the plan: %v", err)
	}
	var all float64
	if err := db.Raw("SELECT reltuples FROM pg_class WHERE oid = 'standards'::regclass").Scan(&all).Error; err != nil {
		return 0, false, fmt.Errorf("estimate: %w", err)
	}
	if all <= 0 { // never analyzed
		return 0, false, nil
	}
	return plans[0].Plan.Rows / all, true, nil
}

func (postgresDialect) designationTypes() (string, string) {
	return "CROSS JOIN LATERAL json_array_elements(CAST(m.designation_list AS json)) AS e", "e->>'type'"
}

func (postgresDialect) text(expr string) string { return expr + "::text" }

func (postgresDialect) keepsCycleCounts() bool { return true }

func (postgresDialect) hasPercentileCont() bool { return true }

func (postgresDialect) indexSearch(tx *gorm.DB, id string, doc search.Document) error {
	return tx.Exec("UPDATE standards SET search_tokens = array_to_tsvector(?::text[]), search_text = ?, "+
		"name_tokens = array_to_tsvector(?::text[]), name_text = ? WHERE id = ?",
		pgTextArray(doc.Tokens), doc.Text, pgTextArray(doc.NameTokens), doc.NameText, id).Error
}

func (postgresDialect) unindexSearch(*gorm.DB, string) error { return nil } // the row holds it

func (postgresDialect) omittedIndexColumns() []string { return nil }

// bulkTransaction runs on a connection of its own, so that COPY (which
// GORM does not know) can reach it: see copyModels. The lookups run on
// the pool and the writes on a goroutine of their own (importPipe), so
// that neither waits for the other on the one connection: storing a batch
// (indexes, two of them GIN) takes longer than reading and checking one.
func (postgresDialect) bulkTransaction(ctx context.Context, db *gorm.DB, fn func(bulkTx) error) error {
	pool, err := db.DB()
	if err != nil {
		return fmt.Errorf("bulk write: %w", err)
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk write: take a connection: %w", err)
	}
	defer conn.Close()
	onConn := db.WithContext(ctx) // a statement of its own, whose connection is conn
	onConn.Statement.ConnPool = conn
	return onConn.Transaction(func(tx *gorm.DB) error {
		return fn(bulkTx{tx: tx, conn: conn, reads: db.WithContext(ctx), pipelined: true})
	})
}

// insertNew COPYs each table's rows on bt's connection.
func (postgresDialect) insertNew(bt bulkTx, r *newRows) error {
	ctx := bt.tx.Statement.Context
	for _, copyTable := range []func() error{
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.organizations) },
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.standards) },
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.ics) },
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.replaces) },
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.designations) },
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.transitions) },
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.events) },
		func() error { return copyModels(ctx, bt.conn, bt.tx, r.changes) },
	} {
		if err := copyTable(); err != nil {
			return err
		}
	}
	return nil
}

// plannedRead is a transaction: the settings are SET LOCAL. Its reads are
// bounded by design, so JIT compilation and parallel workers only add to
// them: the scans planWalk and planIndexSearch disable still count in a
// plan's cost (disable_cost, 10^10), which puts every plan past
// jit_above_cost, and compiling it took 0.1–1.4 s a statement where
// running it took milliseconds (q=球阀质量: 1,398 ms of JIT for a 258 ms
// walk; q=% on a registry of a few rows alike). A walk of a few thousand
// rows in id order gains nothing from two more processes either, and at
// 32 clients takes their CPU from the other requests.
func (postgresDialect) plannedRead(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)").Error; err != nil {
			return err
		}
		return fn(tx)
	})
}

// planSettings are plannedRead's settings, and with a plan planWalk's
// (the primary key walked in id order) or planIndexSearch's (the text
// index's bitmap, the rows read in the table's order) too: the planner
// cannot know how rare a pair such as 研究 is in a title, and would
// otherwise search the index for a walk or scan the table for an
// unordered read (firstInTier).
var planSettings = [...]string{
	planPlain: "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)",
	planWalk: "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), " +
		"set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_indexscan', 'on', true)",
	planIndexSearch: "SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), " +
		"set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'on', true)",
}

// readPlanned sends the settings and the read together, as one pipeline
// of pgx (a batch) on a connection of db: the statements of one batch
// are one implicit transaction, which ends at its one Sync, so that
// set_config(…, true) holds for the read and no longer. One round trip,
// where a transaction took four (BEGIN, the settings, the read, COMMIT),
// and pgx scans the rows without database/sql's per-column work.
func (postgresDialect) readPlanned(ctx context.Context, db *sql.DB, plan readPlan, query string, args []any, row func(scan func(dest ...any) error) error) error {
	return onPgxConn(ctx, db, func(c *pgx.Conn) error {
		batch := &pgx.Batch{}
		batch.Queue(planSettings[plan])
		batch.Queue(query, args...)
		results := c.SendBatch(ctx, batch)
		err := func() error {
			if _, err := results.Exec(); err != nil {
				return err
			}
			rows, err := results.Query()
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
		}()
		if cerr := results.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// countIndexed does not count: the planner of firstInTier's reads is
// steered instead (planWalk, planIndexSearch).
func (postgresDialect) countIndexed(*gorm.DB, []indexTerm, []indexTerm, bool, int) (int, bool, error) {
	return 0, false, nil
}

// probeMatch is "": a GIN index ANDs the terms' conditions itself.
func (postgresDialect) probeMatch([]indexTerm, []indexTerm, bool) (string, any) { return "", nil }

// contains is LIKE, which the trigram indexes serve.
func (postgresDialect) contains(column, folded string) (string, any) {
	return likeContains(column, folded)
}

// probeInIDOrder is "": the planner is steered instead, and a bitmap of
// the GIN index's matches is read in the table's order anyway.
func (postgresDialect) probeInIDOrder([]indexTerm, []indexTerm, bool, string) (string, []any) {
	return "", nil
}

// pickPrefix is indexedPrefix's choice, which needs no query.
func (postgresDialect) pickPrefix(_ *gorm.DB, terms []search.Term) (string, error) {
	return indexedPrefix(terms), nil
}

// numberPrefix is LIKE, which the indexes on normalized_code serve: the
// column is of the "C" collation (migration 00001).
func (postgresDialect) numberPrefix(normalized string) (string, []any) {
	return likeNumberPrefix(normalized)
}

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

// rowTokenMatch calls the function behind @@: the planner matches only
// the operator to the GIN index, so this is a filter on the rows found.
func (d postgresDialect) rowTokenMatch(prefixes []string, inName bool) (string, any) {
	cond, arg := d.tokenMatch(nil, prefixes, inName)
	column, _, _ := strings.Cut(cond, " @@ ")
	return "ts_match_vq(" + column + ", CAST(? AS tsquery))", arg
}

// spacePairMatch asks the index of migration 00066 for the pairs.
func (postgresDialect) spacePairMatch(pairs []string) (string, []any) {
	if len(pairs) == 0 {
		return "", nil
	}
	args := make([]any, len(pairs))
	for i, p := range pairs {
		args[i] = p
	}
	return "stdreg_space_pairs(name_text) @> ARRAY[?" + strings.Repeat(", ?", len(pairs)-1) + "]::text[]", args
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

// jsonArrayAgg is NULL over no rows; array_to_json writes no spaces
// (json_agg would), so decodeStrings reads it by hand.
func (postgresDialect) jsonArrayAgg(expr, orderBy string) string {
	return "array_to_json(array_agg(" + expr + " ORDER BY " + orderBy + "))::text"
}

// searchStats reads what ANALYZE found of the search index's tokens
// (most_common_elems of the two tsvector columns, kept for 1,000 times
// the default statistics target by migration 00061, so that a token it
// does not list is held by about 0.02% of the standards at most), the
// histogram of ids and the table's rows; nil when the table was never
// analyzed.
func (postgresDialect) searchStats(db *gorm.DB) (*tokenStats, error) {
	var rows []struct {
		Attname string
		Elems   *string
		Freqs   *string
		Bounds  *string
	}
	err := db.Raw(`SELECT attname::text AS attname,
		array_to_json(most_common_elems::text::text[])::text AS elems,
		array_to_json(most_common_elem_freqs)::text AS freqs,
		array_to_json(histogram_bounds::text::text[])::text AS bounds
		FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'standards'
		AND attname IN ('id', 'name_tokens', 'search_tokens')`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("search statistics: %w", err)
	}
	var tuples float64
	if err := db.Raw("SELECT reltuples::float8 FROM pg_class WHERE oid = 'standards'::regclass").Scan(&tuples).Error; err != nil {
		return nil, fmt.Errorf("search statistics: %w", err)
	}
	st := &tokenStats{rows: tuples}
	shares := func(r struct {
		Attname string
		Elems   *string
		Freqs   *string
		Bounds  *string
	}) (map[string]float64, float64, bool) {
		if r.Elems == nil || r.Freqs == nil {
			return nil, 0, false
		}
		var elems []string
		var freqs []float64
		if json.Unmarshal([]byte(*r.Elems), &elems) != nil || json.Unmarshal([]byte(*r.Freqs), &freqs) != nil || len(freqs) < len(elems)+2 {
			return nil, 0, false
		}
		m := make(map[string]float64, len(elems))
		for i, e := range elems {
			m[e] = freqs[i]
		}
		return m, freqs[len(elems)], true // then the least of the shares listed
	}
	var okName, okAny bool
	for _, r := range rows {
		switch r.Attname {
		case "id":
			if r.Bounds != nil {
				_ = json.Unmarshal([]byte(*r.Bounds), &st.idBounds)
			}
		case "name_tokens":
			st.name, st.nameMin, okName = shares(r)
		case "search_tokens":
			st.anywhere, st.anyMin, okAny = shares(r)
		}
	}
	if !okName || !okAny || tuples < 1 || len(st.idBounds) < 2 {
		return nil, nil
	}
	return st, nil
}
