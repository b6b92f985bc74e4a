package access

import (
	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Action is something a caller asks to do.
type Action string

const (
	CreateStandard     Action = "standard.create"
	UpdateStandard     Action = "standard.update"
	DeleteStandard     Action = "standard.delete"
	MoveStandard       Action = "standard.move"
	CorrectStandard    Action = "standard.correct" // an admin's correction of a registered day
	CreateOrganization Action = "organization.create"
	UpdateOrganization Action = "organization.update"
	DeleteOrganization Action = "organization.delete"
	CreateProject      Action = "project.create"
	UpdateProject      Action = "project.update"
	DeleteProject      Action = "project.delete"
	CreatePilot        Action = "pilot.create"
	UpdatePilot        Action = "pilot.update"
	DeletePilot        Action = "pilot.delete"
	CreateBody         Action = "technical_body.create"
	UpdateBody         Action = "technical_body.update"
	DeleteBody         Action = "technical_body.delete"
	CreateKey          Action = "key.create"
	ReadKeys           Action = "key.read"
	RevokeKey          Action = "key.revoke"
	ReadAudit          Action = "audit.read"
	CreatePlan         Action = "plan.create"
)

// ownedActions are the writes an editor may make to its own
// organization's records: its standards, and the projects, pilots and
// technical bodies (as their secretariat) it is responsible for.
var ownedActions = map[Action]bool{
	CreateStandard: true, UpdateStandard: true, DeleteStandard: true, MoveStandard: true,
	CreateProject: true, UpdateProject: true, DeleteProject: true,
	CreatePilot: true, UpdatePilot: true, DeletePilot: true,
	CreateBody: true, UpdateBody: true, DeleteBody: true,
}

// Authorize is the one place that decides whether the caller may take an
// action on a resource owned by owner (an organization id, "" for none).
// Reads of public records are not asked about; everything else is.
func Authorize(c Caller, action Action, owner string) error {
	if c.Anonymous() {
		return fault.Errorf(fault.CodeUnauthorized, "%s needs an API key: send Authorization: Bearer <key>", action)
	}
	switch c.Role {
	case RoleAdmin:
		return nil
	case RoleAuditor:
		if action == ReadAudit || action == ReadKeys {
			return nil
		}
		return fault.Errorf(fault.CodeForbidden, "an auditor's key reads and never writes; it may not %s", action)
	case RoleReader:
		return fault.Errorf(fault.CodeForbidden, "a reader's key reads public records and never writes; it may not %s", action)
	case RoleEditor:
		if !ownedActions[action] {
			return fault.Errorf(fault.CodeForbidden, "an editor's key may not %s", action)
		}
		if owner == "" || owner != c.OrganizationID {
			return fault.Errorf(fault.CodeForbidden, "an editor's key acts only on its own organization's records")
		}
		return nil
	}
	return fault.Errorf(fault.CodeForbidden, "this key may not %s", action)
}

// SeesDraftsOf reports whether the caller may see the unapproved drafts
// (preliminary, proposal) owned by owner: auditors and admins see all,
// editors their own organization's, anonymous callers none.
func (c Caller) SeesDraftsOf(owner string) bool { return c.Visibility().ShowsDraftsOf(owner) }

// Visibility is the part of the registry a caller may see, in lists and
// record by record.
func (c Caller) Visibility() standard.Visibility {
	switch c.Role {
	case RoleAdmin, RoleAuditor:
		return standard.Visibility{AllDrafts: true}
	case RoleEditor:
		return standard.Visibility{DraftsOf: c.OrganizationID}
	}
	return standard.Visibility{}
}
