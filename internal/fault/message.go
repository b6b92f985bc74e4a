package fault

import (
	"errors"
	"fmt"
)

// Message is a sentence for the client, kept as its English format and
// arguments rather than rendered once: the format is the message's id in
// the catalog of translations (package locale), so the same error can be
// told in English or in Chinese. An argument that is itself a Message is
// translated with it. A format is always a constant, never text built at
// run time: TestEveryMessageIsTranslated (package locale) checks that, and
// that the catalog has each one.
type Message struct {
	Format string
	Args   []any
}

// Msg is the message of format with args, as fmt.Sprintf would render it.
func Msg(format string, args ...any) Message {
	return Message{Format: format, Args: args}
}

// String renders the message in English.
func (m Message) String() string {
	if len(m.Args) == 0 {
		return m.Format
	}
	return fmt.Sprintf(m.Format, m.Args...)
}

// Error makes a Message usable as an error, for the packages under the
// domain (dates, numbers, credit codes) whose errors become field messages.
func (m Message) Error() string { return m.String() }

// IsZero reports whether m says nothing.
func (m Message) IsZero() bool { return m.Format == "" }

// MessageOf is the message err carries: err itself when it is a Message,
// an Error's message, or else err's text as it is, in English only. Errors
// meant for a client are Messages; the last case is for those that are not
// and still reach one.
func MessageOf(err error) Message {
	var m Message
	if errors.As(err, &m) {
		return m
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return Msg("%s", err.Error())
}
