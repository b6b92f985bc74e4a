package tabular

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"stdreg/internal/standard"
)

// required are the columns an import cannot do without: the domain needs a
// title and a kind for every record, drafts without a number included. The
// kind may be left to the number (the national platforms' listings have no
// kind column): a file with a code column needs none.
var required = []string{"title_zh", "kind"}

// ignoredColumn stands for a header the registry does not know (序号,
// 备注, a platform's own columns): its cells are not read, and its header is
// named in the import's report, so that a catalogue is never refused for
// the columns it carries besides the registry's.
var ignoredColumn = &column{name: "", readOnly: true}

// resolveHeader maps each header cell to its column; a nil entry is a
// column without a name, whose cells must stay empty, and ignoredColumn one
// whose header names no column (its text is in ignored). row is the
// header's row number, for errors.
func resolveHeader(cells []string, row int) (cols []*column, ignored []string, err error) {
	cols = make([]*column, len(cells))
	seen := map[*column]int{}
	for i, cell := range cells {
		if strings.TrimSpace(strings.TrimPrefix(cell, "\ufeff")) == "" {
			continue
		}
		c, err := matchHeader(cell, i+1, row)
		if err != nil {
			return nil, nil, err
		}
		if c == nil {
			cols[i] = ignoredColumn
			ignored = append(ignored, standard.CleanText(strings.TrimPrefix(cell, "\ufeff")))
			continue
		}
		if j, ok := seen[c]; ok {
			return nil, nil, fileErrorf(row, "columns %d and %d are both %s (%s); keep one of them", j, i+1, c.name, c.zh)
		}
		seen[c], cols[i] = i+1, c
	}
	var missing []string
	for _, name := range required {
		c := columnByName(name)
		if seen[c] == 0 && (c.name != "kind" || seen[columnByName("code")] == 0) {
			missing = append(missing, fmt.Sprintf("%s (%s)", c.name, c.zh))
		}
	}
	if len(missing) > 0 {
		return nil, nil, fileErrorf(row, "the header row has no %s column; the first row must name the columns and these are required", strings.Join(missing, " or "))
	}
	return cols, ignored, nil
}

// matchHeader finds the column a header cell names, or nil when it names
// none. A bilingual header ("标准号 (code)", "标准号\ncode", "标准号（code）")
// matches when its parts agree on one column.
func matchHeader(cell string, n, row int) (*column, error) {
	if c, ok := byKey[key(cell)]; ok {
		return c, nil
	}
	var found *column
	for _, part := range headerParts(cell) {
		c, ok := byKey[key(part)]
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

// headerParts splits a header on line breaks, brackets and spaces.
func headerParts(cell string) []string {
	return strings.FieldsFunc(width.Fold.String(cell), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("()[]【】〔〕/", r)
	})
}
