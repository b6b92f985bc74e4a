package standard

import (
	"errors"
	"strings"
	"testing"

	"stdreg/internal/fault"
)

// day parses a YYYY-MM-DD fixture and fails the test if it is not one.
func day(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("fixture %q: %v", s, err)
	}
	return d
}

// invalidFields checks that err is the fault.Invalid error and returns the
// names of the fields it reports, in order.
func invalidFields(t *testing.T, err error) []fault.FieldError {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error, want a fault.Invalid error")
	}
	if got := fault.CodeOf(err); got != fault.CodeInvalid {
		t.Errorf("CodeOf(%v) = %q, want %q", err, got, fault.CodeInvalid)
	}
	var e *fault.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T (%v) is not a *fault.Error", err, err)
	}
	for _, f := range e.Fields {
		if strings.TrimSpace(f.Message.String()) == "" {
			t.Errorf("field %s has an empty message", f.Field)
		}
	}
	return e.Fields
}

// fieldNames returns the Field of each error.
func fieldNames(fs []fault.FieldError) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Field
	}
	return names
}
