package tabular

import (
	"errors"
	"strconv"
	"strings"

	"stdreg/internal/fault"
)

// Limits bound what reading one file may cost, whatever its size on the
// wire: the upload limit counts the bytes sent, and an XLSX workbook is a
// zip, whose parts deflate up to 1,032 times (a 1 MB workbook can hold a
// 1 GiB worksheet). Every limit is checked while the file is read, before
// the bytes past it are inflated or parsed, so a file over one costs little
// more than the limit itself.
//
// The defaults were set from measured files (2026-12, the writers of this
// package on 100,000 standards of internal/generate, seed 1):
//
//   - an XLSX export: 22.6 MB, its worksheet 123.4 MB decompressed (5.5
//     times), 1,234 bytes a row; the other parts 18 KB together;
//   - the same 20,000 rows saved with shared strings, as Excel saves them:
//     worksheet 18.0 MB (8.2 times), 124,864 shared strings in 6.2 MB, so
//     about 6.2 distinct strings and 310 bytes of them a row;
//   - CSV: 41.6 MB, the longest line 676 bytes, 26 columns; NDJSON: the
//     longest line 1,117 bytes.
//
// A real import is up to about a million rows: a million rows of the
// export are a 1.23 GB worksheet. The size limits let that through; the
// ratio limit is what refuses a zip bomb, early and whatever its size.
//
// A zero field takes its default (DefaultLimits), so a test sets only the
// limit it exercises.
type Limits struct {
	// Ratio: no part may decompress to more than Ratio times its
	// compressed size, nor the workbook to more than Ratio times the
	// file, once past RatioFloor bytes. Real workbooks measured 4 to 8
	// times; deflate reaches 1,032. 100 is what Apache POI uses by default
	// (ZipSecureFile's minimum inflate ratio of 0.01).
	Ratio      int64
	RatioFloor int64
	// Unzipped bounds the workbook's parts together, decompressed, and
	// Worksheet one worksheet's part: a million rows of the export are
	// 1.23 GB (Excel's own limit, 1,048,576 rows, fits).
	Unzipped  int64
	Worksheet int64
	// InMemory bounds the parts that excelize keeps in memory, together:
	// every part but the worksheets and shared strings it spills to
	// temporary files (those over spillSize).
	InMemory int64
	// Parts bounds the zip's entries (an export has 9).
	Parts int
	// Elements bounds the XML elements of the parts other than the
	// worksheets and shared strings (styles, workbook, relationships…),
	// which excelize decodes whole into structures of about 360 bytes an
	// element (measured: 4 MiB of <xf/> in styles.xml took 300 MB).
	Elements int
	// SharedStrings bounds the number of shared strings, and
	// SharedStringsSize their part, decompressed. excelize indexes every
	// shared string before reading the first row (measured: 1,000,000
	// took 61 MiB of heap, 2,000,000 took 130 MiB). 2,000,000 is about
	// 320,000 rows saved by Excel, the most a 64 MiB upload holds.
	SharedStrings     int
	SharedStringsSize int64
	// Rows bounds the rows (NDJSON: lines), counting blank ones, as a
	// spreadsheet numbers them: twice the million of a large import.
	// (excelize refuses a row past Excel's 1,048,576 itself.)
	Rows int
	// Columns bounds the cells of one row, up to the last that holds
	// something (NDJSON has no columns): an export has 28 (26 with no cycles).
	Columns int
	// RowSize bounds one row in bytes: a CSV record, an NDJSON line (the
	// longest measured: 676 and 1,117 bytes).
	RowSize int
	// Depth bounds how deeply a workbook's XML elements nest (a worksheet
	// nests 5 deep): an XML decoder keeps a record of each open element.
	Depth int
	// CellSize bounds one cell in bytes (XLSX: its XML inside <c>, tags
	// and escaped text), and so one shared string, and any stretch of text
	// or one tag in a workbook's XML. Excel holds at most 32,767
	// characters in a cell, 96 KiB of Chinese in UTF-8; a standard's
	// longest field is a few hundred.
	CellSize int
}

// DefaultLimits are the limits NewReader applies; see Limits for how they
// were chosen.
var DefaultLimits = Limits{
	Ratio:             100,
	RatioFloor:        1 << 20,
	Unzipped:          2 << 30,
	Worksheet:         2 << 30,
	InMemory:          64 << 20,
	Parts:             10_000,
	Elements:          200_000,
	SharedStrings:     2_000_000,
	SharedStringsSize: 512 << 20,
	Rows:              2_000_000,
	Columns:           1_024,
	RowSize:           1 << 20,
	Depth:             64,
	CellSize:          256 << 10,
}

// withDefaults fills the zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	setInt := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.Ratio, d.Ratio)
	set(&l.RatioFloor, d.RatioFloor)
	set(&l.Unzipped, d.Unzipped)
	set(&l.Worksheet, d.Worksheet)
	set(&l.InMemory, d.InMemory)
	setInt(&l.Parts, d.Parts)
	setInt(&l.Elements, d.Elements)
	setInt(&l.SharedStrings, d.SharedStrings)
	set(&l.SharedStringsSize, d.SharedStringsSize)
	setInt(&l.Rows, d.Rows)
	setInt(&l.Columns, d.Columns)
	setInt(&l.RowSize, d.RowSize)
	setInt(&l.Depth, d.Depth)
	setInt(&l.CellSize, d.CellSize)
	return l
}

// Limit names one of the Limits, for callers and tests that branch on it.
type Limit string

const (
	LimitRatio             Limit = "ratio"
	LimitUnzipped          Limit = "unzipped"
	LimitWorksheet         Limit = "worksheet"
	LimitInMemory          Limit = "in_memory"
	LimitParts             Limit = "parts"
	LimitElements          Limit = "elements"
	LimitSharedStrings     Limit = "shared_strings"
	LimitSharedStringsSize Limit = "shared_strings_size"
	LimitRows              Limit = "rows"
	LimitColumns           Limit = "columns"
	LimitRowSize           Limit = "row_size"
	LimitDepth             Limit = "depth"
	LimitCellSize          Limit = "cell_size"
)

// LimitError is a file refused because reading it would pass one of the
// Limits. It is also a *FileError (errors.As finds one through Unwrap), so
// a caller that only tells readable files from others needs nothing new;
// one that answers "too large" rather than "malformed" looks for this.
type LimitError struct {
	FileError       // Row and Reason, as for any file problem
	Limit     Limit // which limit was passed
	Max       int64 // its value
}

func (e *LimitError) Unwrap() error { return &e.FileError }

func isLimitError(err error) bool { return asLimitError(err) != nil }

// asLimitError finds a *LimitError in err's chain, or returns nil.
func asLimitError(err error) *LimitError {
	var le *LimitError
	if errors.As(err, &le) {
		return le
	}
	return nil
}

// limitErrorf builds a LimitError; the reason names the limit's value.
func limitErrorf(limit Limit, max int64, row int, format string, args ...any) *LimitError {
	return &LimitError{FileError: FileError{Row: row, Reason: fault.Msg(format, args...)}, Limit: limit, Max: max}
}

// size writes a byte count as people read it: "256 KiB", "2 GiB", "1.5 MiB".
func size(n int64) string {
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	v, u := float64(n)/1024, 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + " " + units[u]
}

// count writes a number with thousands separators: 2,000,000.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
