// Package pagetoken turns keyset-pagination cursors into opaque,
// tamper-evident strings that an API can hand to clients as "next page"
// tokens, and back.
//
// A token carries a JSON-encoded cursor value and an HMAC-SHA256 tag over it,
// so a client cannot forge or edit a cursor (for example to jump into rows of
// another tenant, or to smuggle in an unexpected sort key) and the server does
// not have to store anything per token.
//
// Tokens are signed, not encrypted: anyone holding one can base64-decode it
// and read the cursor. Put nothing in a cursor that the client may not see.
// Tokens do not expire either; include a timestamp in the cursor and check it
// after Decode if that matters.
package pagetoken

import (
	"crypto/rand"
	"errors"
)

// ErrInvalid is returned, possibly wrapped, by Decode for any token that is
// malformed, has been tampered with, was signed with another key, or does not
// decode into the requested cursor type. Callers should answer it with a
// client error ("400 invalid page token") and not reveal which check failed.
var ErrInvalid = errors.New("invalid page token")

// keySize is the size of a generated key: the output size of SHA-256, the
// key length RFC 2104 recommends for HMAC-SHA256.
const keySize = 32

// Codec encodes and decodes page tokens with one secret key. It is safe for
// concurrent use. The zero Codec has no key and refuses to work; use New.
type Codec struct {
	key []byte
}

// New returns a Codec that signs with key. The key is copied, so the caller
// may reuse its slice.
//
// If key is empty, New generates a random 32-byte key. Tokens from such a
// Codec only verify in the same process, which suits tests and single-instance
// development; a service with several instances or restarts needs a
// configured key shared by all of them.
func New(key []byte) *Codec {
	if len(key) == 0 {
		k := make([]byte, keySize)
		// crypto/rand.Read never returns an error; it aborts the program if
		// the system's random source fails.
		_, _ = rand.Read(k)
		return &Codec{key: k}
	}
	return &Codec{key: append([]byte(nil), key...)}
}
