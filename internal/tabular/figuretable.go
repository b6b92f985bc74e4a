package tabular

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Table is a small table of figures to download (the drafting-cycle
// groups, the plan's indicators): its columns and rows of cells, each a
// string, a float64, an int, a bool or nil for empty.
type Table struct {
	Sheet   string // the XLSX sheet's name, 制定周期
	Columns []TableColumn
	Rows    [][]any
}

// TableColumn names a column: by its API field in CSV, in Chinese and by
// field in XLSX ("平均周期（月）\nmean_months"), as exports are headed.
type TableColumn struct {
	Name, ZH string
	Width    float64 // XLSX width in characters; 0: 12
}

// WriteTable writes t as CSV (UTF-8 with a BOM, CRLF, as exports) or XLSX
// (numbers as numbers, a frozen bilingual header). Text cells are
// neutralised against formulas in both.
func WriteTable(w io.Writer, f Format, t Table) error {
	tw, err := NewTableWriter(w, f, t.Sheet, t.Columns)
	if err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := tw.Write(row); err != nil {
			return err
		}
	}
	return tw.Close()
}

// TableWriter writes a table of figures row by row, as WriteTable does,
// for tables too long to hold (every overdue draft): CSV rows go out as
// they are written, XLSX rows through excelize's stream writer (spilled
// to a temporary file past 16 MiB), the zip written straight to w at
// Close.
type TableWriter struct {
	columns int
	csv     *csv.Writer
	rec     []string

	w    io.Writer
	xlsx *excelize.File
	sw   *excelize.StreamWriter
	text int // the XLSX text style
	row  int
	vals []any
}

// NewTableWriter starts a table of format f with its header; Close
// finishes it.
func NewTableWriter(w io.Writer, f Format, sheet string, columns []TableColumn) (*TableWriter, error) {
	t := &TableWriter{columns: len(columns), w: w}
	switch f {
	case CSV:
		return t, t.startCSV(columns)
	case XLSX:
		if err := t.startXLSX(sheet, columns); err != nil {
			if t.xlsx != nil {
				_ = t.xlsx.Close()
			}
			return nil, err
		}
		return t, nil
	}
	return nil, fmt.Errorf("tabular: cannot write a table as %q", f)
}

func (t *TableWriter) startCSV(columns []TableColumn) error {
	if _, err := t.w.Write(utf8BOM); err != nil {
		return fmt.Errorf("writing the CSV table: %w", err)
	}
	t.csv = csv.NewWriter(t.w)
	t.csv.UseCRLF = true
	t.rec = make([]string, len(columns))
	for i, c := range columns {
		t.rec[i] = c.Name
	}
	if err := t.csv.Write(t.rec); err != nil {
		return fmt.Errorf("writing the CSV table: %w", err)
	}
	return nil
}

func (t *TableWriter) startXLSX(sheet string, columns []TableColumn) error {
	f, st, err := newWorkbook()
	if err != nil {
		return err
	}
	t.xlsx, t.text = f, st.text
	if sheet != "" {
		if err := f.SetSheetName(sheetName, sheet); err != nil {
			return fmt.Errorf("naming the sheet: %w", err)
		}
	}
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		return fmt.Errorf("starting the XLSX table: %w", err)
	}
	t.sw = sw
	header := make([]any, len(columns))
	for i, c := range columns {
		width := c.Width
		if width == 0 {
			width = 12
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("setting the width of column %s: %w", c.Name, err)
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: c.ZH + "\n" + c.Name}
	}
	if err := sw.SetPanes(frozenHeader); err != nil {
		return fmt.Errorf("freezing the XLSX header: %w", err)
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 32}); err != nil {
		return fmt.Errorf("writing the XLSX table: %w", err)
	}
	t.row, t.vals = 1, make([]any, len(columns))
	return nil
}

// Write adds a row: a cell per column.
func (t *TableWriter) Write(row []any) error {
	if len(row) != t.columns {
		return fmt.Errorf("tabular: a row of %d cells in a table of %d columns", len(row), t.columns)
	}
	if t.csv != nil {
		for i, cell := range row {
			t.rec[i] = cellText(cell)
		}
		if err := t.csv.Write(t.rec); err != nil {
			return fmt.Errorf("writing the CSV table: %w", err)
		}
		return nil
	}
	for i, cell := range row {
		switch v := cell.(type) {
		case string:
			if v == "" {
				t.vals[i] = nil
			} else {
				t.vals[i] = excelize.Cell{StyleID: t.text, Value: neutralize(v)}
			}
		default:
			t.vals[i] = v
		}
	}
	t.row++
	name, err := excelize.CoordinatesToCellName(1, t.row)
	if err != nil {
		return err
	}
	if err := t.sw.SetRow(name, t.vals); err != nil {
		return fmt.Errorf("writing the XLSX table: %w", err)
	}
	return nil
}

// Close finishes the table: flushes the CSV, or writes the workbook to w
// and removes its temporary files.
func (t *TableWriter) Close() error {
	if t.csv != nil {
		t.csv.Flush()
		if err := t.csv.Error(); err != nil {
			return fmt.Errorf("writing the CSV table: %w", err)
		}
		return nil
	}
	err := t.sw.Flush()
	if err == nil {
		// As xlsxWriter.Close: the archive goes out as it is compressed,
		// not through excelize's buffer.
		t.xlsx.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(t.w) })
		_, err = t.xlsx.WriteTo(unexpectedBytes{})
	}
	if cerr := t.xlsx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing the XLSX table: %w", err)
	}
	return nil
}

// cellText is a cell as CSV text.
func cellText(cell any) string {
	switch v := cell.(type) {
	case nil:
		return ""
	case string:
		return neutralize(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return neutralize(fmt.Sprint(cell))
}

// Discard ends a table that will not be finished (its rows failed midway),
// removing the XLSX's temporary files; nothing more is written to w.
func (t *TableWriter) Discard() {
	if t.xlsx != nil {
		_ = t.xlsx.Close()
	}
}
