package standard

import (
	"regexp"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/region"
)

// Filter narrows a list of standards. Zero fields do not filter.
type Filter struct {
	Q              string // plain text over the number, titles and drafting units
	Kind           Kind
	Stage          Stage
	Nature         Nature
	Designation    DesignationType
	ZhejiangRoles  []ZhejiangRole // any of them
	OrganizationID string
	Region         string
	ICS            string // prefix of an ICS class: "43" matches 43.150
	// TechnicalCommittee is a technical body's code, matched exactly:
	// the standards the body is responsible for.
	TechnicalCommittee string
	PublishedFrom      Date // inclusive
	PublishedTo        Date // inclusive
	ApprovedFrom       Date // inclusive
	ApprovedTo         Date // inclusive
	// DesignatedFrom and DesignatedTo keep the standards with a
	// designation (of type Designation, when given) granted in those
	// years, inclusive; 0: no bound.
	DesignatedFrom int
	DesignatedTo   int
	// City is a city's code (330100): the standards of the city and of
	// its counties (region.CityOf).
	City string
	// CycleEndedFrom and CycleEndedTo keep the standards whose drafting
	// cycle ended (under Rules) in the window, inclusive; either one, or
	// CycleWithin, keeps only finished cycles.
	CycleEndedFrom Date
	CycleEndedTo   Date
	CycleWithin    CycleWithin
	// Visible is set by the registry from the caller, never by a client.
	Visible Visibility
	// Rules are the cycle rules the cycle filters judge by, set by the
	// registry from its configuration, never by a client.
	Rules CycleRules
}

// None, as an organization or a region to filter by, keeps the standards
// that have none: a group of figures without one links to them so.
const None = "none"

// CycleWithin filters finished cycles by whether they met their target.
type CycleWithin string

const (
	CycleWithinAny CycleWithin = ""      // no filter
	CycleWithinMet CycleWithin = "true"  // a target, met
	CycleWithinNot CycleWithin = "false" // a target, missed
)

// HasCycleFilter reports whether f keeps only finished cycles.
func (f Filter) HasCycleFilter() bool {
	return !f.CycleEndedFrom.IsZero() || !f.CycleEndedTo.IsZero() || f.CycleWithin != CycleWithinAny
}

// maxQuery is the longest q, in characters.
const maxQuery = 200

var icsPrefixPattern = regexp.MustCompile(`^[0-9][0-9.]{0,10}$`) // 43, 43.1, 43.150.10

// Check cleans the filter's free text and checks what a client gives,
// recording each problem on fe under the API's parameter name: q, the
// organization, region and ICS class within the text rule (q may hold any
// white space: it only separates terms), q at most 200 characters, an
// organization id that can exist, the beginning of an ICS class, and the
// days within the registry's calendar. The values of enumerations are
// checked where they are read.
func (f *Filter) Check(fe *fault.FieldErrors) {
	f.Q = CleanText(f.Q)
	CheckText(fe, "q", f.Q, TextRule{Max: maxQuery, Lines: MultiLine})
	switch problem := TextProblem(f.OrganizationID, Line); {
	case !problem.IsZero():
		fe.Add("organization_id", "%s", problem)
	case f.OrganizationID != "" && f.OrganizationID != None && !ValidID(f.OrganizationID):
		fe.Add("organization_id", "%q is not an organization id", f.OrganizationID)
	}
	CheckText(fe, "region", f.Region, TextRule{})
	for _, y := range []struct {
		name string
		year int
	}{{"designated_from", f.DesignatedFrom}, {"designated_to", f.DesignatedTo}} {
		if y.year != 0 && (y.year < FirstDay.Year || y.year > LastDay.Year) {
			fe.Add(y.name, "must be a year from %d to %d", FirstDay.Year, LastDay.Year)
		}
	}
	if f.City != "" && !(region.IsBelowProvince(f.City) && f.City[4:] == "00") {
		fe.Add("city", "%q is not a city of Zhejiang such as 330100; give a county as region", f.City)
	}
	CheckText(fe, "technical_committee", f.TechnicalCommittee, TextRule{Max: maxText})
	switch problem := TextProblem(f.ICS, Line); {
	case !problem.IsZero():
		fe.Add("ics", "%s", problem)
	case f.ICS != "" && !icsPrefixPattern.MatchString(f.ICS):
		fe.Add("ics", "%q is not the beginning of an ICS class such as 43.150", f.ICS)
	}
	for _, d := range []struct {
		name string
		day  Date
	}{{"published_from", f.PublishedFrom}, {"published_to", f.PublishedTo}, {"approved_from", f.ApprovedFrom}, {"approved_to", f.ApprovedTo},
		{"cycle_ended_from", f.CycleEndedFrom}, {"cycle_ended_to", f.CycleEndedTo}} {
		if err := d.day.Check(); err != nil {
			fe.Add(d.name, "%s", err)
		}
	}
}

