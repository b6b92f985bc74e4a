package tabular

import (
	"fmt"
	"io"

	"stdreg/internal/standard"
)

// Writer writes standards into a file, in flat memory however many: CSV
// and NDJSON as they come, XLSX through a temporary file that Close
// compresses onto the writer (96 MB at most for a million standards,
// measured by cmd/benchbulk). Close finishes the file; it does not close
// the underlying io.Writer, and nothing is complete until it is called.
type Writer = RecordWriter[standard.Standard]

// RecordWriter writes records of one kind into a file, as Writer does.
type RecordWriter[T any] interface {
	Write(T) error
	Close() error
}

// NewWriter starts a file in format f on w; CSV and XLSX get their header
// row at once.
func NewWriter(w io.Writer, f Format, opts ...Option) (Writer, error) {
	cfg := newWriterConfig(opts)
	var toJSON func(standard.Standard) any
	if cfg.rules != nil {
		rules := *cfg.rules
		toJSON = func(s standard.Standard) any { return withCycle(s, rules) }
	}
	return newRecordWriter(standards, w, f, cfg.cols, toJSON)
}

// newRecordWriter writes the columns cols of schema s, or in NDJSON
// toJSON of each record (the record itself when nil).
func newRecordWriter[T any](s *schema[T], w io.Writer, f Format, cols []*column[T], toJSON func(T) any) (RecordWriter[T], error) {
	switch f {
	case CSV:
		return newCSVWriter(s, w, cols)
	case XLSX:
		return newXLSXWriter(s, w, cols)
	case NDJSON:
		return newNDJSONWriter(s, w, toJSON), nil
	}
	return nil, fmt.Errorf("tabular: cannot write format %q", f)
}
