package tabular

import (
	"fmt"
	"strings"

	"stdreg/internal/fault"
)

// schema is how files carry one kind of record: its columns in the order
// writers write them, the further columns readers accept and ignore, and
// the columns an import cannot do without. Standards, projects, pilots and
// technical bodies each have one; the readers and writers are the same for
// all of them.
type schema[T any] struct {
	columns []*column[T] // written, in order
	extra   []*column[T] // read-only columns readers accept besides (stage_code, the cycle)
	// required lists, for each required column, the names any one of
	// which the header must have: {"kind", "code"} is a kind column, or a
	// code column the kind follows from.
	required [][]string
	// noun names a record in messages ("each line must hold one
	// standard"), and first is the field an NDJSON line is shown with.
	noun  fault.Message
	first string

	id                *column[T]            // read into Record.ID
	byKey, jsonFields map[string]*column[T] // by any name folded with key; by API name
}

// newSchema indexes columns; extra are read-only columns read and ignored.
func newSchema[T any](noun fault.Message, required [][]string, columns []*column[T], extra ...*column[T]) *schema[T] {
	s := &schema[T]{columns: columns, extra: extra, required: required, noun: noun, first: required[0][0],
		byKey: map[string]*column[T]{}, jsonFields: map[string]*column[T]{}}
	for _, c := range s.readable() {
		for _, n := range append([]string{c.name, c.zh}, c.aliases...) {
			if other, ok := s.byKey[key(n)]; ok && other != c {
				panic(fmt.Sprintf("tabular: %q names both %s and %s", n, other.name, c.name))
			}
			s.byKey[key(n)] = c
		}
		s.jsonFields[c.name] = c
	}
	s.id = s.jsonFields["id"]
	for _, names := range required {
		for _, n := range names {
			if s.jsonFields[n] == nil {
				panic("tabular: a required column " + n + " that the schema lacks")
			}
		}
	}
	return s
}

// readable lists every column a file may carry: the written ones and the
// extra ones.
func (s *schema[T]) readable() []*column[T] {
	return append(s.columns[:len(s.columns):len(s.columns)], s.extra...)
}

// writable are the columns an import sets: the read-only ones of exports
// are left out.
func (s *schema[T]) writable() []*column[T] {
	var cols []*column[T]
	for _, c := range s.columns {
		if !c.readOnly {
			cols = append(cols, c)
		}
	}
	return cols
}

// missing names the required columns a header lacks, "title_zh (标准名称)",
// given the columns it has.
func (s *schema[T]) missing(seen map[*column[T]]int) []string {
	var out []string
	for _, names := range s.required {
		found := false
		for _, n := range names {
			found = found || seen[s.jsonFields[n]] > 0
		}
		if !found {
			c := s.jsonFields[names[0]]
			out = append(out, fmt.Sprintf("%s (%s)", c.name, c.zh))
		}
	}
	return out
}

// knownFields lists the API names, for NDJSON's unknown-field problem.
func (s *schema[T]) knownFields() string {
	var names []string
	for _, c := range s.readable() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}
