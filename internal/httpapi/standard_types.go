package httpapi

import (
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// StandardResponse is a standard as the API shows it.
type StandardResponse struct {
	ID                 string            `json:"id" format:"uuid" example:"01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e"`
	Code               string            `json:"code" example:"GB 17761—2018"`            // display form; empty for a draft without a number
	NormalizedCode     string            `json:"normalized_code" example:"GB 17761-2018"` // the form numbers are matched on; empty without a number
	Kind               string            `json:"kind" enums:"national,industry,local,group,enterprise,international" example:"national"`
	Nature             *string           `json:"nature" enums:"mandatory,recommended,guidance" extensions:"x-nullable" example:"mandatory"`
	TitleZH            string            `json:"title_zh" example:"电动自行车安全技术规范"`
	TitleEN            string            `json:"title_en" example:"Safety technical specification for electric bicycle"`
	Stage              string            `json:"stage" enums:"preliminary,proposal,drafting,consultation,review,approval,published,periodic_review,withdrawn,terminated" example:"published"`
	StageCode          string            `json:"stage_code" example:"60"`
	ICS                []string          `json:"ics" example:"43.150"`
	CCS                string            `json:"ccs" example:"Y14"`
	Designations       []DesignationBody `json:"designations"`
	Replaces           []string          `json:"replaces" example:"GB 17761—1999"`
	ReplacedBy         []string          `json:"replaced_by" example:"GB 17761—2024"` // read-only: the numbers of the standards whose replaces names this one (drafts not yet approved left out)
	Adopts             []AdoptionBody    `json:"adopts"`
	ZhejiangRole       string            `json:"zhejiang_role" enums:"lead,participant,none" example:"none"`
	OrganizationID     *string           `json:"organization_id" format:"uuid" extensions:"x-nullable"`
	DraftingUnits      []string          `json:"drafting_units" example:"中国标准化研究院"`
	TechnicalCommittee string            `json:"technical_committee" example:"SAC/TC 22"`
	FilingNumber       string            `json:"filing_number" example:"33-2021-0123"` // 备案号 of a filed industry, local, group or enterprise standard; empty for none
	Region             string            `json:"region" example:"330100"`
	ApprovedOn         *string           `json:"approved_on" format:"date" extensions:"x-nullable" example:"2016-05-10"`
	SubmittedOn        *string           `json:"submitted_on" format:"date" extensions:"x-nullable"` // submission for approval: the move into approval, cleared by rework
	PublishedOn        *string           `json:"published_on" format:"date" extensions:"x-nullable" example:"2018-01-16"`
	EffectiveOn        *string           `json:"effective_on" format:"date" extensions:"x-nullable" example:"2019-04-15"`
	WithdrawnOn        *string           `json:"withdrawn_on" format:"date" extensions:"x-nullable"`
	CreatedAt          time.Time         `json:"created_at" format:"date-time"`
	UpdatedAt          time.Time         `json:"updated_at" format:"date-time"`
	// CycleMonths is the finished drafting cycle under the configured rule
	// (to publication, or to submission for approval), in months; null
	// while it runs (GET /standards/{id}/cycle has the elapsed time).
	CycleMonths *float64 `json:"cycle_months" extensions:"x-nullable" example:"13.5"`
	// WithinTarget is whether the finished cycle met its target; null while
	// it runs or when the rule sets no target.
	WithinTarget *bool `json:"within_target" extensions:"x-nullable" example:"true"`
	// Organization is the owning organization, with include=organization.
	Organization *OrganizationSummary `json:"organization,omitempty"`
	// Editions are the other editions of the number the caller may see,
	// in a read of one standard (not in lists): GB/T 19001—2008 beside
	// GB/T 19001—2016.
	Editions *[]EditionSummary `json:"editions,omitempty"`
	// Projects are the science and technology projects that name the
	// standard, with include=projects, in a read of one standard.
	Projects *[]ProjectSummary `json:"projects,omitempty"`
} //	@name	Standard

// EditionSummary names another edition of a standard's number.
type EditionSummary struct {
	ID          string  `json:"id" format:"uuid"`
	Code        string  `json:"code" example:"GB/T 19001—2008"`
	Stage       string  `json:"stage" enums:"preliminary,proposal,drafting,consultation,review,approval,published,periodic_review,withdrawn,terminated" example:"withdrawn"`
	PublishedOn *string `json:"published_on" format:"date" extensions:"x-nullable" example:"2008-10-29"`
} //	@name	EditionSummary

// toStandardWithEditions is the answer of a read of one standard.
func toStandardWithEditions(st standard.Standard, editions []standard.Standard, rules standard.CycleRules) StandardResponse {
	r := toStandardResponse(st, rules)
	list := make([]EditionSummary, len(editions))
	for i, e := range editions {
		list[i] = EditionSummary{ID: e.ID, Code: e.Code, Stage: string(e.Stage), PublishedOn: optional(e.PublishedOn.String())}
	}
	r.Editions = &list
	return r
}

// OrganizationSummary names a standard's organization in the standard
// itself (include=organization).
type OrganizationSummary struct {
	ID     string `json:"id" format:"uuid"`
	Name   string `json:"name" example:"浙江省标准化研究院"`
	Kind   string `json:"kind" enums:"institute,association,enterprise,government,other" example:"institute"`
	Region string `json:"region" example:"330100"`
} //	@name	OrganizationSummary

// DesignationBody is a label such as 浙江标准 on a standard.
type DesignationBody struct {
	Type      string `json:"type" enums:"zhejiang_standard,made_in_zhejiang,forerunner" example:"zhejiang_standard"`
	Year      int    `json:"year,omitempty" example:"2024"`
	Reference string `json:"reference,omitempty" example:"浙品标〔2024〕12号"`
} //	@name	Designation

// AdoptionBody names an adopted international standard and the degree of equivalence.
type AdoptionBody struct {
	Code   string `json:"code" example:"ISO 9001:2015"`
	Degree string `json:"degree" enums:"IDT,MOD,NEQ" example:"IDT"`
} //	@name	Adoption

// StandardInput is the body that registers a standard or a draft. A draft
// starts in preliminary or proposal; an existing standard is registered
// published with its dates.
type StandardInput struct {
	Code               string            `json:"code,omitempty" example:"DB33/T 2349—2021"` // required for a published standard; any written form is accepted
	Kind               string            `json:"kind" enums:"national,industry,local,group,enterprise,international" example:"local"`
	Nature             string            `json:"nature,omitempty" enums:"mandatory,recommended,guidance"` // derived from the number where it shows it
	TitleZH            string            `json:"title_zh" example:"茶叶加工技术规程"`
	TitleEN            string            `json:"title_en,omitempty"`
	Stage              string            `json:"stage,omitempty" enums:"preliminary,proposal,published" example:"published"` // default proposal
	ICS                []string          `json:"ics,omitempty" example:"67.140.10"`
	CCS                string            `json:"ccs,omitempty" example:"X55"`
	Designations       []DesignationBody `json:"designations,omitempty"`
	Replaces           []string          `json:"replaces,omitempty"`
	Adopts             []AdoptionBody    `json:"adopts,omitempty"`
	ZhejiangRole       string            `json:"zhejiang_role,omitempty" enums:"lead,participant,none"` // default none
	OrganizationID     string            `json:"organization_id,omitempty" format:"uuid"`
	DraftingUnits      []string          `json:"drafting_units,omitempty"`
	TechnicalCommittee string            `json:"technical_committee,omitempty"`
	FilingNumber       string            `json:"filing_number,omitempty" example:"33-2021-0123"` // 备案号; industry, local, group and enterprise standards only
	Region             string            `json:"region,omitempty" example:"330000"`
	ApprovedOn         string            `json:"approved_on,omitempty" format:"date" example:"2020-03-01"`
	PublishedOn        string            `json:"published_on,omitempty" format:"date" example:"2021-06-20"`
	EffectiveOn        string            `json:"effective_on,omitempty" format:"date" example:"2021-07-20"`
} //	@name	StandardInput

// StandardPatch documents the merge patch of a standard (RFC 7396): the
// fields to change, null to clear one. The stage and the days that follow
// from it (approved_on, published_on, withdrawn_on) change only through
// stage moves.
type StandardPatch struct {
	Code               *string           `json:"code,omitempty" extensions:"x-nullable"`
	Kind               string            `json:"kind,omitempty" enums:"national,industry,local,group,enterprise,international"`
	Nature             *string           `json:"nature,omitempty" enums:"mandatory,recommended,guidance" extensions:"x-nullable"`
	TitleZH            string            `json:"title_zh,omitempty"`
	TitleEN            *string           `json:"title_en,omitempty" extensions:"x-nullable"`
	ICS                []string          `json:"ics,omitempty"`
	CCS                *string           `json:"ccs,omitempty" extensions:"x-nullable"`
	Designations       []DesignationBody `json:"designations,omitempty"`
	Replaces           []string          `json:"replaces,omitempty"`
	Adopts             []AdoptionBody    `json:"adopts,omitempty"`
	ZhejiangRole       string            `json:"zhejiang_role,omitempty" enums:"lead,participant,none"`
	OrganizationID     *string           `json:"organization_id,omitempty" format:"uuid" extensions:"x-nullable"`
	DraftingUnits      []string          `json:"drafting_units,omitempty"`
	TechnicalCommittee *string           `json:"technical_committee,omitempty" extensions:"x-nullable"`
	FilingNumber       *string           `json:"filing_number,omitempty" extensions:"x-nullable"`
	Region             *string           `json:"region,omitempty" extensions:"x-nullable"`
	EffectiveOn        *string           `json:"effective_on,omitempty" format:"date" extensions:"x-nullable"`
} //	@name	StandardPatch

// StandardList is one page of standards.
type StandardList struct {
	Items         []StandardResponse      `json:"items"`
	NextPageToken string                  `json:"next_page_token"`  // empty on the last page
	Facets        map[string][]FacetCount `json:"facets,omitempty"` // with facets=…: counts over the whole list, by facet name
} //	@name	StandardList

// FacetCount is how many standards of the list have one value of a facet.
type FacetCount struct {
	Value string `json:"value" example:"local"`
	Count int    `json:"count" example:"128"`
	// Approximate: the count is estimated from a sample of the list (1 in
	// 256, or 1 in 32, by id), which is done only for a search (q) that
	// matches more than about 12,800 standards; absent when exact.
	Approximate bool `json:"approximate,omitempty" example:"false"`
} //	@name	FacetCount

// toStandardResponse converts a domain standard to its API shape; rules
// give its drafting cycle.
func toStandardResponse(s standard.Standard, rules standard.CycleRules) StandardResponse {
	r := StandardResponse{
		ID: s.ID, Code: s.Code, NormalizedCode: s.NormalizedCode, Kind: string(s.Kind),
		Nature: optional(string(s.Nature)), TitleZH: s.TitleZH, TitleEN: s.TitleEN,
		Stage: string(s.Stage), StageCode: s.Stage.Code(), ICS: nonNil(s.ICS), CCS: s.CCS,
		Designations: make([]DesignationBody, len(s.Designations)), Replaces: nonNil(s.Replaces), ReplacedBy: nonNil(s.ReplacedBy),
		Adopts: make([]AdoptionBody, len(s.Adopts)), ZhejiangRole: string(s.ZhejiangRole),
		OrganizationID: optional(s.OrganizationID), DraftingUnits: nonNil(s.DraftingUnits),
		TechnicalCommittee: s.TechnicalCommittee, FilingNumber: s.FilingNumber, Region: s.Region,
		ApprovedOn: optional(s.ApprovedOn.String()), SubmittedOn: optional(s.SubmittedOn.String()), PublishedOn: optional(s.PublishedOn.String()),
		EffectiveOn: optional(s.EffectiveOn.String()), WithdrawnOn: optional(s.WithdrawnOn.String()),
		CreatedAt: s.CreatedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC(),
	}
	for i, d := range s.Designations {
		r.Designations[i] = DesignationBody{Type: string(d.Type), Year: d.Year, Reference: d.Reference}
	}
	for i, a := range s.Adopts {
		r.Adopts[i] = AdoptionBody{Code: a.Code, Degree: string(a.Degree)}
	}
	if months, within, ok := standard.FinishedCycle(s, rules.For(s.Kind, s.Nature)); ok {
		r.CycleMonths, r.WithinTarget = &months, within
	}
	return r
}

// toStandard converts the input to a domain standard; malformed dates are
// reported as field errors here, everything else by the domain's Prepare.
func (in StandardInput) toStandard() (standard.Standard, error) {
	var fe fault.FieldErrors
	s := standard.Standard{
		Code: in.Code, Kind: standard.Kind(in.Kind), Nature: standard.Nature(in.Nature),
		TitleZH: in.TitleZH, TitleEN: in.TitleEN, Stage: standard.Stage(in.Stage), ICS: in.ICS, CCS: in.CCS,
		Replaces: in.Replaces, ZhejiangRole: standard.ZhejiangRole(in.ZhejiangRole),
		OrganizationID: in.OrganizationID, DraftingUnits: in.DraftingUnits,
		TechnicalCommittee: in.TechnicalCommittee, FilingNumber: in.FilingNumber, Region: in.Region,
		ApprovedOn:  queryparam.Date(&fe, "approved_on", in.ApprovedOn),
		PublishedOn: queryparam.Date(&fe, "published_on", in.PublishedOn),
		EffectiveOn: queryparam.Date(&fe, "effective_on", in.EffectiveOn),
	}
	for _, d := range in.Designations {
		s.Designations = append(s.Designations, standard.Designation{Type: standard.DesignationType(d.Type), Year: d.Year, Reference: d.Reference})
	}
	for _, a := range in.Adopts {
		s.Adopts = append(s.Adopts, standard.Adoption{Code: a.Code, Degree: standard.Degree(a.Degree)})
	}
	return s, fe.Err()
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
