// Package feed describes the change feed: every change to standards and
// organizations, in the order the changes committed, for applications
// that keep a copy of the registry and want to learn what changed since
// they last looked. It knows neither HTTP nor SQL.
package feed

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Action is what a change did to its record.
type Action string

const (
	Create Action = "create"
	Update Action = "update" // fields changed (also by an import)
	Move   Action = "move"   // the stage changed (a transition)
	Delete Action = "delete"
)

// Actions lists every action.
var Actions = []Action{Create, Update, Move, Delete}

// Resource types of the feed.
const (
	Standard     = "standard"
	Organization = "organization"
)

// Position is a place in the feed: the commit position of the transaction
// that made a change (transactions are numbered in the order they
// committed), and the change's place among that transaction's changes.
// The zero Position is the feed's beginning, before every change.
type Position struct {
	Commit int64
	Seq    int64
}

// Before reports whether p comes before q in the feed.
func (p Position) Before(q Position) bool {
	return p.Commit < q.Commit || (p.Commit == q.Commit && p.Seq < q.Seq)
}

// IsZero reports whether p is the feed's beginning.
func (p Position) IsZero() bool { return p == Position{} }

// cursorPrefix versions the cursor's form, so that a later form can be
// told from this one.
const cursorPrefix = "c1."

// Cursor is p as the opaque text clients keep and send back ("" for the
// beginning). It is not signed: a cursor only says where to read from,
// and what a caller may see is decided on every read.
func (p Position) Cursor() string {
	if p.IsZero() {
		return ""
	}
	raw := cursorPrefix + strconv.FormatInt(p.Commit, 36) + "." + strconv.FormatInt(p.Seq, 36)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor reads a cursor Cursor made; "" is the beginning.
func ParseCursor(s string) (Position, error) {
	if s == "" {
		return Position{}, nil
	}
	bad := fault.Msg("%q is not a cursor of this feed; start from the beginning without one, or from a cursor the feed gave", s)
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return Position{}, bad
	}
	commit, seq, ok := strings.Cut(strings.TrimPrefix(string(raw), cursorPrefix), ".")
	if !ok {
		return Position{}, bad
	}
	var p Position
	if p.Commit, err = strconv.ParseInt(commit, 36, 64); err != nil || p.Commit < 1 {
		return Position{}, bad
	}
	if p.Seq, err = strconv.ParseInt(seq, 36, 64); err != nil || p.Seq < 1 {
		return Position{}, bad
	}
	if p.Cursor() != s { // one cursor per position: no signs, no leading zeros
		return Position{}, bad
	}
	return p, nil
}

// Change is one change to a standard or an organization.
type Change struct {
	Position     Position
	At           time.Time // when the write was made (not an order: see Position)
	ResourceType string    // Standard or Organization
	ResourceID   string
	Action       Action
	// Version is the record's version after the change; a deletion is
	// one past the record's last version.
	Version int64
}

// Query asks for the changes after a position that a caller may see.
type Query struct {
	After   Position
	Limit   int
	Visible standard.Visibility
}

// Page is the changes a Query found, in feed order, and where the next
// read starts: the last change's position, or the query's own when there
// was none.
type Page struct {
	Items []Change
	Next  Position
}
