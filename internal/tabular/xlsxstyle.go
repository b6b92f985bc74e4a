package tabular

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// sheetName names the data sheet of exports and the template.
const sheetName = "标准"

// dateFormat shows date cells as the reader's own form.
const dateFormat = "yyyy-mm-dd"

// styles are the cell styles shared by exports and the template.
type styles struct {
	header, date, text, wrap int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
	}); err != nil {
		return s, fmt.Errorf("creating the header style: %w", err)
	}
	format := dateFormat
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
		return s, fmt.Errorf("creating the date style: %w", err)
	}
	// Format 49 is "@", text: what people type stays as typed, so 330100
	// and 43.150 are not turned into numbers.
	if s.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return s, fmt.Errorf("creating the text style: %w", err)
	}
	if s.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return s, fmt.Errorf("creating the wrapping style: %w", err)
	}
	return s, nil
}

// newWorkbook starts a workbook whose first sheet is the data sheet.
func newWorkbook() (*excelize.File, styles, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName(f.GetSheetName(0), sheetName); err != nil {
		_ = f.Close()
		return nil, styles{}, fmt.Errorf("naming the sheet: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		_ = f.Close()
		return nil, styles{}, err
	}
	return f, st, nil
}

// frozenHeader keeps the header row in view while scrolling.
var frozenHeader = &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
