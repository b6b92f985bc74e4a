package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"stdreg/internal/config"
	"stdreg/internal/httpapi"
)

// imports sends the import file to a fresh database of like's kind: a dry
// run, the import, and the same file again.
func (b *bench) imports(ctx context.Context, like config.Database) error {
	dir := b.dir // removed at the end
	if b.opts.keep {
		dir = os.TempDir()
	}
	fresh, drop, err := freshDatabase(ctx, like, dir, b.progress)
	if err != nil {
		return err
	}
	if b.opts.keep {
		fmt.Fprintf(b.progress, "keeping the import database %s\n", redacted(fresh))
	} else {
		defer drop()
	}
	srv, err := startServer(ctx, fresh, b.log)
	if err != nil {
		return err
	}
	defer srv.close()
	_, version, err := describe(ctx, fresh, false)
	if err != nil {
		return err
	}
	b.versions = append(b.versions, fmt.Sprintf("%s, imports into a fresh database `%s`", version, redacted(fresh)))
	key, err := srv.adminKey(ctx)
	if err != nil {
		return err
	}
	n := b.file.rows
	imported := false
	steps := []struct {
		op, query string
		want      func() httpapi.ImportReport
	}{
		{opImportDry, "?dry_run=true", func() httpapi.ImportReport {
			if imported {
				return httpapi.ImportReport{DryRun: true, Rows: n, Unchanged: n}
			}
			return httpapi.ImportReport{DryRun: true, Rows: n, Created: n}
		}},
		{opImport, "", func() httpapi.ImportReport { return httpapi.ImportReport{Written: true, Rows: n, Created: n} }},
		{opImportAgain, "", func() httpapi.ImportReport {
			if imported {
				return httpapi.ImportReport{Written: true, Rows: n, Unchanged: n}
			}
			return httpapi.ImportReport{Written: true, Rows: n, Created: n}
		}},
	}
	for _, step := range steps {
		if !b.selected(step.op) {
			continue
		}
		var got httpapi.ImportReport
		r, err := b.measure(step.op, like.Driver, importTarget(like.Driver, n, step.op), func(r *result) (err error) {
			got, err = srv.postImport(ctx, key, b.file.path, step.query)
			r.rows, r.bytes = int64(got.Rows), b.file.bytes
			return err
		}, nil)
		if err != nil {
			return err
		}
		r.problem = compareReports(got, step.want())
		imported = imported || got.Written
		b.notes = append(b.notes, fmt.Sprintf("%s, %s: `POST /api/v1/imports%s` (text/csv, %s), this process's CPU %.1f s, RSS %s at start, answered %s",
			like.Driver, step.op, step.query, megabytes(b.file.bytes), r.cpu.Seconds(), megabytes(r.startKB*1024), summarize(got)))
	}
	if imported {
		stored, _, err := describe(ctx, fresh, false)
		if err != nil {
			return err
		}
		if stored != int64(n) {
			b.notes = append(b.notes, fmt.Sprintf("%s: **the fresh database holds %d standards after the imports, not %d**", like.Driver, stored, n))
		}
	}
	return nil
}

// postImport sends the file and decodes the report, also that of a 422.
func (s *server) postImport(ctx context.Context, key, file, query string) (httpapi.ImportReport, error) {
	f, err := os.Open(file)
	if err != nil {
		return httpapi.ImportReport{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return httpapi.ImportReport{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+"/api/v1/imports"+query, f)
	if err != nil {
		return httpapi.ImportReport{}, err
	}
	req.ContentLength = info.Size()
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := s.client.Do(req)
	if err != nil {
		return httpapi.ImportReport{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return httpapi.ImportReport{}, err
	}
	switch res.StatusCode {
	case http.StatusOK:
		var rep httpapi.ImportReport
		return rep, json.Unmarshal(body, &rep)
	case http.StatusUnprocessableEntity:
		var refused httpapi.ImportRefused
		if err := json.Unmarshal(body, &refused); err != nil {
			return httpapi.ImportReport{}, err
		}
		return refused.Report, nil // compareReports says what is wrong
	}
	return httpapi.ImportReport{}, fmt.Errorf("POST /api/v1/imports%s: %s: %.2000s", query, res.Status, body)
}

// compareReports says how an import's report differs from the expected
// one, in its counts and flags; "" when it does not.
func compareReports(got, want httpapi.ImportReport) string {
	var diffs []string
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"dry_run", got.DryRun, want.DryRun}, {"written", got.Written, want.Written},
		{"rows", got.Rows, want.Rows}, {"created", got.Created, want.Created},
		{"updated", got.Updated, want.Updated}, {"unchanged", got.Unchanged, want.Unchanged},
		{"rejected", got.Rejected, want.Rejected},
	} {
		if c.got != c.want {
			diffs = append(diffs, fmt.Sprintf("%s %v, expected %v", c.name, c.got, c.want))
		}
	}
	for i, p := range got.Problems {
		if i == 3 {
			diffs = append(diffs, fmt.Sprintf("… %d problems in all", len(got.Problems)))
			break
		}
		diffs = append(diffs, fmt.Sprintf("row %d %s: %s", p.Row, p.Field, p.Message))
	}
	return strings.Join(diffs, "; ")
}

// summarize is a report's counts in a few words.
func summarize(r httpapi.ImportReport) string {
	return fmt.Sprintf("rows %s, created %s, updated %s, unchanged %s, rejected %s, written %v",
		thousands(int64(r.Rows)), thousands(int64(r.Created)), thousands(int64(r.Updated)),
		thousands(int64(r.Unchanged)), thousands(int64(r.Rejected)), r.Written)
}
