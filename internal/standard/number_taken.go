package standard

import "stdreg/internal/fault"

// NumberTaken is the conflict of registering a number that a record has
// already. It names the number as the caller wrote it, and nothing of the
// record that holds it, which the caller may not be allowed to see.
func NumberTaken(code string) *fault.Error {
	return fault.Errorf(fault.CodeConflict, "a standard numbered %s is already registered", code)
}
