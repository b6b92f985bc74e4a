// Package strictjson decodes the JSON clients send (request bodies, merge
// patches, the lines of an NDJSON import) strictly, and explains what it
// refuses in the API's terms.
//
// It uses github.com/go-json-experiment/json, the module of encoding/json/v2
// (experimental in Go 1.25 and 1.26, standard from 1.27), because its
// defaults are what an API that changes records needs and encoding/json's
// are not:
//   - names match exactly: encoding/json matches "TITLE_ZH" and "Stage" to
//     title_zh and stage, so {"stage":"proposal","Stage":"published"}
//     registered a published standard;
//   - a name given twice is an error, where encoding/json keeps the last;
//   - text that is not UTF-8, and \u escapes of half a surrogate pair, are
//     errors, where encoding/json replaces them with U+FFFD;
//   - errors carry a JSON pointer to the value at fault, so the field is
//     named whatever its depth (designations[1].year).
//
// Unknown names are refused too (RejectUnknownMembers), as before.
package strictjson

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"stdreg/internal/fault"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// options are v2's defaults, spelled out since they are the point: exact
// names, no duplicate names, UTF-8 only; and unknown names refused.
var options = json.JoinOptions(
	json.RejectUnknownMembers(true),
	json.MatchCaseInsensitiveNames(false),
	jsontext.AllowDuplicateNames(false),
	jsontext.AllowInvalidUTF8(false),
)

// ErrTrailing is returned when data holds more than one JSON value.
var ErrTrailing = errors.New("more than one JSON value")

// Unmarshal decodes the one JSON value data holds into v, strictly. Its
// errors are explained by Explain.
func Unmarshal(data []byte, v any) error {
	dec := jsontext.NewDecoder(bytes.NewReader(data), options)
	if err := json.UnmarshalDecode(dec, v, options); err != nil {
		return err
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return ErrTrailing
	}
	return nil
}

// Kind sorts what Unmarshal refused.
type Kind int

const (
	Malformed   Kind = iota // not well-formed JSON
	Trailing                // more than one JSON value
	NotUTF8                 // text that is not UTF-8, or a \u escape of half a surrogate pair
	Duplicate               // a name given twice in one object
	UnknownName             // a name the target has no field for
	WrongType               // a value of the wrong JSON type, or a number out of range
	NotAnObject             // the whole value is not the object expected
)

// Problem explains a refusal: what, where (Field, in the API's notation:
// title_zh, designations[1].year; "" for the whole value), and a message
// fit for a field error.
type Problem struct {
	Kind    Kind
	Field   string
	Message fault.Message
}

// Explain turns an error of Unmarshal into a Problem.
func Explain(err error) Problem {
	var syn *jsontext.SyntacticError
	var sem *json.SemanticError
	switch {
	case errors.Is(err, ErrTrailing):
		return Problem{Kind: Trailing, Message: fault.Msg("holds more than one JSON value")}
	case errors.As(err, &syn):
		field := Field(syn.JSONPointer)
		switch {
		case errors.Is(syn.Err, jsontext.ErrDuplicateName):
			return Problem{Kind: Duplicate, Field: field, Message: fault.Msg("is given twice; a field may appear once")}
		// v2 exports no sentinel for these two (go.dev/issue/70547); the
		// tests pin the messages they are told by.
		case syn.Err.Error() == "invalid UTF-8":
			return Problem{Kind: NotUTF8, Field: field, Message: fault.Msg("is not valid UTF-8 text")}
		case strings.Contains(syn.Err.Error(), "surrogate"):
			// a \uD800-\uDFFF escape not paired with another, which names
			// no character
			return Problem{Kind: NotUTF8, Field: field, Message: fault.Msg("holds a \\u escape of half a surrogate pair, which is not a character")}
		}
		return Problem{Kind: Malformed, Message: fault.Msg("is not well-formed JSON")}
	case errors.As(err, &sem):
		field := Field(sem.JSONPointer)
		switch {
		case errors.Is(sem.Err, json.ErrUnknownName):
			return Problem{Kind: UnknownName, Field: field, Message: fault.Msg("is not a field of this resource")}
		case field == "" && sem.JSONKind != 0:
			return Problem{Kind: NotAnObject, Message: fault.Msg("must be a JSON %s, not %s", goTypeName(sem.GoType, false), jsonKindName(sem.JSONKind, nil))}
		case sem.GoType != nil:
			return Problem{Kind: WrongType, Field: field, Message: fault.Msg("must be %s, not %s", goTypeName(sem.GoType, true), jsonKindName(sem.JSONKind, sem.JSONValue))}
		}
		return Problem{Kind: Malformed, Field: field, Message: fault.Msg("could not be read as JSON")}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Problem{Kind: Malformed, Message: fault.Msg("is not well-formed JSON")}
	}
	return Problem{Kind: Malformed, Message: fault.Msg("could not be read as JSON")}
}

// Field writes a JSON pointer (/designations/1/type) as the API names
// fields (designations[1].type); a number is an index ([0].type in a list).
func Field(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// goTypeName names a Go type in JSON's terms: "a string", "an integer".
func goTypeName(t reflect.Type, article bool) fault.Message {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := "value"
	if t != nil {
		switch t.Kind() {
		case reflect.String:
			name = "string"
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			name = "integer"
		case reflect.Float32, reflect.Float64:
			name = "number"
		case reflect.Slice, reflect.Array:
			name = "array"
		case reflect.Struct, reflect.Map:
			name = "object"
		case reflect.Bool:
			name = "boolean"
		}
	}
	if article {
		return typeNames[name][1]
	}
	return typeNames[name][0]
}

// typeNames are the JSON names of Go types, bare and with their article.
var typeNames = map[string][2]fault.Message{
	"value":   {fault.Msg("value"), fault.Msg("a value")},
	"string":  {fault.Msg("string"), fault.Msg("a string")},
	"integer": {fault.Msg("integer"), fault.Msg("an integer")},
	"number":  {fault.Msg("number"), fault.Msg("a number")},
	"array":   {fault.Msg("array"), fault.Msg("an array")},
	"object":  {fault.Msg("object"), fault.Msg("an object")},
	"boolean": {fault.Msg("boolean"), fault.Msg("a boolean")},
}

// jsonKindName names the kind of a JSON value, with the number itself
// when it is known (number 1.5).
func jsonKindName(k jsontext.Kind, v jsontext.Value) fault.Message {
	switch k {
	case 'n':
		return fault.Msg("null")
	case 't', 'f':
		return fault.Msg("boolean")
	case '"':
		return fault.Msg("string")
	case '0':
		if len(v) > 0 {
			return fault.Msg("number %s", string(v))
		}
		return fault.Msg("number")
	case '{':
		return fault.Msg("object")
	case '[':
		return fault.Msg("array")
	}
	return fault.Msg("another type")
}
