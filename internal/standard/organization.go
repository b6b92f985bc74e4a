package standard

import "time"

// OrgKind is what sort of body an organization is.
type OrgKind string

const (
	OrgInstitute   OrgKind = "institute"
	OrgAssociation OrgKind = "association"
	OrgEnterprise  OrgKind = "enterprise"
	OrgGovernment  OrgKind = "government"
	OrgOther       OrgKind = "other"
)

// OrgKinds lists every organization kind.
var OrgKinds = []OrgKind{OrgInstitute, OrgAssociation, OrgEnterprise, OrgGovernment, OrgOther}

// Organization is an institute, association, enterprise or bureau that owns
// standards in the registry.
type Organization struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Kind       OrgKind   `json:"kind"`
	Region     string    `json:"region"`
	CreditCode string    `json:"credit_code"` // unified social credit code (GB 32100), "" when unknown
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	Version    int64     `json:"version"`
}
