package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
)

// csvWriter writes UTF-8 with a BOM, which Excel needs to open Chinese text
// correctly, with CRLF line ends as Excel writes them. The header holds the
// API names: CSV exports are mostly read by programs, and the reader takes
// them as well as Chinese names.
type csvWriter[T any] struct {
	s    *schema[T]
	w    *csv.Writer
	cols []*column[T]
	rec  []string
}

func newCSVWriter[T any](s *schema[T], w io.Writer, cols []*column[T]) (*csvWriter[T], error) {
	if _, err := w.Write(utf8BOM); err != nil {
		return nil, fmt.Errorf("writing the CSV header: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return nil, fmt.Errorf("writing the CSV header: %w", err)
	}
	return &csvWriter[T]{s: s, w: cw, cols: cols, rec: rec}, nil
}

func (c *csvWriter[T]) Write(r T) error {
	for i, col := range c.cols {
		c.rec[i] = neutralize(col.text(&r))
	}
	if err := c.w.Write(c.rec); err != nil {
		return fmt.Errorf("writing %s %s to CSV: %w", c.s.noun, c.s.id.get(&r), err)
	}
	return nil
}

func (c *csvWriter[T]) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("finishing the CSV file: %w", err)
	}
	return nil
}
