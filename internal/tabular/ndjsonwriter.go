package tabular

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"stdreg/internal/standard"
)

// ndjsonWriter writes each standard as the API's JSON, one per line. It is
// not a spreadsheet format, so values are not neutralised against formulas.
type ndjsonWriter struct {
	bw    *bufio.Writer
	enc   *json.Encoder
	rules *standard.CycleRules // with WithCycles: each line carries its cycle
}

func newNDJSONWriter(w io.Writer, rules *standard.CycleRules) *ndjsonWriter {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw) // Encode ends each value with the newline NDJSON needs
	enc.SetEscapeHTML(false)   // keep "<" and "&" in titles readable
	return &ndjsonWriter{bw: bw, enc: enc, rules: rules}
}

func (n *ndjsonWriter) Write(s standard.Standard) error {
	var v any = s
	if n.rules != nil {
		v = withCycle(s, *n.rules)
	}
	if err := n.enc.Encode(v); err != nil {
		return fmt.Errorf("writing standard %s to NDJSON: %w", s.ID, err)
	}
	return nil
}

func (n *ndjsonWriter) Close() error {
	if err := n.bw.Flush(); err != nil {
		return fmt.Errorf("finishing the NDJSON file: %w", err)
	}
	return nil
}
