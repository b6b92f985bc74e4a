package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"stdreg/internal/registry"
)

// reportHeader names the columns of a problems file, in Chinese and by the
// API's names, as the import report's fields.
var reportHeader = []string{"行号 row", "列 field", "单元格 cell", "问题 message"}

// writeProblems writes every problem of an import to path, as CSV (UTF-8
// with a BOM, for Excel) or XLSX by its extension.
func writeProblems(path string, problems []registry.RowProblem) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return writeProblemsCSV(path, problems)
	case ".xlsx":
		return writeProblemsXLSX(path, problems)
	}
	return fmt.Errorf("--report %s: name a .csv or .xlsx file", path)
}

func writeProblemsCSV(path string, problems []registry.RowProblem) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write the report: %w", cerr)
		}
	}()
	if _, err := f.WriteString("\ufeff"); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	w := csv.NewWriter(f)
	w.UseCRLF = true
	_ = w.Write(reportHeader)
	for _, p := range problems {
		_ = w.Write([]string{fmt.Sprint(p.Row), p.Field, neutralizeCell(p.Cell), neutralizeCell(p.Message.String())})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	return nil
}

func writeProblemsXLSX(path string, problems []registry.RowProblem) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	if err := sw.SetRow("A1", []any{reportHeader[0], reportHeader[1], reportHeader[2], reportHeader[3]}); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	for i, p := range problems {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), []any{p.Row, p.Field, p.Cell, p.Message}); err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	if err := f.SaveAs(path); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	return nil
}

// neutralizeCell keeps a message that begins like a formula from running
// in a spreadsheet.
func neutralizeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
