// Package access says who a caller is and what it may do: API keys and
// their roles, and the one policy every request passes through. It knows
// neither HTTP nor SQL.
package access

import (
	"context"
	"slices"
)

// Role is what a key may do.
type Role string

const (
	RoleAdmin   Role = "admin"   // everything, including organizations and keys
	RoleEditor  Role = "editor"  // its own organization's standards
	RoleAuditor Role = "auditor" // reads everything, writes nothing
	// RoleReader is the key an application gets: it reads what anyone may
	// read, under a rate limit of its own, and writes nothing.
	RoleReader Role = "reader"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleEditor, RoleAuditor, RoleReader}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Caller is who makes a request: a key and its role, or nobody.
type Caller struct {
	KeyID          string // "" for an anonymous caller
	KeyName        string
	Role           Role
	OrganizationID string // the editor's organization
	operator       bool   // the command line, run by whoever runs the server
}

// Operator is the caller behind `stdreg keys …`: whoever can run the binary
// against the database already holds every right, so it acts as an admin
// without a key. Its events carry no key id and this name.
func Operator() Caller {
	return Caller{KeyName: "stdreg command line", Role: RoleAdmin, operator: true}
}

// Anonymous reports whether the caller sent no key.
func (c Caller) Anonymous() bool { return c.KeyID == "" && !c.operator }

type callerKey struct{}

// WithCaller returns ctx carrying the caller.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller in ctx; anonymous when none was set.
func CallerFrom(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}
