package tabular

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"stdreg/internal/standard"
)

// Row is one data row read from a file.
type Row struct {
	// Number is the row as a spreadsheet shows it: the header is row 1 and
	// the first data row is 2. For NDJSON it is the 1-based line number.
	Number int
	// ID is the file's id column (exports carry one), else "".
	ID string
	// Standard holds the row's fields, not yet prepared or validated: the
	// registry does that exactly as for a POST.
	Standard standard.Standard
	// Err is a *fault.Error (fault.Invalid) naming each field whose
	// cell could not be read: a bad date, a formula, an unknown label. The
	// row is still returned so the caller can report it with its number.
	Err error
	// Cells are the row's cells as the file holds them, for reports.
	Cells Cells
}

// Record is one data row read from a file of records of type T: what Row
// is for standards, for any kind of record.
type Record[T any] struct {
	Number int    // as Row.Number
	ID     string // the file's id column, else ""
	Value  T      // the row's fields, not yet prepared or validated
	Err    error  // as Row.Err
	Cells  Cells  // the row's cells as the file holds them, for reports
}

// Cells are one row's cells as the file holds them, so that a report can
// show the text beside a problem's row and column.
type Cells struct {
	names  []string                   // CSV, XLSX: the field of each file column ("" for none)
	values []string                   // CSV, XLSX: the cells, by file column
	raw    map[string]json.RawMessage // NDJSON: the line's values, by field
}

// Text is the cell of the field as the file holds it (an NDJSON string
// unquoted, any other value as written), "" when the row has none.
func (c Cells) Text(field string) string {
	if field == "" {
		return ""
	}
	if c.raw != nil {
		v, ok := c.raw[field]
		if !ok {
			return ""
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
		return string(v)
	}
	for i, name := range c.names {
		if name == field && i < len(c.values) {
			return c.values[i]
		}
	}
	return ""
}

// RecordReader reads records of one kind from a file, one row at a time.
type RecordReader[T any] struct {
	src     recordSource[T]
	columns []string
	ignored []string
	err     error // once set, every later Next returns it
}

// recordSource is one format's way of producing records.
type recordSource[T any] interface {
	next() (Record[T], error)
	close() error
}

// Reader reads standards from a file, one row at a time.
type Reader struct {
	r *RecordReader[standard.Standard]
}

// NewReader reads the header (CSV, XLSX; NDJSON has none) and is then ready
// to give rows, within DefaultLimits. A file it cannot read is a
// *FileError; a file over a limit is a *LimitError (also a *FileError).
func NewReader(r io.Reader, f Format) (*Reader, error) {
	return NewReaderLimits(r, f, DefaultLimits)
}

// NewReaderLimits is NewReader within lim; its zero fields take the
// defaults.
func NewReaderLimits(r io.Reader, f Format, lim Limits) (*Reader, error) {
	rr, err := newRecordReader(standards, r, f, lim)
	if err != nil {
		return nil, err
	}
	return &Reader{r: rr}, nil
}

// Next returns the next row that has any content, io.EOF after the last, or
// an error: a *FileError for a problem with the file (which stops the
// reading: later calls return it again), or an I/O error from the source.
// Blank rows are skipped but counted, so numbers match the spreadsheet.
func (r *Reader) Next() (Row, error) {
	rec, err := r.r.Next()
	return Row{Number: rec.Number, ID: rec.ID, Standard: rec.Value, Err: rec.Err, Cells: rec.Cells}, err
}

// Columns reports the API field names of the file's columns in file order;
// a column without a header, or one the registry does not know, is "".
// NDJSON has no header: nil.
func (r *Reader) Columns() []string { return r.r.Columns() }

// IgnoredColumns are the headers of the file's columns that name no field
// (序号, 备注, …), in file order: their cells are not read.
func (r *Reader) IgnoredColumns() []string { return r.r.IgnoredColumns() }

// Close releases what the reader holds (an XLSX workbook may keep temporary
// files). Reading to io.EOF closes it too; Close is for stopping early.
func (r *Reader) Close() error { return r.r.Close() }

// newRecordReader reads a file of records as schema s describes them.
func newRecordReader[T any](s *schema[T], r io.Reader, f Format, lim Limits) (*RecordReader[T], error) {
	lim = lim.withDefaults()
	switch f {
	case CSV:
		src, err := newCSVSource(r, &lim)
		if err != nil {
			return nil, err
		}
		return newTableReader(s, src)
	case XLSX:
		src, err := newXLSXSource(r, &lim)
		if err != nil {
			return nil, err
		}
		return newTableReader(s, src)
	case NDJSON:
		return &RecordReader[T]{src: newNDJSONSource(s, r, &lim)}, nil
	}
	return nil, fileErrorf(0, "unknown format %q; use csv, xlsx or ndjson", f)
}

// newTableReader reads a CSV or XLSX header and maps its columns.
func newTableReader[T any](s *schema[T], src cellSource) (*RecordReader[T], error) {
	t, err := newTable(s, src)
	if err != nil {
		_ = src.close() // the header's error is the one to report
		return nil, err
	}
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		if c != nil {
			names[i] = c.name
		}
	}
	return &RecordReader[T]{src: t, columns: names, ignored: t.ignored}, nil
}

// Next returns the next record that has any content, io.EOF after the
// last, or an error, as Reader.Next.
func (r *RecordReader[T]) Next() (Record[T], error) {
	if r.err != nil {
		return Record[T]{}, r.err
	}
	row, err := r.src.next()
	if err != nil {
		r.err = err
		if cerr := r.src.close(); cerr != nil && err == io.EOF {
			r.err = fmt.Errorf("finishing the file: %w", cerr)
		}
		return Record[T]{}, r.err
	}
	row.Cells.names = r.columns
	return row, nil
}

// Columns is as Reader.Columns.
func (r *RecordReader[T]) Columns() []string { return slices.Clone(r.columns) }

// IgnoredColumns is as Reader.IgnoredColumns.
func (r *RecordReader[T]) IgnoredColumns() []string { return slices.Clone(r.ignored) }

// Close is as Reader.Close.
func (r *RecordReader[T]) Close() error {
	if r.err == nil {
		r.err = errClosed
	}
	return r.src.close()
}

var errClosed = errors.New("tabular: the reader is closed")

func isFileError(err error) bool {
	var fe *FileError
	return errors.As(err, &fe)
}
