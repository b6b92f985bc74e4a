package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/glebarez/go-sqlite" // registers "sqlite"
	"github.com/jackc/pgx/v5"

	"stdreg/internal/config"
)

// sampler reads what the distinct queries are cut from, on either
// database.
type sampler interface {
	// titles are about 2% of the visible standards, the same for the
	// same seed, in id order.
	titles(ctx context.Context, seed uint64) ([]sampledTitle, error)
	// indexed reports whether any standard's search index holds c.
	indexed(ctx context.Context, c rune) (bool, error)
	close()
}

func openSampler(ctx context.Context, db config.Database) (sampler, error) {
	if db.Driver == config.DriverSQLite {
		conn, err := sql.Open("sqlite", "file:"+db.DSN+"?mode=ro")
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", db.DSN, err)
		}
		return sqliteSampler{conn}, nil
	}
	conn, err := pgx.Connect(ctx, db.DSN)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	return pgSampler{conn}, nil
}

type pgSampler struct{ conn *pgx.Conn }

// titles keeps the standards whose id ends in one of the five bytes the
// seed picks, as sqliteSampler does (the same standards on both databases),
// read through the index standards_sample. TABLESAMPLE SYSTEM picked pages,
// so the same seed sampled other standards once the table was laid out
// again (CLUSTER, VACUUM FULL); an id's random last byte does not move.
func (s pgSampler) titles(ctx context.Context, seed uint64) ([]sampledTitle, error) {
	rows, err := s.conn.Query(ctx, `SELECT title_zh, kind, COALESCE(code, ''), COALESCE(normalized_code, '')
		FROM standards WHERE get_byte(uuid_send(id), 15) = ANY ($1)
		AND stage NOT IN ('preliminary', 'proposal') ORDER BY id`, sampledEnds(seed))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[sampledTitle])
}

// indexed asks the GIN index with the table scan off: with the LIMIT of
// EXISTS, the planner would walk the table hoping for an early match,
// which for an absent character reads all of it.
func (s pgSampler) indexed(ctx context.Context, c rune) (bool, error) {
	var found bool
	err := pgx.BeginFunc(ctx, s.conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		return tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM standards WHERE search_tokens @@ CAST($1 AS tsquery))", "'"+string(c)+"'").Scan(&found)
	})
	return found, err
}

func (s pgSampler) close() { s.conn.Close(context.Background()) }

type sqliteSampler struct{ db *sql.DB }

// sampledEnds are the five last bytes of the ids a seed samples (5/256,
// about 2% of the standards): SQLite has no TABLESAMPLE, and ids end in
// random bits.
func sampledEnds(seed uint64) []int32 {
	ends := make([]int32, 5)
	for k := range ends {
		ends[k] = int32((seed*5 + uint64(k)) % 256)
	}
	return ends
}

// titles keeps the standards whose id ends in one of sampledEnds.
func (s sqliteSampler) titles(ctx context.Context, seed uint64) ([]sampledTitle, error) {
	var ends []string
	for _, b := range sampledEnds(seed) {
		ends = append(ends, fmt.Sprintf("'%02x'", b))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT title_zh, kind, COALESCE(code, ''), COALESCE(normalized_code, '')
		FROM standards WHERE substr(id, 35, 2) IN (`+strings.Join(ends, ", ")+`)
		AND stage NOT IN ('preliminary', 'proposal') ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sampledTitle
	for rows.Next() {
		var t sampledTitle
		if err := rows.Scan(&t.Title, &t.Kind, &t.Code, &t.Normalized); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// indexed asks the FTS5 table, in both its columns.
func (s sqliteSampler) indexed(ctx context.Context, c rune) (bool, error) {
	var found bool
	err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM standards_fts WHERE standards_fts MATCH ?)", `"`+string(c)+`"`).Scan(&found)
	return found, err
}

func (s sqliteSampler) close() { _ = s.db.Close() }
