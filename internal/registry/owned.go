package registry

import (
	"context"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// ownedKind is one kind of record an organization owns: projects, pilots,
// technical bodies. Their registration, change and deletion follow the
// same rules (admins, and editors of the owning organization, write; a
// write checks If-Match, then the role; every write is audited), which
// createOwned, changeOwned and allowDelete hold once.
type ownedKind[T any] struct {
	noun                   fault.Message // "project", in messages
	resource               string        // the audit log's resource type
	create, update, delete access.Action
	owner                  func(*T) *string // the owning organization's id
	prepare                func(*T, standard.Date) error
	// marks reads what every write sets, and mark sets it: the id, the
	// creation, the last change and the version.
	marks func(T) (id string, created time.Time, version int64)
	mark  func(r *T, id string, created, updated time.Time, version int64)
}

// createOwned registers in: an editor registers for its own organization
// (the default when none is given), anyone else for any; in is prepared,
// then check (when set) runs on it, then write stores it with its event.
func createOwned[T any](s *Service, ctx context.Context, k ownedKind[T], in T, check func(T) error, write func(context.Context, T, audit.Event) error) (T, error) {
	var zero T
	caller := access.CallerFrom(ctx)
	if caller.Role == access.RoleEditor && *k.owner(&in) == "" {
		*k.owner(&in) = caller.OrganizationID
	}
	if err := access.Authorize(caller, k.create, *k.owner(&in)); err != nil {
		return zero, err
	}
	if err := k.prepare(&in, s.today()); err != nil {
		return zero, err
	}
	if check != nil {
		if err := check(in); err != nil {
			return zero, err
		}
	}
	now := s.now().UTC()
	id := newID()
	k.mark(&in, id, now, now, 1)
	ev, err := s.event(ctx, k.create, k.resource, id, nil, in)
	if err != nil {
		return zero, err
	}
	if err := write(ctx, in, ev); err != nil {
		return zero, err
	}
	return in, nil
}

// checkOwnedTarget runs the checks of a change or deletion of record id
// before the store is asked: a key (401), then an id that can exist (404).
func checkOwnedTarget[T any](ctx context.Context, k ownedKind[T], action access.Action, id string) error {
	if err := needKey(ctx, action); err != nil {
		return err
	}
	return checkID(k.noun, id)
}

// changeOwned is the change the store applies, in its transaction, to the
// locked current state of record id: If-Match (412), the caller's role on
// the owner (403), change, the role on a new owner, prepare, then check
// (when set) on current and next; next gets the marks of a change and the
// event that records it.
func changeOwned[T any](s *Service, ctx context.Context, k ownedKind[T], id string, ifMatch Precondition,
	change func(T) (T, error), check func(current, next T) error) func(T) (T, audit.Event, error) {
	return func(current T) (T, audit.Event, error) {
		var zero T
		currentID, created, version := k.marks(current)
		if err := guardOwnedWrite(ctx, k.noun, k.update, id, *k.owner(&current), version, ifMatch); err != nil {
			return zero, audit.Event{}, err
		}
		next, err := change(current)
		if err != nil {
			return zero, audit.Event{}, err
		}
		if *k.owner(&next) != *k.owner(&current) {
			if err := access.Authorize(access.CallerFrom(ctx), k.update, *k.owner(&next)); err != nil {
				return zero, audit.Event{}, err
			}
		}
		if err := k.prepare(&next, s.today()); err != nil {
			return zero, audit.Event{}, err
		}
		if check != nil {
			if err := check(current, next); err != nil {
				return zero, audit.Event{}, err
			}
		}
		k.mark(&next, currentID, created, s.now().UTC(), version+1)
		ev, err := s.event(ctx, k.update, k.resource, id, current, next)
		return next, ev, err
	}
}

// allowDelete is the store's question, in its transaction, whether record
// id may go: If-Match (412), the caller's role on the owner (403), then
// rule (409 and the like); yes comes with the event that records it.
func allowDelete[T any](s *Service, ctx context.Context, k ownedKind[T], id string, ifMatch Precondition, rule func(T) error) func(T) (audit.Event, error) {
	return func(current T) (audit.Event, error) {
		_, _, version := k.marks(current)
		if err := guardOwnedWrite(ctx, k.noun, k.delete, id, *k.owner(&current), version, ifMatch); err != nil {
			return audit.Event{}, err
		}
		if err := rule(current); err != nil {
			return audit.Event{}, err
		}
		return s.event(ctx, k.delete, k.resource, id, current, nil)
	}
}

// guardOwnedWrite: the version (412), then the role on the record's
// owner (403). A write without a key was refused before.
func guardOwnedWrite(ctx context.Context, what fault.Message, action access.Action, id, owner string, version int64, ifMatch Precondition) error {
	if err := checkPrecondition(what, id, ifMatch, version); err != nil {
		return err
	}
	return access.Authorize(access.CallerFrom(ctx), action, owner)
}
