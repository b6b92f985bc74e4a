package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"stdreg/internal/generate"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// importFile is the CSV file the imports send.
type importFile struct {
	path    string
	rows    int
	bytes   int64
	skipped int // generated records left out: drafts and terminated projects
	took    time.Duration
}

// errEnough stops the generator once the file has its rows.
var errEnough = errors.New("enough rows")

// writeImportFile writes n new standards as CSV, the way an export writes
// them: the generator's published standards (also those it had put under
// periodic review or withdrawn), as a POST registers them.
func writeImportFile(ctx context.Context, path string, n int, seed uint64) (importFile, error) {
	began := time.Now()
	out := importFile{path: path}
	f, err := os.Create(path)
	if err != nil {
		return out, err
	}
	defer f.Close()
	buf := bufio.NewWriterSize(f, 1<<20)
	w, err := tabular.NewWriter(buf, tabular.CSV)
	if err != nil {
		return out, err
	}
	// About 70% of generated standards are published; three times n is
	// plenty.
	cfg := generate.Config{Standards: 3*n + 1000, Organizations: 2000, Seed: seed}
	err = generate.Generate(ctx, cfg, func([]standard.Organization) error { return nil }, func(recs []generate.Record) error {
		for _, rec := range recs {
			st, ok := importable(rec.Standard)
			if !ok {
				out.skipped++
				continue
			}
			if err := w.Write(st); err != nil {
				return err
			}
			if out.rows++; out.rows == n {
				return errEnough
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return out, fmt.Errorf("generate the import file: %w", err)
	}
	if out.rows < n {
		return out, fmt.Errorf("generate the import file: only %d of %d rows", out.rows, n)
	}
	if err := w.Close(); err != nil {
		return out, err
	}
	if err := buf.Flush(); err != nil {
		return out, err
	}
	info, err := f.Stat()
	if err != nil {
		return out, err
	}
	out.bytes, out.took = info.Size(), time.Since(began)
	return out, f.Close()
}

// importable is a generated standard as a row that a POST accepts: one that
// reached publication, registered published with its publication day. What
// only moves set (submission, withdrawal), what the registry assigns (id,
// times, version) and the owner (no organizations in a fresh database) are
// left out. Drafts are not importable: they are skipped.
func importable(st standard.Standard) (standard.Standard, bool) {
	switch st.Stage {
	case standard.StagePublished, standard.StagePeriodicReview, standard.StageWithdrawn:
	default:
		return standard.Standard{}, false
	}
	if st.Code == "" || st.PublishedOn.IsZero() {
		return standard.Standard{}, false
	}
	st.Stage = standard.StagePublished
	st.ID, st.NormalizedCode, st.OrganizationID = "", "", ""
	st.SubmittedOn, st.WithdrawnOn = standard.Date{}, standard.Date{}
	st.CreatedAt, st.UpdatedAt, st.Version = time.Time{}, time.Time{}, 0
	if st.PublishedOn.Before(st.ApprovedOn) {
		st.ApprovedOn = standard.Date{}
	}
	return st, true
}
