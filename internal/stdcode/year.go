package stdcode

import (
	"strconv"

	"stdreg/internal/fault"
)

// The plausible years of a standard. Chinese national standards start in the
// 1950s; 2100 leaves room for any real number while catching typos such as
// 3025.
const (
	minYear = 1950
	maxYear = 2100
)

// parseYear reads the digits after a year separator.
//
// Two-digit years are legacy Chinese numbers ("GB 1234-89"); standards have
// carried four-digit years since the late 1990s, so "89" means 1989. A
// two-digit year below 50 would be before minYear as 19xx and never occurs
// as 20xx, so it is rejected as ambiguous rather than guessed.
func parseYear(sc *scanner) (int, fault.Message) {
	d := sc.digits()
	switch len(d) {
	case 0:
		if sc.eof() {
			return 0, fault.Msg("missing year after %q", sc.done())
		}
		return 0, fault.Msg("expected a year after %q, found %q", sc.done(), sc.rest())
	case 2:
		yy, _ := strconv.Atoi(d)
		if yy < minYear%100 {
			return 0, fault.Msg("2-digit year %q is ambiguous; write the year with 4 digits", d)
		}
		return 1900 + yy, fault.Message{}
	case 4:
		y, _ := strconv.Atoi(d)
		if y < minYear || y > maxYear {
			return 0, fault.Msg("year %d out of range %d-%d", y, minYear, maxYear)
		}
		return y, fault.Message{}
	}
	if len(d) > 8 {
		d = d[:8] + "…"
	}
	return 0, fault.Msg("year %q must have 4 digits", d)
}
