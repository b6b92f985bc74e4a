package standard

import "time"

// Standard is a registered standard or a draft of one.
type Standard struct {
	ID             string        `json:"id"`
	Code           string        `json:"code"`            // display form; "" for a draft without a number yet
	NormalizedCode string        `json:"normalized_code"` // "" when Code is ""
	Kind           Kind          `json:"kind"`
	Nature         Nature        `json:"nature"` // "" when neither the number nor the registrant says
	TitleZH        string        `json:"title_zh"`
	TitleEN        string        `json:"title_en"`
	Stage          Stage         `json:"stage"`
	ICS            []string      `json:"ics"`
	CCS            string        `json:"ccs"`
	Designations   []Designation `json:"designations"`
	Replaces       []string      `json:"replaces"`
	// ReplacedBy is read-only, derived: the numbers of the standards whose
	// Replaces names this one's number (drafts not yet approved left out).
	ReplacedBy     []string     `json:"replaced_by,omitempty"`
	Adopts         []Adoption   `json:"adopts"`
	ZhejiangRole   ZhejiangRole `json:"zhejiang_role"`
	OrganizationID string       `json:"organization_id"`
	// OrganizationName and OrganizationCreditCode name the owning
	// organization in files, which travel between registries where ids do
	// not: exports fill them, and an import finds (or registers) the
	// organization by them. They are not stored with the standard.
	OrganizationName       string   `json:"organization_name,omitempty"`
	OrganizationCreditCode string   `json:"organization_credit_code,omitempty"`
	DraftingUnits          []string `json:"drafting_units"`
	TechnicalCommittee     string   `json:"technical_committee"`
	// FilingNumber is the number a filed (备案) industry, local, group or
	// enterprise standard received; "" for none.
	FilingNumber string    `json:"filing_number"`
	Region       string    `json:"region"`
	ApprovedOn   Date      `json:"approved_on"`
	SubmittedOn  Date      `json:"submitted_on"` // submission for approval (the move into approval); cleared by rework
	PublishedOn  Date      `json:"published_on"`
	EffectiveOn  Date      `json:"effective_on"`
	WithdrawnOn  Date      `json:"withdrawn_on"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// Version grows by one with every change; it is the ETag and guards
	// concurrent changes.
	Version int64 `json:"version"`
}

// Designation is a label such as 浙江标准 with the year it was granted and a
// certificate or list reference.
type Designation struct {
	Type      DesignationType `json:"type"`
	Year      int             `json:"year"`
	Reference string          `json:"reference"`
}

// Adoption names an international standard this one adopts and how closely.
type Adoption struct {
	Code   string `json:"code"`
	Degree Degree `json:"degree"`
}
