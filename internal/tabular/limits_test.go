package tabular

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"stdreg/internal/tabular/bombs"
)

// noRatio lifts the ratio limit, so that a highly compressible test file
// reaches the limit it is made for.
const noRatio = 1 << 40

// readLimited reads every row of a file within lim, returning the first
// error (nil at the end).
func readLimited(r io.Reader, f Format, lim Limits) error {
	rd, err := NewReaderLimits(r, f, lim)
	if err != nil {
		return err
	}
	defer rd.Close()
	for {
		if _, err := rd.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// wantLimit checks that err is a *LimitError of the limit, at row, whose
// reason holds each fragment; and that it is a *FileError too.
func wantLimit(t *testing.T, err error, limit Limit, row int, fragments ...string) {
	t.Helper()
	var le *LimitError
	if !errors.As(err, &le) {
		t.Fatalf("got %T %v, want a *LimitError of %s", err, err, limit)
	}
	if le.Limit != limit {
		t.Errorf("passed limit %s (%s), want %s", le.Limit, le.Reason, limit)
	}
	if row >= 0 && le.Row != row {
		t.Errorf("Row = %d, want %d (%s)", le.Row, row, le.Reason)
	}
	for _, f := range fragments {
		if !strings.Contains(le.Reason.String(), f) {
			t.Errorf("reason %q does not mention %q", le.Reason, f)
		}
	}
	var fe *FileError
	if !errors.As(err, &fe) || fe.Reason.String() != le.Reason.String() {
		t.Errorf("a LimitError is not the FileError it wraps: %v", fe)
	}
}

// allocated is how many bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestBombs reads the files of the review of issue 12: each is refused by
// the limit named, having allocated a small part of what it would have
// cost. With the ratio limit lifted, the XLSX bombs are refused by the limit
// that bounds what they hold: each limit is a line of defence of its own.
func TestBombs(t *testing.T) {
	want := map[string]struct{ limit, noRatio Limit }{
		"XLSX, a worksheet holding 1 GiB of spaces":                     {LimitRatio, LimitCellSize},
		"XLSX, one shared string of 300 MB":                             {LimitRatio, LimitCellSize},
		"XLSX, 5 million shared strings":                                {LimitRatio, LimitSharedStrings},
		"XLSX, a cell at XFD1048576 and a dimension of the whole sheet": {LimitColumns, LimitColumns},
		"XLSX, styles of 16 MiB of empty formats":                       {LimitRatio, LimitElements},
		"CSV, one cell of 100 MB":                                       {LimitCellSize, LimitCellSize},
		"CSV, a line of 100,000 columns":                                {LimitColumns, LimitColumns},
		"NDJSON, one line of 100 MB":                                    {LimitRowSize, LimitRowSize},
	}
	all := bombs.All()
	if len(all) != len(want) {
		t.Fatalf("%d bombs, %d expected refusals", len(all), len(want))
	}
	for _, b := range all {
		w, ok := want[b.Name]
		if !ok {
			t.Fatalf("no expected refusal for %q", b.Name)
		}
		t.Run(b.Name, func(t *testing.T) {
			for _, lim := range []struct {
				name  string
				lim   Limits
				limit Limit
			}{{"default limits", DefaultLimits, w.limit}, {"no ratio limit", Limits{Ratio: noRatio}, w.noRatio}} {
				var err error
				// The figure is generous (the 5 million strings cost 44
				// MiB, scanned to the 2,000,000th); what matters is that
				// none costs what it holds, 100 MB to 1 GiB.
				if n := allocated(func() { err = readLimited(b.Open(), Format(b.Format), lim.lim) }); n > 64<<20 {
					t.Errorf("%s: refusing it allocated %d MiB", lim.name, n>>20)
				}
				wantLimit(t, err, lim.limit, -1)
			}
		})
	}
}

// TestXLSXLimits passes each limit of a workbook with a file made for it,
// and checks the limit that refuses it, and that the same file within the
// default limits is read (or refused by another limit, for the ratio).
func TestXLSXLimits(t *testing.T) {
	export := writeAll(t, XLSX, generated(200)) // a 240 KB worksheet
	small := writeAll(t, XLSX, richStandards())
	deep := strings.Repeat("<x>", 100) + strings.Repeat("</x>", 100)
	for _, tc := range []struct {
		name      string
		data      []byte
		lim       Limits
		limit     Limit
		row       int
		fragments []string
	}{
		{"a part that deflates over 100 times", bombs.SpacesSheet(2 << 20), Limits{}, LimitRatio, 0, []string{"xl/worksheets/sheet1.xml", "more than 100 times"}},
		{"parts that deflate over 100 times together", withParts(t, small, spaces("xl/media/a.txt", 900<<10), spaces("xl/media/b.txt", 900<<10)),
			Limits{}, LimitRatio, 0, []string{"the workbook decompresses to"}},
		{"the workbook over its size", export, Limits{Unzipped: 128 << 10}, LimitUnzipped, 0, []string{"the workbook is over 128 KiB once decompressed"}},
		{"a worksheet over its size", export, Limits{Worksheet: 128 << 10}, LimitWorksheet, 0, []string{"xl/worksheets/sheet1.xml is over 128 KiB"}},
		{"parts held in memory", export, Limits{InMemory: 8 << 10}, LimitInMemory, 0, []string{"over 8 KiB together"}},
		{"parts", export, Limits{Parts: 5}, LimitParts, 0, []string{"more than 5 parts"}},
		{"elements", bombs.ManyStyles(1 << 20), Limits{Ratio: noRatio}, LimitElements, 0, []string{"more than 200,000 XML elements", "xl/styles.xml"}},
		{"shared strings", bombs.ManySharedStrings(1000), Limits{SharedStrings: 999}, LimitSharedStrings, 0, []string{"more than 999 shared strings"}},
		{"shared strings' size", bombs.LongSharedString(200 << 10), Limits{SharedStringsSize: 100 << 10, Ratio: noRatio}, LimitSharedStringsSize, 0, []string{"shared strings are over 100 KiB"}},
		{"a shared string", bombs.LongSharedString(300 << 10), Limits{Ratio: noRatio}, LimitCellSize, 0, []string{"shared string 1 of the workbook is over 256 KiB"}},
		{"rows", bombs.Sheet(`<row r="11"><c r="A11" t="inlineStr"><is><t>茶</t></is></c></row>`), Limits{Rows: 10}, LimitRows, 11, []string{"more than 10 rows"}},
		{"rows without numbers", bombs.Sheet(strings.Repeat(`<row/>`, 10)), Limits{Rows: 10}, LimitRows, 11, []string{"more than 10 rows"}},
		{"a column far out", bombs.Sheet(`<row r="2"><c r="E2"><v>1</v></c></row>`), Limits{Columns: 4}, LimitColumns, 2, []string{"row 2 has more than 4 columns"}},
		{"cells that repeat a reference", bombs.Sheet(`<row r="2">` + strings.Repeat(`<c r="A2"><v>1</v></c>`, 5) + `</row>`), Limits{Columns: 4}, LimitColumns, 2, []string{"row 2 has more than 4 columns"}},
		{"a cell", bombs.Sheet(`<row r="2"><c r="A2" t="inlineStr"><is><t>` + strings.Repeat("茶", 100) + `</t></is></c></row>`), Limits{CellSize: 256}, LimitCellSize, 2, []string{"row 2 has a cell over 256 bytes"}},
		{"a cell of many runs", bombs.Sheet(`<row r="2"><c r="A2" t="inlineStr"><is>` + strings.Repeat(`<r/>`, 100) + `</is></c></row>`), Limits{CellSize: 256}, LimitCellSize, 2, []string{"row 2 has a cell over 256 bytes"}},
		{"text between rows", bombs.SpacesSheet(1 << 20), Limits{Ratio: noRatio}, LimitCellSize, 1, []string{"the worksheet holds over 256 KiB of text or markup"}},
		{"a tag", bombs.Sheet(`<row r="2" x="` + strings.Repeat("a", 300) + `"/>`), Limits{CellSize: 256}, LimitCellSize, 1, []string{"over 256 bytes of text or markup"}},
		{"a comment", bombs.Sheet(`<!--` + strings.Repeat("-", 300) + `-->`), Limits{CellSize: 256}, LimitCellSize, 1, []string{"over 256 bytes of text or markup"}},
		{"elements nested", bombs.Sheet(deep), Limits{}, LimitDepth, 1, []string{"nests elements more than 64 deep"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantLimit(t, readLimited(bytes.NewReader(tc.data), XLSX, tc.lim), tc.limit, tc.row, tc.fragments...)
		})
	}
	// The export itself is read within the limits it was refused by.
	if err := readLimited(bytes.NewReader(export), XLSX, DefaultLimits); err != nil {
		t.Errorf("the export within the default limits: %v", err)
	}
}

// TestXLSXDirectory checks workbooks whose zip directory lies: an entry
// that inflates past the size it states is refused as damaged (archive/zip
// refuses the bytes past it, for excelize too), and a part that appears
// twice, since the part checked must be the part read.
func TestXLSXDirectory(t *testing.T) {
	export := writeAll(t, XLSX, richStandards())
	lying := withParts(t, export, func(zw *zip.Writer) {
		var body bytes.Buffer
		fw, _ := flate.NewWriter(&body, flate.BestSpeed)
		_, _ = fw.Write(bytes.Repeat([]byte(" "), 4<<20))
		_ = fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/theme/theme2.xml", Method: zip.Deflate, CRC32: 1,
			CompressedSize64: uint64(body.Len()), UncompressedSize64: 1000})
		must(t, err)
		_, err = w.Write(body.Bytes())
		must(t, err)
	})
	_, err := tryReadAll(lying, XLSX)
	wantFileError(t, err, 0, "not a readable XLSX file: the part xl/theme/theme2.xml")
	twice := withParts(t, export, func(zw *zip.Writer) {
		w, err := zw.Create("XL/Worksheets/Sheet1.xml")
		must(t, err)
		_, err = w.Write([]byte("<worksheet/>"))
		must(t, err)
	})
	_, err = tryReadAll(twice, XLSX)
	wantFileError(t, err, 0, "appears twice")
}

