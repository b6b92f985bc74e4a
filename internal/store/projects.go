package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// CreateProject inserts a prepared project, its standards and its audit
// event.
func (s *Store) CreateProject(ctx context.Context, p standard.Project, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := toProjectRow(p)
		if err := tx.Create(&row).Error; err != nil {
			return s.translateOwnedWrite(err, "organization_id", p.OrganizationID)
		}
		if err := s.writeProjectStandards(tx, p); err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("create project %s: %w", p.ID, err)
	}
	return nil
}

// writeProjectStandards replaces a project's list of standards. A standard
// deleted since the registry checked it is refused by the foreign key.
func (s *Store) writeProjectStandards(tx *gorm.DB, p standard.Project) error {
	if err := tx.Where("project_id = ?", p.ID).Delete(&projectStandardRow{}).Error; err != nil {
		return err
	}
	rows := toProjectStandardRows(p)
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Create(&rows).Error; err != nil {
		if kind, _ := s.dialect.violation(err); kind == foreignKeyViolation {
			return fault.Invalid(fault.FieldError{Field: "standard_ids", Message: fault.Msg("names a standard that no longer exists")})
		}
		return err
	}
	return nil
}

// translateOwnedWrite: a record's organization must exist.
func (s *Store) translateOwnedWrite(err error, field, organizationID string) error {
	if kind, _ := s.dialect.violation(err); kind == foreignKeyViolation {
		return fault.Invalid(fault.FieldError{Field: field, Message: fault.Msg("organization %s does not exist", organizationID)})
	}
	return err
}

// GetProject loads one project with its standards.
func (s *Store) GetProject(ctx context.Context, id string) (standard.Project, error) {
	db := s.db.WithContext(ctx)
	var row projectRow
	if err := db.Where("id = ?", id).Take(&row).Error; err != nil {
		return standard.Project{}, fmt.Errorf("load project %s: %w", id, notFound(err, fault.Msg("project"), id))
	}
	links, err := projectLinks(db, []string{id})
	if err != nil {
		return standard.Project{}, fmt.Errorf("load project %s: %w", id, err)
	}
	return toProject(row, links[id]), nil
}

// linkRow is a project's standard joined with what a reader needs of it.
type linkRow struct {
	ProjectID      string
	StandardID     string
	Stage          string
	OrganizationID *string
}

// projectLinks reads the standards of the projects, in each project's
// order, in one query.
func projectLinks(db *gorm.DB, projectIDs []string) (map[string][]standard.LinkedStandard, error) {
	var rows []linkRow
	err := db.Table("project_standards AS ps").
		Select("ps.project_id, ps.standard_id, s.stage, s.organization_id").
		Joins("JOIN standards AS s ON s.id = ps.standard_id").
		Where("ps.project_id IN ?", projectIDs).
		Order("ps.project_id, ps.position").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load project standards: %w", err)
	}
	out := make(map[string][]standard.LinkedStandard, len(projectIDs))
	for _, r := range rows {
		out[r.ProjectID] = append(out[r.ProjectID], standard.LinkedStandard{ID: r.StandardID, Stage: standard.Stage(r.Stage), OrganizationID: deref(r.OrganizationID)})
	}
	return out, nil
}

// LinkedStandards reads what a project needs of the standards with these
// ids, in one query; ids that name none are left out.
func (s *Store) LinkedStandards(ctx context.Context, ids []string) ([]standard.LinkedStandard, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []struct {
		ID             string
		Stage          string
		OrganizationID *string
	}
	if err := s.db.WithContext(ctx).Table("standards").Select("id, stage, organization_id").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("load %d linked standards: %w", len(ids), err)
	}
	out := make([]standard.LinkedStandard, len(rows))
	for i, r := range rows {
		out[i] = standard.LinkedStandard{ID: r.ID, Stage: standard.Stage(r.Stage), OrganizationID: deref(r.OrganizationID)}
	}
	return out, nil
}

