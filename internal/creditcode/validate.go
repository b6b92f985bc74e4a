package creditcode

import (
	"strings"
	"unicode/utf8"

	"stdreg/internal/fault"
)

// length is the number of characters in a code.
const length = 18

// authorities lists the registration authority codes (登记管理部门代码) that
// may open a code. GB 32100-2015 itself tabulates 1 (机构编制, establishment
// offices), 5 (民政, civil affairs), 9 (工商, industry and commerce, now
// market regulation) and Y (其他, others); the code administration has since
// assigned 2 (外交, foreign affairs), 3 (司法行政, justice), 4 (文化,
// culture), 6 (旅游, tourism), 7 (宗教, religious affairs), 8 (工会, trade
// unions), A (中央军委改革和编制办公室, the military's establishment office)
// and N (农业, agriculture: rural collective economic organizations). We
// accept exactly these: anything else in position 1 is not a code any
// authority issues. The letters B to H, which some validators accept, have
// never been assigned.
//
// The organization type in position 2 is deliberately not checked against
// the per-authority tables: those tables have grown over time, and rejecting
// a code that really is registered would be worse than accepting an unusual
// type. A mistyped character is caught by the check character anyway.
const authorities = "123456789ANY"

// Validate reports whether code, which should already have gone through
// Normalize, is a well-formed unified social credit code: 18 characters from
// the code alphabet, an assigned registration authority code in position 1, a
// six-digit administrative division code in positions 3 to 8, and a correct
// check character in position 18.
//
// It returns nil or an error describing the first problem found. The message
// is a plain English sentence without a subject, meant to follow a field name
// in an API response, e.g. "credit_code: character 'I' at position 5 is not
// allowed". Positions count characters from 1.
//
// Validate checks form, not existence: a code can be well formed and still
// never have been issued.
func Validate(code string) error {
	if n := utf8.RuneCountInString(code); n != length {
		return fault.Msg("must be %d characters, got %d", length, n)
	}
	runes := []rune(code)
	for i, r := range runes {
		if value(r) >= 0 {
			continue
		}
		if r >= 'a' && r <= 'z' && value(r-('a'-'A')) >= 0 {
			return fault.Msg("character %q at position %d must be upper case", r, i+1)
		}
		return fault.Msg("character %q at position %d is not allowed", r, i+1)
	}
	if !strings.ContainsRune(authorities, runes[0]) {
		return fault.Msg("character %q at position 1 is not an assigned registration authority code", runes[0])
	}
	for i := 2; i < 8; i++ {
		if r := runes[i]; r < '0' || r > '9' {
			return fault.Msg("character %q at position %d must be a digit, as positions 3 to 8 hold the administrative division code", r, i+1)
		}
	}
	if want, got := checkChar(runes), runes[length-1]; got != want {
		return fault.Msg("check character should be %q, not %q", want, got)
	}
	return nil
}
