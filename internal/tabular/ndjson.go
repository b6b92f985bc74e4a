package tabular

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
	"stdreg/internal/strictjson"
)

// ndjsonSource reads one standard per line. Its fields are decoded one by
// one, so a bad value becomes a field error of that row instead of failing
// the line, as json.Unmarshal into a struct would.
type ndjsonSource[T any] struct {
	s    *schema[T]
	sc   *bufio.Scanner
	lim  *Limits
	line int
}

// newNDJSONSource reads lines of up to Limits.RowSize bytes: a standard is
// a few kilobytes, and the scanner holds a whole line.
func newNDJSONSource[T any](s *schema[T], r io.Reader, lim *Limits) *ndjsonSource[T] {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, min(64<<10, lim.RowSize)), lim.RowSize)
	return &ndjsonSource[T]{s: s, sc: sc, lim: lim}
}

func (n *ndjsonSource[T]) close() error { return nil }

func (n *ndjsonSource[T]) next() (Record[T], error) {
	for n.sc.Scan() {
		if n.line++; n.line > n.lim.Rows {
			return Record[T]{}, limitErrorf(LimitRows, int64(n.lim.Rows), n.line, "the file has more than %s lines", count(int64(n.lim.Rows)))
		}
		b := n.sc.Bytes()
		if n.line == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		if b = bytes.TrimSpace(b); len(b) > 0 {
			return decodeLine(n.s, b, n.line, n.lim)
		}
	}
	if err := n.sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return Record[T]{}, limitErrorf(LimitRowSize, int64(n.lim.RowSize), n.line+1, "line %d is longer than %s; each line must hold one %s", n.line+1, size(int64(n.lim.RowSize)), n.s.noun)
	} else if err != nil {
		return Record[T]{}, fmt.Errorf("reading the NDJSON file: %w", err)
	}
	return Record[T]{}, io.EOF
}

// decodeLine reads one JSON object with the API's field names, as
// strictly as a request body (see strictjson): a name given twice, or text
// that is not UTF-8, makes the line unreadable, as malformed JSON does.
func decodeLine[T any](s *schema[T], b []byte, line int, lim *Limits) (Record[T], error) {
	var m map[string]json.RawMessage
	err := strictjson.Unmarshal(b, &m)
	switch p := strictjson.Explain(err); {
	case err == nil && b[0] == '{':
	case err != nil && p.Kind == strictjson.Duplicate:
		return Record[T]{}, fileErrorf(line, "line %d names %s twice; each field may appear once", line, quoteField(p.Field))
	case err != nil && p.Kind == strictjson.NotUTF8:
		return Record[T]{}, fileErrorf(line, "line %d is not valid UTF-8 text (at %s); save the file as UTF-8", line, quoteField(p.Field))
	default:
		return Record[T]{}, fileErrorf(line, "line %d is not a JSON object; each line must hold one %s as {\"%s\": …}", line, s.noun, s.first)
	}
	for k, v := range m {
		if len(v) > lim.CellSize {
			return Record[T]{}, limitErrorf(LimitCellSize, int64(lim.CellSize), line, "line %d has a value over %s (%q)", line, size(int64(lim.CellSize)), k)
		}
	}
	if unknown := unknownKeys(s, m); len(unknown) > 0 {
		return Record[T]{}, fileErrorf(line, "line %d has unknown fields %s; known: %s", line, strings.Join(unknown, ", "), s.knownFields())
	}
	row := Record[T]{Number: line, Cells: Cells{raw: m}}
	var fe fault.FieldErrors
	for _, c := range s.columns {
		raw, ok := m[c.name]
		if !ok || (c.readOnly && c != s.id) {
			continue
		}
		if c == s.id {
			row.ID = jsonString(raw, c.name, &fe)
			continue
		}
		setJSON(c, &row.Value, raw, &fe)
	}
	row.Err = fe.Err()
	return row, nil
}

