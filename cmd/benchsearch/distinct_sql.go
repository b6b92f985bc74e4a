package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// compareDistinctSQL answers the mixes' queries with the plain SQL an
// application without the search index would send (ILIKE, helped by
// pg_trgm indexes it creates if missing and keeps): one client over the
// first sqlPerMix queries of the one-client list, then the connections at
// once over the other list for at most sqlLimit.
func compareDistinctSQL(ctx context.Context, o distinctOptions, results []*mixResult, progress func(string, ...any)) error {
	conn, err := pgx.Connect(ctx, o.dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	err = ensureIndexes(ctx, conn, progress, o.dsn)
	conn.Close(ctx)
	if err != nil {
		return err
	}
	cfg, err := pgxpool.ParseConfig(o.dsn)
	if err != nil {
		return err
	}
	cfg.MaxConns = int32(o.connections)
	cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer pool.Close()
	send := func(m *mixResult) func(context.Context, mixQuery) error {
		return func(ctx context.Context, q mixQuery) error {
			rows, err := pool.Query(ctx, plainSQL(m.mix, q))
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			return rows.Err()
		}
	}
	for _, m := range results {
		if m.noSQL != "" {
			continue
		}
		h := len(m.items) / 2
		first := m.items[:min(h, o.sqlPerMix)]
		progress("plain SQL for %s: %d queries, one client", m.name, len(first))
		m.sqlOne = drive(ctx, 1, first, o.sqlLimit, nil, send(m))
		progress("plain SQL for %s: %d clients for at most %s", m.name, o.connections, o.sqlLimit)
		m.sqlMany = drive(ctx, o.connections, m.items[h:], o.sqlLimit, nil, send(m))
		for _, r := range []runStats{m.sqlOne, m.sqlMany} {
			if r.failed > 0 {
				return fmt.Errorf("%s: %d queries failed, first: %w", m.name, r.failed, r.firstErr)
			}
		}
		m.hasSQL = true
	}
	return nil
}

// plainSQL is the query an application would write for q: every term
// somewhere in the searched columns (drafting_units is a JSON array stored
// as text), the list's filters, the first page in id order; with facets,
// the four counts over the matches; a lookup, the number itself.
func plainSQL(m mix, q mixQuery) string {
	if m.lookup {
		return "SELECT id, code, title_zh FROM standards WHERE normalized_code = " + sqlString(q.code)
	}
	conds := []string{"stage NOT IN ('preliminary', 'proposal')"}
	if q.kind != "" {
		conds = append(conds, "kind = "+sqlString(q.kind))
	}
	for _, t := range q.terms {
		p := sqlString("%" + escapeLike(t) + "%")
		conds = append(conds, fmt.Sprintf("(title_zh ILIKE %[1]s OR title_en ILIKE %[1]s OR code ILIKE %[1]s OR drafting_units ILIKE %[1]s)", p))
	}
	where := strings.Join(conds, " AND ")
	if !m.facets {
		return "SELECT id, code, title_zh FROM standards WHERE " + where + " ORDER BY id LIMIT 20"
	}
	return "WITH m AS MATERIALIZED (SELECT id, kind, stage, published_on FROM standards WHERE " + where + ") " +
		"SELECT 'kind', kind::text, count(*) FROM m GROUP BY kind " +
		"UNION ALL SELECT 'stage', stage::text, count(*) FROM m GROUP BY stage " +
		"UNION ALL SELECT 'year', to_char(published_on, 'YYYY'), count(*) FROM m WHERE published_on IS NOT NULL GROUP BY 2 " +
		"UNION ALL SELECT 'designation', d.type::text, count(*) FROM m JOIN standard_designations d ON d.standard_id = m.id GROUP BY d.type"
}