// spaces adds a part of n spaces.
func spaces(name string, n int) func(*zip.Writer) {
	return func(zw *zip.Writer) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(bytes.Repeat([]byte(" "), n))
		}
		if err != nil {
			panic(err) // into memory: only a bug gets here
		}
	}
}

// withParts copies a workbook and adds parts to it.
func withParts(t *testing.T, data []byte, add ...func(*zip.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		must(t, zw.Copy(f))
	}
	for _, a := range add {
		a(zw)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// TestTextLimits passes each limit of CSV and NDJSON files.
func TestTextLimits(t *testing.T) {
	rows := func(n int) string {
		var b strings.Builder
		b.WriteString("title_zh,kind\n")
		for i := range n {
			fmt.Fprintf(&b, "茶叶 %d,local\n", i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name      string
		format    Format
		data      string
		lim       Limits
		limit     Limit
		row       int
		fragments []string
	}{
		{"CSV: a cell", CSV, "title_zh,kind\n" + strings.Repeat("a", 300) + ",local\n", Limits{CellSize: 256}, LimitCellSize, 2, []string{"row 2 has a cell over 256 bytes"}},
		{"CSV: a quoted cell over lines", CSV, "title_zh,kind\n\"" + strings.Repeat("a\n", 150) + "\",local\n", Limits{CellSize: 256}, LimitCellSize, 2, []string{"row 2 has a cell over 256 bytes"}},
		{"CSV: a record", CSV, "title_zh,kind\n" + strings.Repeat("a", 200) + "," + strings.Repeat("b", 200) + "\n", Limits{CellSize: 256, RowSize: 300}, LimitRowSize, 2, []string{"row 2 is over 300 bytes"}},
		{"CSV: columns", CSV, "title_zh,kind\n" + strings.Repeat(",", 4) + "\n", Limits{Columns: 4}, LimitColumns, 2, []string{"row 2 has more than 4 columns"}},
		{"CSV: rows", CSV, rows(10), Limits{Rows: 10}, LimitRows, 11, []string{"more than 10 rows"}},
		{"CSV: blank rows", CSV, "title_zh,kind\n" + strings.Repeat("\n", 20) + "茶,local\n", Limits{Rows: 10}, LimitRows, 11, []string{"more than 10 rows"}},
		{"NDJSON: a line", NDJSON, `{"title_zh":"` + strings.Repeat("a", 300) + `"}` + "\n", Limits{RowSize: 256}, LimitRowSize, 1, []string{"line 1 is longer than 256 bytes"}},
		{"NDJSON: a value", NDJSON, `{"kind":"local","title_zh":"` + strings.Repeat("a", 300) + `"}` + "\n", Limits{CellSize: 256}, LimitCellSize, 1, []string{`line 1 has a value over 256 bytes ("title_zh")`}},
		{"NDJSON: lines", NDJSON, strings.Repeat(`{"title_zh":"茶","kind":"local"}`+"\n", 11), Limits{Rows: 10}, LimitRows, 11, []string{"more than 10 lines"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantLimit(t, readLimited(strings.NewReader(tc.data), tc.format, tc.lim), tc.limit, tc.row, tc.fragments...)
		})
	}
	// At the limits, files are read.
	for _, tc := range []struct {
		name   string
		format Format
		data   string
		lim    Limits
	}{
		{"CSV: 10 rows and a trailing line break", CSV, rows(9), Limits{Rows: 10}},
		{"CSV: 4 columns and a quoted comma", CSV, "title_zh,kind,,\n\"茶,叶\",local,,\n", Limits{Columns: 4}},
		{"CSV: a cell of 256 bytes, quotes doubled", CSV, "title_zh,kind\n\"" + strings.Repeat(`""`, 127) + "\",local\n", Limits{CellSize: 256}},
		{"NDJSON: 10 lines", NDJSON, strings.Repeat(`{"title_zh":"茶","kind":"local"}`+"\n", 10), Limits{Rows: 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := readLimited(strings.NewReader(tc.data), tc.format, tc.lim); err != nil {
				t.Errorf("refused: %v", err)
			}
		})
	}
}

// TestLimitsDefaults: a zero field takes the default, and the size words
// of the messages.
func TestLimitsDefaults(t *testing.T) {
	if got := (Limits{Rows: 7}).withDefaults(); got.Rows != 7 || got.CellSize != DefaultLimits.CellSize || got.Ratio != DefaultLimits.Ratio {
		t.Errorf("withDefaults = %+v", got)
	}
	for n, want := range map[int64]string{300: "300 bytes", 256 << 10: "256 KiB", 2 << 30: "2 GiB", 1536 << 10: "1.5 MiB", 300e6: "286.1 MiB"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}
