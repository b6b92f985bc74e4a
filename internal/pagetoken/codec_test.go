package pagetoken

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cursor is a typical keyset cursor: the sort key of the last row shown and
// its id as a tie-breaker.
type cursor struct {
	After string    `json:"after"`
	ID    int64     `json:"id"`
	Since time.Time `json:"since,omitzero"`
}

var testKey = []byte("0123456789abcdef0123456789abcdef")

func mustEncode(t *testing.T, c *Codec, v any) string {
	t.Helper()
	token, err := c.Encode(v)
	if err != nil {
		t.Fatalf("Encode(%v) error: %v", v, err)
	}
	return token
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   cursor
	}{
		{"zero cursor", cursor{}},
		{"ascii", cursor{After: "acme", ID: 42}},
		{"chinese name", cursor{After: "华为技术有限公司", ID: 1}},
		{"largest id", cursor{After: "z", ID: 1<<63 - 1}},
		{"negative id", cursor{ID: -7}},
		{"json metacharacters", cursor{After: `"quoted" \ and </script>`, ID: 3}},
		{"timestamp", cursor{After: "x", ID: 9, Since: time.Date(2024, 2, 29, 23, 59, 59, 123456789, time.UTC)}},
	}
	for _, keyName := range []string{"configured key", "generated key"} {
		codec := New(testKey)
		if keyName == "generated key" {
			codec = New(nil)
		}
		for _, tc := range tests {
			t.Run(keyName+"/"+tc.name, func(t *testing.T) {
				token := mustEncode(t, codec, tc.in)
				var got cursor
				if err := codec.Decode(token, &got); err != nil {
					t.Fatalf("Decode(%q) error: %v", token, err)
				}
				if diff := cmp.Diff(tc.in, got); diff != "" {
					t.Errorf("round trip mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestTokenIsOneURLSafeString(t *testing.T) {
	urlSafe := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	codec := New(testKey)
	// Lengths 0 to 2 modulo 3 exercise every amount of missing padding.
	for _, after := range []string{"", "a", "ab", "abc", "~~~?&=/+"} {
		t.Run("after "+after, func(t *testing.T) {
			token := mustEncode(t, codec, cursor{After: after})
			if !urlSafe.MatchString(token) {
				t.Errorf("token %q has characters outside [A-Za-z0-9_-]", token)
			}
		})
	}
}

func TestSameKeyDifferentCodecs(t *testing.T) {
	key := append([]byte(nil), testKey...)
	a := New(key)
	key[0] ^= 0xff // New must have copied the key
	b := New(testKey)
	token := mustEncode(t, a, cursor{After: "x", ID: 1})
	var got cursor
	if err := b.Decode(token, &got); err != nil {
		t.Fatalf("a token from one Codec did not decode with another Codec holding the same key: %v", err)
	}
}

// TestEveryCharacterChangeIsDetected replaces each character of a token by
// every other character of the token alphabet. The last character carries
// unused low bits, so this also proves the decoder is strict about them.
func TestEveryCharacterChangeIsDetected(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	codec := New(testKey)
	// Three payload lengths in a row give every token length modulo 4 that
	// base64 without padding produces: 0, 2 and 3.
	for _, in := range []cursor{{After: "acme", ID: 42}, {After: "acme!", ID: 42}, {After: "acme!!", ID: 42}} {
		token := mustEncode(t, codec, in)
		t.Run(fmt.Sprintf("length %d mod 4", len(token)%4), func(t *testing.T) {
			for i := 0; i < len(token); i++ {
				for j := 0; j < len(alphabet); j++ {
					if alphabet[j] == token[i] {
						continue
					}
					tampered := token[:i] + alphabet[j:j+1] + token[i+1:]
					var got cursor
					if err := codec.Decode(tampered, &got); !errors.Is(err, ErrInvalid) {
						t.Fatalf("Decode with character %d changed to %q: err = %v, want ErrInvalid", i, alphabet[j], err)
					}
				}
			}
		})
	}
}

// TestEveryBitFlipIsDetected flips each bit of the decoded token and
// re-encodes it properly, so the change reaches the MAC check instead of
// being stopped by the base64 decoder.
func TestEveryBitFlipIsDetected(t *testing.T) {
	codec := New(testKey)
	raw, err := base64.RawURLEncoding.DecodeString(mustEncode(t, codec, cursor{After: "acme", ID: 42}))
	if err != nil {
		t.Fatal(err)
	}
	regions := []struct {
		name       string
		start, end int
	}{
		{"version", 0, 1},
		{"payload", 1, len(raw) - tagSize},
		{"tag", len(raw) - tagSize, len(raw)},
	}
	for _, r := range regions {
		t.Run(r.name, func(t *testing.T) {
			for i := r.start; i < r.end; i++ {
				for bit := 0; bit < 8; bit++ {
					flipped := bytes.Clone(raw)
					flipped[i] ^= 1 << bit
					var got cursor
					err := codec.Decode(base64.RawURLEncoding.EncodeToString(flipped), &got)
					if !errors.Is(err, ErrInvalid) {
						t.Fatalf("Decode with byte %d bit %d flipped: err = %v, want ErrInvalid", i, bit, err)
					}
				}
			}
		})
	}
}

func TestForeignTokens(t *testing.T) {
	codec := New(testKey)
	in := cursor{After: "acme", ID: 42}
	otherKey := bytes.Clone(testKey)
	otherKey[len(otherKey)-1] ^= 1

	// A correctly signed token with another version byte must not be
	// accepted as version 1.
	wrongVersion := codec.sign(append([]byte{version + 1}, `{"after":"acme","id":42}`...))

	tests := []struct {
		name  string
		token string
	}{
		{"key differing in one bit", mustEncode(t, New(otherKey), in)},
		{"generated key", mustEncode(t, New(nil), in)},
		{"another generated key", mustEncode(t, New([]byte{}), in)},
		{"wrong version, valid tag", base64.RawURLEncoding.EncodeToString(wrongVersion)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got cursor
			if err := codec.Decode(tc.token, &got); !errors.Is(err, ErrInvalid) {
				t.Errorf("Decode: err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestGeneratedKeysDiffer(t *testing.T) {
	a, b := New(nil), New(nil)
	if len(a.key) != keySize {
		t.Errorf("generated key is %d bytes, want %d", len(a.key), keySize)
	}
	if bytes.Equal(a.key, b.key) {
		t.Error("two generated keys are equal")
	}
}

func TestMalformedTokens(t *testing.T) {
	codec := New(testKey)
	valid := mustEncode(t, codec, cursor{After: "acme", ID: 42})
	raw, err := base64.RawURLEncoding.DecodeString(valid)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		token string
	}{
		{"empty", ""},
		{"one character", "A"},
		{"not base64", "!!!!"},
		{"spaces", "    "},
		{"standard alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(valid) + "+/"},
		{"padded", valid + "="},
		{"double padded", valid + "=="},
		{"line break appended", valid + "\n"},
		{"line break inserted", valid[:10] + "\r\n" + valid[10:]},
		{"leading space", " " + valid},
		{"truncated by one character", valid[:len(valid)-1]},
		{"truncated to half", valid[:len(valid)/2]},
		{"doubled", valid + valid},
		{"tag only", base64.RawURLEncoding.EncodeToString(raw[len(raw)-tagSize:])},
		{"version and tag without payload", base64.RawURLEncoding.EncodeToString(append([]byte{version}, raw[len(raw)-tagSize:]...))},
		{"random bytes of plausible length", base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{0x5a}, len(raw)))},
		{"just over the length limit", strings.Repeat("A", maxTokenLen+1)},
		{"one megabyte", strings.Repeat("A", 1<<20)},
		{"non-ASCII", "页码令牌"},
		{"NUL byte", valid[:5] + "\x00" + valid[6:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got cursor
			if err := codec.Decode(tc.token, &got); !errors.Is(err, ErrInvalid) {
				t.Errorf("Decode: err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestCursorMismatch(t *testing.T) {
	codec := New(testKey)
	type wider struct {
		After string `json:"after"`
		ID    int64  `json:"id"`
		Owner string `json:"owner"`
	}
	type stringID struct {
		ID string `json:"id"`
	}
	tests := []struct {
		name string
		in   any
	}{
		{"unknown field", wider{After: "acme", ID: 42, Owner: "tenant-2"}},
		{"wrong type", stringID{ID: "42"}},
		{"array instead of object", []int{1, 2}},
		{"string instead of object", "acme"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			token := mustEncode(t, codec, tc.in)
			var got cursor
			if err := codec.Decode(token, &got); !errors.Is(err, ErrInvalid) {
				t.Errorf("Decode into cursor: err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestDecodeTargetErrorsAreNotErrInvalid(t *testing.T) {
	codec := New(testKey)
	token := mustEncode(t, codec, cursor{After: "acme", ID: 42})
	tests := []struct {
		name string
		v    any
	}{
		{"nil", nil},
		{"non-pointer", cursor{}},
		{"nil pointer", (*cursor)(nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := codec.Decode(token, tc.v)
			if err == nil || errors.Is(err, ErrInvalid) {
				t.Errorf("Decode into %T: err = %v, want a non-ErrInvalid error", tc.v, err)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		codec *Codec
		v     any
	}{
		{"unmarshalable value", New(testKey), make(chan int)},
		{"cursor too large", New(testKey), cursor{After: strings.Repeat("x", maxTokenLen)}},
		{"zero Codec", &Codec{}, cursor{}},
		{"nil Codec", nil, cursor{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if token, err := tc.codec.Encode(tc.v); err == nil {
				t.Errorf("Encode = %q, nil; want an error", token)
			}
		})
	}
}

func TestLargestCursorRoundTrips(t *testing.T) {
	codec := New(testKey)
	// Grow the cursor until Encode refuses; the last accepted token must
	// still decode, so the two limits agree.
	var last string
	for n := maxTokenLen / 2; ; n++ {
		token, err := codec.Encode(cursor{After: strings.Repeat("x", n)})
		if err != nil {
			break
		}
		last = token
	}
	if len(last) > maxTokenLen || len(last) < maxTokenLen-3 {
		t.Fatalf("largest token is %d characters, want just under %d", len(last), maxTokenLen)
	}
	var got cursor
	if err := codec.Decode(last, &got); err != nil {
		t.Errorf("Decode of the largest token: %v", err)
	}
}

func TestZeroCodecDecode(t *testing.T) {
	token := mustEncode(t, New(testKey), cursor{})
	var got cursor
	if err := (&Codec{}).Decode(token, &got); err == nil {
		t.Error("zero Codec decoded a token; want an error")
	}
}
