package tabular

import (
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
}

// Reader reads standards from a file, one row at a time.
type Reader struct {
	src     rowSource
	columns []string
	ignored []string
	err     error // once set, every later Next returns it
}

// rowSource is one format's way of producing rows.
type rowSource interface {
	next() (Row, error)
	close() error
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
	lim = lim.withDefaults()
	switch f {
	case CSV:
		src, err := newCSVSource(r, &lim)
		if err != nil {
			return nil, err
		}
		return newTableReader(src)
	case XLSX:
		src, err := newXLSXSource(r, &lim)
		if err != nil {
			return nil, err
		}
		return newTableReader(src)
	case NDJSON:
		return &Reader{src: newNDJSONSource(r, &lim)}, nil
	}
	return nil, fileErrorf(0, "unknown format %q; use csv, xlsx or ndjson", f)
}

// newTableReader reads a CSV or XLSX header and maps its columns.
func newTableReader(src cellSource) (*Reader, error) {
	t, err := newTable(src)
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
	return &Reader{src: t, columns: names, ignored: t.ignored}, nil
}

// Next returns the next row that has any content, io.EOF after the last, or
// an error: a *FileError for a problem with the file (which stops the
// reading: later calls return it again), or an I/O error from the source.
// Blank rows are skipped but counted, so numbers match the spreadsheet.
func (r *Reader) Next() (Row, error) {
	if r.err != nil {
		return Row{}, r.err
	}
	row, err := r.src.next()
	if err != nil {
		r.err = err
		if cerr := r.src.close(); cerr != nil && err == io.EOF {
			r.err = fmt.Errorf("finishing the file: %w", cerr)
		}
		return Row{}, r.err
	}
	return row, nil
}

// Columns reports the API field names of the file's columns in file order;
// a column without a header, or one the registry does not know, is "".
// NDJSON has no header: nil.
func (r *Reader) Columns() []string { return slices.Clone(r.columns) }

// IgnoredColumns are the headers of the file's columns that name no field
// (序号, 备注, …), in file order: their cells are not read.
func (r *Reader) IgnoredColumns() []string { return slices.Clone(r.ignored) }

// Close releases what the reader holds (an XLSX workbook may keep temporary
// files). Reading to io.EOF closes it too; Close is for stopping early.
func (r *Reader) Close() error {
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
