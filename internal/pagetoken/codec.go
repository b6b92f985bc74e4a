package pagetoken

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// A token is the unpadded URL-safe base64 encoding of
//
//	version (1 byte) | JSON payload | HMAC-SHA256 tag (32 bytes)
//
// The version byte leaves room to change the format later without confusing
// old and new tokens. The tag covers a fixed label, the version and the
// payload.
const (
	version = 1
	tagSize = sha256.Size
	// minRawSize is the smallest decodable token: version, a one-byte JSON
	// value such as 0, and the tag.
	minRawSize = 1 + 1 + tagSize
	// maxTokenLen caps the length of a token in characters. It keeps a
	// hostile client from making the server decode and hash megabytes, and
	// keeps tokens comfortably inside URL length limits. Encode refuses to
	// produce anything longer, so every token it issues can be decoded.
	maxTokenLen = 4096
)

// label separates page-token tags from any other HMAC computed with the same
// secret, so a value signed for another purpose never verifies as a token.
const label = "stdreg/pagetoken\x00"

// encoding is strict so that each byte string has exactly one accepted
// spelling: without it the unused low bits of the last character could be
// changed without changing the decoded bytes, and a token would survive an
// edit.
var encoding = base64.RawURLEncoding.Strict()

var errNoKey = errors.New("pagetoken: Codec has no key; create it with New")

// Encode marshals v to JSON and returns it as a signed, URL-safe token
// without padding, ready to be put in a query parameter or a JSON field.
// It fails if v cannot be marshaled or the token would be longer than 4096
// characters.
func (c *Codec) Encode(v any) (string, error) {
	if c == nil || len(c.key) == 0 {
		return "", errNoKey
	}
	payload, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("pagetoken: encoding cursor: %w", err)
	}
	raw := make([]byte, 0, 1+len(payload)+tagSize)
	raw = append(raw, version)
	raw = append(raw, payload...)
	raw = c.sign(raw)
	if n := encoding.EncodedLen(len(raw)); n > maxTokenLen {
		return "", fmt.Errorf("pagetoken: cursor too large: token would be %d characters, limit is %d", n, maxTokenLen)
	}
	return encoding.EncodeToString(raw), nil
}

// Decode verifies token and unmarshals its cursor into v, which must be a
// non-nil pointer. The tag is compared in constant time before the payload
// is looked at. Unmarshaling is strict: a field that v's type does not have
// is an error, so a token issued for one listing cannot be replayed against
// another whose cursor happens to share some fields.
//
// Every problem with the token itself yields an error matching ErrInvalid
// under errors.Is; on such an error the contents of v are unspecified. A nil
// or non-pointer v is a programming error and is reported as such, not as
// ErrInvalid.
func (c *Codec) Decode(token string, v any) error {
	if c == nil || len(c.key) == 0 {
		return errNoKey
	}
	// These checks look only at the token's shape, never at the key, so
	// their timing reveals nothing secret.
	if len(token) == 0 || len(token) > maxTokenLen || !isBase64URL(token) {
		return ErrInvalid
	}
	raw, err := encoding.DecodeString(token)
	if err != nil || len(raw) < minRawSize || raw[0] != version {
		return ErrInvalid
	}
	body, tag := raw[:len(raw)-tagSize], raw[len(raw)-tagSize:]
	if !hmac.Equal(tag, c.mac(body)) {
		return ErrInvalid
	}

	dec := json.NewDecoder(bytes.NewReader(body[1:]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var invalid *json.InvalidUnmarshalError
		if errors.As(err, &invalid) {
			return fmt.Errorf("pagetoken: %w", err)
		}
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: data after the cursor", ErrInvalid)
	}
	return nil
}

// sign appends the tag for body to body.
func (c *Codec) sign(body []byte) []byte {
	return append(body, c.mac(body)...)
}

// mac computes the HMAC-SHA256 tag of body, which starts with the version
// byte.
func (c *Codec) mac(body []byte) []byte {
	h := hmac.New(sha256.New, c.key)
	h.Write([]byte(label))
	h.Write(body)
	return h.Sum(nil)
}

// isBase64URL reports whether s uses only the URL-safe base64 alphabet. The
// standard decoder skips line breaks, which would let "\n" be inserted into a
// valid token; checking first makes the accepted spelling unique.
func isBase64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}
