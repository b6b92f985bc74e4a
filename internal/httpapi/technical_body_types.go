package httpapi

import (
	"net/url"
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// TechnicalBodyResponse is a standardization technical body as the API
// shows it.
type TechnicalBodyResponse struct {
	ID                        string `json:"id" format:"uuid"`
	Code                      string `json:"code" example:"SAC/TC 22/SC 3"`
	Name                      string `json:"name" example:"全国信息技术标准化技术委员会 软件与系统工程分技术委员会"`
	Level                     string `json:"level" enums:"international,national,provincial" example:"national"`
	SecretariatOrganizationID string `json:"secretariat_organization_id" format:"uuid"`
	SettledOn                 string `json:"settled_on" format:"date" example:"2024-05-18"`
	// Standards is the list URL of the standards whose
	// technical_committee is the body's code.
	Standards string    `json:"standards" example:"/api/v1/standards?technical_committee=SAC%2FTC+22%2FSC+3"`
	CreatedAt time.Time `json:"created_at" format:"date-time"`
	UpdatedAt time.Time `json:"updated_at" format:"date-time"`
} //	@name	TechnicalBody

// TechnicalBodyInput registers a technical body; it is also the shape a
// merge patch applies to.
type TechnicalBodyInput struct {
	Code                      string `json:"code" example:"SAC/TC 22/SC 3"` // spacing is normalized: SAC/TC22/SC3 is SAC/TC 22/SC 3
	Name                      string `json:"name" example:"全国信息技术标准化技术委员会 软件与系统工程分技术委员会"`
	Level                     string `json:"level" enums:"international,national,provincial" example:"national"` // must agree with the code's issuer
	SecretariatOrganizationID string `json:"secretariat_organization_id,omitempty" format:"uuid"`                // an editor's own organization when left out
	SettledOn                 string `json:"settled_on" format:"date" example:"2024-05-18"`
} //	@name	TechnicalBodyInput

// TechnicalBodyPatch documents the merge patch of a technical body.
type TechnicalBodyPatch struct {
	Code                      string `json:"code,omitempty"`
	Name                      string `json:"name,omitempty"`
	Level                     string `json:"level,omitempty" enums:"international,national,provincial"`
	SecretariatOrganizationID string `json:"secretariat_organization_id,omitempty" format:"uuid"`
	SettledOn                 string `json:"settled_on,omitempty" format:"date"`
} //	@name	TechnicalBodyPatch

// TechnicalBodyList is one page of technical bodies.
type TechnicalBodyList struct {
	Items         []TechnicalBodyResponse `json:"items"`
	NextPageToken string                  `json:"next_page_token"`
} //	@name	TechnicalBodyList

func toTechnicalBodyResponse(b standard.TechnicalBody) TechnicalBodyResponse {
	return TechnicalBodyResponse{
		ID: b.ID, Code: b.Code, Name: b.Name, Level: string(b.Level), SecretariatOrganizationID: b.SecretariatOrganizationID,
		SettledOn: b.SettledOn.String(), Standards: "/api/v1/standards?" + url.Values{"technical_committee": {b.Code}}.Encode(),
		CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC(),
	}
}

func (in TechnicalBodyInput) toTechnicalBody() (standard.TechnicalBody, error) {
	var fe fault.FieldErrors
	b := standard.TechnicalBody{
		Code: in.Code, Name: in.Name, Level: standard.BodyLevel(in.Level), SecretariatOrganizationID: in.SecretariatOrganizationID,
		SettledOn: queryparam.Date(&fe, "settled_on", in.SettledOn),
	}
	return b, fe.Err()
}

func toTechnicalBodyInput(b standard.TechnicalBody) TechnicalBodyInput {
	return TechnicalBodyInput{
		Code: b.Code, Name: b.Name, Level: string(b.Level), SecretariatOrganizationID: b.SecretariatOrganizationID, SettledOn: b.SettledOn.String(),
	}
}
