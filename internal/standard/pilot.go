package standard

import (
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/paging"
)

// PilotKind is what a standardization pilot (标准化试点) covers.
type PilotKind string

const (
	PilotCity   PilotKind = "city"
	PilotCounty PilotKind = "county"
	PilotDomain PilotKind = "domain" // a field: agriculture, services, social management, …
)

// PilotKinds lists every kind.
var PilotKinds = []PilotKind{PilotCity, PilotCounty, PilotDomain}

// PilotLevel is who approved a pilot.
type PilotLevel string

const (
	PilotNational   PilotLevel = "national"
	PilotProvincial PilotLevel = "provincial"
	PilotCityLevel  PilotLevel = "city"
)

// PilotLevels lists every level.
var PilotLevels = []PilotLevel{PilotNational, PilotProvincial, PilotCityLevel}

// PilotStatus is where a pilot stands.
type PilotStatus string

const (
	PilotBuilding PilotStatus = "building"
	PilotAccepted PilotStatus = "accepted"
	PilotRevoked  PilotStatus = "revoked"
)

// PilotStatuses lists every status.
var PilotStatuses = []PilotStatus{PilotBuilding, PilotAccepted, PilotRevoked}

// Pilot is a standardization pilot: a city, a county or a domain approved
// to build its work on standards, accepted when the work is done, revoked
// when it fails.
type Pilot struct {
	ID             string      `json:"id"`
	Name           string      `json:"name"`
	Kind           PilotKind   `json:"kind"`
	Level          PilotLevel  `json:"level"`
	Region         string      `json:"region"`
	OrganizationID string      `json:"organization_id"` // who undertakes it, "" when none is registered
	ApprovedOn     Date        `json:"approved_on"`
	AcceptedOn     Date        `json:"accepted_on"`
	Status         PilotStatus `json:"status"`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
	Version        int64       `json:"version"`
}

// Prepare normalizes p in place and checks every field. A city or county
// pilot names its division; an accepted pilot its day of acceptance, and
// a pilot still building none.
func (p *Pilot) Prepare(today Date) error {
	var fe fault.FieldErrors
	p.Name = CleanText(p.Name)
	p.Region = CleanText(p.Region)
	CheckText(&fe, "name", p.Name, TextRule{Max: maxTitle, Required: true})
	if !oneOf(p.Kind, PilotKinds) {
		fe.Add("kind", "must be one of %s", list(PilotKinds))
	}
	if !oneOf(p.Level, PilotLevels) {
		fe.Add("level", "must be one of %s", list(PilotLevels))
	}
	if !oneOf(p.Status, PilotStatuses) {
		fe.Add("status", "must be one of %s", list(PilotStatuses))
	}
	checkRegion(&fe, p.Region)
	if p.Region == "" && (p.Kind == PilotCity || p.Kind == PilotCounty) {
		fe.Add("region", "a %s pilot names its administrative division", p.Kind)
	}
	checkOwner(&fe, "organization_id", p.OrganizationID, false)
	if p.ApprovedOn.IsZero() {
		fe.Add("approved_on", "is required")
	}
	checkPastDay(&fe, "approved_on", p.ApprovedOn, today)
	checkPastDay(&fe, "accepted_on", p.AcceptedOn, today)
	switch {
	case p.Status == PilotAccepted && p.AcceptedOn.IsZero():
		fe.Add("accepted_on", "an accepted pilot has its day of acceptance")
	case p.Status == PilotBuilding && !p.AcceptedOn.IsZero():
		fe.Add("accepted_on", "a pilot still building has not been accepted; set status accepted")
	case !p.AcceptedOn.IsZero() && !p.ApprovedOn.IsZero() && p.AcceptedOn.Before(p.ApprovedOn):
		fe.Add("accepted_on", "%s is before the pilot was approved on %s", p.AcceptedOn, p.ApprovedOn)
	}
	return fe.Err()
}

// PilotFilter narrows a list of pilots. Zero fields do not filter.
type PilotFilter struct {
	Kinds          []PilotKind   // any of them
	Levels         []PilotLevel  // any of them
	Statuses       []PilotStatus // any of them
	Region         string
	OrganizationID string
	ApprovedFrom   Date // inclusive
	ApprovedTo     Date // inclusive
}

// PilotQuery asks for one page of pilots, ordered by name.
type PilotQuery struct {
	Filter PilotFilter
	After  *paging.Cursor
	Limit  int
}
