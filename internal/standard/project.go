package standard

import (
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/paging"
)

// ProjectCategory is how a science and technology programme classes a
// project. The plan counts key generic-technology (共性关键技术) and
// application (应用类) projects.
type ProjectCategory string

const (
	ProjectKeyGeneric  ProjectCategory = "key_generic"
	ProjectApplication ProjectCategory = "application"
	ProjectOther       ProjectCategory = "other"
)

// ProjectCategories lists every category.
var ProjectCategories = []ProjectCategory{ProjectKeyGeneric, ProjectApplication, ProjectOther}

// Project is a project of one of the province's science and technology
// programmes (科技计划项目, 尖兵, 领雁, …), with the standards or drafts it
// produced.
type Project struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	Programme      string          `json:"programme"`
	Category       ProjectCategory `json:"category"`
	OrganizationID string          `json:"organization_id"` // who undertakes it, and whose editors may change it
	StartedOn      Date            `json:"started_on"`
	AcceptedOn     Date            `json:"accepted_on"` // 验收; zero while it runs
	StandardIDs    []string        `json:"standard_ids"`
	// Links are the standards StandardIDs names as the store read them,
	// for the registry to hide drafts the caller may not see; not
	// written, and not part of an audit snapshot.
	Links     []LinkedStandard `json:"-"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	Version   int64            `json:"version"`
}

// maxProgramme is the longest programme name, in characters.
const maxProgramme = 50

// Prepare normalizes p in place and checks every field that needs no
// stored state; that the standards exist is the registry's to check.
// today bounds the days, none of which may lie ahead.
func (p *Project) Prepare(today Date) error {
	var fe fault.FieldErrors
	p.Name = CleanText(p.Name)
	p.Programme = CleanText(p.Programme)
	CheckText(&fe, "name", p.Name, TextRule{Max: maxTitle, Required: true})
	CheckText(&fe, "programme", p.Programme, TextRule{Max: maxProgramme, Required: true})
	if !oneOf(p.Category, ProjectCategories) {
		fe.Add("category", "must be one of %s", list(ProjectCategories))
	}
	checkOwner(&fe, "organization_id", p.OrganizationID, true)
	checkPastDay(&fe, "started_on", p.StartedOn, today)
	checkPastDay(&fe, "accepted_on", p.AcceptedOn, today)
	if !p.StartedOn.IsZero() && !p.AcceptedOn.IsZero() && p.AcceptedOn.Before(p.StartedOn) {
		fe.Add("accepted_on", "%s is before the project started on %s", p.AcceptedOn, p.StartedOn)
	}
	if p.StandardIDs == nil {
		p.StandardIDs = []string{}
	}
	p.StandardIDs = checkList(&fe, "standard_ids", p.StandardIDs, func(field, id string) {
		if !ValidID(id) {
			fe.Add(field, "%q is not a standard id", id)
		}
	})
	return fe.Err()
}

// ProjectFilter narrows a list of projects. Zero fields do not filter.
type ProjectFilter struct {
	Programme      string
	Categories     []ProjectCategory // any of them
	OrganizationID string
	StandardID     string // projects that name this standard
	// Produced keeps the projects that name a standard at drafting or
	// later: those tech_projects_share counts as producing one.
	Produced bool
	// ProducedOn, with Produced, judges each standard by the stage it had
	// on that day (from its history) rather than today's.
	ProducedOn   Date
	AcceptedFrom Date // inclusive
	AcceptedTo   Date // inclusive
}

// ProjectQuery asks for one page of projects, ordered by name.
type ProjectQuery struct {
	Filter ProjectFilter
	After  *paging.Cursor
	Limit  int
}

// LinkedStandard is what a project's reader needs of a standard it names:
// whether the caller may see it, and whether it counts as produced.
type LinkedStandard struct {
	ID             string
	Stage          Stage
	OrganizationID string
}

// ProjectSummary is a project as a standard's read embeds it.
type ProjectSummary struct {
	ID        string
	Name      string
	Programme string
	Category  ProjectCategory
}
