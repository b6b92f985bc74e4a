package tabular

import (
	"testing"

	"stdreg/internal/standard"
)

// TestRoundTrip writes rich standards in every format and reads them back:
// every field an import sets comes back exactly, the id comes back in
// Row.ID, and the read-only fields the export wrote are ignored.
func TestRoundTrip(t *testing.T) {
	in := richStandards()
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			rows := readAll(t, writeAll(t, f, in), f)
			if len(rows) != len(in) {
				t.Fatalf("read %d rows, wrote %d", len(rows), len(in))
			}
			for i, row := range rows {
				if row.Err != nil {
					t.Errorf("row %d: %v", row.Number, row.Err)
				}
				if row.ID != in[i].ID {
					t.Errorf("row %d: ID = %q, want %q", row.Number, row.ID, in[i].ID)
				}
				if d := diff(asImported(in[i]), row.Standard); d != "" {
					t.Errorf("row %d (-want +got):\n%s", row.Number, d)
				}
				assertIgnored(t, row)
			}
		})
	}
}

// assertIgnored checks that the read-only columns, present and non-empty in
// every export, did not reach the standard.
func assertIgnored(t *testing.T, row Row) {
	t.Helper()
	s := row.Standard
	if s.ID != "" || s.NormalizedCode != "" || !s.CreatedAt.IsZero() || !s.UpdatedAt.IsZero() || s.Version != 0 {
		t.Errorf("row %d: read-only fields were read: %+v", row.Number, standard.Standard{
			ID: s.ID, NormalizedCode: s.NormalizedCode,
			CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Version: s.Version,
		})
	}
}

// TestRoundTripColumns checks that exports name every column, so a file
// can be read back without loss.
func TestRoundTripColumns(t *testing.T) {
	for _, f := range []Format{CSV, XLSX} {
		t.Run(string(f), func(t *testing.T) {
			r, err := NewReader(bytesReader(writeAll(t, f, nil)), f)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, c := range columns {
				want = append(want, c.name)
			}
			if d := diff(want, r.Columns()); d != "" {
				t.Errorf("Columns (-want +got):\n%s", d)
			}
		})
	}
}
