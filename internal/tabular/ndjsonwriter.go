package tabular

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// ndjsonWriter writes each record as the API's JSON, one per line. It is
// not a spreadsheet format, so values are not neutralised against formulas.
type ndjsonWriter[T any] struct {
	s      *schema[T]
	bw     *bufio.Writer
	enc    *json.Encoder
	toJSON func(T) any // with WithCycles: each line carries its cycle
}

func newNDJSONWriter[T any](s *schema[T], w io.Writer, toJSON func(T) any) *ndjsonWriter[T] {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw) // Encode ends each value with the newline NDJSON needs
	enc.SetEscapeHTML(false)   // keep "<" and "&" in titles readable
	return &ndjsonWriter[T]{s: s, bw: bw, enc: enc, toJSON: toJSON}
}

func (n *ndjsonWriter[T]) Write(r T) error {
	var v any = r
	if n.toJSON != nil {
		v = n.toJSON(r)
	}
	if err := n.enc.Encode(v); err != nil {
		return fmt.Errorf("writing %s %s to NDJSON: %w", n.s.noun, n.s.id.get(&r), err)
	}
	return nil
}

func (n *ndjsonWriter[T]) Close() error {
	if err := n.bw.Flush(); err != nil {
		return fmt.Errorf("finishing the NDJSON file: %w", err)
	}
	return nil
}
