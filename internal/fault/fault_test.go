package fault

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCodeOf checks that the domain code survives wrapping and that other
// errors have none.
func TestCodeOf(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want ErrorCode
	}{
		{"nil", nil, ""},
		{"plain error", errors.New("connection refused"), ""},
		{"Invalid", Invalid(Field("code", "empty")), CodeInvalid},
		{"Errorf conflict", Errorf(CodeConflict, "standard %s is published", "GB 17761—2018"), CodeConflict},
		{"wrapped not found", fmt.Errorf("get: %w", Errorf(CodeNotFound, "no standard")), CodeNotFound},
		{"FieldErrors.Err", func() error {
			var fe FieldErrors
			fe.Add("title_zh", "is required")
			return fe.Err()
		}(), CodeInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := CodeOf(tc.err); got != tc.want {
				t.Errorf("CodeOf(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}

// TestFieldErrors checks that no field errors mean no error, and that added
// ones come back in order with their formatted messages.
func TestFieldErrors(t *testing.T) {
	cases := []struct {
		name string
		add  func(*FieldErrors)
		want []FieldError
	}{
		{"none", func(*FieldErrors) {}, nil},
		{"two in order", func(fe *FieldErrors) {
			fe.Add("designations[1].type", "%s is given twice", "zhejiang_standard")
			fe.Add("region", "%q is not a 6-digit administrative division code such as 330100", "3301")
		}, []FieldError{
			{Field: "designations[1].type", Message: Msg("%s is given twice", "zhejiang_standard")},
			{Field: "region", Message: Msg("%q is not a 6-digit administrative division code such as 330100", "3301")},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var fe FieldErrors
			tc.add(&fe)
			err := fe.Err()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Err() = %v, want nil", err)
				}
				return
			}
			if diff := cmp.Diff(tc.want, fieldsOf(t, err)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// fieldsOf returns the fields of err, which must be an Invalid *Error.
func fieldsOf(t *testing.T, err error) []FieldError {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalid {
		t.Fatalf("error %T (%v) is not an invalid *fault.Error", err, err)
	}
	return e.Fields
}
