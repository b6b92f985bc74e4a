package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Table is a small table of figures to download (the drafting-cycle
// groups, the overdue drafts, the plan's indicators): its columns and rows
// of cells, each a string, a float64, an int, a bool or nil for empty.
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
	switch f {
	case CSV:
		return writeTableCSV(w, t)
	case XLSX:
		return writeTableXLSX(w, t)
	}
	return fmt.Errorf("tabular: cannot write a table as %q", f)
}

func writeTableCSV(w io.Writer, t Table) error {
	if _, err := w.Write(utf8BOM); err != nil {
		return fmt.Errorf("writing the CSV table: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		rec[i] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("writing the CSV table: %w", err)
	}
	for _, row := range t.Rows {
		for i, cell := range row {
			rec[i] = cellText(cell)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("writing the CSV table: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the CSV table: %w", err)
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

func writeTableXLSX(w io.Writer, t Table) error {
	f, st, err := newWorkbook()
	if err != nil {
		return err
	}
	defer f.Close()
	if t.Sheet != "" {
		if err := f.SetSheetName(sheetName, t.Sheet); err != nil {
			return fmt.Errorf("naming the sheet: %w", err)
		}
	}
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("starting the XLSX table: %w", err)
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
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
	vals := make([]any, len(t.Columns))
	for r, row := range t.Rows {
		for i, cell := range row {
			switch v := cell.(type) {
			case string:
				if v == "" {
					vals[i] = nil
				} else {
					vals[i] = excelize.Cell{StyleID: st.text, Value: neutralize(v)}
				}
			default:
				vals[i] = v
			}
		}
		name, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(name, vals); err != nil {
			return fmt.Errorf("writing the XLSX table: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("writing the XLSX table: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing the XLSX table: %w", err)
	}
	return nil
}
