package store

import (
	"time"

	"stdreg/internal/standard"
)

type projectRow struct {
	ID             string `gorm:"primaryKey;type:uuid"`
	Name           string
	Programme      string
	Category       string
	OrganizationID string `gorm:"type:uuid"`
	StartedOn      dbDate
	AcceptedOn     dbDate
	CreatedAt      time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt      time.Time `gorm:"autoUpdateTime:false"`
	Version        int64
}

func (projectRow) TableName() string { return "projects" }

// projectStandardRow is one standard a project names, at its place in the
// project's list.
type projectStandardRow struct {
	ProjectID  string `gorm:"primaryKey;type:uuid"`
	Position   int    `gorm:"primaryKey"`
	StandardID string `gorm:"type:uuid"`
}

func (projectStandardRow) TableName() string { return "project_standards" }

func toProjectRow(p standard.Project) projectRow {
	return projectRow{
		ID: p.ID, Name: p.Name, Programme: p.Programme, Category: string(p.Category), OrganizationID: p.OrganizationID,
		StartedOn: dbDate{p.StartedOn}, AcceptedOn: dbDate{p.AcceptedOn},
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version,
	}
}

func toProjectStandardRows(p standard.Project) []projectStandardRow {
	rows := make([]projectStandardRow, len(p.StandardIDs))
	for i, id := range p.StandardIDs {
		rows[i] = projectStandardRow{ProjectID: p.ID, Position: i, StandardID: id}
	}
	return rows
}

// toProject converts a row and its links, in their order.
func toProject(r projectRow, links []standard.LinkedStandard) standard.Project {
	p := standard.Project{
		ID: r.ID, Name: r.Name, Programme: r.Programme, Category: standard.ProjectCategory(r.Category), OrganizationID: r.OrganizationID,
		StartedOn: r.StartedOn.Date, AcceptedOn: r.AcceptedOn.Date,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version,
		StandardIDs: make([]string, len(links)), Links: links,
	}
	for i, l := range links {
		p.StandardIDs[i] = l.ID
	}
	return p
}
