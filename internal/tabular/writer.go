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
type Writer interface {
	Write(standard.Standard) error
	Close() error
}

// NewWriter starts a file in format f on w; CSV and XLSX get their header
// row at once.
func NewWriter(w io.Writer, f Format, opts ...Option) (Writer, error) {
	cfg := newWriterConfig(opts)
	switch f {
	case CSV:
		return newCSVWriter(w, cfg.cols)
	case XLSX:
		return newXLSXWriter(w, cfg.cols)
	case NDJSON:
		return newNDJSONWriter(w, cfg.rules), nil
	}
	return nil, fmt.Errorf("tabular: cannot write format %q", f)
}
