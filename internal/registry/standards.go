package registry

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

const resourceStandard = "standard"

// CreateStandard registers a standard or a draft. in carries the client's
// fields; the registry assigns id, times and version. An editor registers
// for its own organization, which is the default owner of its records.
func (s *Service) CreateStandard(ctx context.Context, in standard.Standard) (standard.Standard, error) {
	in, err := s.prepareNew(ctx, in)
	if err != nil {
		return standard.Standard{}, err
	}
	in, registration, ev, err := s.register(ctx, in)
	if err != nil {
		return standard.Standard{}, err
	}
	if err := s.store.CreateStandard(ctx, in, registration, ev); err != nil {
		return standard.Standard{}, err
	}
	return in, nil
}

// prepareNew checks a new record as every registration does, a POST's or
// an import's row's: the caller may register it, it starts in a stage a
// record may start in, and its fields are valid (normalized in place).
func (s *Service) prepareNew(ctx context.Context, in standard.Standard) (standard.Standard, error) {
	caller := access.CallerFrom(ctx)
	if caller.Role == access.RoleEditor && in.OrganizationID == "" {
		in.OrganizationID = caller.OrganizationID
	}
	if err := access.Authorize(caller, access.CreateStandard, in.OrganizationID); err != nil {
		return standard.Standard{}, err
	}
	if err := checkOrganizationRef(in.OrganizationID); err != nil {
		return standard.Standard{}, err
	}
	if in.Stage == "" {
		in.Stage = standard.StageProposal
	}
	if !slices.Contains(standard.InitialStages, in.Stage) {
		return standard.Standard{}, standard.Invalid(standard.FieldError{Field: "stage",
			Message: fmt.Sprintf("a record starts in preliminary, proposal or published; %s is reached through transitions", in.Stage)})
	}
	if err := in.Prepare(s.today()); err != nil {
		return standard.Standard{}, err
	}
	return in, nil
}

// register gives a prepared record its identity, the first entry of its
// history and the audit event of its registration.
func (s *Service) register(ctx context.Context, in standard.Standard) (standard.Standard, standard.Transition, audit.Event, error) {
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	ev, err := s.event(ctx, access.CreateStandard, resourceStandard, in.ID, nil, in)
	if err != nil {
		return standard.Standard{}, standard.Transition{}, audit.Event{}, err
	}
	// The registration opens the history. A standard registered published
	// carries its publication day, so later moves cannot predate it; a
	// draft's registration has no day, so its earlier history can be
	// backfilled.
	registration := standard.Transition{
		ID: newID(), StandardID: in.ID, To: in.Stage, OccurredOn: in.PublishedOn, RecordedAt: now,
		KeyID: ev.KeyID, Actor: ev.KeyName, Note: "registered",
	}
	return in, registration, ev, nil
}

// GetStandard returns one standard. An unapproved draft the caller may not
// see is not found, so its existence does not leak.
func (s *Service) GetStandard(ctx context.Context, id string) (standard.Standard, error) {
	if err := checkID("standard", id); err != nil {
		return standard.Standard{}, err
	}
	st, err := s.store.GetStandard(ctx, id)
	if err != nil {
		return standard.Standard{}, err
	}
	if err := visible(ctx, st); err != nil {
		return standard.Standard{}, err
	}
	return st, nil
}

// LookupStandard finds the standard with a number written in any form.
func (s *Service) LookupStandard(ctx context.Context, code string) (standard.Standard, error) {
	c, err := stdcode.Parse(code)
	if err != nil {
		var pe *stdcode.ParseError
		errors.As(err, &pe)
		return standard.Standard{}, standard.Invalid(standard.FieldError{Field: "code", Message: pe.Reason})
	}
	st, err := s.store.GetStandardByCode(ctx, c.Normalized)
	if err != nil {
		return standard.Standard{}, err
	}
	if err := visible(ctx, st); err != nil {
		return standard.Standard{}, fmt.Errorf("look up standard %s: %w", c.Normalized, err)
	}
	return st, nil
}

// visible answers "not found" for an unapproved draft the caller may not see.
func visible(ctx context.Context, st standard.Standard) error {
	if st.Stage.IsPrivateDraft() && !access.CallerFrom(ctx).SeesDraftsOf(st.OrganizationID) {
		return standard.Errorf(standard.CodeNotFound, "standard %s not found", st.ID)
	}
	return nil
}

// guardWrite runs the checks every write of an existing standard makes, in
// an order that leaks nothing: a write needs a key at all (401), a draft the
// caller may not see does not exist for it (404), a stale If-Match fails
// (412), and only then does the role decide (403).
func guardWrite(ctx context.Context, action access.Action, current standard.Standard, ifMatch Precondition) error {
	caller := access.CallerFrom(ctx)
	if caller.Anonymous() {
		return access.Authorize(caller, action, current.OrganizationID)
	}
	if err := visible(ctx, current); err != nil {
		return err
	}
	if err := checkPrecondition("standard", current.ID, ifMatch, current.Version); err != nil {
		return err
	}
	return access.Authorize(caller, action, current.OrganizationID)
}

