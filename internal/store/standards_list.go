package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/paging"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// sortColumns maps the whitelisted sort keys to columns. created_at sorts on
// the id: ids are UUIDv7, which grow with the time of registration.
var sortColumns = map[standard.SortKey]string{
	standard.SortCode:        "normalized_code",
	standard.SortPublishedOn: "published_on",
	standard.SortApprovedOn:  "approved_on",
	standard.SortCreatedAt:   "",
	standard.SortRelevance:   "", // an expression of the query: see relevance
}

// ListStandards returns one page of standards matching the query, ordered by
// the sort key and id, starting after the cursor (keyset pagination: a deep
// page costs what the first does, and rows added meanwhile do not shift it),
// each with its ReplacedBy: a search's page reads them in the statements
// that read its rows (a statement and a round trip less: 453-473 req/s
// of two-character searches at 32 clients against 333-387, session 12);
// a list's, in one more.
func (s *Store) ListStandards(ctx context.Context, q standard.ListQuery) (paging.Page[standard.Standard], error) {
	leave, err := s.searches.enter(ctx, "list standards")
	if err != nil {
		return paging.Page[standard.Standard]{}, err
	}
	defer leave()
	db := s.db.WithContext(ctx)
	column, ok := sortColumns[q.Sort.Key]
	if !ok {
		return paging.Page[standard.Standard]{}, fmt.Errorf("list standards: unknown sort %q", q.Sort.Key)
	}
	var rows []standardRow
	var next *paging.Cursor
	if q.Sort.Key == standard.SortRelevance {
		others := q.Filter
		others.Q = "" // the tiers match it
		base := func(tx *gorm.DB) *gorm.DB { return s.filterStandards(tx.Model(&standardRow{}), others) }
		rows, next, err = s.rankedPage(db, base, q)
	} else {
		query := s.filterStandards(db.Model(&standardRow{}), q.Filter)
		rows, next, err = fetchKeysetPage(query, column, q.Sort.Desc, q.After, q.Limit, func(r standardRow) *paging.Cursor {
			return cursorOf(r, q.Sort.Key)
		})
	}
	if err != nil {
		return paging.Page[standard.Standard]{}, listError("standards", err)
	}
	items, err := toStandards(rows)
	if err != nil {
		return paging.Page[standard.Standard]{}, listError("standards", err)
	}
	if q.Sort.Key != standard.SortRelevance {
		if err := registry.FillReplacedBy(ctx, s.ReplacedBy, items); err != nil {
			return paging.Page[standard.Standard]{}, listError("standards", err)
		}
	}
	return paging.Page[standard.Standard]{Items: items, Next: next}, nil
}

// cursorOf is the position of a row under the sort key.
func cursorOf(r standardRow, key standard.SortKey) *paging.Cursor {
	c := &paging.Cursor{ID: r.ID}
	switch key {
	case standard.SortCode:
		c.Value, c.Null = deref(r.NormalizedCode), r.NormalizedCode == nil
	case standard.SortPublishedOn:
		c.Value, c.Null = r.PublishedOn.String(), r.PublishedOn.IsZero()
	case standard.SortApprovedOn:
		c.Value, c.Null = r.ApprovedOn.String(), r.ApprovedOn.IsZero()
	}
	return c
}

// keysetByID orders by id alone in one direction, and keeps the rows after
// the cursor.
func keysetByID(db *gorm.DB, desc bool, after *paging.Cursor) *gorm.DB {
	cmp, dir := ">", "ASC"
	if desc {
		cmp, dir = "<", "DESC"
	}
	if after != nil {
		db = db.Where("id "+cmp+" ?", after.ID)
	}
	return db.Order("id " + dir)
}

// privateStages are the stages of drafts whose project is not approved yet.
var privateStages = []string{string(standard.StagePreliminary), string(standard.StageProposal)}

