package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"stdreg/internal/search"
	"stdreg/internal/standard"
)

// standardRow is the standards table. Lists are JSON text, so a standard is
// read from its row alone; the lists that are filtered on (ICS classes,
// designations) are also rows of their own tables, written from the same
// list in the same transaction.
type standardRow struct {
	ID                 string `gorm:"primaryKey;type:uuid"`
	Code               *string
	NormalizedCode     *string
	Kind               string
	Nature             string
	TitleZH            string `gorm:"column:title_zh"`
	TitleEN            string `gorm:"column:title_en"`
	Stage              string
	CCS                string `gorm:"column:ccs"`
	ZhejiangRole       string
	OrganizationID     *string `gorm:"type:uuid"`
	TechnicalCommittee string
	FilingNumber       string
	Region             string
	Replaces           string
	Adopts             string
	DraftingUnits      string
	ICSList            string `gorm:"column:ics_list"`
	DesignationList    string `gorm:"column:designation_list"`
	ApprovedOn         dbDate
	SubmittedOn        dbDate
	PublishedOn        dbDate
	EffectiveOn        dbDate
	WithdrawnOn        dbDate
	// The cycle in months, derived from the days above whenever the row is
	// written, so the database can aggregate it (see standard.Months).
	MonthsToPublication *float64
	MonthsToApproval    *float64
	CreatedAt           time.Time `gorm:"autoCreateTime:false"` // the registry's clock, not GORM's
	UpdatedAt           time.Time `gorm:"autoUpdateTime:false"`
	Version             int64
	// replacedBy are the numbers of the standards that replace this one,
	// when the statement that read the row read them too (the reads of a
	// search's page: plannedRows, rowsByID); not a column.
	replacedBy []string
}

func (standardRow) TableName() string { return "standards" }

// indexedStandardRow is a standard's row with its search index, for bulk
// inserts (single writes set the index with an UPDATE: indexSearch).
type indexedStandardRow struct {
	Row          standardRow `gorm:"embedded"`
	SearchText   string
	NameText     string
	SearchTokens tsvectorTokens // on PostgreSQL only (omittedIndexColumns)
	NameTokens   tsvectorTokens
	// doc is the document the index comes from, for a dialect that keeps
	// part of it outside the row (SQLite's standards_fts).
	doc search.Document
}

func (indexedStandardRow) TableName() string { return "standards" }

// indexedRowOf is row with the search index of doc.
func indexedRowOf(row standardRow, doc search.Document) indexedStandardRow {
	return indexedStandardRow{Row: row, SearchText: doc.Text, NameText: doc.NameText,
		SearchTokens: doc.Tokens, NameTokens: doc.NameTokens, doc: doc}
}

type icsRow struct {
	StandardID string `gorm:"primaryKey;type:uuid"`
	Position   int    `gorm:"primaryKey"`
	Code       string
}

func (icsRow) TableName() string { return "standard_ics" }

// replacesRow is a number a standard replaces, for replaced_by.
type replacesRow struct {
	StandardID string `gorm:"primaryKey;type:uuid"`
	Position   int    `gorm:"primaryKey"`
	Code       string
}

func (replacesRow) TableName() string { return "standard_replaces" }

// replacesRowsOf are the rows of the numbers s replaces.
func replacesRowsOf(s standard.Standard) []replacesRow {
	rows := make([]replacesRow, len(s.Replaces))
	for i, c := range s.Replaces {
		rows[i] = replacesRow{StandardID: s.ID, Position: i, Code: c}
	}
	return rows
}

type designationRow struct {
	StandardID string `gorm:"primaryKey;type:uuid"`
	Position   int    `gorm:"primaryKey"`
	Type       string
	Year       int
	Reference  string
}

func (designationRow) TableName() string { return "standard_designations" }

type adoptionJSON struct {
	Code   string `json:"code"`
	Degree string `json:"degree"`
}

// designationJSON is a designation in the row's list.
type designationJSON struct {
	Type      string `json:"type"`
	Year      int    `json:"year"`
	Reference string `json:"reference"`
}

