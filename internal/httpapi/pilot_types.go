package httpapi

import (
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// PilotResponse is a standardization pilot as the API shows it.
type PilotResponse struct {
	ID             string    `json:"id" format:"uuid"`
	Name           string    `json:"name" example:"国家标准化创新发展试点城市（湖州市）"`
	Kind           string    `json:"kind" enums:"city,county,domain" example:"city"`
	Level          string    `json:"level" enums:"national,provincial,city" example:"national"`
	Region         string    `json:"region" example:"330500"`
	OrganizationID *string   `json:"organization_id" format:"uuid" extensions:"x-nullable"`
	ApprovedOn     string    `json:"approved_on" format:"date" example:"2023-08-15"`
	AcceptedOn     *string   `json:"accepted_on" format:"date" extensions:"x-nullable" example:"2025-11-20"`
	Status         string    `json:"status" enums:"building,accepted,revoked" example:"building"`
	CreatedAt      time.Time `json:"created_at" format:"date-time"`
	UpdatedAt      time.Time `json:"updated_at" format:"date-time"`
} //	@name	Pilot

// PilotInput registers a pilot; it is also the shape a merge patch
// applies to.
type PilotInput struct {
	Name           string `json:"name" example:"国家标准化创新发展试点城市（湖州市）"`
	Kind           string `json:"kind" enums:"city,county,domain" example:"city"`
	Level          string `json:"level" enums:"national,provincial,city" example:"national"`
	Region         string `json:"region,omitempty" example:"330500"` // required for a city or county pilot
	OrganizationID string `json:"organization_id,omitempty" format:"uuid"`
	ApprovedOn     string `json:"approved_on" format:"date" example:"2023-08-15"`
	AcceptedOn     string `json:"accepted_on,omitempty" format:"date"` // required when status is accepted
	Status         string `json:"status" enums:"building,accepted,revoked" example:"building"`
} //	@name	PilotInput

// PilotPatch documents the merge patch of a pilot.
type PilotPatch struct {
	Name           string  `json:"name,omitempty"`
	Kind           string  `json:"kind,omitempty" enums:"city,county,domain"`
	Level          string  `json:"level,omitempty" enums:"national,provincial,city"`
	Region         *string `json:"region,omitempty" extensions:"x-nullable"`
	OrganizationID *string `json:"organization_id,omitempty" format:"uuid" extensions:"x-nullable"`
	ApprovedOn     string  `json:"approved_on,omitempty" format:"date"`
	AcceptedOn     *string `json:"accepted_on,omitempty" format:"date" extensions:"x-nullable"`
	Status         string  `json:"status,omitempty" enums:"building,accepted,revoked"`
} //	@name	PilotPatch

// PilotList is one page of pilots.
type PilotList struct {
	Items         []PilotResponse `json:"items"`
	NextPageToken string          `json:"next_page_token"`
} //	@name	PilotList

func toPilotResponse(p standard.Pilot) PilotResponse {
	return PilotResponse{
		ID: p.ID, Name: p.Name, Kind: string(p.Kind), Level: string(p.Level), Region: p.Region, OrganizationID: optional(p.OrganizationID),
		ApprovedOn: p.ApprovedOn.String(), AcceptedOn: optional(p.AcceptedOn.String()), Status: string(p.Status),
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
}

func (in PilotInput) toPilot() (standard.Pilot, error) {
	var fe fault.FieldErrors
	p := standard.Pilot{
		Name: in.Name, Kind: standard.PilotKind(in.Kind), Level: standard.PilotLevel(in.Level), Region: in.Region,
		OrganizationID: in.OrganizationID, Status: standard.PilotStatus(in.Status),
		ApprovedOn: queryparam.Date(&fe, "approved_on", in.ApprovedOn), AcceptedOn: queryparam.Date(&fe, "accepted_on", in.AcceptedOn),
	}
	return p, fe.Err()
}

func toPilotInput(p standard.Pilot) PilotInput {
	return PilotInput{
		Name: p.Name, Kind: string(p.Kind), Level: string(p.Level), Region: p.Region, OrganizationID: p.OrganizationID,
		ApprovedOn: p.ApprovedOn.String(), AcceptedOn: p.AcceptedOn.String(), Status: string(p.Status),
	}
}
