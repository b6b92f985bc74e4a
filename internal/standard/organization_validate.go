package standard

import (
	"stdreg/internal/creditcode"
	"stdreg/internal/fault"
)

// Prepare normalizes o in place and checks every field.
func (o *Organization) Prepare() error {
	var fe fault.FieldErrors
	o.Name = CleanText(o.Name)
	o.Region = CleanText(o.Region)
	o.CreditCode = CleanText(o.CreditCode)
	CheckText(&fe, "name", o.Name, TextRule{Max: maxText, Required: true})
	if !oneOf(o.Kind, OrgKinds) {
		fe.Add("kind", "must be one of %s", list(OrgKinds))
	}
	checkRegion(&fe, o.Region)
	if problem := TextProblem(o.CreditCode, Line); !problem.IsZero() {
		fe.Add("credit_code", "%s", problem)
		return fe.Err()
	}
	o.CreditCode = creditcode.Normalize(o.CreditCode)
	if o.CreditCode != "" {
		if err := creditcode.Validate(o.CreditCode); err != nil {
			fe.Add("credit_code", "%s", err)
		}
	}
	return fe.Err()
}
