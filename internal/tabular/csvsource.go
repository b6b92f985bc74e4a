package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// csvSource reads CSV records and numbers them as a spreadsheet would.
type csvSource struct {
	r       *csv.Reader
	utf8    bool // the input was UTF-8, so cells are checked for invalid bytes
	width   int  // cells in the header
	row     int  // number of the last record
	endLine int  // line on which the last record ended
}

func newCSVSource(r io.Reader) (*csvSource, error) {
	text, isUTF8, err := decodeText(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(text)
	cr.ReuseRecord = true  // the table copies nothing out of the record but substrings
	cr.FieldsPerRecord = 0 // every record must have as many cells as the header
	return &csvSource{r: cr, utf8: isUTF8}, nil
}

func (c *csvSource) record() ([]string, int, error) {
	rec, err := c.r.Read()
	var pe *csv.ParseError
	switch {
	case err == io.EOF:
		return nil, 0, io.EOF
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount):
		n := c.advance(rec)
		return nil, n, fileErrorf(n, "row %d has %d cells, but the header has %d; a cell may hold a comma or quote that is not escaped", n, len(rec), c.width)
	case errors.As(err, &pe):
		return nil, c.row + 1, fileErrorf(c.row+1, "the CSV file is malformed near row %d (line %d, column %d): %v", c.row+1, pe.Line, pe.Column, pe.Err)
	case err != nil:
		return nil, 0, fmt.Errorf("reading the CSV file: %w", err)
	}
	n := c.advance(rec)
	if c.width == 0 {
		c.width = len(rec)
	}
	for _, cell := range rec {
		if strings.IndexByte(cell, 0) >= 0 {
			return nil, n, fileErrorf(n, "row %d holds a NUL byte; this is not a text file", n)
		}
		if c.utf8 && !utf8.ValidString(cell) {
			return nil, n, fileErrorf(n, "row %d is not valid UTF-8 though the start of the file is; save the whole file as \"CSV UTF-8\"", n)
		}
	}
	return rec, n, nil
}

// advance numbers a record. encoding/csv skips blank lines, but spreadsheets
// count them as rows, so the lines between the end of the last record and
// the start of this one are added; a quoted cell may span lines, so a
// record ends on the line its last cell starts plus that cell's line breaks.
func (c *csvSource) advance(rec []string) int {
	start, _ := c.r.FieldPos(0)
	c.row += start - c.endLine
	last, _ := c.r.FieldPos(len(rec) - 1)
	c.endLine = last + strings.Count(rec[len(rec)-1], "\n")
	return c.row
}

func (c *csvSource) formula(int) bool          { return false }
func (c *csvSource) hasFormula() bool          { return false }
func (c *csvSource) serialDates() (bool, bool) { return false, false }
func (c *csvSource) close() error              { return nil }
