package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/generate"
	"stdreg/internal/httpapi"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

func TestCSVCounter(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"header only", "a,b\r\n"},
		{"plain", "a,b\r\n1,2\r\n3,4\r\n"},
		{"no final line end", "a,b\n1,2\n3,4"},
		{"quoted line ends", "a,b\r\n\"one\r\ntwo\",2\r\n\"x\ny\nz\",3\r\n"},
		{"doubled quotes", "a,b\n\"say \"\"hi\"\"\n now\",2\n\"\"\"\",3\n"},
		{"quoted comma", "a,b\n\"1,5\",2\n"},
		{"bom", "\ufeffa,b\r\n1,\"2\"\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, err := csv.NewReader(strings.NewReader(tc.in)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			// Whole, byte by byte, and in pieces of three: the counter must
			// not depend on how the stream is cut.
			for _, size := range []int{len(tc.in) + 1, 1, 3} {
				c := &csvCounter{}
				for in := tc.in; len(in) > 0; {
					k := min(size, len(in))
					if _, err := c.Write([]byte(in[:k])); err != nil {
						t.Fatal(err)
					}
					in = in[k:]
				}
				if got := c.rows(); got != int64(len(want)) {
					t.Errorf("in pieces of %d: %d records, encoding/csv reads %d", size, got, len(want))
				}
			}
		})
	}
}

func TestLineCounter(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "{}\n": 1, "{}\n{}\n": 2, "{}\n{}": 2, "{\"a\":\"x\\ny\"}\n": 1} {
		c := &lineCounter{}
		_, _ = io.Copy(c, iotest.OneByteReader(strings.NewReader(in)))
		if got := c.rows(); got != want {
			t.Errorf("%q: %d lines, want %d", in, got, want)
		}
	}
}

func TestCountOccurrences(t *testing.T) {
	in := strings.Repeat(`<row r="1"><c><v>x</v></c></row><rowBreaks/>`, 1000) + "<row>"
	for name, r := range map[string]io.Reader{
		"whole":       strings.NewReader(in),
		"byte a time": iotest.OneByteReader(strings.NewReader(in)),
		"halves":      iotest.HalfReader(strings.NewReader(in)),
	} {
		got, err := countOccurrences(r, "<row ", "<row>")
		if err != nil || got != 1001 {
			t.Errorf("%s: %d, %v; want 1001", name, got, err)
		}
	}
	if _, err := countOccurrences(strings.NewReader(in), "<row ", "<c>"); err == nil {
		t.Error("needles of different lengths: no error")
	}
	broken := iotest.DataErrReader(iotest.ErrReader(errors.New("boom")))
	if _, err := countOccurrences(broken, "<row "); err == nil {
		t.Error("a failing reader: no error")
	}
}

