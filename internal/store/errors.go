package store

import (
	"errors"

	"gorm.io/gorm"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// notFound translates GORM's not-found into the domain's.
func notFound(err error, what fault.Message, id string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fault.Errorf(fault.CodeNotFound, "%s %s not found", what, id)
	}
	return err
}

// translateStandardWrite turns constraint violations of a standard's write
// into domain errors: a number registered twice is a conflict, an unknown
// organization is a bad field.
func (s *Store) translateStandardWrite(err error, st standard.Standard) error {
	switch kind, _ := s.dialect.violation(err); kind {
	case uniqueViolation:
		return standard.NumberTaken(st.Code)
	case foreignKeyViolation:
		return fault.Invalid(fault.Field("organization_id", "organization %s does not exist", st.OrganizationID))
	}
	return err
}

// translateOrganizationWrite: a credit code is unique among organizations.
func (s *Store) translateOrganizationWrite(err error, o standard.Organization) error {
	if kind, _ := s.dialect.violation(err); kind == uniqueViolation {
		return fault.Errorf(fault.CodeConflict, "an organization with credit code %s is already registered", o.CreditCode)
	}
	return err
}

// apiFieldOf names, in the API's words, the columns a constraint can
// refuse; a conflict names the field, never a constraint or a table.
var apiFieldOf = map[string]string{
	"normalized_code": "code",
	"credit_code":     "credit_code",
	"organization_id": "organization_id",
}
