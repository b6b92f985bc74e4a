package httpapi

import (
	"time"

	"stdreg/internal/access"
)

// KeyResponse is an API key's record; the key itself is never shown again
// after its creation.
type KeyResponse struct {
	ID             string     `json:"id" format:"uuid"`
	Name           string     `json:"name" example:"浙江省标准化研究院 录入"`
	Role           string     `json:"role" enums:"admin,editor,auditor,reader" example:"editor"`
	OrganizationID *string    `json:"organization_id" format:"uuid" extensions:"x-nullable"`
	Prefix         string     `json:"prefix" example:"stdreg_k3x9a"` // the key's first characters, to tell keys apart
	CreatedAt      time.Time  `json:"created_at" format:"date-time"`
	LastUsedAt     *time.Time `json:"last_used_at" format:"date-time" extensions:"x-nullable"`
	RevokedAt      *time.Time `json:"revoked_at" format:"date-time" extensions:"x-nullable"`
} //	@name	Key

// NewKeyResponse is the answer to creating a key: the key, shown this once.
type NewKeyResponse struct {
	KeyResponse
	Key string `json:"key" example:"stdreg_k3x9a…"` // store it now: the registry keeps only its hash
} //	@name	NewKey

// KeyInput asks for a new key.
type KeyInput struct {
	Role           string `json:"role" enums:"admin,editor,auditor,reader" example:"editor"`
	OrganizationID string `json:"organization_id,omitempty" format:"uuid"` // required for an editor, refused otherwise
	Name           string `json:"name,omitempty" example:"浙江省标准化研究院 录入"`
} //	@name	KeyInput

// KeyList is one page of keys.
type KeyList struct {
	Items         []KeyResponse `json:"items"`
	NextPageToken string        `json:"next_page_token"`
} //	@name	KeyList

func toKeyResponse(k access.Key) KeyResponse {
	return KeyResponse{
		ID: k.ID, Name: k.Name, Role: string(k.Role), OrganizationID: optional(k.OrganizationID),
		Prefix: k.Prefix, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt,
	}
}
