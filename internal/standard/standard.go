package standard

import "time"

// Standard is a registered standard or a draft of one.
type Standard struct {
	ID                 string
	Code               string // display form; "" for a draft without a number yet
	NormalizedCode     string // "" when Code is ""
	Kind               Kind
	Nature             Nature // "" when neither the number nor the registrant says
	TitleZH            string
	TitleEN            string
	Stage              Stage
	ICS                []string
	CCS                string
	Designations       []Designation
	Replaces           []string
	Adopts             []Adoption
	ZhejiangRole       ZhejiangRole
	OrganizationID     string
	DraftingUnits      []string
	TechnicalCommittee string
	Region             string
	ApprovedOn         Date
	PublishedOn        Date
	EffectiveOn        Date
	WithdrawnOn        Date
	CreatedAt          time.Time
	UpdatedAt          time.Time
	// Version grows by one with every change; it is the ETag and guards
	// concurrent changes.
	Version int64
}

// Designation is a label such as 浙江标准 with the year it was granted and a
// certificate or list reference.
type Designation struct {
	Type      DesignationType
	Year      int
	Reference string
}

// Adoption names an international standard this one adopts and how closely.
type Adoption struct {
	Code   string
	Degree Degree
}