// TestCountXLSXRows counts the rows of a workbook the registry writes.
func TestCountXLSXRows(t *testing.T) {
	file := filepath.Join(t.TempDir(), "export.xlsx")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w, err := tabular.NewWriter(f, tabular.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		st := standard.Standard{Code: "DB33/T " + string(rune('1'+i)) + "-2020", Kind: standard.KindLocal, TitleZH: "标题", Stage: standard.StagePublished}
		if err := w.Write(st); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := countXLSXRows(file); err != nil || got != 4 {
		t.Errorf("countXLSXRows = %d, %v; want 4 (the header and three rows)", got, err)
	}
}

func TestStatusKB(t *testing.T) {
	status := []byte("Name:\tbenchbulk\nVmPeak:\t  900000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   70000 kB\n")
	for field, want := range map[string]int64{"VmHWM": 81234, "VmRSS": 70000} {
		if got, ok := statusKB(status, field); !ok || got != want {
			t.Errorf("%s = %d, %v; want %d", field, got, ok, want)
		}
	}
	if _, ok := statusKB(status, "VmSwap"); ok {
		t.Error("VmSwap: found in a status without it")
	}
	if selfKB("VmRSS") <= 0 {
		t.Error("this process's VmRSS is not positive")
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 50000: "50,000", 1000000: "1,000,000", -12345: "-12,345"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTargets(t *testing.T) {
	pgImport := importTarget(config.DriverPostgres, 100000, opImport)
	sqliteCSV := exportTarget(config.DriverSQLite, tabular.CSV)
	tests := []struct {
		name    string
		target  target
		r       result
		display string
		met     string
	}{
		{"import in time", pgImport, result{rows: 100000, took: 19 * time.Second}, "≤ 20.0 s", "yes"},
		{"import too slow", pgImport, result{rows: 100000, took: 21 * time.Second}, "≤ 20.0 s", "**no** (too slow)"},
		{"sqlite import", importTarget(config.DriverSQLite, 50000, opImport), result{rows: 50000, took: 29 * time.Second}, "≤ 30.0 s", "yes"},
		{"second run", importTarget(config.DriverPostgres, 100000, opImportAgain), result{rows: 100000, took: time.Hour}, "report only", ""},
		{"export fast and small", exportTarget(config.DriverPostgres, tabular.CSV), result{rows: 1000000, took: 10 * time.Second, peakKB: 100000, hwmKB: 120000, hwmReset: true},
			"≥ 50,000 rows/s, RSS < 150.0 MB", "yes"},
		{"export over the memory bound", sqliteCSV, result{rows: 200000, took: 10 * time.Second, peakKB: 100000, hwmKB: 160000, hwmReset: true},
			"≥ 16,666 rows/s, RSS < 150.0 MB", "**no** (too much memory)"},
		{"a lifetime VmHWM is not the export's", sqliteCSV, result{rows: 200000, took: 10 * time.Second, peakKB: 100000, hwmKB: 900000},
			"≥ 16,666 rows/s, RSS < 150.0 MB", "yes"},
		{"wrong row count", exportTarget(config.DriverPostgres, tabular.NDJSON), result{rows: 5, took: time.Second, problem: "5 rows, expected 6"},
			"report only", "**no** (5 rows, expected 6)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.target.String(); got != tc.display {
				t.Errorf("target %q, want %q", got, tc.display)
			}
			if got := tc.target.met(&tc.r); got != tc.met {
				t.Errorf("met %q, want %q", got, tc.met)
			}
		})
	}
}

func TestCompareReports(t *testing.T) {
	want := httpapi.ImportReport{Written: true, Rows: 3, Created: 3}
	if got := compareReports(want, want); got != "" {
		t.Errorf("same reports: %q", got)
	}
	got := httpapi.ImportReport{Rows: 3, Created: 2, Rejected: 1, Problems: []httpapi.ImportRowProblem{{Row: 4, Field: "code", Message: "is required"}}}
	if diff := compareReports(got, want); diff != "written false, expected true; created 2, expected 3; rejected 1, expected 0; row 4 code: is required" {
		t.Errorf("compareReports = %q", diff)
	}
}

// TestImportable checks that the rows the import file gets are ones a POST
// accepts, and that drafts are left out.
func TestImportable(t *testing.T) {
	today := standard.Date{Year: 2026, Month: 11, Day: 15}
	var kept, skipped int
	stages := map[standard.Stage]bool{}
	err := generate.Generate(context.Background(), generate.Config{Standards: 2000, Organizations: 100, Seed: 5, Until: today},
		func([]standard.Organization) error { return nil },
		func(recs []generate.Record) error {
			for _, rec := range recs {
				stages[rec.Standard.Stage] = true
				st, ok := importable(rec.Standard)
				if !ok {
					skipped++
					continue
				}
				kept++
				if st.Stage != standard.StagePublished || st.OrganizationID != "" || !st.WithdrawnOn.IsZero() || st.ID != "" {
					t.Fatalf("%s: stage %s, organization %q, withdrawn %s, id %q", st.Code, st.Stage, st.OrganizationID, st.WithdrawnOn, st.ID)
				}
				if !slices.Contains(standard.InitialStages, st.Stage) {
					t.Fatalf("%s: %s is not a stage a record starts in", st.Code, st.Stage)
				}
				if err := st.Prepare(today); err != nil {
					t.Fatalf("%s: a POST would refuse it: %v", st.Code, err)
				}
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if !stages[standard.StageWithdrawn] || !stages[standard.StageDrafting] {
		t.Fatalf("the sample lacks withdrawn standards or drafts: %v", stages)
	}
	if kept < 1200 || skipped < 300 {
		t.Errorf("kept %d, skipped %d of 2000", kept, skipped)
	}
}

// TestWriteImportFile writes a small file and reads it back as an import
// would.
func TestWriteImportFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "import.csv")
	got, err := writeImportFile(context.Background(), file, 300, 9)
	if err != nil {
		t.Fatal(err)
	}
	if got.rows != 300 || got.bytes == 0 {
		t.Fatalf("rows %d, bytes %d", got.rows, got.bytes)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := tabular.NewReader(bytes.NewReader(data), tabular.CSV)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if row.Err != nil {
			t.Fatalf("row %d: %v", row.Number, row.Err)
		}
		n++
	}
	if n != 300 {
		t.Errorf("read %d rows back, want 300", n)
	}
}

// TestPostBombs posts the bombs to a real server, as -bombs does: each is
// refused as too large, with a detail that names a limit. (How soon, and
// with how much memory, is the benchmark's to report, not a test's.)
func TestPostBombs(t *testing.T) {
	b := &bench{log: slog.New(slog.DiscardHandler), progress: io.Discard, dir: t.TempDir()}
	results, err := b.postBombs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no bombs posted")
	}
	for _, r := range results {
		if r.status != 413 || !strings.Contains(r.detail, "the file cannot be imported") {
			t.Errorf("%s: answered %d %q, want 413 naming a limit", r.bomb.Name, r.status, r.detail)
		}
	}
	var out bytes.Buffer
	printBombs(&out, b, results)
	if n := strings.Count(out.String(), "| 413: "); n != len(results) {
		t.Errorf("the report has %d rows of refusals, want %d:\n%s", n, len(results), out.String())
	}
}
