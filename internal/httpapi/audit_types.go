package httpapi

import (
	"encoding/json"
	"time"

	"stdreg/internal/audit"
)

// AuditEventResponse is one recorded write.
type AuditEventResponse struct {
	ID           string          `json:"id" format:"uuid"`
	OccurredAt   time.Time       `json:"occurred_at" format:"date-time"`
	KeyID        *string         `json:"key_id" format:"uuid" extensions:"x-nullable"` // null for the operator's command line
	KeyName      string          `json:"key_name" example:"浙江省标准化研究院 录入"`
	Action       string          `json:"action" example:"standard.update"`
	ResourceType string          `json:"resource_type" enums:"standard,organization,key,plan,project,pilot,technical_body" example:"standard"`
	ResourceID   string          `json:"resource_id"`
	Before       json.RawMessage `json:"before" swaggertype:"object" extensions:"x-nullable"` // null when the resource did not exist
	After        json.RawMessage `json:"after" swaggertype:"object" extensions:"x-nullable"`  // null when it was deleted
	RequestID    string          `json:"request_id"`
} //	@name	AuditEvent

// AuditEventList is one page of the audit log.
type AuditEventList struct {
	Items         []AuditEventResponse `json:"items"`
	NextPageToken string               `json:"next_page_token"`
} //	@name	AuditEventList

func toAuditEventResponse(ev audit.Event) AuditEventResponse {
	return AuditEventResponse{
		ID: ev.ID, OccurredAt: ev.OccurredAt, KeyID: optional(ev.KeyID), KeyName: ev.KeyName,
		Action: string(ev.Action), ResourceType: ev.ResourceType, ResourceID: ev.ResourceID,
		Before: ev.Before, After: ev.After, RequestID: ev.RequestID,
	}
}
