// Package fault is the error vocabulary every layer shares: a small set of
// codes callers branch on, a sentence fit for the client, and the fields at
// fault for invalid input. The domain (package standard), access keys, the
// audit log and the store all return these errors; the HTTP layer maps each
// code to one status in a single table (httpapi/problem.go), so nothing else
// chooses statuses.
package fault

import (
	"errors"
	"fmt"
)

// ErrorCode is the small vocabulary every caller branches on. The HTTP layer
// maps each code to one status in a single table; nothing else chooses statuses.
type ErrorCode string

const (
	CodeInvalid            ErrorCode = "invalid"
	CodeNotFound           ErrorCode = "not_found"
	CodeConflict           ErrorCode = "conflict"
	CodePreconditionFailed ErrorCode = "precondition_failed"
	CodeUnauthorized       ErrorCode = "unauthorized"
	CodeForbidden          ErrorCode = "forbidden"
	// CodeUnavailable: the database cannot be reached or is too busy to
	// answer now; the same request may succeed shortly.
	CodeUnavailable ErrorCode = "unavailable"
)

// ErrUnavailable is in the chain of every error the storage gives while
// the database is down or busy, whatever the driver said.
var ErrUnavailable = &Error{Code: CodeUnavailable, Message: Msg("the database is not answering; try again shortly")}

// FieldError names one bad input field. Field is the JSON name, with an index
// for list elements ("designations[1].type").
type FieldError struct {
	Field   string
	Message Message
}

// Error is the domain's error: a code, a sentence fit for the client, and for
// invalid input the fields at fault. Internal details never go in Message.
type Error struct {
	Code    ErrorCode
	Message Message
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s (%d field errors, first %s: %s)", e.Code, e.Message, len(e.Fields), e.Fields[0].Field, e.Fields[0].Message)
}

// Errorf builds an Error with a formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: Msg(format, args...)}
}

// Field is the field error of field with the message of format and args.
func Field(field, format string, args ...any) FieldError {
	return FieldError{Field: field, Message: Msg(format, args...)}
}

// Invalid reports bad input with the fields at fault.
func Invalid(fields ...FieldError) *Error {
	return &Error{Code: CodeInvalid, Message: Msg("the request has invalid fields"), Fields: fields}
}

// CodeOf returns the domain code of err, or "" for an unexpected error.
func CodeOf(err error) ErrorCode {
	if err == nil {
		return "" // without errors.As, whose target escapes: no allocation
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// FieldErrors collects field errors while validating; Err returns nil when
// nothing was added, so validation reads as a straight list of checks.
type FieldErrors []FieldError

// Add records a problem with one field.
func (fe *FieldErrors) Add(field, format string, args ...any) {
	*fe = append(*fe, Field(field, format, args...))
}

// Err returns an Invalid error for the collected fields, or nil.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return Invalid(fe...)
}