// setJSON decodes one field. null clears nothing and leaves the zero value,
// as a POST does; an empty list is no list, as in the other formats.
func setJSON[T any](c *column[T], s *T, raw json.RawMessage, fe *fault.FieldErrors) {
	switch c.kind {
	case textCell:
		v := standard.CleanText(jsonString(raw, c.name, fe))
		if problem := standard.TextProblem(v, standard.Line); !problem.IsZero() {
			fe.Add(c.name, "%s", problem) // as in a CSV cell: checked before the import's lookups
			return
		}
		c.set(s, v)
	case enumCell:
		value, err := c.labels.parse(jsonString(raw, c.name, fe))
		if err != nil {
			fe.Add(c.name, "%s", err)
		}
		c.set(s, value)
	case listCell:
		var items []string
		if strictjson.Unmarshal(raw, &items) != nil {
			fe.Add(c.name, "must be a list of strings")
		}
		for i, item := range items {
			if problem := standard.TextProblem(item, standard.Line); !problem.IsZero() {
				fe.Add(fmt.Sprintf("%s[%d]", c.name, i), "%s", problem)
			}
		}
		*c.list(s) = nilIfEmpty(items)
	case dateCell:
		d, err := parseDate(jsonString(raw, c.name, fe))
		if err != nil {
			fe.Add(c.name, "%s", err)
		}
		*c.date(s) = d
	case customCell:
		c.decode(s, raw, fe)
	}
}

// jsonString decodes a string or null.
func jsonString(raw json.RawMessage, field string, fe *fault.FieldErrors) string {
	var v *string
	if strictjson.Unmarshal(raw, &v) != nil {
		fe.Add(field, "must be a string")
		return ""
	}
	if v == nil {
		return ""
	}
	return *v
}

func jsonDesignations(raw json.RawMessage, fe *fault.FieldErrors) []standard.Designation {
	var items []struct {
		Type      string `json:"type"`
		Year      *int   `json:"year"`
		Reference string `json:"reference"`
	}
	if err := strictjson.Unmarshal(raw, &items); err != nil {
		fe.Add("designations", "must be a list of {\"type\", \"year\", \"reference\"} objects: %s", itemProblem(err))
		return nil
	}
	var out []standard.Designation
	for i, it := range items {
		t, err := designationLabels.parse(it.Type)
		if err != nil {
			fe.Add(fmt.Sprintf("designations[%d].type", i), "%s", err)
		}
		d := standard.Designation{Type: standard.DesignationType(t), Reference: it.Reference}
		if it.Year != nil {
			d.Year = *it.Year
		}
		out = append(out, d)
	}
	return out
}

func jsonAdopts(raw json.RawMessage, fe *fault.FieldErrors) []standard.Adoption {
	var items []struct {
		Code   string `json:"code"`
		Degree string `json:"degree"`
	}
	if err := strictjson.Unmarshal(raw, &items); err != nil {
		fe.Add("adopts", "must be a list of {\"code\", \"degree\"} objects: %s", itemProblem(err))
		return nil
	}
	var out []standard.Adoption
	for i, it := range items {
		d, err := degreeLabels.parse(it.Degree)
		if err != nil {
			fe.Add(fmt.Sprintf("adopts[%d].degree", i), "%s", err)
		}
		out = append(out, standard.Adoption{Code: it.Code, Degree: standard.Degree(d)})
	}
	return out
}

// itemProblem explains why a list of objects could not be read, naming
// the item's field ([0].refrence is not a field): unknown names are
// refused, so a misspelt "refrence" is reported rather than lost.
func itemProblem(err error) fault.Message {
	p := strictjson.Explain(err)
	if p.Kind == strictjson.UnknownName {
		return fault.Msg("%s is not a field", p.Field)
	}
	if p.Field == "" {
		return fault.Msg("it %s", p.Message)
	}
	return fault.Msg("%s %s", p.Field, p.Message)
}

// quoteField names a field of a line in a message, or the line itself.
func quoteField(field string) string {
	if field == "" {
		return "the line"
	}
	return fmt.Sprintf("%q", field)
}

func nilIfEmpty(items []string) []string {
	if len(items) == 0 {
		return nil
	}
	return items
}

// unknownKeys lists, sorted, the keys that name no field.
func unknownKeys[T any](s *schema[T], m map[string]json.RawMessage) []string {
	var unknown []string
	for k := range m {
		if c := s.jsonFields[k]; c == nil {
			unknown = append(unknown, fmt.Sprintf("%q", k))
		}
	}
	slices.Sort(unknown)
	return unknown
}
