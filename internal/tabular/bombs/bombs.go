// Package bombs builds import files that cost far more to read than to
// send: zip bombs in XLSX form, and CSV and NDJSON files with one enormous
// cell or line. The tests of the import's limits and the benchmark of their
// refusal (cmd/benchbulk -bombs) send them; none is stored, since each is
// built in well under a second.
//
// An XLSX bomb is a real workbook whose parts deflate as well as deflate
// can (about 1,000 times): a part of n repeated units is written as one
// deflate block for 64 KiB of units, repeated, so that 1 GiB of spaces is
// built without compressing 1 GiB.
package bombs

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// Bomb is one file.
type Bomb struct {
	Name   string // what it holds, in a few words
	Format string // "xlsx", "csv" or "ndjson"
	// Open returns the file's bytes; a CSV or NDJSON bomb makes them as
	// they are read, so that a 100 MB line is never held whole here.
	Open func() io.Reader
	Size int64 // the file's length in bytes
}

// All are the bombs of the review of issue 12, and others of their kind:
// the sizes are those the review sent.
func All() []Bomb {
	return []Bomb{
		xlsxBomb("XLSX, a worksheet holding 1 GiB of spaces", SpacesSheet(1<<30)),
		xlsxBomb("XLSX, one shared string of 300 MB", LongSharedString(300e6)),
		xlsxBomb("XLSX, 5 million shared strings", ManySharedStrings(5e6)),
		xlsxBomb("XLSX, a cell at XFD1048576 and a dimension of the whole sheet", HugeDimensions()),
		xlsxBomb("XLSX, styles of 16 MiB of empty formats", ManyStyles(16<<20)),
		textBomb("CSV, one cell of 100 MB", "csv", "title_zh,kind\n\"", "a", 100e6, "\",local\n"),
		textBomb("CSV, a line of 100,000 columns", "csv", "title_zh,kind\n", ",", 100_000, "\n"),
		textBomb("NDJSON, one line of 100 MB", "ndjson", `{"title_zh":"`, "a", 100e6, `"}`+"\n"),
	}
}

func xlsxBomb(name string, data []byte) Bomb {
	return Bomb{Name: name, Format: "xlsx", Size: int64(len(data)), Open: func() io.Reader { return bytes.NewReader(data) }}
}

// textBomb is prefix, unit n times, suffix, made as it is read.
func textBomb(name, format, prefix, unit string, n int64, suffix string) Bomb {
	return Bomb{
		Name: name, Format: format, Size: int64(len(prefix)) + n*int64(len(unit)) + int64(len(suffix)),
		Open: func() io.Reader {
			return io.MultiReader(strings.NewReader(prefix), Repeat(unit, n), strings.NewReader(suffix))
		},
	}
}

// Repeat reads as unit n times, without holding more than 64 KiB of it.
func Repeat(unit string, n int64) io.Reader {
	reps := max(1, (64<<10)/len(unit))
	chunk := []byte(strings.Repeat(unit, reps))
	return &repeater{chunk: chunk, left: n * int64(len(unit))}
}

type repeater struct {
	chunk []byte
	off   int
	left  int64
}

func (r *repeater) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && r.left > 0 {
		m := min(int64(copy(p[n:], r.chunk[r.off:])), r.left)
		n, r.left = n+int(m), r.left-m
		r.off = (r.off + int(m)) % len(r.chunk)
	}
	return n, nil
}

// A worksheet's XML around its rows.
const (
	sheetStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	sheetEnd = `</worksheet>`
	// header is a real import's header row: title and kind.
	header = `<row r="1"><c r="A1" t="inlineStr"><is><t>title_zh</t></is></c><c r="B1" t="inlineStr"><is><t>kind</t></is></c></row>`
)

// SpacesSheet is a workbook whose worksheet holds n spaces after its
// header row, as white space between rows, which an XML decoder returns as
// one token.
func SpacesSheet(n int64) []byte {
	return workbook(part{name: "xl/worksheets/sheet1.xml",
		prefix: sheetStart + `<sheetData>` + header, unit: " ", n: n, suffix: `</sheetData>` + sheetEnd})
}

// LongSharedString is a workbook whose second row's title is a shared
// string of n letters.
func LongSharedString(n int64) []byte {
	return workbook(
		part{name: "xl/worksheets/sheet1.xml", prefix: sheetStart + `<sheetData>` + header +
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>local</t></is></c></row></sheetData>` + sheetEnd},
		part{name: "xl/sharedStrings.xml", prefix: sstStart(1) + `<si><t>`, unit: "a", n: n, suffix: `</t></si></sst>`},
	)
}

// ManySharedStrings is a workbook with n shared strings, one of them used.
func ManySharedStrings(n int64) []byte {
	return workbook(
		part{name: "xl/worksheets/sheet1.xml", prefix: sheetStart + `<sheetData>` + header +
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>local</t></is></c></row></sheetData>` + sheetEnd},
		part{name: "xl/sharedStrings.xml", prefix: sstStart(n), unit: `<si><t>茶</t></si>`, n: n, suffix: `</sst>`},
	)
}

