package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// sqlRuns is how often psql runs each query: one warm-up, then measured.
const sqlRuns = 10

// trigramIndexes help ILIKE '%…%' on the columns q searches. pg_trgm folds
// case itself, so a plain index on title_en serves title_en ILIKE (an
// index on lower(title_en) would serve only lower(title_en) LIKE).
var trigramIndexes = []struct{ name, column string }{
	{"bench_trgm_title_zh", "title_zh"},
	{"bench_trgm_title_en", "title_en"},
	{"bench_trgm_code", "code"},
	{"bench_trgm_drafting_units", "drafting_units"},
}

// sqlQuery is the plain SQL an application without our search index would
// send for a scenario.
type sqlQuery struct {
	scenario string   // the HTTP scenario it compares with
	label    string   // a word on what it is, if the SQL does not say
	shown    string   // the SQL as shown
	runs     []string // the SQL of each run: 1 warm-up + sqlRuns measured
}

// matching is the list query over the columns q searches (drafting_units
// is a JSON array stored as text), first page in id order.
func matching(text string) string {
	p := sqlString("%" + escapeLike(text) + "%")
	return "SELECT id, code, title_zh FROM standards WHERE stage NOT IN ('preliminary', 'proposal') AND " +
		fmt.Sprintf("(title_zh ILIKE %[1]s OR title_en ILIKE %[1]s OR code ILIKE %[1]s OR drafting_units ILIKE %[1]s)", p) +
		" ORDER BY id LIMIT 20"
}

func sqlQueries(in inputs) []sqlQuery {
	same := func(scenario, label, sql string) sqlQuery {
		return sqlQuery{scenario: scenario, label: label, shown: sql, runs: slices.Repeat([]string{sql}, 1+sqlRuns)}
	}
	filtered := "SELECT id, code, title_zh FROM standards WHERE kind = 'local' AND stage = 'published' ORDER BY normalized_code, id LIMIT 20"
	lookup := sqlQuery{
		scenario: nameLookup, label: fmt.Sprintf("%d different numbers, one per run", min(len(in.Lookups), 1+sqlRuns)),
		shown: "SELECT id, code, title_zh FROM standards WHERE normalized_code = '…'",
	}
	for i := range 1 + sqlRuns {
		n := in.Lookups[i%len(in.Lookups)]
		lookup.runs = append(lookup.runs, "SELECT id, code, title_zh FROM standards WHERE normalized_code = "+sqlString(n.Normalized))
	}
	return []sqlQuery{
		same(nameTea, "", matching("茶叶")),
		same(nameCommon, "", matching("技术")),
		same(namePhrase, "", matching(in.Phrase)),
		same(nameWord, "", matching(in.Word)),
		same(namePrefix, "", matching(in.Prefix)),
		same(nameNumber, "the typed form", matching(in.Variant)),
		same(nameNumber, "the form as registered", matching(in.Number.Code)),
		same(nameFirst, "", filtered),
		same(nameDeep, "", filtered+" OFFSET 1000"),
		lookup,
	}
}

// sqlTiming is one query's measured runs.
type sqlTiming struct {
	sqlQuery
	rows      int
	plan      string
	median    float64 // ms
	slowest   float64 // ms
	httpP50US float64 // of the scenario it compares with, under wrk
	httpOneMS float64 // its median with one client, as psql runs
}

// timeHTTP sends one request and says how long the whole answer took.
type timeHTTP func(path string) (time.Duration, error)

// compareSQL ensures the trigram indexes and times the plain SQL of each
// measured scenario through psql.
//
// Since psql runs one query after another, each scenario's request is
// also sent the same way, one client, 1 + sqlRuns times, for a like-for-like
// ratio beside the one against wrk's p50.
func compareSQL(ctx context.Context, w io.Writer, progress func(string, ...any), dsn string, in inputs, done []measured, connections int, get timeHTTP) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	if err := ensureIndexes(ctx, conn, progress, dsn); err != nil {
		return err
	}
	byName := map[string]measured{}
	for _, m := range done {
		byName[m.name] = m
	}
	oneClient := map[string]float64{}
	var timings []sqlTiming
	for _, q := range sqlQueries(in) {
		m, ok := byName[q.scenario]
		if !ok {
			continue
		}
		if _, ok := oneClient[q.scenario]; !ok {
			progress("HTTP for %s: 1 warm-up and %d measured requests, one after another", q.scenario, sqlRuns)
			var took []float64
			for i := range 1 + sqlRuns {
				d, err := get(m.paths[i%len(m.paths)])
				if err != nil {
					return fmt.Errorf("%s: %w", q.scenario, err)
				}
				took = append(took, float64(d)/float64(time.Millisecond))
			}
			oneClient[q.scenario] = median(took[1:])
		}
		what := ""
		if q.label != "" {
			what = " (" + q.label + ")"
		}
		progress("SQL for %s%s: 1 warm-up and %d measured runs through psql", q.scenario, what, sqlRuns)
		t := sqlTiming{sqlQuery: q, httpP50US: m.result.P50, httpOneMS: oneClient[q.scenario]}
		if t.rows, t.plan, err = describeQuery(ctx, conn, q.runs[0]); err != nil {
			return fmt.Errorf("%s: %w", q.scenario, err)
		}
		times, err := timePSQL(ctx, dsn, q.runs)
		if err != nil {
			return fmt.Errorf("%s: %w", q.scenario, err)
		}
		measured := times[1:]
		t.median, t.slowest = median(measured), slices.Max(measured)
		timings = append(timings, t)
	}
	writeSQLTable(w, timings, connections)
	return nil
}

