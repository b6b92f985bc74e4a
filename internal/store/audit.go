package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/paging"
)

// auditRow is the append-only audit_events table.
type auditRow struct {
	ID           string `gorm:"primaryKey;type:uuid"`
	OccurredAt   time.Time
	KeyID        *string `gorm:"type:uuid"`
	KeyName      string
	Action       string
	ResourceType string
	ResourceID   string
	Before       *string
	After        *string
	RequestID    string
}

func (auditRow) TableName() string { return "audit_events" }

// appendEvent writes an event in the caller's transaction, so the event
// exists exactly when the change it records does.
func appendEvent(tx *gorm.DB, ev audit.Event) error {
	row := toAuditRow(ev)
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("append audit event %s: %w", ev.Action, err)
	}
	return nil
}

func toAuditRow(ev audit.Event) auditRow {
	return auditRow{
		ID: ev.ID, OccurredAt: ev.OccurredAt.UTC(), KeyID: nullable(ev.KeyID), KeyName: ev.KeyName,
		Action: string(ev.Action), ResourceType: ev.ResourceType, ResourceID: ev.ResourceID,
		Before: jsonColumn(ev.Before), After: jsonColumn(ev.After), RequestID: ev.RequestID,
	}
}

func jsonColumn(raw json.RawMessage) *string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	s := string(raw)
	return &s
}

func toEvent(r auditRow) audit.Event {
	ev := audit.Event{
		ID: r.ID, OccurredAt: r.OccurredAt.UTC(), KeyID: deref(r.KeyID), KeyName: r.KeyName,
		Action: access.Action(r.Action), ResourceType: r.ResourceType, ResourceID: r.ResourceID,
		Before: json.RawMessage("null"), After: json.RawMessage("null"), RequestID: r.RequestID,
	}
	if r.Before != nil {
		ev.Before = json.RawMessage(*r.Before)
	}
	if r.After != nil {
		ev.After = json.RawMessage(*r.After)
	}
	return ev
}

// ListAuditEvents returns one page of events, newest first.
func (s *Store) ListAuditEvents(ctx context.Context, f audit.Filter, after *paging.Cursor, limit int) (paging.Page[audit.Event], error) {
	db := s.db.WithContext(ctx).Model(&auditRow{})
	for _, eq := range []struct{ column, value string }{
		{"resource_type", f.ResourceType}, {"resource_id", f.ResourceID}, {"key_id", f.KeyID}, {"action", string(f.Action)},
	} {
		if eq.value != "" {
			db = db.Where(eq.column+" = ?", eq.value)
		}
	}
	if !f.From.IsZero() {
		db = db.Where("occurred_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		db = db.Where("occurred_at < ?", f.To.UTC())
	}
	rows, next, err := fetchPage(keysetByID(db, true, after), limit, func(r auditRow) *paging.Cursor { return byID(r.ID) })
	if err != nil {
		return paging.Page[audit.Event]{}, listError("audit events", err)
	}
	return convertPage(rows, next, toEvent), nil
}
