package readcache

// kind is what the cache does with one method of registry.Store.
type kind int

const (
	// cached: answered from memory while the data it was read from is
	// unchanged (reads.go).
	cached kind = iota + 1
	// invalidating: a write. It passes through, then counts as a change
	// made by this process, so no answer kept from before it is served
	// after it (writes.go).
	invalidating
	// passThrough: goes to the inner store untouched (passthrough.go): a
	// read the cache does not keep, or a write that changes nothing a
	// cached read answers.
	passThrough
)

func (k kind) String() string {
	switch k {
	case cached:
		return "cached"
	case invalidating:
		return "invalidating"
	case passThrough:
		return "pass-through"
	}
	return "unclassified"
}

// methods is every method of registry.Store and what the cache does with
// it. A method added to the interface has to be written out on Store (the
// package does not compile until it is) and named here (methods_test.go
// fails until it is, and checks that each method does what its kind says).
//
// A write passes through only if no cached read answers from anything it
// writes: otherwise this process's own reads would serve what it read
// before the write until the store's change signal arrives.
var methods = map[string]kind{
	// Standards: the reads the cache is for, and every write to them.
	"GetStandard":         cached,
	"GetStandardByCode":   cached,
	"GetStandardEditions": cached,
	"ReplacedBy":          cached,
	"ListStandards":       cached,
	"Facets":              cached,
	"CreateStandard":      invalidating,
	"UpdateStandard":      invalidating,
	"DeleteStandard":      invalidating,
	"MoveStandard":        invalidating,
	"CorrectStandard":     invalidating,
	"Import":              invalidating,
	// Streams every standard a filter selects: a whole registry is too
	// much to keep, and exports are rare.
	"ExportStandards": passThrough,
	// A standard's history: the change signal does not cover transitions
	// (migration 00008), so a kept history could not be vouched for.
	"ListTransitions": passThrough,

	// Statistics, asked for far less often than lookups and lists.
	"DraftingCycle":  passThrough,
	"CycleHistogram": passThrough,
	"StageDurations": passThrough,
	"Overdue":        passThrough,
	"ExportOverdue":  passThrough,
	"PlanCounts":     passThrough,

	// Organizations: their writes invalidate, as they move the store's
	// change signal (migration 00008 counts organizations among the data
	// reads of standards depend on). No cached answer holds an
	// organization's fields today, so this is caution that costs a miss
	// after a rare write. Reading them is not frequent enough to keep.
	"CreateOrganization": invalidating,
	"UpdateOrganization": invalidating,
	"DeleteOrganization": invalidating,
	"GetOrganization":    passThrough,
	"GetOrganizations":   passThrough,
	"ListOrganizations":  passThrough,

	// The plan's other registries. No cached read answers from them: a
	// standard's projects (include=projects) are read apart and never
	// kept, so their writes invalidate nothing. A deleted standard a
	// project names is refused, so no write of standards changes them
	// either. Read far less often than standards.
	"CreateProject":       passThrough,
	"GetProject":          passThrough,
	"UpdateProject":       passThrough,
	"DeleteProject":       passThrough,
	"ListProjects":        passThrough,
	"LinkedStandards":     passThrough,
	"ProjectsOfStandard":  passThrough,
	"RegistryCounts":      passThrough, // statistics, as PlanCounts
	"CreatePilot":         passThrough,
	"GetPilot":            passThrough,
	"UpdatePilot":         passThrough,
	"DeletePilot":         passThrough,
	"ListPilots":          passThrough,
	"CreateTechnicalBody": passThrough,
	"GetTechnicalBody":    passThrough,
	"UpdateTechnicalBody": passThrough,
	"DeleteTechnicalBody": passThrough,
	"ListTechnicalBodies": passThrough,
	// The imports of these registries write them in a transaction of the
	// inner store's (no cached read could answer from inside it).
	"InTransaction": passThrough,

	// Keys are not covered by the change signal, and a revoked key must
	// be refused at once in every process, so no read of them is kept;
	// their writes (TouchKey on authenticated requests, at most once a
	// minute per key) touch only keys and audit events, which no cached
	// read answers from, so they invalidate nothing.
	"CreateKey": passThrough,
	"KeyByHash": passThrough,
	"GetKey":    passThrough,
	"ListKeys":  passThrough,
	"RevokeKey": passThrough,
	"TouchKey":  passThrough,

	// Plans: few, rarely read, and no cached answer depends on them.
	"CreatePlan": passThrough,
	"GetPlan":    passThrough,
	"ListPlans":  passThrough,

	// The audit log grows with every write and is not signalled.
	"ListAuditEvents": passThrough,
	// The change feed: read at the tail by clients polling for what is
	// new, where a kept answer would be stale at once.
	"ListChanges": passThrough,
}
