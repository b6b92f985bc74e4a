package generate

import (
	"strings"

	"stdreg/internal/search"
	"stdreg/internal/standard"
	"stdreg/internal/store"
)

// The tables and columns written, as the migrations define them.
var (
	organizationColumns = []string{"id", "name", "kind", "region", "credit_code", "created_at", "updated_at", "version"}
	standardColumns     = []string{
		"id", "code", "normalized_code", "kind", "nature", "title_zh", "title_en", "stage", "ccs", "zhejiang_role",
		"organization_id", "technical_committee", "region", "replaces", "adopts", "drafting_units",
		"ics_list", "designation_list", "approved_on", "submitted_on", "published_on", "effective_on", "withdrawn_on",
		"months_to_publication", "months_to_approval", "created_at", "updated_at", "version",
	}
	icsColumns         = []string{"standard_id", "position", "code"}
	designationColumns = []string{"standard_id", "position", "type", "year", "reference"}
	transitionColumns  = []string{"id", "standard_id", "from_stage", "to_stage", "occurred_on", "recorded_at", "key_id", "actor", "note"}
)

// encoding turns ids, days and search indexes into what a database driver
// takes.
type encoding struct {
	id   func(string) any
	date func(standard.Date) any
	// search is the values of a standard's search columns (searchColumns of
	// the writer), which follow standardColumns in its row.
	search func(doc search.Document) []any
	// fts: the tokens also go to a table of their own (SQLite's
	// standards_fts), in rows.fts as the standard's id and its name's and
	// other tokens, each joined by spaces.
	fts bool
}

// orNull is nil for "", the value otherwise.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (e encoding) optionalID(s string) any {
	if s == "" {
		return nil
	}
	return e.id(s)
}

func (e encoding) optionalDate(d standard.Date) any {
	if d.IsZero() {
		return nil
	}
	return e.date(d)
}

func (e encoding) organization(o standard.Organization) []any {
	return []any{e.id(o.ID), o.Name, string(o.Kind), o.Region, orNull(o.CreditCode), o.CreatedAt, o.UpdatedAt, o.Version}
}

// months is the cycle from start to end as the store keeps it: NULL when
// either day is missing.
func months(start, end standard.Date) any {
	if start.IsZero() || end.IsZero() {
		return nil
	}
	return standard.Months(start, end)
}

func (e encoding) standard(s standard.Standard, doc search.Document) ([]any, error) {
	lists, err := store.ListsOf(s)
	if err != nil {
		return nil, err
	}
	row := []any{
		e.id(s.ID), orNull(s.Code), orNull(s.NormalizedCode), string(s.Kind), string(s.Nature), s.TitleZH, s.TitleEN,
		string(s.Stage), s.CCS, string(s.ZhejiangRole), e.optionalID(s.OrganizationID), s.TechnicalCommittee, s.Region,
		lists.Replaces, lists.Adopts, lists.DraftingUnits, lists.ICS, lists.Designations,
		e.optionalDate(s.ApprovedOn), e.optionalDate(s.SubmittedOn), e.optionalDate(s.PublishedOn), e.optionalDate(s.EffectiveOn), e.optionalDate(s.WithdrawnOn),
		months(s.ApprovedOn, s.PublishedOn), months(s.ApprovedOn, s.SubmittedOn),
		s.CreatedAt, s.UpdatedAt, s.Version,
	}
	return append(row, e.search(doc)...), nil
}

func (e encoding) transition(t standard.Transition) []any {
	return []any{
		e.id(t.ID), e.id(t.StandardID), orNull(string(t.From)), string(t.To), e.optionalDate(t.OccurredOn),
		t.RecordedAt, e.optionalID(t.KeyID), t.Actor, t.Note,
	}
}

// rows are a batch of records as the rows of each table.
type rows struct {
	standards, ics, designations, transitions [][]any
	fts                                       [][]any // when encoding.fts
}

func (e encoding) rows(recs []Record) (rows, error) {
	var out rows
	out.standards = make([][]any, 0, len(recs))
	out.transitions = make([][]any, 0, len(recs)*6)
	for _, rec := range recs {
		s := rec.Standard
		doc := search.DocumentOf(s)
		row, err := e.standard(s, doc)
		if err != nil {
			return rows{}, err
		}
		out.standards = append(out.standards, row)
		if e.fts {
			out.fts = append(out.fts, []any{e.id(s.ID), strings.Join(doc.NameTokens, " "), strings.Join(doc.OtherTokens, " ")})
		}
		for i, c := range s.ICS {
			out.ics = append(out.ics, []any{e.id(s.ID), int32(i), c})
		}
		for i, d := range s.Designations {
			out.designations = append(out.designations, []any{e.id(s.ID), int32(i), string(d.Type), int32(d.Year), d.Reference})
		}
		for _, t := range rec.History {
			out.transitions = append(out.transitions, e.transition(t))
		}
	}
	return out, nil
}
