package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// KeyPrefix starts every key, so a leaked one is recognizable (secret
// scanners can look for it) and a key is told apart from other tokens.
const KeyPrefix = "stdreg_"

// shownPrefixLen is how much of a key is kept in clear to tell keys apart in
// lists: the prefix and 5 characters of its 256 random bits.
const shownPrefixLen = len(KeyPrefix) + 5

var keyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Key is an API key as the registry keeps it: never the secret itself, only
// its SHA-256 hash. A slow password hash is not needed: the secret has 256
// random bits, so no guessing attack benefits from a slow hash.
type Key struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Role           Role       `json:"role"`
	OrganizationID string     `json:"organization_id,omitempty"`
	Prefix         string     `json:"prefix"`
	Hash           string     `json:"-"`
	CreatedAt      time.Time  `json:"created_at"`
	LastUsedAt     *time.Time `json:"last_used_at,omitempty"`
	RevokedAt      *time.Time `json:"revoked_at,omitempty"`
}

// Version is a key's version for ETags and If-Match: a key changes once,
// when it is revoked.
func (k Key) Version() int64 {
	if k.RevokedAt != nil {
		return 2
	}
	return 1
}

// NewSecret returns a new key (to show once) with the prefix and hash to
// keep.
func NewSecret() (secret, prefix, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never on supported systems
	}
	secret = KeyPrefix + strings.ToLower(keyEncoding.EncodeToString(b))
	return secret, secret[:shownPrefixLen], HashSecret(secret)
}

// HashSecret is the hash a key is stored and looked up by.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// LooksLikeKey reports whether s has the shape of a key, so that malformed
// credentials are refused without a database query.
func LooksLikeKey(s string) bool {
	return strings.HasPrefix(s, KeyPrefix) && len(s) == len(KeyPrefix)+52
}

// Prepare checks a new key's fields.
func (k *Key) Prepare() error {
	var fe fault.FieldErrors
	k.Name = standard.CleanText(k.Name)
	if k.Name == "" {
		k.Name = string(k.Role) + " key"
	}
	standard.CheckText(&fe, "name", k.Name, standard.TextRule{Max: 100})
	switch {
	case !k.Role.Valid():
		fe.Add("role", "must be one of admin, editor, auditor")
	case k.Role == RoleEditor && k.OrganizationID == "":
		fe.Add("organization_id", "an editor's key belongs to an organization")
	case k.Role != RoleEditor && k.OrganizationID != "":
		fe.Add("organization_id", "only an editor's key belongs to an organization")
	}
	return fe.Err()
}