// toStandardRows splits a standard into its table rows.
func toStandardRows(s standard.Standard) (standardRow, []icsRow, []designationRow, error) {
	lists, err := listsOf(s)
	if err != nil {
		return standardRow{}, nil, nil, err
	}
	row := standardRow{
		ID: s.ID, Code: nullable(s.Code), NormalizedCode: nullable(s.NormalizedCode),
		Kind: string(s.Kind), Nature: string(s.Nature), TitleZH: s.TitleZH, TitleEN: s.TitleEN,
		Stage: string(s.Stage), CCS: s.CCS, ZhejiangRole: string(s.ZhejiangRole),
		OrganizationID: nullable(s.OrganizationID), TechnicalCommittee: s.TechnicalCommittee, FilingNumber: s.FilingNumber,
		Region: s.Region, Replaces: lists.Replaces, Adopts: lists.Adopts, DraftingUnits: lists.DraftingUnits,
		ICSList: lists.ICS, DesignationList: lists.Designations,
		ApprovedOn: dbDate{s.ApprovedOn}, SubmittedOn: dbDate{s.SubmittedOn}, PublishedOn: dbDate{s.PublishedOn},
		MonthsToPublication: monthsBetween(s.ApprovedOn, s.PublishedOn), MonthsToApproval: monthsBetween(s.ApprovedOn, s.SubmittedOn),
		EffectiveOn: dbDate{s.EffectiveOn}, WithdrawnOn: dbDate{s.WithdrawnOn},
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Version: s.Version,
	}
	ics := make([]icsRow, len(s.ICS))
	for i, c := range s.ICS {
		ics[i] = icsRow{StandardID: s.ID, Position: i, Code: c}
	}
	designations := make([]designationRow, len(s.Designations))
	for i, d := range s.Designations {
		designations[i] = designationRow{StandardID: s.ID, Position: i, Type: string(d.Type), Year: d.Year, Reference: d.Reference}
	}
	return row, ics, designations, nil
}

// rowLists are a standard's lists as its row keeps them: JSON arrays,
// empty lists as [].
type rowLists struct {
	Replaces, Adopts, DraftingUnits, ICS, Designations string
}

// listsOf is s's lists as its row keeps them.
func listsOf(s standard.Standard) (rowLists, error) {
	adopts := make([]adoptionJSON, len(s.Adopts))
	for i, a := range s.Adopts {
		adopts[i] = adoptionJSON{Code: a.Code, Degree: string(a.Degree)}
	}
	designations := make([]designationJSON, len(s.Designations))
	for i, d := range s.Designations {
		designations[i] = designationJSON{Type: string(d.Type), Year: d.Year, Reference: d.Reference}
	}
	var err error
	l := rowLists{
		Replaces: jsonAfter(&err, s.Replaces), Adopts: jsonAfter(&err, adopts), DraftingUnits: jsonAfter(&err, s.DraftingUnits),
		ICS: jsonAfter(&err, s.ICS), Designations: jsonAfter(&err, designations),
	}
	if err != nil {
		return rowLists{}, fmt.Errorf("lists of standard %s: %w", s.ID, err)
	}
	return l, nil
}

// toStandards turns rows into standards.
func toStandards(rows []standardRow) ([]standard.Standard, error) {
	out := make([]standard.Standard, len(rows))
	for i, r := range rows {
		st, err := toStandard(r)
		if err != nil {
			return nil, err
		}
		out[i] = st
	}
	return out, nil
}

// toStandard turns a row into a standard.
func toStandard(r standardRow) (standard.Standard, error) {
	s := standard.Standard{
		ID: r.ID, Code: deref(r.Code), NormalizedCode: deref(r.NormalizedCode),
		Kind: standard.Kind(r.Kind), Nature: standard.Nature(r.Nature), TitleZH: r.TitleZH, TitleEN: r.TitleEN,
		Stage: standard.Stage(r.Stage), CCS: r.CCS, ZhejiangRole: standard.ZhejiangRole(r.ZhejiangRole),
		OrganizationID: deref(r.OrganizationID), TechnicalCommittee: r.TechnicalCommittee, FilingNumber: r.FilingNumber, Region: r.Region,
		ApprovedOn: r.ApprovedOn.Date, SubmittedOn: r.SubmittedOn.Date, PublishedOn: r.PublishedOn.Date, EffectiveOn: r.EffectiveOn.Date, WithdrawnOn: r.WithdrawnOn.Date,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version,
		ReplacedBy: r.replacedBy,
	}
	var adopts []adoptionJSON
	var designations []designationJSON
	for _, err := range []error{
		decodeStrings(r.Replaces, &s.Replaces), decodeStrings(r.DraftingUnits, &s.DraftingUnits), decodeList(r.Adopts, &adopts),
		decodeStrings(r.ICSList, &s.ICS), decodeList(r.DesignationList, &designations),
	} {
		if err != nil {
			return standard.Standard{}, fmt.Errorf("decode standard %s: %w", r.ID, err)
		}
	}
	s.Adopts = make([]standard.Adoption, len(adopts))
	for i, a := range adopts {
		s.Adopts[i] = standard.Adoption{Code: a.Code, Degree: standard.Degree(a.Degree)}
	}
	s.Designations = make([]standard.Designation, len(designations))
	for i, d := range designations {
		s.Designations[i] = standard.Designation{Type: standard.DesignationType(d.Type), Year: d.Year, Reference: d.Reference}
	}
	return s, nil
}

