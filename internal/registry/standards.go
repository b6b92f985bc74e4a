package registry

import (
	"context"
	"fmt"
	"slices"

	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// CreateStandard registers a standard or a draft. in carries the client's
// fields; the registry assigns id, times and version.
func (s *Service) CreateStandard(ctx context.Context, in standard.Standard) (standard.Standard, error) {
	if err := authorize(ctx, ActionCreateStandard, in.OrganizationID); err != nil {
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
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	if err := s.store.CreateStandard(ctx, in); err != nil {
		return standard.Standard{}, err
	}
	return in, nil
}

// GetStandard returns one standard.
func (s *Service) GetStandard(ctx context.Context, id string) (standard.Standard, error) {
	if err := checkID("standard", id); err != nil {
		return standard.Standard{}, err
	}
	return s.store.GetStandard(ctx, id)
}

// LookupStandard finds the standard with a number written in any form.
func (s *Service) LookupStandard(ctx context.Context, code string) (standard.Standard, error) {
	c, err := stdcode.Parse(code)
	if err != nil {
		return standard.Standard{}, standard.Invalid(standard.FieldError{Field: "code", Message: err.(*stdcode.ParseError).Reason})
	}
	return s.store.GetStandardByCode(ctx, c.Normalized)
}

// UpdateStandard applies change to the current state of a standard (a merge
// patch, for the HTTP layer) and stores the result if it is valid. Fields
// that follow from the stage moves cannot be changed here.
func (s *Service) UpdateStandard(ctx context.Context, id string, ifMatch Precondition, change func(standard.Standard) (standard.Standard, error)) (standard.Standard, error) {
	if err := checkID("standard", id); err != nil {
		return standard.Standard{}, err
	}
	return s.store.UpdateStandard(ctx, id, func(current standard.Standard) (standard.Standard, error) {
		if err := checkPrecondition("standard", id, ifMatch, current.Version); err != nil {
			return standard.Standard{}, err
		}
		if err := authorize(ctx, ActionUpdateStandard, current.OrganizationID); err != nil {
			return standard.Standard{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.Standard{}, err
		}
		if next.OrganizationID != current.OrganizationID {
			if err := authorize(ctx, ActionUpdateStandard, next.OrganizationID); err != nil {
				return standard.Standard{}, err
			}
			if err := checkOrganizationRef(next.OrganizationID); err != nil {
				return standard.Standard{}, err
			}
		}
		next.Stage, next.ApprovedOn, next.PublishedOn, next.WithdrawnOn = current.Stage, current.ApprovedOn, current.PublishedOn, current.WithdrawnOn
		if err := next.Prepare(s.today()); err != nil {
			return standard.Standard{}, err
		}
		next.UpdatedAt = s.now().UTC()
		return next, nil
	})
}

// DeleteStandard deletes a draft whose project is not yet approved.
// Anything further along is part of the record: published standards are
// withdrawn, drafts are terminated, never deleted.
func (s *Service) DeleteStandard(ctx context.Context, id string, ifMatch Precondition) error {
	if err := checkID("standard", id); err != nil {
		return err
	}
	return s.store.DeleteStandard(ctx, id, func(current standard.Standard) error {
		if err := checkPrecondition("standard", id, ifMatch, current.Version); err != nil {
			return err
		}
		if err := authorize(ctx, ActionDeleteStandard, current.OrganizationID); err != nil {
			return err
		}
		if !current.Stage.Deletable() {
			return standard.Errorf(standard.CodeConflict, "standard %s is in %s; only a draft in preliminary or proposal can be deleted (a published standard is withdrawn, a draft terminated)", id, current.Stage)
		}
		return nil
	})
}

// ListStandards returns one page of standards.
func (s *Service) ListStandards(ctx context.Context, q standard.ListQuery) (standard.Page[standard.Standard], error) {
	return s.store.ListStandards(ctx, q)
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
