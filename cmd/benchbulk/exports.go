package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"stdreg/internal/config"
	"stdreg/internal/tabular"
)

// exports streams the standards of db as CSV, NDJSON and XLSX and checks
// each file has every row.
func (b *bench) exports(ctx context.Context, db config.Database) error {
	want, version, err := describe(ctx, db, b.opts.anonymous)
	if err != nil {
		return err
	}
	if b.opts.exportRows > 0 && b.opts.exportRows != want {
		return fmt.Errorf("-export-rows is %d, but the database holds %d standards the caller may see", b.opts.exportRows, want)
	}
	if want == 0 {
		return fmt.Errorf("the database holds no standards: fill it with `stdreg generate --standards N` first")
	}
	b.versions = append(b.versions, fmt.Sprintf("%s, exports from `%s` (%s standards the caller sees)", version, redacted(db), thousands(want)))
	srv, err := startServer(ctx, db, b.log)
	if err != nil {
		return err
	}
	defer srv.close()
	key, caller := "", "anonymous"
	if !b.opts.anonymous {
		if key, err = srv.adminKey(ctx); err != nil {
			return err
		}
		caller = "an admin key (created for the run)"
	}
	formats := []tabular.Format{tabular.CSV, tabular.NDJSON}
	if b.opts.xlsx {
		formats = append(formats, tabular.XLSX)
	}
	for _, f := range formats {
		op := opExport + string(f)
		if !b.selected(op) {
			continue
		}
		saved := filepath.Join(b.dir, "export."+string(f))
		var count func(r *result) error
		if f == tabular.XLSX {
			count = func(r *result) (err error) {
				r.rows, err = countXLSXRows(saved)
				r.rows-- // the header
				return err
			}
		}
		r, err := b.measure(op, db.Driver, exportTarget(db.Driver, f), func(r *result) (err error) {
			r.rows, r.bytes, err = srv.export(ctx, key, f, saved)
			return err
		}, count)
		_ = os.Remove(saved)
		if err != nil {
			return err
		}
		if r.rows != want {
			r.problem = fmt.Sprintf("%d rows, expected %d", r.rows, want)
		}
		b.notes = append(b.notes, fmt.Sprintf("%s, %s: `GET /api/v1/standards/export?format=%s` as %s, %s (%s/s), this process's CPU %.1f s, RSS %s at start; rows counted %s", db.Driver, op, f, caller,
			megabytes(r.bytes), megabytes(int64(float64(r.bytes)/r.took.Seconds())), r.cpu.Seconds(), megabytes(r.startKB*1024), countedHow(f)))
	}
	return nil
}

func countedHow(f tabular.Format) string {
	switch f {
	case tabular.CSV:
		return "as they streamed (line ends outside quotes, less the header)"
	case tabular.NDJSON:
		return "as they streamed (lines)"
	}
	return "afterwards, untimed, from the saved file's <row> elements (less the header)"
}

// export GETs the export in format f and counts its rows as they stream in;
// an XLSX export is saved to file and its rows left at 0 to count afterwards.
func (s *server) export(ctx context.Context, key string, f tabular.Format, file string) (rows, size int64, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/api/v1/standards/export?format="+string(f), nil)
	if err != nil {
		return 0, 0, err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := s.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
		return 0, 0, fmt.Errorf("GET %s: %s: %s", req.URL.Path, res.Status, body)
	}
	buf := make([]byte, 256<<10)
	switch f {
	case tabular.CSV:
		c := &csvCounter{}
		size, err = io.CopyBuffer(c, res.Body, buf)
		rows = c.rows() - 1 // the header
	case tabular.NDJSON:
		c := &lineCounter{}
		size, err = io.CopyBuffer(c, res.Body, buf)
		rows = c.rows()
	default:
		out, cerr := os.Create(file)
		if cerr != nil {
			return 0, 0, cerr
		}
		size, err = io.CopyBuffer(out, res.Body, buf)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return rows, size, fmt.Errorf("the export ended early after %d bytes: %w", size, err)
	}
	return rows, size, nil
}