type organizationRow struct {
	ID         string `gorm:"primaryKey;type:uuid"`
	Name       string
	Kind       string
	Region     string
	CreditCode *string
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt  time.Time `gorm:"autoUpdateTime:false"`
	Version    int64
}

func (organizationRow) TableName() string { return "organizations" }

func toOrganizationRow(o standard.Organization) organizationRow {
	return organizationRow{
		ID: o.ID, Name: o.Name, Kind: string(o.Kind), Region: o.Region, CreditCode: nullable(o.CreditCode),
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Version: o.Version,
	}
}

func toOrganization(r organizationRow) standard.Organization {
	return standard.Organization{
		ID: r.ID, Name: r.Name, Kind: standard.OrgKind(r.Kind), Region: r.Region, CreditCode: deref(r.CreditCode),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version,
	}
}

// decodeList decodes a list stored as a JSON array. Most lists are empty,
// and "[]" skips the decoder, which was a quarter of an export's CPU.
func decodeList[T any](text string, into *[]T) error {
	if text == "[]" {
		*into = []T{}
		return nil
	}
	return json.Unmarshal([]byte(text), into)
}

// decodeStrings decodes a list of strings stored as a JSON array. The
// lists the store writes (json.Marshal, no spaces) of plain strings (no
// escapes) are read by hand, their items cut out of text, without the
// reflection and the allocations of encoding/json, which were a tenth of
// a read's; anything else goes to json.Unmarshal.
func decodeStrings(text string, into *[]string) error {
	if list, ok := plainStrings(text); ok {
		*into = list
		return nil
	}
	return json.Unmarshal([]byte(text), into)
}

// plainStrings reads `["a","b"]` when every item is a plain string: no
// backslash, no control character, valid UTF-8, no space between the
// tokens. ok is false for anything else, which may still be valid JSON.
func plainStrings(text string) (list []string, ok bool) {
	if text == "[]" {
		return []string{}, true
	}
	if len(text) < 4 || text[0] != '[' || text[1] != '"' || text[len(text)-1] != ']' || !utf8.ValidString(text) {
		return nil, false
	}
	list = make([]string, 0, 1+strings.Count(text, `","`))
	rest := text[1:]
	for {
		if rest == "" || rest[0] != '"' {
			return nil, false
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return nil, false
		}
		item := rest[1 : 1+end]
		for i := 0; i < len(item); i++ {
			if item[i] == '\\' || item[i] < 0x20 {
				return nil, false
			}
		}
		list = append(list, item)
		switch rest = rest[2+end:]; {
		case rest == "]":
			return list, true
		case strings.HasPrefix(rest, ","):
			rest = rest[1:]
		default:
			return nil, false
		}
	}
}

// jsonAfter is jsonText of v unless *err already holds a failure, which it
// keeps; otherwise it records its own.
func jsonAfter[T any](err *error, v []T) string {
	if *err != nil {
		return ""
	}
	text, e := jsonText(v)
	*err = e
	return text
}

// jsonText encodes a list as JSON, writing nil as [] so the column never holds null.
func jsonText[T any](v []T) (string, error) {
	if v == nil {
		v = []T{}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode list: %w", err)
	}
	return string(b), nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// monthsBetween is the cycle from start to end, or NULL when either day is
// missing.
func monthsBetween(start, end standard.Date) *float64 {
	if start.IsZero() || end.IsZero() {
		return nil
	}
	m := standard.Months(start, end)
	return &m
}
