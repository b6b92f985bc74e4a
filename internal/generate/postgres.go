package generate

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"stdreg/internal/search"
	"stdreg/internal/standard"
)

// postgresWriter loads with COPY over two pgx connections of its own: one
// copies the standards of a batch while the other copies the child rows
// (ICS classes, designations, histories) of the batch before.
//
// When the role may (a superuser), both sessions set
// session_replication_role = replica, which skips the per-row foreign-key
// triggers, the largest cost of loading the histories; finish then checks
// every reference with one set-based query instead.
type postgresWriter struct {
	main, children *pgx.Conn
	enc            encoding
	triggersOff    bool

	// copying reports the end of the COPY of the last batch's standards,
	// which runs while the next batch is encoded (nil when none runs).
	copying chan error

	pending chan rows     // child rows of copied standards
	done    chan struct{} // closed when the children copier has stopped

	mu  sync.Mutex
	err error // the children copier's failure

	// deferred are the definitions of the standards' text indexes, dropped
	// for the load and built again at its end (see deferTextIndexes).
	deferred []string
}

func (w *postgresWriter) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.err = err
}

func (w *postgresWriter) failure() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// postgresStandardColumns are the standards' columns with the search index
// the store keeps in the row: the whole text's and the name's.
var postgresStandardColumns = slices.Concat(standardColumns, []string{"search_text", "search_tokens", "name_text", "name_tokens"})

// tsvector is the tsvector of tokens without positions, which is what the
// store writes with array_to_tsvector; pgx sends it in binary, so the
// tokens need no quoting. IndexTokens are sorted bytewise without repeats,
// as a tsvector keeps its lexemes.
func tsvector(tokens []string) pgtype.TSVector {
	lexemes := make([]pgtype.TSVectorLexeme, len(tokens))
	for i, t := range tokens {
		lexemes[i].Word = t
	}
	return pgtype.TSVector{Lexemes: lexemes, Valid: true}
}

func openPostgres(ctx context.Context, dsn string) (*postgresWriter, error) {
	w := &postgresWriter{enc: encoding{
		id:   func(s string) any { return [16]byte(uuid.MustParse(s)) },
		date: func(d standard.Date) any { return d.Time() },
		search: func(doc search.Document) []any {
			return []any{doc.Text, tsvector(doc.Tokens), doc.NameText, tsvector(doc.NameTokens)}
		},
	}}
	var err error
	for _, c := range []**pgx.Conn{&w.main, &w.children} {
		if *c, err = pgx.Connect(ctx, dsn); err != nil {
			w.close()
			return nil, fmt.Errorf("generate: connect to PostgreSQL: %w", err)
		}
	}
	w.triggersOff = true
	for _, c := range []*pgx.Conn{w.main, w.children} {
		if _, err := c.Exec(ctx, "SET session_replication_role = replica"); err != nil {
			w.triggersOff = false // not a superuser: keep the triggers
		}
	}
	if !w.triggersOff {
		for _, c := range []*pgx.Conn{w.main, w.children} {
			if _, err := c.Exec(ctx, "SET session_replication_role = DEFAULT"); err != nil {
				w.close()
				return nil, fmt.Errorf("generate: reset session_replication_role: %w", err)
			}
		}
	}
	w.pending, w.done = make(chan rows, 1), make(chan struct{})
	go func() {
		defer close(w.done)
		for r := range w.pending {
			if w.failure() != nil {
				continue // drain after a failure
			}
			for _, t := range []struct {
				table   string
				columns []string
				rows    [][]any
			}{
				{"standard_ics", icsColumns, r.ics},
				{"standard_designations", designationColumns, r.designations},
				{"standard_transitions", transitionColumns, r.transitions},
			} {
				if err := copyRows(ctx, w.children, t.table, t.columns, t.rows); err != nil {
					w.fail(err)
					break
				}
			}
		}
	}()
	return w, nil
}

func (w *postgresWriter) close() {
	_ = w.waitCopy()
	if w.pending != nil {
		close(w.pending)
		<-w.done
		w.pending = nil
	}
	// A load that failed midway still leaves its database with every
	// index; the load's own error is the one its caller reports.
	_ = w.buildTextIndexes(context.Background())
	for _, c := range []*pgx.Conn{w.main, w.children} {
		if c != nil {
			_ = c.Close(context.Background())
		}
	}
}

func (w *postgresWriter) countStandards(ctx context.Context) (int, error) {
	var n int
	if err := w.main.QueryRow(ctx, "SELECT count(*) FROM standards").Scan(&n); err != nil {
		return 0, fmt.Errorf("generate: count standards: %w", err)
	}
	return n, nil
}

