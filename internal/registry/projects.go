package registry

import (
	"context"
	"fmt"
	"slices"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const resourceProject = "project"

// projects are owned by the organization that undertakes them.
var projects = ownedKind[standard.Project]{
	noun: fault.Msg("project"), resource: resourceProject,
	create: access.CreateProject, update: access.UpdateProject, delete: access.DeleteProject,
	owner:   func(p *standard.Project) *string { return &p.OrganizationID },
	prepare: (*standard.Project).Prepare,
	marks:   func(p standard.Project) (string, time.Time, int64) { return p.ID, p.CreatedAt, p.Version },
	mark: func(p *standard.Project, id string, created, updated time.Time, version int64) {
		p.ID, p.CreatedAt, p.UpdatedAt, p.Version = id, created, updated, version
	},
}

// CreateProject registers a science and technology project. An editor
// registers for its own organization (the default when none is given).
func (s *Service) CreateProject(ctx context.Context, in standard.Project) (standard.Project, error) {
	return createOwned(s, ctx, projects, in, func(p standard.Project) error {
		return s.checkProjectStandards(ctx, p.StandardIDs, nil)
	}, s.store.CreateProject)
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

// UpdateProject applies change to a project's current state. The
// standards change adds are checked before the store's transaction, on
// the state read then; if another write changed the project meanwhile,
// so that change adds others, the update fails as a stale If-Match would.
func (s *Service) UpdateProject(ctx context.Context, id string, ifMatch Precondition, change func(standard.Project) (standard.Project, error)) (standard.Project, error) {
	if err := checkOwnedTarget(ctx, projects, access.UpdateProject, id); err != nil {
		return standard.Project{}, err
	}
	before, err := s.store.GetProject(ctx, id)
	if err != nil {
		return standard.Project{}, err
	}
	if err := guardOwnedWrite(ctx, projects.noun, access.UpdateProject, id, before.OrganizationID, before.Version, ifMatch); err != nil {
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
	updated, err := s.store.UpdateProject(ctx, id, changeOwned(s, ctx, projects, id, ifMatch, change, func(current, next standard.Project) error {
		for _, sid := range next.StandardIDs {
			if !slices.Contains(checked, sid) && !slices.Contains(current.StandardIDs, sid) {
				return fault.Errorf(fault.CodePreconditionFailed, "project %s was changed by another request; read it again", id)
			}
		}
		return nil
	}))
	if err != nil {
		return standard.Project{}, err
	}
	return s.GetProject(ctx, updated.ID)
}

// DeleteProject deletes a project not yet accepted: an accepted project
// counts in the plan's figures, and is corrected, not removed.
func (s *Service) DeleteProject(ctx context.Context, id string, ifMatch Precondition) error {
	if err := checkOwnedTarget(ctx, projects, access.DeleteProject, id); err != nil {
		return err
	}
	return s.store.DeleteProject(ctx, id, allowDelete(s, ctx, projects, id, ifMatch, func(current standard.Project) error {
		if !current.AcceptedOn.IsZero() {
			return fault.Errorf(fault.CodeConflict, "project %s was accepted on %s and counts in the plan's figures; correct it rather than delete it", id, current.AcceptedOn)
		}
		return nil
	}))
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
