package registry

import (
	"context"
	"fmt"
	"slices"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const resourceProject = "project"

// CreateProject registers a science and technology project. An editor
// registers for its own organization (the default when none is given).
func (s *Service) CreateProject(ctx context.Context, in standard.Project) (standard.Project, error) {
	caller := access.CallerFrom(ctx)
	if caller.Role == access.RoleEditor && in.OrganizationID == "" {
		in.OrganizationID = caller.OrganizationID
	}
	if err := access.Authorize(caller, access.CreateProject, in.OrganizationID); err != nil {
		return standard.Project{}, err
	}
	if err := in.Prepare(s.today()); err != nil {
		return standard.Project{}, err
	}
	if err := s.checkProjectStandards(ctx, in.StandardIDs, nil); err != nil {
		return standard.Project{}, err
	}
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	ev, err := s.event(ctx, access.CreateProject, resourceProject, in.ID, nil, in)
	if err != nil {
		return standard.Project{}, err
	}
	if err := s.store.CreateProject(ctx, in, ev); err != nil {
		return standard.Project{}, err
	}
	return in, nil
}

// checkProjectStandards refuses, naming each, the standards in ids that do
// not exist or that the caller may not see (for it they do not exist);
// those in kept, already the project's, are not asked about again.
func (s *Service) checkProjectStandards(ctx context.Context, ids []string, kept []string) error {
	var ask []string
	for _, id := range ids {
		if !slices.Contains(kept, id) {
			ask = append(ask, id)
		}
	}
	found, err := s.store.LinkedStandards(ctx, ask)
	if err != nil {
		return err
	}
	visible := access.CallerFrom(ctx).Visibility()
	seen := make(map[string]bool, len(found))
	for _, l := range found {
		seen[l.ID] = visible.ShowsDraftsOf(l.OrganizationID) || !l.Stage.IsPrivateDraft()
	}
	var fe fault.FieldErrors
	for i, id := range ids {
		if !slices.Contains(kept, id) && !seen[id] {
			fe.Add(fmt.Sprintf("standard_ids[%d]", i), "standard %s does not exist", id)
		}
	}
	return fe.Err()
}

// visibleLinks leaves in a project's standard_ids only the standards the
// caller may see: a project is public, an unapproved draft it names is
// not.
func visibleLinks(ctx context.Context, p standard.Project) standard.Project {
	visible := access.CallerFrom(ctx).Visibility()
	ids := make([]string, 0, len(p.Links))
	for _, l := range p.Links {
		if !l.Stage.IsPrivateDraft() || visible.ShowsDraftsOf(l.OrganizationID) {
			ids = append(ids, l.ID)
		}
	}
	p.StandardIDs = ids
	return p
}

// GetProject returns one project.
func (s *Service) GetProject(ctx context.Context, id string) (standard.Project, error) {
	if err := checkID(fault.Msg("project"), id); err != nil {
		return standard.Project{}, err
	}
	p, err := s.store.GetProject(ctx, id)
	if err != nil {
		return standard.Project{}, err
	}
	return visibleLinks(ctx, p), nil
}

// guardOwnedWrite: the version (412), then the role on the record's
// owner (403). A write without a key was refused before.
func guardOwnedWrite(ctx context.Context, what fault.Message, action access.Action, id, owner string, version int64, ifMatch Precondition) error {
	if err := checkPrecondition(what, id, ifMatch, version); err != nil {
		return err
	}
	return access.Authorize(access.CallerFrom(ctx), action, owner)
}

// UpdateProject applies change to a project's current state. The
// standards change adds are checked before the store's transaction, on
// the state read then; if another write changed the project meanwhile,
// so that change adds others, the update fails as a stale If-Match would.
func (s *Service) UpdateProject(ctx context.Context, id string, ifMatch Precondition, change func(standard.Project) (standard.Project, error)) (standard.Project, error) {
	if err := needKey(ctx, access.UpdateProject); err != nil {
		return standard.Project{}, err
	}
	if err := checkID(fault.Msg("project"), id); err != nil {
		return standard.Project{}, err
	}
	before, err := s.store.GetProject(ctx, id)
	if err != nil {
		return standard.Project{}, err
	}
	if err := guardOwnedWrite(ctx, fault.Msg("project"), access.UpdateProject, id, before.OrganizationID, before.Version, ifMatch); err != nil {
		return standard.Project{}, err
	}
	planned, err := change(before)
	if err != nil {
		return standard.Project{}, err
	}
	if err := planned.Prepare(s.today()); err != nil {
		return standard.Project{}, err
	}
	if err := s.checkProjectStandards(ctx, planned.StandardIDs, before.StandardIDs); err != nil {
		return standard.Project{}, err
	}
	checked := append(slices.Clone(before.StandardIDs), planned.StandardIDs...)
	updated, err := s.store.UpdateProject(ctx, id, func(current standard.Project) (standard.Project, audit.Event, error) {
		if err := guardOwnedWrite(ctx, fault.Msg("project"), access.UpdateProject, id, current.OrganizationID, current.Version, ifMatch); err != nil {
			return standard.Project{}, audit.Event{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.Project{}, audit.Event{}, err
		}
		if next.OrganizationID != current.OrganizationID {
			if err := access.Authorize(access.CallerFrom(ctx), access.UpdateProject, next.OrganizationID); err != nil {
				return standard.Project{}, audit.Event{}, err
			}
		}
		if err := next.Prepare(s.today()); err != nil {
			return standard.Project{}, audit.Event{}, err
		}
		for _, sid := range next.StandardIDs {
			if !slices.Contains(checked, sid) && !slices.Contains(current.StandardIDs, sid) {
				return standard.Project{}, audit.Event{}, fault.Errorf(fault.CodePreconditionFailed, "project %s was changed by another request; read it again", id)
			}
		}
		next.ID, next.CreatedAt, next.Version, next.UpdatedAt = current.ID, current.CreatedAt, current.Version+1, s.now().UTC()
		ev, err := s.event(ctx, access.UpdateProject, resourceProject, id, current, next)
		return next, ev, err
	})
	if err != nil {
		return standard.Project{}, err
	}
	return s.GetProject(ctx, updated.ID)
}

// DeleteProject deletes a project not yet accepted: an accepted project
// counts in the plan's figures, and is corrected, not removed.
func (s *Service) DeleteProject(ctx context.Context, id string, ifMatch Precondition) error {
	if err := needKey(ctx, access.DeleteProject); err != nil {
		return err
	}
	if err := checkID(fault.Msg("project"), id); err != nil {
		return err
	}
	return s.store.DeleteProject(ctx, id, func(current standard.Project) (audit.Event, error) {
		if err := guardOwnedWrite(ctx, fault.Msg("project"), access.DeleteProject, id, current.OrganizationID, current.Version, ifMatch); err != nil {
			return audit.Event{}, err
		}
		if !current.AcceptedOn.IsZero() {
			return audit.Event{}, fault.Errorf(fault.CodeConflict, "project %s was accepted on %s and counts in the plan's figures; correct it rather than delete it", id, current.AcceptedOn)
		}
		return s.event(ctx, access.DeleteProject, resourceProject, id, current, nil)
	})
}

// ListProjects returns one page of projects. A filter on a standard the
// caller may not see selects nothing, as the standard does not exist for
// it.
func (s *Service) ListProjects(ctx context.Context, q standard.ProjectQuery) (paging.Page[standard.Project], error) {
	if id := q.Filter.StandardID; id != "" {
		found, err := s.store.LinkedStandards(ctx, []string{id})
		if err != nil {
			return paging.Page[standard.Project]{}, err
		}
		visible := access.CallerFrom(ctx).Visibility()
		if len(found) == 0 || (found[0].Stage.IsPrivateDraft() && !visible.ShowsDraftsOf(found[0].OrganizationID)) {
			return paging.Page[standard.Project]{Items: []standard.Project{}}, nil
		}
	}
	page, err := s.store.ListProjects(ctx, q)
	if err != nil {
		return paging.Page[standard.Project]{}, err
	}
	for i, p := range page.Items {
		page.Items[i] = visibleLinks(ctx, p)
	}
	return page, nil
}

// ProjectsOf lists the projects that name a standard the caller has read:
// what include=projects embeds.
func (s *Service) ProjectsOf(ctx context.Context, st standard.Standard) ([]standard.ProjectSummary, error) {
	return s.store.ProjectsOfStandard(ctx, st.ID)
}
