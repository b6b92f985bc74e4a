package tabular

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"
)

// oleSignature starts old .xls workbooks and password-protected .xlsx ones.
var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// xlsxSource streams the first worksheet of a workbook.
type xlsxSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	n        int           // number of the last row read
	formulas map[int][]int // row -> 0-based columns holding formulas
	cur      []int         // formulas of the last row
	date1904 bool
}

func newXLSXSource(r io.Reader, lim *Limits) (*xlsxSource, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading the XLSX file: %w", err)
	}
	switch {
	case len(data) == 0:
		return nil, fileErrorf(0, "the file is empty")
	case bytes.HasPrefix(data, oleSignature):
		return nil, fileErrorf(0, "not a readable XLSX file: it is an old .xls workbook or protected by a password; save it as .xlsx without a password")
	}
	check, err := checkWorkbook(data, lim)
	if err != nil {
		return nil, err
	}
	// checkWorkbook has bounded every part; excelize's own limits, which
	// it checks against the sizes the zip states, are set to match.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.Unzipped,
		UnzipXMLSizeLimit: min(spillSize, lim.Unzipped),
	})
	if err != nil {
		return nil, fileErrorf(0, "not a readable XLSX file; it may be truncated or damaged, or not a workbook at all")
	}
	x := &xlsxSource{f: f}
	if err := x.open(check); err != nil {
		_ = f.Close()
		return nil, err
	}
	return x, nil
}

// open finds the first worksheet, its formulas and its date system.
func (x *xlsxSource) open(check *workbookCheck) error {
	sheets := x.f.GetSheetList()
	if len(sheets) == 0 {
		return fileErrorf(0, "the workbook has no worksheet")
	}
	// excelize's streaming Rows iterator drops formulas, and GetCellFormula
	// loads the whole worksheet into memory, so the workbook check, which
	// reads the worksheet's XML anyway, placed them.
	formulas, err := check.formulasOf(sheets[0])
	if err != nil {
		return err
	}
	rows, err := x.f.Rows(sheets[0])
	if err != nil {
		return fileErrorf(0, "not a readable XLSX file: its first worksheet %q cannot be read", sheets[0])
	}
	x.rows, x.formulas = rows, formulas
	if props, err := x.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	return nil
}

// rawCells asks excelize for cell values as stored, not as displayed: a
// date cell then gives its day number whatever format shows it, and a
// number keeps its digits rather than a display such as "330,100".
var rawCells = excelize.Options{RawCellValue: true}

func (x *xlsxSource) record() ([]string, int, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, x.n + 1, fileErrorf(x.n+1, "the worksheet cannot be read past row %d: %v", x.n, err)
		}
		return nil, 0, io.EOF
	}
	x.n++
	cells, err := x.rows.Columns(rawCells)
	if err != nil {
		return nil, x.n, fileErrorf(x.n, "row %d of the worksheet cannot be read: %v", x.n, err)
	}
	x.cur = x.formulas[x.n]
	return cells, x.n, nil
}

func (x *xlsxSource) formula(col int) bool      { return x.cur != nil && slices.Contains(x.cur, col) }
func (x *xlsxSource) hasFormula() bool          { return len(x.cur) > 0 }
func (x *xlsxSource) serialDates() (bool, bool) { return true, x.date1904 }

// close releases the workbook and the temporary files excelize keeps for
// large worksheets; it is safe to call more than once.
func (x *xlsxSource) close() error {
	if x.f == nil {
		return nil
	}
	var err error
	if x.rows != nil {
		err = x.rows.Close()
	}
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	x.f, x.rows = nil, nil
	return err
}
