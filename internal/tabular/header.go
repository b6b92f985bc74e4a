package tabular

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// required are the columns an import cannot do without: the domain needs a
// title and a kind for every record, drafts without a number included. The
// kind may be left to the number (the national platforms' listings have no
// kind column): a file with a code column needs none.
var required = []string{"title_zh", "kind"}

// standards is how files carry standards.
var standards = newSchema(fault.Msg("standard"), [][]string{{"title_zh"}, {"kind", "code"}}, columns,
	stageCodeColumn, cycleMonthsColumn, withinTargetColumn)

// ignored stands for a header the registry does not know (序号, 备注, a
// platform's own columns): its cells are not read, and its header is named
// in the import's report, so that a catalogue is never refused for the
// columns it carries besides the registry's.
func ignored[T any]() *column[T] { return &column[T]{name: "", readOnly: true} }

// resolveHeader maps each header cell to its column; a nil entry is a
// column without a name, whose cells must stay empty, and ignoredColumn one
// whose header names no column (its text is in ignored). row is the
// header's row number, for errors.
func (s *schema[T]) resolveHeader(cells []string, row int) (cols []*column[T], unknown []string, err error) {
	cols = make([]*column[T], len(cells))
	seen := map[*column[T]]int{}
	other := ignored[T]()
	for i, cell := range cells {
		if strings.TrimSpace(strings.TrimPrefix(cell, "\ufeff")) == "" {
			continue
		}
		c, err := s.matchHeader(cell, i+1, row)
		if err != nil {
			return nil, nil, err
		}
		if c == nil {
			cols[i] = other
			unknown = append(unknown, standard.CleanText(strings.TrimPrefix(cell, "\ufeff")))
			continue
		}
		if j, ok := seen[c]; ok {
			return nil, nil, fileErrorf(row, "columns %d and %d are both %s (%s); keep one of them", j, i+1, c.name, c.zh)
		}
		seen[c], cols[i] = i+1, c
	}
	if missing := s.missing(seen); len(missing) > 0 {
		return nil, nil, fileErrorf(row, "the header row has no %s column; the first row must name the columns and these are required", strings.Join(missing, " or "))
	}
	return cols, unknown, nil
}

// matchHeader finds the column a header cell names, or nil when it names
// none. A bilingual header ("标准号 (code)", "标准号\ncode", "标准号（code）")
// matches when its parts agree on one column.
func (s *schema[T]) matchHeader(cell string, n, row int) (*column[T], error) {
	if c, ok := s.byKey[key(cell)]; ok {
		return c, nil
	}
	var found *column[T]
	for _, part := range headerParts(cell) {
		c, ok := s.byKey[key(part)]
		switch {
		case !ok || c == found:
		case found != nil:
			return nil, fileErrorf(row, "column %d %q names two columns, %s and %s; name one", n, cell, found.name, c.name)
		default:
			found = c
		}
	}
	return found, nil
}

// matchHeader finds the standards' column a header cell names.
func matchHeader(cell string, n, row int) (*column[standard.Standard], error) {
	return standards.matchHeader(cell, n, row)
}

// headerParts splits a header on line breaks, brackets and spaces.
func headerParts(cell string) []string {
	return strings.FieldsFunc(width.Fold.String(cell), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("()[]【】〔〕/", r)
	})
}
