package standard

import "stdreg/internal/fault"

// The checks the plan's other registries (projects, pilots, technical
// bodies) share.

// checkOwner checks the id of an organization a record names.
func checkOwner(fe *fault.FieldErrors, field, id string, required bool) {
	switch problem := TextProblem(id, Line); {
	case !problem.IsZero():
		fe.Add(field, "%s", problem)
	case id == "" && required:
		fe.Add(field, "is required")
	case id != "" && !ValidID(id):
		fe.Add(field, "%q is not an organization id", id)
	}
}

// checkPastDay checks a day that has happened: within the registry's
// calendar and not after today.
func checkPastDay(fe *fault.FieldErrors, field string, d, today Date) {
	if err := d.Check(); err != nil {
		fe.Add(field, "%s", err)
	} else if !today.IsZero() && d.After(today) {
		fe.Add(field, "%s is in the future", d)
	}
}

// ProducesStandard reports whether a standard at stage s counts as a
// standard a project produced: drafting or any stage after it, a
// withdrawn standard included (it was published), but not a draft
// terminated before it became a standard, nor one whose project is not
// yet approved.
func (s Stage) ProducesStandard() bool {
	return !s.IsPrivateDraft() && s != StageTerminated
}
