package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/feed"
	"stdreg/internal/standard"
)

// changeRow is the changes table, the change feed's outbox (migration
// 00025): one row per change to a standard or an organization, written in
// the transaction that makes the change. On PostgreSQL the table also
// keeps the writing transaction's id, which the database fills
// (dialect.feedColumns).
type changeRow struct {
	ID           int64 `gorm:"primaryKey;autoIncrement"`
	At           time.Time
	ResourceType string
	ResourceID   string `gorm:"type:uuid"`
	Action       string
	Version      int64
	// Public: the record was public (past approval, or an organization)
	// before or after the change, so everyone may see the change.
	Public bool
	// The record's organization before and after the change: an editor
	// sees the changes of its own organization's unapproved drafts.
	OwnerBefore *string `gorm:"type:uuid"`
	OwnerAfter  *string `gorm:"type:uuid"`
}

func (changeRow) TableName() string { return "changes" }

// changeOf is the change an audit event records, at version.
func changeOf(ev audit.Event, version int64) changeRow {
	_, action, _ := strings.Cut(string(ev.Action), ".") // "standard.move" → "move"
	return changeRow{
		At: ev.OccurredAt.UTC(), ResourceType: ev.ResourceType, ResourceID: ev.ResourceID,
		Action: action, Version: version, Public: true,
	}
}

// organizationChange is the change of an organization: always public.
func organizationChange(ev audit.Event, version int64) changeRow { return changeOf(ev, version) }

// standardChange is the change of a standard from before to after (nil
// when it did not, or no longer, exist). A deletion's version is one past
// the last, so that every change of a record has a version of its own.
func standardChange(ev audit.Event, before, after *standard.Standard) changeRow {
	var version int64
	if after != nil {
		version = after.Version
	} else if before != nil {
		version = before.Version + 1
	}
	row := changeOf(ev, version)
	row.Public = false
	for _, s := range []*standard.Standard{before, after} {
		if s != nil && (standard.Visibility{}).Shows(*s) {
			row.Public = true
		}
	}
	if before != nil {
		row.OwnerBefore = nullable(before.OrganizationID)
	}
	if after != nil {
		row.OwnerAfter = nullable(after.OrganizationID)
	}
	return row
}

// commitChanges records a transaction's changes in the feed and stamps
// the transaction with its commit position (dialect.stampCommit). It is
// the transaction's last statement: on PostgreSQL the stamp holds a lock
// that orders the commits of every writer until this transaction ends.
func (s *Store) commitChanges(tx *gorm.DB, changes ...changeRow) error {
	if err := insertChanges(tx, changes); err != nil {
		return err
	}
	return s.dialect.stampCommit(tx)
}

// insertChanges writes changes, in their order, in the caller's transaction.
func insertChanges(tx *gorm.DB, changes []changeRow) error {
	if len(changes) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(&changes, 100).Error; err != nil {
		return fmt.Errorf("record changes: %w", err)
	}
	return nil
}

// feedRow is a change as the feed reads it, with its commit position.
type feedRow struct {
	CommitPosition int64
	ID             int64
	At             time.Time
	ResourceType   string
	ResourceID     string
	Action         string
	Version        int64
}

// ListChanges returns the changes after q.After that q.Visible shows, in
// the order their transactions committed, at most q.Limit of them.
func (s *Store) ListChanges(ctx context.Context, q feed.Query) (feed.Page, error) {
	visible, args := visibleChanges(q.Visible)
	rows, err := s.dialect.readChanges(s.db.WithContext(ctx), q.After, q.Limit, visible, args)
	if err != nil {
		return feed.Page{}, listError("changes", err)
	}
	page := feed.Page{Items: make([]feed.Change, len(rows)), Next: q.After}
	for i, r := range rows {
		page.Items[i] = feed.Change{
			Position: feed.Position{Commit: r.CommitPosition, Seq: r.ID}, At: r.At.UTC(),
			ResourceType: r.ResourceType, ResourceID: r.ResourceID, Action: feed.Action(r.Action), Version: r.Version,
		}
		page.Next = page.Items[i].Position
	}
	return page, nil
}

// visibleChanges is the condition, on the changes table as c, that a
// change is one v shows: the rule of standard.Visibility, on both states.
func visibleChanges(v standard.Visibility) (string, []any) {
	switch {
	case v.AllDrafts:
		return "TRUE", nil
	case v.DraftsOf != "":
		return "(c.public OR c.owner_before = ? OR c.owner_after = ?)", []any{v.DraftsOf, v.DraftsOf}
	}
	return "c.public", nil
}

// recordLoaded enters every organization and standard in the feed as
// created, organizations first, in one transaction: what migration 00025
// does for the records that existed before it, for those a bulk load
// wrote past the feed.
func (s *Store) recordLoaded(ctx context.Context) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		const insert = "INSERT INTO changes (at, resource_type, resource_id, action, version, public, owner_before, owner_after) "
		if err := tx.Exec(insert+"SELECT updated_at, ?, id, ?, version, ?, NULL, NULL FROM organizations ORDER BY created_at, id",
			feed.Organization, feed.Create, true).Error; err != nil {
			return err
		}
		if err := tx.Exec(insert+"SELECT updated_at, ?, id, ?, version, stage NOT IN ?, NULL, organization_id FROM standards ORDER BY created_at, id",
			feed.Standard, feed.Create, privateStages).Error; err != nil {
			return err
		}
		return s.dialect.stampCommit(tx)
	})
	if err != nil {
		return fmt.Errorf("record the loaded records in the change feed: %w", err)
	}
	return nil
}