// ProjectsOfStandard lists the projects that name a standard, by name.
func (s *Store) ProjectsOfStandard(ctx context.Context, standardID string) ([]standard.ProjectSummary, error) {
	var rows []projectRow
	err := s.db.WithContext(ctx).Model(&projectRow{}).
		Where("id IN (SELECT project_id FROM project_standards WHERE standard_id = ?)", standardID).
		Order("name, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load the projects of standard %s: %w", standardID, err)
	}
	out := make([]standard.ProjectSummary, len(rows))
	for i, r := range rows {
		out[i] = standard.ProjectSummary{ID: r.ID, Name: r.Name, Programme: r.Programme, Category: standard.ProjectCategory(r.Category)}
	}
	return out, nil
}

// UpdateProject changes a project in one transaction, as UpdateStandard
// does.
func (s *Store) UpdateProject(ctx context.Context, id string, change func(current standard.Project) (standard.Project, audit.Event, error)) (standard.Project, error) {
	var next standard.Project
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[projectRow](s, tx, fault.Msg("project"), id)
		if err != nil {
			return err
		}
		links, err := projectLinks(tx, []string{id})
		if err != nil {
			return err
		}
		current := toProject(row, links[id])
		var ev audit.Event
		if next, ev, err = change(current); err != nil {
			return err
		}
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version+1
		updated := toProjectRow(next)
		if err := overwrite(tx, fault.Msg("project"), id, current.Version, &updated); err != nil {
			return s.translateOwnedWrite(err, "organization_id", next.OrganizationID)
		}
		if err := s.writeProjectStandards(tx, next); err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return standard.Project{}, fmt.Errorf("update project %s: %w", id, err)
	}
	return next, nil
}

// DeleteProject deletes a project, and its list of standards, if allow
// lets it.
func (s *Store) DeleteProject(ctx context.Context, id string, allow func(current standard.Project) (audit.Event, error)) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[projectRow](s, tx, fault.Msg("project"), id)
		if err != nil {
			return err
		}
		links, err := projectLinks(tx, []string{id})
		if err != nil {
			return err
		}
		ev, err := allow(toProject(row, links[id]))
		if err != nil {
			return err
		}
		if err := tx.Where("project_id = ?", id).Delete(&projectStandardRow{}).Error; err != nil {
			return err
		}
		if err := tx.Delete(&projectRow{ID: id}).Error; err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("delete project %s: %w", id, err)
	}
	return nil
}

// ListProjects returns one page of projects ordered by name and id.
func (s *Store) ListProjects(ctx context.Context, q standard.ProjectQuery) (paging.Page[standard.Project], error) {
	db := s.db.WithContext(ctx)
	query := db.Model(&projectRow{})
	f := q.Filter
	if f.Programme != "" {
		query = query.Where("programme = ?", f.Programme)
	}
	if len(f.Categories) > 0 {
		query = query.Where("category IN ?", strs(f.Categories))
	}
	if f.OrganizationID != "" {
		query = query.Where("organization_id = ?", f.OrganizationID)
	}
	if f.StandardID != "" {
		query = query.Where("id IN (SELECT project_id FROM project_standards WHERE standard_id = ?)", f.StandardID)
	}
	if f.Produced {
		query = query.Where(producedCondition)
	}
	query = dayRange(query, "accepted_on", f.AcceptedFrom, f.AcceptedTo)
	rows, next, err := fetchKeysetPage(query, "name", false, q.After, q.Limit, func(r projectRow) *paging.Cursor {
		return &paging.Cursor{Value: r.Name, ID: r.ID}
	})
	if err != nil {
		return paging.Page[standard.Project]{}, listError("projects", err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	links := map[string][]standard.LinkedStandard{}
	if len(ids) > 0 {
		if links, err = projectLinks(db, ids); err != nil {
			return paging.Page[standard.Project]{}, listError("projects", err)
		}
	}
	return convertPage(rows, next, func(r projectRow) standard.Project { return toProject(r, links[r.ID]) }), nil
}

// dayRange keeps the rows whose day column lies from from to to, each
// inclusive and unbounded when zero.
func dayRange(query *gorm.DB, column string, from, to standard.Date) *gorm.DB {
	if !from.IsZero() {
		query = query.Where(column+" >= ?", dbDate{from})
	}
	if !to.IsZero() {
		query = query.Where(column+" <= ?", dbDate{to})
	}
	return query
}

// strs converts a list of string-typed values for an IN clause.
func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
