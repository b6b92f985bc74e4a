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

func newCSVSource(r io.Reader, lim *Limits) (*csvSource, error) {
	text, isUTF8, err := decodeText(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(&csvGuard{r: text, lim: lim, row: 1})
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
	case err != nil && isLimitError(err): // from csvGuard, before the record is whole
		le := asLimitError(err)
		return nil, le.Row, le
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

// csvGuard stands between the text and encoding/csv, which reads a whole
// record into memory however long it is (an unclosed quote makes the rest
// of the file one cell) and splits it into as many cells as it has commas.
// It follows the quoting as encoding/csv does, and fails the read at the
// first byte past Limits.CellSize in a cell, RowSize in a record, Columns
// cells in a record, or Rows rows.
type csvGuard struct {
	r   io.Reader
	lim *Limits
	err error

	row        int  // the current record's row, as csvSource numbers them: 1 + the line breaks outside quotes before it
	record     int  // bytes of the current record
	cell       int  // bytes of the current cell
	cells      int  // commas of the current record
	quoted     bool // in a quoted cell
	afterQuote bool // a quote just ended a quoted cell, or starts a doubled one
}

func (g *csvGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	for i, c := range p[:n] {
		if g.err = g.add(c); g.err != nil {
			return i, g.err
		}
	}
	return n, err
}

func (g *csvGuard) add(c byte) error {
	if g.row > g.lim.Rows {
		return limitErrorf(LimitRows, int64(g.lim.Rows), g.row, "the file has more than %s rows", count(int64(g.lim.Rows)))
	}
	switch {
	case g.quoted:
		if c == '"' {
			g.quoted, g.afterQuote = false, true
		}
	case c == '"':
		// A quote opens a quoted cell at its start, or after a quote in
		// one ("" stands for a quote); elsewhere encoding/csv refuses it.
		g.quoted, g.afterQuote = g.afterQuote || g.cell == 0, false
	case c == ',':
		g.afterQuote, g.cell = false, 0
		if g.cells++; g.cells >= g.lim.Columns {
			return limitErrorf(LimitColumns, int64(g.lim.Columns), g.row, "row %d has more than %s columns", g.row, count(int64(g.lim.Columns)))
		}
		g.record++
		return g.checkRecord()
	case c == '\n':
		g.row++
		g.afterQuote, g.cell, g.cells, g.record = false, 0, 0, 0
		return nil
	default:
		g.afterQuote = false
	}
	g.record++
	if g.cell++; g.cell > g.lim.CellSize {
		hint := ""
		if g.quoted {
			hint = "; a quote may not be closed"
		}
		return limitErrorf(LimitCellSize, int64(g.lim.CellSize), g.row, "row %d has a cell over %s%s", g.row, size(int64(g.lim.CellSize)), hint)
	}
	return g.checkRecord()
}

func (g *csvGuard) checkRecord() error {
	if g.record > g.lim.RowSize {
		return limitErrorf(LimitRowSize, int64(g.lim.RowSize), g.row, "row %d is over %s", g.row, size(int64(g.lim.RowSize)))
	}
	return nil
}
