package registry

import (
	"context"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
)

const resourceKey = "key"

// CreateKey makes a key and returns it with its secret, which exists only in
// this answer: the store keeps its hash.
func (s *Service) CreateKey(ctx context.Context, in access.Key) (access.Key, string, error) {
	if err := access.Authorize(access.CallerFrom(ctx), access.CreateKey, ""); err != nil {
		return access.Key{}, "", err
	}
	if err := in.Prepare(); err != nil {
		return access.Key{}, "", err
	}
	if in.OrganizationID != "" && checkID(fault.Msg("organization"), in.OrganizationID) != nil {
		return access.Key{}, "", fault.Invalid(fault.Field("organization_id", "organization %s does not exist", in.OrganizationID))
	}
	secret, prefix, hash := access.NewSecret()
	k := access.Key{
		ID: newID(), Name: in.Name, Role: in.Role, OrganizationID: in.OrganizationID,
		Prefix: prefix, Hash: hash, CreatedAt: s.now().UTC(),
	}
	ev, err := s.event(ctx, access.CreateKey, resourceKey, k.ID, nil, k)
	if err != nil {
		return access.Key{}, "", err
	}
	if err := s.store.CreateKey(ctx, k, ev); err != nil {
		return access.Key{}, "", err
	}
	return k, secret, nil
}

// Authenticate returns the caller a key stands for. Unknown, malformed and
// revoked keys are all "unauthorized", with no hint of which.
func (s *Service) Authenticate(ctx context.Context, secret string) (access.Caller, error) {
	refused := fault.Errorf(fault.CodeUnauthorized, "the API key is not valid")
	if !access.LooksLikeKey(secret) {
		return access.Caller{}, refused
	}
	k, err := s.store.KeyByHash(ctx, access.HashSecret(secret))
	if fault.CodeOf(err) == fault.CodeNotFound {
		return access.Caller{}, refused
	}
	if err != nil {
		return access.Caller{}, err
	}
	if k.RevokedAt != nil {
		return access.Caller{}, refused
	}
	// Record the use at most once a minute, judged from the record just
	// read: most requests then make no write at all (on SQLite a write
	// would take the database's write lock on every read).
	if now := s.now(); k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= time.Minute {
		if err := s.store.TouchKey(ctx, k.ID, now); err != nil {
			return access.Caller{}, err
		}
	}
	return access.Caller{KeyID: k.ID, KeyName: k.Name, Role: k.Role, OrganizationID: k.OrganizationID}, nil
}

// GetKey returns a key's record (never its secret).
func (s *Service) GetKey(ctx context.Context, id string) (access.Key, error) {
	if err := access.Authorize(access.CallerFrom(ctx), access.ReadKeys, ""); err != nil {
		return access.Key{}, err
	}
	if err := checkID(fault.Msg("key"), id); err != nil {
		return access.Key{}, err
	}
	return s.store.GetKey(ctx, id)
}

// ListKeys returns one page of keys, newest first.
func (s *Service) ListKeys(ctx context.Context, after *paging.Cursor, limit int) (paging.Page[access.Key], error) {
	if err := access.Authorize(access.CallerFrom(ctx), access.ReadKeys, ""); err != nil {
		return paging.Page[access.Key]{}, err
	}
	return s.store.ListKeys(ctx, after, limit)
}

// RevokeKey revokes a key for good; the record stays for the audit log.
func (s *Service) RevokeKey(ctx context.Context, id string, ifMatch Precondition) (access.Key, error) {
	if err := access.Authorize(access.CallerFrom(ctx), access.RevokeKey, ""); err != nil {
		return access.Key{}, err
	}
	if err := checkID(fault.Msg("key"), id); err != nil {
		return access.Key{}, err
	}
	return s.store.RevokeKey(ctx, id, func(current access.Key) (access.Key, audit.Event, error) {
		if err := checkPrecondition(fault.Msg("key"), id, ifMatch, current.Version()); err != nil {
			return access.Key{}, audit.Event{}, err
		}
		if current.RevokedAt != nil {
			return access.Key{}, audit.Event{}, fault.Errorf(fault.CodeConflict, "key %s was revoked on %s", id, current.RevokedAt.Format("2006-01-02"))
		}
		next := current
		now := s.now().UTC()
		next.RevokedAt = &now
		ev, err := s.event(ctx, access.RevokeKey, resourceKey, id, current, next)
		return next, ev, err
	})
}