func copyRows(ctx context.Context, conn *pgx.Conn, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("generate: copy into %s: %w", table, err)
	}
	return nil
}

// deferTextIndexes drops the GIN indexes of the standards' search tokens
// for the load, keeping their definitions as the database states them (so
// nothing here repeats the migrations): one build of each over the loaded
// table costs less than keeping it up to date row by row.
func (w *postgresWriter) deferTextIndexes(ctx context.Context) error {
	rows, err := w.main.Query(ctx, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'standards' AND indexdef LIKE '% USING gin %'")
	if err != nil {
		return fmt.Errorf("generate: find the text indexes: %w", err)
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return fmt.Errorf("generate: find the text indexes: %w", err)
		}
		names, w.deferred = append(names, name), append(w.deferred, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("generate: find the text indexes: %w", err)
	}
	for _, name := range names {
		if _, err := w.main.Exec(ctx, "DROP INDEX "+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("generate: drop index %s for the load: %w", name, err)
		}
	}
	return nil
}

// buildTextIndexes builds again the indexes deferTextIndexes dropped.
func (w *postgresWriter) buildTextIndexes(ctx context.Context) error {
	if len(w.deferred) == 0 {
		return nil
	}
	if _, err := w.main.Exec(ctx, "SET maintenance_work_mem = '256MB'"); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	for len(w.deferred) > 0 {
		if _, err := w.main.Exec(ctx, w.deferred[0]); err != nil {
			return fmt.Errorf("generate: build index (%s): %w", w.deferred[0], err)
		}
		w.deferred = w.deferred[1:]
	}
	return nil
}

func (w *postgresWriter) organizations(ctx context.Context, orgs []standard.Organization) error {
	if err := w.deferTextIndexes(ctx); err != nil {
		return err
	}
	rows := make([][]any, len(orgs))
	for i, o := range orgs {
		rows[i] = w.enc.organization(o)
	}
	return copyRows(ctx, w.main, "organizations", organizationColumns, rows)
}

// records copies a batch's standards, each COPY in its own transaction,
// and hands its child rows to the other connection: they are copied after
// the standards they refer to are committed. The COPY runs while the next
// batch is encoded (its search tokens are most of that work), and is
// waited for before the next COPY starts.
func (w *postgresWriter) records(ctx context.Context, recs []Record) error {
	if err := w.failure(); err != nil {
		return err
	}
	r, err := w.enc.rows(recs)
	if err != nil {
		return err
	}
	if err := w.waitCopy(); err != nil {
		return err
	}
	done := make(chan error, 1)
	w.copying = done
	go func() {
		err := copyRows(ctx, w.main, "standards", postgresStandardColumns, r.standards)
		if err == nil {
			r.standards = nil
			w.pending <- r
		}
		done <- err
	}()
	return nil
}

// waitCopy waits for the COPY of the last batch's standards, if one runs,
// and returns its failure.
func (w *postgresWriter) waitCopy() error {
	if w.copying == nil {
		return nil
	}
	err := <-w.copying
	w.copying = nil
	return err
}

// finish waits for the last child rows, checks the references when the
// triggers were off, and vacuums and analyzes the tables, which bulk
// loading leaves without statistics.
func (w *postgresWriter) finish(ctx context.Context) error {
	if err := w.waitCopy(); err != nil {
		return err
	}
	close(w.pending)
	<-w.done
	w.pending = nil
	if err := w.failure(); err != nil {
		return err
	}
	if w.triggersOff {
		var orphans int
		err := w.main.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM standard_transitions t WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = t.standard_id)) +
			(SELECT count(*) FROM standard_ics i WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = i.standard_id)) +
			(SELECT count(*) FROM standard_designations d WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = d.standard_id)) +
			(SELECT count(*) FROM standards s WHERE s.organization_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = s.organization_id))`).Scan(&orphans)
		if err != nil {
			return fmt.Errorf("generate: check references: %w", err)
		}
		if orphans > 0 {
			return fmt.Errorf("generate: %d rows refer to records that do not exist", orphans)
		}
	}
	if err := w.buildTextIndexes(ctx); err != nil {
		return err
	}
	// VACUUM as well: it sets the visibility map, without which no
	// index-only scan avoids the heap, and the hint bits, which the first
	// reads would otherwise write (autovacuum may be off, or not yet run).
	for _, table := range []string{"organizations", "standards", "standard_ics", "standard_designations", "standard_transitions"} {
		if _, err := w.main.Exec(ctx, "VACUUM (ANALYZE) "+table); err != nil {
			return fmt.Errorf("generate: vacuum and analyze %s: %w", table, err)
		}
	}
	return nil
}