// filterStandards adds the filter's conditions.
func (s *Store) filterStandards(db *gorm.DB, f standard.Filter) *gorm.DB {
	switch {
	case f.Visible.AllDrafts:
	case f.Visible.DraftsOf != "":
		db = db.Where("(stage NOT IN ? OR organization_id = ?)", privateStages, f.Visible.DraftsOf)
	default:
		db = db.Where("stage NOT IN ?", privateStages)
	}
	switch f.OrganizationID {
	case "":
	case standard.None:
		db = db.Where("organization_id IS NULL")
	default:
		db = db.Where("organization_id = ?", f.OrganizationID)
	}
	switch f.Region {
	case "":
	case standard.None:
		db = db.Where("region = ''")
	default:
		db = db.Where("region = ?", f.Region)
	}
	if len(f.ZhejiangRoles) > 0 {
		db = db.Where("zhejiang_role IN ?", f.ZhejiangRoles)
	}
	if f.City != "" { // a city's code, checked: its own and its counties'
		db = db.Where("region LIKE ?", f.City[:4]+"__")
	}
	for _, eq := range []struct {
		column, value string
	}{
		{"kind", string(f.Kind)}, {"stage", string(f.Stage)}, {"nature", string(f.Nature)},
		{"technical_committee", f.TechnicalCommittee},
	} {
		if eq.value != "" {
			db = db.Where(eq.column+" = ?", eq.value)
		}
	}
	if f.Designation != "" || f.DesignatedFrom != 0 || f.DesignatedTo != 0 {
		db = designatedIn(db, f.Designation, f.DesignatedFrom, f.DesignatedTo)
	}
	if f.ICS != "" {
		db = db.Where("EXISTS (SELECT 1 FROM standard_ics i WHERE i.standard_id = standards.id AND i.code LIKE ? ESCAPE '\\')", escapeLike(f.ICS)+"%")
	}
	for _, r := range []struct {
		column, op string
		day        standard.Date
	}{
		{"published_on", ">=", f.PublishedFrom}, {"published_on", "<=", f.PublishedTo},
		{"approved_on", ">=", f.ApprovedFrom}, {"approved_on", "<=", f.ApprovedTo},
	} {
		if !r.day.IsZero() {
			db = db.Where(r.column+" "+r.op+" ?", dateArg(r.day))
		}
	}
	if f.HasCycleFilter() {
		db = cycleFilter(db, f)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		db = s.textMatch(db, q)
	}
	return db
}

// cycleFilter keeps the finished cycles f's cycle filters select, with the
// same expressions the drafting-cycle figures aggregate, so that a figure
// and the list behind it agree.
func cycleFilter(db *gorm.DB, f standard.Filter) *gorm.DB {
	c := cycleExpressions(f.Rules, f.Kind)
	db = db.Where("(" + c.months + ") IS NOT NULL")
	if !f.CycleEndedFrom.IsZero() {
		db = db.Where("("+c.ended+") >= ?", dateArg(f.CycleEndedFrom))
	}
	if !f.CycleEndedTo.IsZero() {
		db = db.Where("("+c.ended+") <= ?", dateArg(f.CycleEndedTo))
	}
	switch f.CycleWithin {
	case standard.CycleWithinMet:
		db = db.Where("(" + c.target + ") > 0 AND (" + c.months + ") <= (" + c.target + ")")
	case standard.CycleWithinNot:
		db = db.Where("(" + c.target + ") > 0 AND (" + c.months + ") > (" + c.target + ")")
	}
	return db
}

// textMatch is q: a standard number in any written form matches the
// numbers it begins (GB/T 1.1 finds GB/T 1.1—2020); every q is also
// searched as text in the index (see searchMatch), since a word such as
// KPG19 parses as an enterprise number and is also the start of titles.
func (s *Store) textMatch(db *gorm.DB, q string) *gorm.DB {
	c, err := stdcode.Parse(q)
	if err != nil {
		return s.searchMatch(db, q)
	}
	number, numberArgs := s.dialect.numberPrefix(c.Normalized)
	text, args := s.textCondition(q)
	if text == "" {
		return db.Where(number, numberArgs...)
	}
	return db.Where("("+number+" OR ("+text+"))", append(numberArgs, args...)...)
}

// likeNumberPrefix matches the numbers that begin with a normalized
// number, with LIKE.
func likeNumberPrefix(normalized string) (string, []any) {
	return "normalized_code LIKE ? ESCAPE '\\'", []any{escapeLike(normalized) + "%"}
}

// escapeLike makes %, _ and \ match themselves in a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// designatedIn keeps the standards with a designation of type t (any, when
// "") granted from year from to year to (0: no bound).
func designatedIn(db *gorm.DB, t standard.DesignationType, from, to int) *gorm.DB {
	cond, args := "EXISTS (SELECT 1 FROM standard_designations d WHERE d.standard_id = standards.id", []any{}
	if t != "" {
		cond, args = cond+" AND d.type = ?", append(args, string(t))
	}
	if from != 0 {
		cond, args = cond+" AND d.year >= ?", append(args, from)
	}
	if to != 0 {
		cond, args = cond+" AND d.year <= ?", append(args, to)
	}
	return db.Where(cond+")", args...)
}