// SortKey is a column a list may be ordered by.
type SortKey string

const (
	SortCode        SortKey = "code"
	SortPublishedOn SortKey = "published_on"
	SortApprovedOn  SortKey = "approved_on"
	SortCreatedAt   SortKey = "created_at"
	// SortRelevance ranks matches of q: the exact number first, then
	// titles holding the whole query, then titles or numbers holding every
	// term, then the rest (found by a drafting unit); ties by id.
	SortRelevance SortKey = "relevance"
)

// SortKeys is the whitelist of sort keys; each may be prefixed by "-" for
// descending order.
var SortKeys = []SortKey{SortCode, SortPublishedOn, SortApprovedOn, SortCreatedAt, SortRelevance}

// Sort orders a list: by Key, then by id in the same direction so that every
// position is unique. Records without a value for Key come last.
type Sort struct {
	Key  SortKey
	Desc bool
}

// DefaultSort lists standards by number, the way catalogues do.
var DefaultSort = Sort{Key: SortCode}

// ParseSort reads "code" or "-published_on"; "" gives DefaultSort.
func ParseSort(s string) (Sort, error) {
	if s == "" {
		return DefaultSort, nil
	}
	key, desc := strings.CutPrefix(s, "-")
	if !oneOf(SortKey(key), SortKeys) || (desc && SortKey(key) == SortRelevance) {
		return Sort{}, fault.Invalid(fault.Field("sort", "must be one of %s, each but relevance optionally prefixed by -", list(SortKeys)))
	}
	return Sort{Key: SortKey(key), Desc: desc}, nil
}

// String is the inverse of ParseSort.
func (s Sort) String() string {
	if s.Desc {
		return "-" + string(s.Key)
	}
	return string(s.Key)
}

// ListQuery asks for one page of standards after the cursor.
type ListQuery struct {
	Filter Filter
	Sort   Sort
	After  *paging.Cursor
	Limit  int
}

// OrganizationFilter narrows a list of organizations.
type OrganizationFilter struct {
	Kind   OrgKind
	Region string
}

// OrganizationQuery asks for one page of organizations, ordered by name.
type OrganizationQuery struct {
	Filter OrganizationFilter
	After  *paging.Cursor
	Limit  int
}

// Visibility says which unapproved drafts (preliminary, proposal) a caller
// may see. The zero value shows none: the public registry. Shows is the
// rule record by record; the store's list filter is the same rule in SQL.
type Visibility struct {
	AllDrafts bool   // auditors and admins
	DraftsOf  string // an editor's organization
}

// Shows reports whether s is visible: every record past approval, and the
// unapproved drafts v names.
func (v Visibility) Shows(s Standard) bool {
	return !s.Stage.IsPrivateDraft() || v.ShowsDraftsOf(s.OrganizationID)
}

// ShowsDraftsOf reports whether the unapproved drafts owned by owner are
// visible.
func (v Visibility) ShowsDraftsOf(owner string) bool {
	return v.AllDrafts || (v.DraftsOf != "" && owner == v.DraftsOf)
}

// FacetNames are the facets a list may count.
var FacetNames = []string{"kind", "stage", "year", "designation"}

// FacetCount is how many records of a list have one value of a facet.
type FacetCount struct {
	Value string
	Count int
	// Approximate reports that Count was estimated from a sample of the
	// list, which is done only when it is large (over about 12,000).
	Approximate bool
}
