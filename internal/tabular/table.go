package tabular

import (
	"io"
	"slices"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// cellSource yields the records of a CSV file or a worksheet; table turns
// them into rows, the same way for both.
type cellSource interface {
	// record returns the next record's cells and its row number as a
	// spreadsheet shows it (the header is 1); io.EOF after the last.
	record() ([]string, int, error)
	// formula reports whether cell col (0-based) of the last record holds a
	// formula; hasFormula whether any does.
	formula(col int) bool
	hasFormula() bool
	// serialDates reports whether date cells may hold Excel day numbers, and
	// whether they count from 1904.
	serialDates() (bool, bool)
	close() error
}

// table reads the records of a CSV file or a worksheet under its header.
type table[T any] struct {
	schema   *schema[T]
	src      cellSource
	cols     []*column[T] // by file column; nil: a column without a header; ignored: one the registry does not know
	ignored  []string     // the headers of the ignored columns, in file order
	serial   bool         // date cells may be day numbers (XLSX)
	date1904 bool

	// pending is a record read ahead, to see whether the header goes on
	// in it, that next returns first.
	pending    []string
	pendingRow int
	pendingErr error // the read ahead's failure, for next to return

	// The row being decoded lives here rather than on the stack: the field
	// setters take pointers through function values, which would move every
	// row to the heap. Reusing one saves an allocation per row.
	r  T
	fe fault.FieldErrors
}

// maxTitleRows is how many rows a sheet may have above its header: a
// platform's listing often opens with its title (浙江省地方标准目录), merged
// across the columns, and a line such as 更新日期：2024-05-01.
const maxTitleRows = 5

func newTable[T any](s *schema[T], src cellSource) (*table[T], error) {
	var cells []string
	var n int
	for skipped := 0; ; skipped++ {
		var err error
		cells, n, err = src.record()
		if err == io.EOF {
			return nil, fileErrorf(0, "the file has no header row; the first row must name the columns")
		}
		if err != nil {
			return nil, err
		}
		if blank(cells) {
			return nil, fileErrorf(n, "row %d is empty; the first row must name the columns", n)
		}
		if skipped == maxTitleRows || !s.titleRow(cells) {
			break
		}
	}
	cells = slices.Clone(cells)
	t := &table[T]{schema: s, src: src}
	// A header of two rows (日期 merged above 发布日期 and 实施日期, the
	// other headers merged down over both): the second row's names take
	// the place of the first's above them.
	next, m, err := src.record()
	switch {
	case err != nil:
		t.pendingErr = err // io.EOF too: a file of a header alone
	case s.headerContinues(next):
		for i, c := range next {
			if standard.CleanText(c) == "" {
				continue
			}
			if i >= len(cells) {
				cells = append(cells, make([]string, i+1-len(cells))...)
			}
			cells[i] = c
		}
	default:
		t.pending, t.pendingRow = slices.Clone(next), m
	}
	cols, unknown, err := s.resolveHeader(cells, n)
	if err != nil {
		return nil, err
	}
	t.cols, t.ignored = cols, unknown
	t.serial, t.date1904 = src.serialDates()
	return t, nil
}

// titleRow reports whether a row above the header holds one text at most,
// and not a column's name: a title, merged across the columns, or a note.
func (s *schema[T]) titleRow(cells []string) bool {
	filled := 0
	for _, c := range cells {
		if standard.CleanText(c) == "" {
			continue
		}
		if col, err := s.matchHeader(c, 0, 0); err != nil || col != nil {
			return false
		}
		filled++
	}
	return filled <= 1
}

// headerContinues reports whether a row below the header is its second
// row: every cell it fills names a column (a data row's cells do not).
func (s *schema[T]) headerContinues(cells []string) bool {
	filled := 0
	for _, c := range cells {
		if standard.CleanText(c) == "" {
			continue
		}
		if col, err := s.matchHeader(c, 0, 0); err != nil || col == nil {
			return false
		}
		filled++
	}
	return filled > 0
}

func (t *table[T]) close() error { return t.src.close() }

func (t *table[T]) next() (Record[T], error) {
	if t.pendingErr != nil {
		return Record[T]{}, t.pendingErr
	}
	if t.pending != nil {
		cells, n := t.pending, t.pendingRow
		t.pending = nil
		if !blank(cells) || t.src.hasFormula() {
			return t.decode(cells, n)
		}
	}
	for {
		cells, n, err := t.src.record()
		if err != nil {
			return Record[T]{}, err
		}
		if blank(cells) && !t.src.hasFormula() {
			continue
		}
		return t.decode(cells, n)
	}
}

// decode fills a row from its cells; cells it cannot read become field
// errors, named as the API names the fields.
func (t *table[T]) decode(cells []string, n int) (Record[T], error) {
	row := Record[T]{Number: n, Cells: Cells{values: slices.Clone(cells)}} // the source reuses cells
	var zero T
	t.r, t.fe = zero, nil // a reported error keeps the old slice
	fe := &t.fe
	for i, cell := range cells {
		v := standard.CleanText(cell)
		var c *column[T]
		if i < len(t.cols) {
			c = t.cols[i]
		}
		switch {
		case c == nil && v == "":
			continue
		case i >= len(t.cols):
			return Record[T]{}, fileErrorf(n, "row %d has a value in column %d, but the header has only %d columns", n, i+1, len(t.cols))
		case c == nil:
			return Record[T]{}, fileErrorf(n, "row %d has a value in column %d, which has no name in the header", n, i+1)
		case c.readOnly && c != t.schema.id:
			continue
		case t.src.formula(i) || isFormulaText(v):
			fe.Add(c.name, formulaMessage)
			continue
		case v == "":
			continue
		}
		v = unquote(v)
		if problem := cellTextProblem(c, v); !problem.IsZero() {
			fe.Add(c.name, "%s", problem)
			continue
		}
		if c == t.schema.id {
			row.ID = v
			continue
		}
		t.set(c, &t.r, v, fe)
	}
	row.Value, row.Err = t.r, fe.Err()
	return row, nil
}

// set reads one non-empty cell into its field.
func (t *table[T]) set(c *column[T], r *T, v string, fe *fault.FieldErrors) {
	switch c.kind {
	case textCell:
		c.set(r, v)
	case enumCell:
		value, err := c.labels.parse(v)
		if err != nil {
			fe.Add(c.name, "%s", err)
		}
		c.set(r, value)
	case listCell:
		*c.list(r) = splitList(v)
	case dateCell:
		d, err := t.parseDate(v)
		if err != nil {
			fe.Add(c.name, "%s", err)
			d = standard.Date{}
		}
		*c.date(r) = d
	case customCell:
		c.parse(r, v, fe)
	}
}

// parseDate reads a date cell: an Excel day number where the file may hold
// them, else a day as people write it; either within the registry's
// calendar.
func (t *table[T]) parseDate(v string) (standard.Date, error) {
	if t.serial {
		if d, ok := excelSerialDate(v, t.date1904); ok {
			return d, d.Check()
		}
	}
	return parseDate(v)
}

// cellTextProblem applies the text rule (standard.TextProblem) to a cell:
// a list's cell may hold line breaks, which separate its items; any other
// cell is one line. The registry checks the values again as it prepares
// them; checking here keeps bad text out of the lookups an import makes
// before that, and names the cell.
func cellTextProblem[T any](c *column[T], v string) fault.Message {
	lines := standard.Line
	switch c.kind {
	case listCell, customCell:
		lines = standard.MultiLine
	}
	return standard.TextProblem(v, lines)
}

// blank reports whether every cell is empty, spaces or invisible characters.
func blank(cells []string) bool {
	for _, c := range cells {
		if standard.CleanText(c) != "" {
			return false
		}
	}
	return true
}
