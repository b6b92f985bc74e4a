package generate

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
)

// newID is a UUIDv7 for the instant at, with the random bits drawn from r, so
// that a seed gives the same ids every time and ids still sort by the time
// they stand for (the registry's ids are UUIDv7 too: the history of a
// standard is ordered by its transitions' ids).
func newID(r *rand.Rand, at time.Time) uuid.UUID {
	var u uuid.UUID
	ms := uint64(at.UnixMilli())
	for i := 0; i < 6; i++ {
		u[i] = byte(ms >> (40 - 8*i))
	}
	a, b := r.Uint64(), r.Uint64()
	for i := 6; i < 8; i++ {
		u[i] = byte(a >> (8 * (i - 6)))
	}
	for i := 8; i < 16; i++ {
		u[i] = byte(b >> (8 * (i - 8)))
	}
	u[6] = u[6]&0x0f | 0x70 // version 7
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

// creditAlphabet and creditWeights are GB 32100-2015's, as in
// internal/creditcode (which keeps its check-character function private).
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCode builds a well-formed unified social credit code: authority and
// type (such as "91" for an enterprise registered with market regulation),
// the six-digit division code, a nine-character organization code and the
// check character.
func creditCode(r *rand.Rand, authorityType, region string) string {
	var b strings.Builder
	b.WriteString(authorityType)
	b.WriteString(region)
	// Organization codes are mostly digits; newer ones start with MA.
	if r.IntN(3) == 0 {
		b.WriteString("MA")
		for i := 0; i < 7; i++ {
			b.WriteByte(creditAlphabet[r.IntN(len(creditAlphabet))])
		}
	} else {
		for i := 0; i < 8; i++ {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		b.WriteByte(creditAlphabet[r.IntN(len(creditAlphabet))])
	}
	body := b.String()
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditAlphabet, body[i]) * creditWeights[i]
	}
	m := len(creditAlphabet)
	return body + string(creditAlphabet[(m-sum%m)%m])
}
