package standard

import (
	"errors"
	"strings"
	"testing"
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

// invalidFields checks that err is the domain's Invalid error and returns the
// names of the fields it reports, in order.
func invalidFields(t *testing.T, err error) []FieldError {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error, want an Invalid error")
	}
	if got := CodeOf(err); got != CodeInvalid {
		t.Errorf("CodeOf(%v) = %q, want %q", err, got, CodeInvalid)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T (%v) is not a *standard.Error", err, err)
	}
	for _, f := range e.Fields {
		if strings.TrimSpace(f.Message) == "" {
			t.Errorf("field %s has an empty message", f.Field)
		}
	}
	return e.Fields
}

// fieldNames returns the Field of each error.
func fieldNames(fs []FieldError) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Field
	}
	return names
}
