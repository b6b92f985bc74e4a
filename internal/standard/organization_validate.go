package standard

import (
	"strings"

	"stdreg/internal/creditcode"
)

// Prepare normalizes o in place and checks every field.
func (o *Organization) Prepare() error {
	var fe FieldErrors
	o.Name = strings.TrimSpace(o.Name)
	o.Region = strings.TrimSpace(o.Region)
	o.CreditCode = creditcode.Normalize(o.CreditCode)
	checkText(&fe, "name", o.Name, maxText, true)
	if !oneOf(o.Kind, OrgKinds) {
		fe.Add("kind", "must be one of %s", list(OrgKinds))
	}
	if o.Region != "" && !regionPattern.MatchString(o.Region) {
		fe.Add("region", "%q is not a 6-digit administrative division code such as 330100", o.Region)
	}
	if o.CreditCode != "" {
		if err := creditcode.Validate(o.CreditCode); err != nil {
			fe.Add("credit_code", "%s", err.Error())
		}
	}
	return fe.Err()
}
