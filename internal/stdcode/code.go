// Package stdcode parses the numbers (标准号) of Chinese and international
// standards, such as "GB/T 19001—2016", "DB33/T 2349—2021", "T/ZZB 0001—2018"
// or "ISO 4210-2:2015", tolerating the noise of real-world input (full-width
// characters, dash look-alikes, odd spacing, any case).
//
// Every parsed number has two forms: Display, the official form shown to
// people, and Normalized, one canonical ASCII form used to decide whether two
// inputs name the same standard. Parse(c.Normalized) and Parse(c.Display)
// always give back the same Normalized form.
package stdcode

import (
	"fmt"

	"stdreg/internal/fault"
)

// Kind is the level of a standard: the five levels of the Standardization Law
// plus international standards.
type Kind string

const (
	KindNational      Kind = "national"
	KindIndustry      Kind = "industry"
	KindLocal         Kind = "local"
	KindGroup         Kind = "group"
	KindEnterprise    Kind = "enterprise"
	KindInternational Kind = "international"
)

// Valid reports whether k is one of the six kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindNational, KindIndustry, KindLocal, KindGroup, KindEnterprise, KindInternational:
		return true
	}
	return false
}

// Nature is what a Chinese number says about whether the standard binds.
// The empty Nature means the number does not show it (group, enterprise and
// international standards).
type Nature string

const (
	NatureMandatory   Nature = "mandatory"   // GB, XX, DB33
	NatureRecommended Nature = "recommended" // GB/T, XX/T, DB33/T
	NatureGuidance    Nature = "guidance"    // GB/Z, XX/Z
)

// Code is a parsed standard number.
type Code struct {
	// Display is the official form: "GB/T 19001—2016" (em dash U+2014 before
	// the year of a Chinese number), "ISO 4210-2:2015", and for a double
	// number "GB/T 19001—2016/ISO 9001:2015".
	Display string
	// Normalized is the canonical ASCII form used for uniqueness and matching:
	// "GB/T 19001-2016", "ISO 4210-2:2015". A double number normalizes as its
	// Chinese number alone, since that is the standard being registered.
	Normalized string
	Kind       Kind
	Nature     Nature
	// Prefix is everything before the number: "GB/T", "DB3301/T", "T/ZZB",
	// "Q/ABC", "ISO/IEC", "ISO/TS", "IEC TS".
	Prefix string
	// Number is the sequence number with its parts: "1.1", "20000.1",
	// "0001S", "4210-2". Leading zeros are kept: they are part of the number.
	Number string
	// Year is the four-digit year, or 0 when the input has none.
	Year int
	// Adopted is the international number of an identical adoption written
	// as a double number; nil otherwise.
	Adopted *Code
}

// String returns the display form.
func (c Code) String() string { return c.Display }

// ParseError says in plain words what is wrong with an input. Reason is
// written for the client of an API and does not repeat the input in full.
type ParseError struct {
	Input  string
	Reason fault.Message
}

// maxShownInput keeps error messages readable when the input is long garbage.
const maxShownInput = 80

func (e *ParseError) Error() string {
	in := e.Input
	if len(in) > maxShownInput {
		in = truncateUTF8(in, maxShownInput) + "…"
	}
	return fmt.Sprintf("invalid standard number %q: %s", in, e.Reason)
}
