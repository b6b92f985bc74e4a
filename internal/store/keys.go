package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
)

// keyRow is the api_keys table: the key's hash, never the key.
type keyRow struct {
	ID             string `gorm:"primaryKey;type:uuid"`
	Name           string
	Role           string
	OrganizationID *string `gorm:"type:uuid"`
	Prefix         string
	Hash           string
	CreatedAt      time.Time `gorm:"autoCreateTime:false"`
	LastUsedAt     *time.Time
	RevokedAt      *time.Time
}

func (keyRow) TableName() string { return "api_keys" }

func toKeyRow(k access.Key) keyRow {
	return keyRow{
		ID: k.ID, Name: k.Name, Role: string(k.Role), OrganizationID: nullable(k.OrganizationID),
		Prefix: k.Prefix, Hash: k.Hash, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt,
	}
}

func toKey(r keyRow) access.Key {
	k := access.Key{
		ID: r.ID, Name: r.Name, Role: access.Role(r.Role), OrganizationID: deref(r.OrganizationID),
		Prefix: r.Prefix, Hash: r.Hash, CreatedAt: r.CreatedAt.UTC(),
	}
	if r.LastUsedAt != nil {
		t := r.LastUsedAt.UTC()
		k.LastUsedAt = &t
	}
	if r.RevokedAt != nil {
		t := r.RevokedAt.UTC()
		k.RevokedAt = &t
	}
	return k
}

// CreateKey stores a key's hash and records the event.
func (s *Store) CreateKey(ctx context.Context, k access.Key, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := toKeyRow(k)
		if err := tx.Create(&row).Error; err != nil {
			if kind, _ := s.dialect.violation(err); kind == foreignKeyViolation {
				return fault.Invalid(fault.Field("organization_id", "organization %s does not exist", k.OrganizationID))
			}
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("create key %s: %w", k.ID, err)
	}
	return nil
}

// keyByHash reads a key by its hash ($1 on both databases).
const keyByHash = "SELECT id, name, role, organization_id, prefix, hash, created_at, last_used_at, revoked_at FROM api_keys WHERE hash = $1"

// KeyByHash finds the key with the hash, revoked or not. Every request
// that carries a key makes this read, so it runs past GORM, as the reads
// of one standard do (readStandard): GORM's reflection cost more than
// the lookup, about a tenth of the CPU of the HTTP tests. It reads the
// primary: a key revoked a moment ago must be refused at once, and one
// just created accepted, whatever a replica has replayed.
func (s *Store) KeyByHash(ctx context.Context, hash string) (access.Key, error) {
	var (
		row                 keyRow
		organization        pgtype.Text
		lastUsed, revokedAt sql.NullTime
	)
	if err := s.tracedRow(ctx, keyByHash, func(ctx context.Context) error {
		return s.dialect.queryRow(ctx, s.sqlDB, keyByHash, []any{hash},
			[]any{&row.ID, &row.Name, &row.Role, &organization, &row.Prefix, &row.Hash, &row.CreatedAt, &lastUsed, &revokedAt})
	}); err != nil {
		return access.Key{}, fmt.Errorf("find key: %w", notFound(err, fault.Msg("key"), "with this secret"))
	}
	row.OrganizationID = textOrNil(&organization)
	if lastUsed.Valid {
		row.LastUsedAt = &lastUsed.Time
	}
	if revokedAt.Valid {
		row.RevokedAt = &revokedAt.Time
	}
	return toKey(row), nil
}

// GetKey loads one key.
func (s *Store) GetKey(ctx context.Context, id string) (access.Key, error) {
	var row keyRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return access.Key{}, fmt.Errorf("load key %s: %w", id, notFound(err, fault.Msg("key"), id))
	}
	return toKey(row), nil
}

// ListKeys returns one page of keys, newest first.
func (s *Store) ListKeys(ctx context.Context, after *paging.Cursor, limit int) (paging.Page[access.Key], error) {
	query := keysetByID(s.db.WithContext(ctx).Model(&keyRow{}), true, after)
	rows, next, err := fetchPage(query, limit, func(r keyRow) *paging.Cursor { return byID(r.ID) })
	if err != nil {
		return paging.Page[access.Key]{}, listError("keys", err)
	}
	return convertPage(rows, next, toKey), nil
}

// RevokeKey marks a key revoked in one transaction with its event; change
// decides from the current key (and may refuse).
func (s *Store) RevokeKey(ctx context.Context, id string, change func(current access.Key) (access.Key, audit.Event, error)) (access.Key, error) {
	var next access.Key
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[keyRow](s, tx, fault.Msg("key"), id)
		if err != nil {
			return err
		}
		var ev audit.Event
		if next, ev, err = change(toKey(row)); err != nil {
			return err
		}
		if err := tx.Model(&keyRow{}).Where("id = ?", id).Update("revoked_at", next.RevokedAt).Error; err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return access.Key{}, fmt.Errorf("revoke key %s: %w", id, err)
	}
	return next, nil
}

// TouchKey records that a key was used, at most once per minute per key so
// that reads do not turn into writes.
func (s *Store) TouchKey(ctx context.Context, id string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&keyRow{}).
		Where("id = ? AND (last_used_at IS NULL OR last_used_at < ?)", id, at.Add(-time.Minute).UTC()).
		Update("last_used_at", at.UTC()).Error
	if err != nil {
		return fmt.Errorf("touch key %s: %w", id, err)
	}
	return nil
}