func sstStart(n int64) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		fmt.Sprintf(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, n, n)
}

// HugeDimensions is a small workbook that says it spans the whole sheet
// and has a value in its last cell, XFD1048576.
func HugeDimensions() []byte {
	return workbook(part{name: "xl/worksheets/sheet1.xml", prefix: sheetStart + `<dimension ref="A1:XFD1048576"/><sheetData>` + header +
		`<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>local</t></is></c></row></sheetData>` + sheetEnd})
}

// ManyStyles is a workbook whose styles part holds n bytes of empty cell
// formats, which excelize decodes whole when it opens the workbook.
func ManyStyles(n int64) []byte {
	return workbook(
		part{name: "xl/worksheets/sheet1.xml", prefix: sheetStart + `<sheetData>` + header + `</sheetData>` + sheetEnd},
		part{name: "xl/styles.xml", prefix: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`, unit: `<xf/>`, n: n / 5, suffix: `</cellXfs></styleSheet>`},
	)
}

// Sheet is a workbook whose worksheet holds a header row (title_zh, kind)
// and then rows, XML as a worksheet's sheetData holds it; for tests of
// what a worksheet may hold.
func Sheet(rows string) []byte {
	return workbook(part{name: "xl/worksheets/sheet1.xml", prefix: sheetStart + `<sheetData>` + header + rows + `</sheetData>` + sheetEnd})
}

// part is one part of a workbook: prefix, unit n times, suffix.
type part struct {
	name, prefix, unit string
	n                  int64
	suffix             string
}

// workbook is a minimal workbook of one sheet, Sheet1, with the given
// parts: at least its worksheet, xl/worksheets/sheet1.xml.
func workbook(parts ...part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	hasStrings := false
	for _, p := range parts {
		hasStrings = hasStrings || p.name == "xl/sharedStrings.xml"
	}
	types := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if hasStrings {
		types += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	fixed := []part{
		{name: "[Content_Types].xml", prefix: types + `</Types>`},
		{name: "_rels/.rels", prefix: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{name: "xl/workbook.xml", prefix: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{name: "xl/_rels/workbook.xml.rels", prefix: rels + `</Relationships>`},
	}
	for _, p := range append(fixed, parts...) {
		if err := writePart(zw, p); err != nil {
			panic(err) // writing to memory: only a bug gets here
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// writePart deflates one part. A long repetition is deflated once, as one
// block that follows 64 KiB of the same units: the block's back-references
// reach at most 32 KiB back, into units just like those it was made after,
// so the block means the same after any number of them, and is repeated.
func writePart(zw *zip.Writer, p part) error {
	unit := []byte(p.unit)
	reps := int64(1)
	if len(unit) > 0 {
		reps = max(1, (64<<10+int64(len(unit))-1)/int64(len(unit)))
	}
	chunk := bytes.Repeat(unit, int(reps))
	q, rem := int64(0), p.n
	if len(unit) > 0 {
		q, rem = p.n/reps, p.n%reps
	}
	crc := crc32.NewIEEE()
	var size int64
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return err
	}
	write := func(b []byte) {
		_, _ = fw.Write(b) // into a bytes.Buffer: no error
		_, _ = crc.Write(b)
		size += int64(len(b))
	}
	write([]byte(p.prefix))
	var block []byte
	repeats := int64(0)
	if q >= 3 {
		write(chunk)
		_ = fw.Flush()
		mark := out.Len()
		write(chunk)
		_ = fw.Flush()
		block = bytes.Clone(out.Bytes()[mark:])
		repeats = q - 2
		for range repeats {
			_, _ = crc.Write(chunk)
		}
		size += repeats * int64(len(chunk))
	} else {
		for range q {
			write(chunk)
		}
	}
	head := bytes.Clone(out.Bytes())
	out.Reset()
	write(bytes.Repeat(unit, int(rem)))
	write([]byte(p.suffix))
	if err := fw.Close(); err != nil {
		return err
	}
	tail := out.Bytes()
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: p.name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64:   uint64(len(head)) + uint64(repeats)*uint64(len(block)) + uint64(len(tail)),
		UncompressedSize64: uint64(size),
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	for range repeats {
		if _, err := w.Write(block); err != nil {
			return err
		}
	}
	_, err = w.Write(tail)
	return err
}
