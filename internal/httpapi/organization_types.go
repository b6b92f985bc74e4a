package httpapi

import (
	"time"

	"stdreg/internal/standard"
)

// OrganizationResponse is an organization as the API shows it.
type OrganizationResponse struct {
	ID         string    `json:"id" format:"uuid"`
	Name       string    `json:"name" example:"浙江省标准化研究院"`
	Kind       string    `json:"kind" enums:"institute,association,enterprise,government,other" example:"institute"`
	Region     string    `json:"region" example:"330100"`
	CreditCode *string   `json:"credit_code" extensions:"x-nullable"` // unified social credit code (GB 32100)
	CreatedAt  time.Time `json:"created_at" format:"date-time"`
	UpdatedAt  time.Time `json:"updated_at" format:"date-time"`
} //	@name	Organization

// OrganizationInput registers an organization; it is also the shape a merge
// patch applies to.
type OrganizationInput struct {
	Name       string `json:"name" example:"浙江省标准化研究院"`
	Kind       string `json:"kind" enums:"institute,association,enterprise,government,other" example:"institute"`
	Region     string `json:"region,omitempty" example:"330100"`
	CreditCode string `json:"credit_code,omitempty"` // 18 characters, checked with its check character
} //	@name	OrganizationInput

// OrganizationPatch documents the merge patch of an organization.
type OrganizationPatch struct {
	Name       string  `json:"name,omitempty"`
	Kind       string  `json:"kind,omitempty" enums:"institute,association,enterprise,government,other"`
	Region     *string `json:"region,omitempty" extensions:"x-nullable"`
	CreditCode *string `json:"credit_code,omitempty" extensions:"x-nullable"`
} //	@name	OrganizationPatch

// OrganizationList is one page of organizations.
type OrganizationList struct {
	Items         []OrganizationResponse `json:"items"`
	NextPageToken string                 `json:"next_page_token"`
} //	@name	OrganizationList

func toOrganizationResponse(o standard.Organization) OrganizationResponse {
	return OrganizationResponse{
		ID: o.ID, Name: o.Name, Kind: string(o.Kind), Region: o.Region, CreditCode: optional(o.CreditCode),
		CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC(),
	}
}

func (in OrganizationInput) toOrganization() standard.Organization {
	return standard.Organization{Name: in.Name, Kind: standard.OrgKind(in.Kind), Region: in.Region, CreditCode: in.CreditCode}
}

func toOrganizationInput(o standard.Organization) OrganizationInput {
	return OrganizationInput{Name: o.Name, Kind: string(o.Kind), Region: o.Region, CreditCode: o.CreditCode}
}
