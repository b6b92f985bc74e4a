package registry

import (
	"context"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/logging"
	"stdreg/internal/paging"
)

// event builds the audit event of a write by the caller in ctx; before and
// after are the resource's states (nil when it did not or no longer exists).
func (s *Service) event(ctx context.Context, action access.Action, resourceType, resourceID string, before, after any) (audit.Event, error) {
	caller := access.CallerFrom(ctx)
	ev := audit.Event{
		ID: newID(), OccurredAt: s.now().UTC(), KeyID: caller.KeyID, KeyName: caller.KeyName,
		Action: action, ResourceType: resourceType, ResourceID: resourceID, RequestID: logging.RequestID(ctx),
	}
	var err error
	if ev.Before, err = audit.Snapshot(before); err != nil {
		return audit.Event{}, err
	}
	if ev.After, err = audit.Snapshot(after); err != nil {
		return audit.Event{}, err
	}
	return ev, nil
}

// ListAuditEvents returns one page of the audit log, newest first.
func (s *Service) ListAuditEvents(ctx context.Context, f audit.Filter, after *paging.Cursor, limit int) (paging.Page[audit.Event], error) {
	if err := access.Authorize(access.CallerFrom(ctx), access.ReadAudit, ""); err != nil {
		return paging.Page[audit.Event]{}, err
	}
	return s.store.ListAuditEvents(ctx, f, after, limit)
}
