package tabular

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"stdreg/internal/fault"
	"stdreg/internal/tabular/bombs"
)

// The fuzz targets read arbitrary files and check that a reader never
// panics, and gives rows or a *FileError (a *LimitError is one): the file
// is the only input, so any other error would be a bug. Their seeds, real
// small files, run with every go test; to search further:
//
//	go test ./internal/tabular -run '^$' -fuzz FuzzXLSXReader -fuzztime 60s
//
// Limits are smaller than the defaults so that an input costs little and
// the fuzzer reaches them.
var fuzzLimits = Limits{
	RatioFloor: 64 << 10, Unzipped: 4 << 20, Worksheet: 4 << 20, InMemory: 1 << 20, Parts: 64, Elements: 2000,
	SharedStrings: 1000, SharedStringsSize: 1 << 20, Rows: 1000, Columns: 64, RowSize: 16 << 10, CellSize: 4 << 10,
}

func fuzzRead(t *testing.T, data []byte, f Format) {
	r, err := NewReaderLimits(bytes.NewReader(data), f, fuzzLimits)
	if err != nil {
		wantTyped(t, err)
		return
	}
	defer r.Close()
	last := 0
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			wantTyped(t, err)
			return
		}
		if row.Number <= last {
			t.Fatalf("row %d after row %d", row.Number, last)
		}
		last = row.Number
		var se *fault.Error
		if row.Err != nil && !errors.As(row.Err, &se) {
			t.Fatalf("row %d: error %T %v, want a *fault.Error", row.Number, row.Err, row.Err)
		}
	}
}

func wantTyped(t *testing.T, err error) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %v, want a *FileError", err, err)
	}
	if fe.Reason.IsZero() {
		t.Fatal("a FileError without a reason")
	}
}

func FuzzCSVReader(f *testing.F) {
	f.Add(writeAll(f, CSV, richStandards()))
	f.Add([]byte("\ufeff标准号,标准名称,标准类别,发布日期\r\nDB33/T 1—2020,\"茶叶\n加工\",地方标准,2020/5/1\r\n\r\n"))
	f.Add([]byte("title_zh,kind\n\"a\"\"b\",local\n,,\n"))
	f.Add([]byte{0xb1, 0xea, 0xd7, 0xbc, ',', 'k', 'i', 'n', 'd', '\n'}) // GB18030 "标准"
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, CSV) })
}

func FuzzNDJSONReader(f *testing.F) {
	f.Add(writeAll(f, NDJSON, richStandards()))
	f.Add([]byte(`{"title_zh":"茶","kind":"local","designations":[{"type":"zhejiang_standard","year":2022}]}` + "\n\n[1]\n"))
	f.Add([]byte(`{"title_zh":null,"ics":"x","adopts":[{"code":"ISO 1","degree":"idt","x":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, NDJSON) })
}

func FuzzXLSXReader(f *testing.F) {
	f.Add(writeAll(f, XLSX, richStandards()))
	f.Add(bombs.Sheet(`<row r="2"><c r="A2" t="inlineStr"><is><t>茶</t></is></c><c r="B2" t="s"><v>0</v></c></row>`))
	f.Add(bombs.LongSharedString(10))
	f.Add(bombs.ManySharedStrings(3))
	f.Add(bombs.HugeDimensions())
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, XLSX) })
}

// FuzzXLSXSheet reads arbitrary worksheet XML in a valid workbook: random
// bytes seldom make a zip, and the worksheet is where the workbook check's
// scanner and excelize's decoder must agree.
func FuzzXLSXSheet(f *testing.F) {
	f.Add(`<row r="2"><c r="A2" t="inlineStr"><is><t>茶叶</t></is></c><c r="B2" t="inlineStr"><is><t>local</t></is></c></row>`)
	f.Add(`<row><c t="str"><f>HYPERLINK("x")</f><v>x</v></c><c><v>1</v></c></row><!-- <row r="9"/> --><row r="5"><c r="$B$5"><v>2</v></c></row>`)
	f.Add(`<x:row r="&#51;"><x:c r="A&#51;" t="inlineStr"><x:is><x:r><x:t><![CDATA[<a>]]></x:t></x:r></x:is></x:c></x:row>`)
	f.Add(`<row r="3" spans="1:2" x='>'><c r="A3" s="1"/><c r="B3" t="b"><v>1</v></c></row><row r="1048576"/>`)
	f.Fuzz(func(t *testing.T, rows string) { fuzzRead(t, bombs.Sheet(rows), XLSX) })
}
