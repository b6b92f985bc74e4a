package tabular

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxWriter writes rows with excelize's StreamWriter, which spills them to
// a temporary file past 16 MiB, and at Close writes the zip straight to w
// (see Close), so memory stays flat however many rows. The
// header is bilingual ("标准号\ncode") for people; dates are real date
// cells, so they sort and filter in Excel and read back as the same day.
type xlsxWriter[T any] struct {
	s      *schema[T]
	w      io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	styles styles
	row    int
	cols   []*column[T]
	vals   []any
}

func newXLSXWriter[T any](s *schema[T], w io.Writer, cols []*column[T]) (*xlsxWriter[T], error) {
	f, st, err := newWorkbook()
	if err != nil {
		return nil, err
	}
	x := &xlsxWriter[T]{s: s, w: w, f: f, styles: st, cols: cols, vals: make([]any, len(cols))}
	if err := x.start(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return x, nil
}

// start sets widths and panes, which the stream writer takes only before
// the first row, and writes the header.
func (x *xlsxWriter[T]) start() error {
	sw, err := x.f.NewStreamWriter(sheetName)
	if err != nil {
		return fmt.Errorf("starting the XLSX sheet: %w", err)
	}
	x.sw = sw
	for i, c := range x.cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fmt.Errorf("setting the width of column %s: %w", c.name, err)
		}
	}
	if err := sw.SetPanes(frozenHeader); err != nil {
		return fmt.Errorf("freezing the XLSX header: %w", err)
	}
	for i, c := range x.cols {
		x.vals[i] = excelize.Cell{StyleID: x.styles.header, Value: c.header()}
	}
	return x.next(excelize.RowOpts{Height: 32})
}

func (x *xlsxWriter[T]) Write(r T) error {
	if x.f == nil {
		return errWriterClosed
	}
	for i, c := range x.cols {
		x.vals[i] = x.value(c, &r)
	}
	if err := x.next(); err != nil {
		return fmt.Errorf("writing %s %s to XLSX: %w", x.s.noun, x.s.id.get(&r), err)
	}
	return nil
}

// next writes x.vals as the next row.
func (x *xlsxWriter[T]) next(opts ...excelize.RowOpts) error {
	x.row++
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	err = x.sw.SetRow(cell, x.vals, opts...)
	if errors.Is(err, excelize.ErrMaxRows) {
		return fmt.Errorf("a worksheet holds at most %d rows; export as CSV or NDJSON: %w", excelize.TotalRows, err)
	}
	return err
}

// value is a cell's content: nil for an empty cell, a date cell for a day,
// numbers (the version, a cycle's months) as numbers, and text neutralised
// against formulas.
func (x *xlsxWriter[T]) value(c *column[T], r *T) any {
	switch {
	case c.kind == dateCell:
		if d := *c.date(r); !d.IsZero() {
			return excelize.Cell{StyleID: x.styles.date, Value: d.Time()}
		}
		return nil
	case c.number != nil:
		return c.number(r)
	}
	if v := c.text(r); v != "" {
		return neutralize(v)
	}
	return nil
}

var errWriterClosed = errors.New("tabular: the XLSX writer is closed")

// Close finishes the sheet, writes the workbook to w and removes the
// temporary files.
func (x *xlsxWriter[T]) Close() error {
	if x.f == nil {
		return errWriterClosed
	}
	defer func() { x.f = nil }()
	err := x.sw.Flush()
	if err == nil {
		// excelize assembles the zip in a buffer that it then copies to
		// the writer it is given (615 MB for a million rows); a zip writer
		// of our own on w makes the buffer stay empty and the archive go
		// out as it is compressed.
		x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(x.w) })
		_, err = x.f.WriteTo(unexpectedBytes{})
	}
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("finishing the XLSX file: %w", err)
	}
	return nil
}

// unexpectedBytes is where excelize's own buffer would go: with our zip
// writer it stays empty. Should a later excelize write into it after all
// (it patches that buffer for parts over 4 GiB, and for passwords), the
// file would be wrong, so the write fails instead of vanishing.
type unexpectedBytes struct{}

func (unexpectedBytes) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return 0, errors.New("tabular: excelize wrote outside the streamed zip")
}
