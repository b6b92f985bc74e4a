package httpapi

import (
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// ProjectResponse is a science and technology project as the API shows it.
type ProjectResponse struct {
	ID             string  `json:"id" format:"uuid"`
	Name           string  `json:"name" example:"面向新型电力系统的柔性直流输电关键技术研究"`
	Programme      string  `json:"programme" example:"尖兵"`
	Category       string  `json:"category" enums:"key_generic,application,other" example:"key_generic"`
	OrganizationID string  `json:"organization_id" format:"uuid"`
	StartedOn      *string `json:"started_on" format:"date" extensions:"x-nullable" example:"2023-03-01"`
	AcceptedOn     *string `json:"accepted_on" format:"date" extensions:"x-nullable" example:"2025-06-30"` // 验收; null while it runs
	// StandardIDs are the standards or drafts it produced, those the
	// caller may see.
	StandardIDs []string  `json:"standard_ids"`
	CreatedAt   time.Time `json:"created_at" format:"date-time"`
	UpdatedAt   time.Time `json:"updated_at" format:"date-time"`
} //	@name	Project

// ProjectInput registers a project; it is also the shape a merge patch
// applies to.
type ProjectInput struct {
	Name           string   `json:"name" example:"面向新型电力系统的柔性直流输电关键技术研究"`
	Programme      string   `json:"programme" example:"尖兵"`
	Category       string   `json:"category" enums:"key_generic,application,other" example:"key_generic"`
	OrganizationID string   `json:"organization_id,omitempty" format:"uuid"` // an editor's own organization when left out
	StartedOn      string   `json:"started_on,omitempty" format:"date" example:"2023-03-01"`
	AcceptedOn     string   `json:"accepted_on,omitempty" format:"date" example:"2025-06-30"`
	StandardIDs    []string `json:"standard_ids,omitempty"`
} //	@name	ProjectInput

// ProjectPatch documents the merge patch of a project.
type ProjectPatch struct {
	Name           string    `json:"name,omitempty"`
	Programme      string    `json:"programme,omitempty"`
	Category       string    `json:"category,omitempty" enums:"key_generic,application,other"`
	OrganizationID string    `json:"organization_id,omitempty" format:"uuid"`
	StartedOn      *string   `json:"started_on,omitempty" format:"date" extensions:"x-nullable"`
	AcceptedOn     *string   `json:"accepted_on,omitempty" format:"date" extensions:"x-nullable"`
	StandardIDs    *[]string `json:"standard_ids,omitempty" extensions:"x-nullable"`
} //	@name	ProjectPatch

// ProjectList is one page of projects.
type ProjectList struct {
	Items         []ProjectResponse `json:"items"`
	NextPageToken string            `json:"next_page_token"`
} //	@name	ProjectList

// ProjectSummary names a project behind a standard, in the standard's
// read with include=projects.
type ProjectSummary struct {
	ID        string `json:"id" format:"uuid"`
	Name      string `json:"name" example:"面向新型电力系统的柔性直流输电关键技术研究"`
	Programme string `json:"programme" example:"尖兵"`
	Category  string `json:"category" enums:"key_generic,application,other" example:"key_generic"`
} //	@name	ProjectSummary

func toProjectResponse(p standard.Project) ProjectResponse {
	return ProjectResponse{
		ID: p.ID, Name: p.Name, Programme: p.Programme, Category: string(p.Category), OrganizationID: p.OrganizationID,
		StartedOn: optional(p.StartedOn.String()), AcceptedOn: optional(p.AcceptedOn.String()),
		StandardIDs: nonNil(p.StandardIDs), CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
	}
}

// toProject converts the input; malformed dates are field errors.
func (in ProjectInput) toProject() (standard.Project, error) {
	var fe fault.FieldErrors
	p := standard.Project{
		Name: in.Name, Programme: in.Programme, Category: standard.ProjectCategory(in.Category), OrganizationID: in.OrganizationID,
		StartedOn: queryparam.Date(&fe, "started_on", in.StartedOn), AcceptedOn: queryparam.Date(&fe, "accepted_on", in.AcceptedOn),
		StandardIDs: in.StandardIDs,
	}
	return p, fe.Err()
}

func toProjectInput(p standard.Project) ProjectInput {
	return ProjectInput{
		Name: p.Name, Programme: p.Programme, Category: string(p.Category), OrganizationID: p.OrganizationID,
		StartedOn: p.StartedOn.String(), AcceptedOn: p.AcceptedOn.String(), StandardIDs: p.StandardIDs,
	}
}

func toProjectSummaries(ps []standard.ProjectSummary) []ProjectSummary {
	out := make([]ProjectSummary, len(ps))
	for i, p := range ps {
		out[i] = ProjectSummary{ID: p.ID, Name: p.Name, Programme: p.Programme, Category: string(p.Category)}
	}
	return out
}
