package standard

import "github.com/google/uuid"

// ValidID reports whether id is a record id as the registry writes them: a
// UUID in its canonical lower-case hyphenated form. Other spellings of a
// UUID (upper case, braces, urn:uuid:) are not ids here, so every database
// answers them alike: not found.
func ValidID(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.String() == id
}
