// Package audit describes the audit log: one event for every write, with
// who made it, what it touched, and the values before and after. Events
// are appended in the transaction of the change they record and never
// edited or deleted.
package audit

import (
	"encoding/json"
	"fmt"
	"time"

	"stdreg/internal/access"
)

// Event is one recorded write.
type Event struct {
	ID           string
	OccurredAt   time.Time
	KeyID        string // "" only for writes made outside the API (none today)
	KeyName      string
	Action       access.Action
	ResourceType string // "standard", "organization", "key"
	ResourceID   string
	Before       json.RawMessage // null when the resource did not exist
	After        json.RawMessage // null when the resource was deleted
	RequestID    string
}

// Snapshot encodes a resource's state for Before or After; nil is null.
func Snapshot(v any) (json.RawMessage, error) {
	if v == nil {
		return json.RawMessage("null"), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit snapshot: %w", err)
	}
	return b, nil
}

// Filter narrows the audit log. Zero fields do not filter.
type Filter struct {
	ResourceType string
	ResourceID   string
	KeyID        string
	Action       access.Action
	From         time.Time // inclusive
	To           time.Time // exclusive
}