// UpdateStandard applies change to the current state of a standard (a merge
// patch, for the HTTP layer) and stores the result if it is valid. Fields
// that follow from the stage moves cannot be changed here.
func (s *Service) UpdateStandard(ctx context.Context, id string, ifMatch Precondition, change func(standard.Standard) (standard.Standard, error)) (standard.Standard, error) {
	if err := checkID("standard", id); err != nil {
		return standard.Standard{}, err
	}
	return s.store.UpdateStandard(ctx, id, func(current standard.Standard) (standard.Standard, audit.Event, error) {
		if err := guardWrite(ctx, access.UpdateStandard, current, ifMatch); err != nil {
			return standard.Standard{}, audit.Event{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.Standard{}, audit.Event{}, err
		}
		if next.OrganizationID != current.OrganizationID {
			if err := access.Authorize(access.CallerFrom(ctx), access.UpdateStandard, next.OrganizationID); err != nil {
				return standard.Standard{}, audit.Event{}, err
			}
			if err := checkOrganizationRef(next.OrganizationID); err != nil {
				return standard.Standard{}, audit.Event{}, err
			}
		}
		next.Stage, next.ApprovedOn, next.SubmittedOn, next.PublishedOn, next.WithdrawnOn = current.Stage, current.ApprovedOn, current.SubmittedOn, current.PublishedOn, current.WithdrawnOn
		if err := next.Prepare(s.today()); err != nil {
			return standard.Standard{}, audit.Event{}, err
		}
		next.ID, next.CreatedAt, next.Version, next.UpdatedAt = current.ID, current.CreatedAt, current.Version+1, s.now().UTC()
		ev, err := s.event(ctx, access.UpdateStandard, resourceStandard, id, current, next)
		return next, ev, err
	})
}

// DeleteStandard deletes a draft whose project is not yet approved.
// Anything further along is part of the record: published standards are
// withdrawn, drafts are terminated, never deleted.
func (s *Service) DeleteStandard(ctx context.Context, id string, ifMatch Precondition) error {
	if err := checkID("standard", id); err != nil {
		return err
	}
	return s.store.DeleteStandard(ctx, id, func(current standard.Standard) (audit.Event, error) {
		if err := guardWrite(ctx, access.DeleteStandard, current, ifMatch); err != nil {
			return audit.Event{}, err
		}
		if !current.Stage.Deletable() {
			return audit.Event{}, standard.Errorf(standard.CodeConflict, "standard %s is in %s; only a draft in preliminary or proposal can be deleted (a published standard is withdrawn, a draft terminated)", id, current.Stage)
		}
		return s.event(ctx, access.DeleteStandard, resourceStandard, id, current, nil)
	})
}

// ListStandards returns one page of the standards the caller may see.
func (s *Service) ListStandards(ctx context.Context, q standard.ListQuery) (standard.Page[standard.Standard], error) {
	q.Filter.Visible = access.CallerFrom(ctx).Visibility()
	return s.store.ListStandards(ctx, q)
}

// Facets counts the standards the caller may see that the filter selects,
// by each facet named.
func (s *Service) Facets(ctx context.Context, f standard.Filter, names []string) (map[string][]standard.FacetCount, error) {
	f.Visible = access.CallerFrom(ctx).Visibility()
	return s.store.Facets(ctx, f, names)
}

// checkOrganizationRef rejects an organization id that cannot exist; one that
// could but does not is refused by the store's foreign key.
func checkOrganizationRef(id string) error {
	if id == "" {
		return nil
	}
	if checkID("organization", id) != nil {
		return standard.Invalid(standard.FieldError{Field: "organization_id", Message: fmt.Sprintf("organization %s does not exist", id)})
	}
	return nil
}

// ExportStandards calls each with every standard the caller may see that q
// selects, in q's order, in flat memory however many there are. q.After
// and q.Limit are ignored.
func (s *Service) ExportStandards(ctx context.Context, q standard.ListQuery, each func(standard.Standard) error) error {
	q.Filter.Visible = access.CallerFrom(ctx).Visibility()
	return s.store.ExportStandards(ctx, q, each)
}

// AuthorizeImport answers whether the caller may import at all, before a
// file is read: editors (for their organization) and admins may.
func (s *Service) AuthorizeImport(ctx context.Context) error {
	caller := access.CallerFrom(ctx)
	return access.Authorize(caller, access.CreateStandard, caller.OrganizationID)
}