// ensureIndexes creates pg_trgm and the indexes plain SQL would lean on,
// unless they exist. They stay for the next run.
func ensureIndexes(ctx context.Context, conn *pgx.Conn, progress func(string, ...any), dsn string) error {
	if err := psqlExec(ctx, dsn, "CREATE EXTENSION IF NOT EXISTS pg_trgm"); err != nil {
		return err
	}
	create := func(name, sql string) error {
		var exists bool
		if err := conn.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", name).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return nil
		}
		progress("creating index %s (may take a minute on a million rows)", name)
		began := time.Now()
		if err := psqlExec(ctx, dsn, sql); err != nil {
			return err
		}
		progress("created %s in %s", name, time.Since(began).Round(100*time.Millisecond))
		return nil
	}
	for _, ix := range trigramIndexes {
		sql := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON standards USING gin (%s gin_trgm_ops)", ix.name, ix.column)
		if err := create(ix.name, sql); err != nil {
			return err
		}
	}
	// A btree led by normalized_code (the unique constraint is one).
	var btree bool
	err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
		WHERE i.indrelid = 'standards'::regclass AND a.attname = 'normalized_code')`).Scan(&btree)
	if err != nil {
		return err
	}
	if !btree {
		return create("bench_btree_normalized_code", "CREATE INDEX IF NOT EXISTS bench_btree_normalized_code ON standards (normalized_code)")
	}
	return nil
}

// describeQuery counts the rows a query returns and names the scans of its plan.
func describeQuery(ctx context.Context, conn *pgx.Conn, sql string) (int, string, error) {
	rows, err := conn.Query(ctx, sql)
	if err != nil {
		return 0, "", err
	}
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	rows, err = conn.Query(ctx, "EXPLAIN (COSTS OFF) "+sql)
	if err != nil {
		return 0, "", err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, "", err
	}
	return n, planScans(lines), nil
}

// planScans picks the scan nodes out of EXPLAIN's lines.
func planScans(lines []string) string {
	var scans []string
	for _, l := range lines {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "->"))
		if strings.Contains(l, "Scan") && !strings.Contains(l, ":") && !slices.Contains(scans, l) {
			scans = append(scans, l)
		}
	}
	return strings.Join(scans, "; ")
}

// psqlExec runs one statement through psql.
func psqlExec(ctx context.Context, dsn, sql string) error {
	cmd := exec.CommandContext(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-c", sql)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("psql: %s: %w: %s", sql, err, out)
	}
	return nil
}

// timePSQL runs the queries one after another in one psql session with
// \timing on, the rows discarded, and returns psql's times in ms.
func timePSQL(ctx context.Context, dsn string, queries []string) ([]float64, error) {
	var script strings.Builder
	script.WriteString("\\timing on\n\\o /dev/null\n")
	for _, q := range queries {
		script.WriteString(q + ";\n")
	}
	cmd := exec.CommandContext(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", "-")
	cmd.Stdin = strings.NewReader(script.String())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("psql: %w: %s", err, stderr.String())
	}
	times, err := parseTimings(stdout.String())
	if err != nil {
		return nil, err
	}
	if len(times) != len(queries) {
		return nil, fmt.Errorf("psql printed %d times for %d queries: %s", len(times), len(queries), stdout.String())
	}
	return times, nil
}

var timingLine = regexp.MustCompile(`^Time: ([0-9]+(?:\.[0-9]+)?) ms`)

// parseTimings reads psql's "Time: 12.345 ms" lines (longer ones go on as
// " (00:01.235)").
func parseTimings(out string) ([]float64, error) {
	var times []float64
	for _, line := range strings.Split(out, "\n") {
		m := timingLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return nil, err
		}
		times = append(times, v)
	}
	return times, nil
}

// median of values (the mean of the middle two for an even count).
func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(values))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func writeSQLTable(w io.Writer, timings []sqlTiming, connections int) {
	fmt.Fprintf(w, "\n## The same through plain SQL (ILIKE with pg_trgm indexes), through psql\n\n")
	fmt.Fprintf(w, "psql's `\\timing` over %d runs after one warm-up: **one client, one query after another**, the rows discarded. "+
		"wrk's p50 was measured at %d concurrent connections, which is not the same load, so beside it stands our request sent "+
		"the same way as psql's: one client, %d requests after one warm-up, timed to the end of the body (HTTP, JSON and the full rows included). "+
		"Trigram GIN indexes: %s. The list queries sort by id (our q sorts by relevance).\n\n", sqlRuns, connections, sqlRuns, trigramNames())
	fmt.Fprintln(w, "| scenario | plain SQL | rows | median | max | plan (scans) | our HTTP p50 (wrk) | SQL median / that | our HTTP median (1 client) | SQL median / that |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---|---:|---:|---:|---:|")
	for _, t := range timings {
		sql := "`" + t.shown + "`"
		if t.label != "" {
			sql += " (" + t.label + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n",
			t.scenario, sql, t.rows, fmtMS(t.median*1000), fmtMS(t.slowest*1000), t.plan,
			fmtMS(t.httpP50US), ratioOf(t.median*1000, t.httpP50US), fmtMS(t.httpOneMS*1000), ratioOf(t.median, t.httpOneMS))
	}
}

// ratioOf is a/b, or a dash when b is not known.
func ratioOf(a, b float64) string {
	if b <= 0 {
		return "—"
	}
	return fmtRatio(a / b)
}

func trigramNames() string {
	var parts []string
	for _, ix := range trigramIndexes {
		parts = append(parts, fmt.Sprintf("%s on %s", ix.name, ix.column))
	}
	return strings.Join(parts, ", ")
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// escapeLike makes %, _ and \ match themselves in a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
