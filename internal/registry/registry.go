// Package registry holds the registry's use cases: registering, changing,
// listing and deleting standards and organizations, with the rules that
// need the stored state (stages, preconditions, who may act). It talks to
// storage through the Store interface it declares and knows neither HTTP
// nor SQL.
package registry

import (
	"context"
	"time"

	"github.com/google/uuid"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/feed"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// Store is the storage the registry needs. change and allow callbacks run
// inside the store's transaction, on the locked current state, so a rule
// checked there cannot be raced.
//
// Every write takes the audit event that records it, and the store writes
// both in one transaction: a change and its event exist together or not at
// all.
type Store interface {
	CreateStandard(ctx context.Context, s standard.Standard, registration standard.Transition, ev audit.Event) error
	// GetStandard and GetStandardByCode read one standard with its
	// ReplacedBy (as ReplacedBy finds it), in one statement.
	GetStandard(ctx context.Context, id string) (standard.Standard, error)
	GetStandardByCode(ctx context.Context, normalized string) (standard.Standard, error)
	GetStandardEditions(ctx context.Context, undated, editionPrefix string) ([]standard.Standard, error)
	// ReplacedBy finds, for each display-form number, the numbers of the
	// standards past proposal whose replaces names it, in number order.
	ReplacedBy(ctx context.Context, codes []string) (map[string][]string, error)
	UpdateStandard(ctx context.Context, id string, change func(standard.Standard) (standard.Standard, audit.Event, error)) (standard.Standard, error)
	DeleteStandard(ctx context.Context, id string, allow func(standard.Standard) (audit.Event, error)) error
	// ListStandards returns a page of standards, each with its ReplacedBy
	// (as ReplacedBy finds them).
	ListStandards(ctx context.Context, q standard.ListQuery) (paging.Page[standard.Standard], error)
	// ExportStandards calls each with every standard q's filter selects,
	// in q's order, reading them as they come (q.After, q.Limit ignored),
	// each with its ReplacedBy.
	ExportStandards(ctx context.Context, q standard.ListQuery, each func(standard.Standard) error) error
	Facets(ctx context.Context, f standard.Filter, names []string) (map[string][]standard.FacetCount, error)
	MoveStandard(ctx context.Context, id string, move func(current standard.Standard, lastMove standard.Date) (standard.Standard, standard.Transition, audit.Event, error)) (standard.Standard, standard.Transition, error)
	ListTransitions(ctx context.Context, standardID string) ([]standard.Transition, error)
	// CorrectStandard corrects a registered day: correct gets the locked
	// current state and its history, and gives the next state, the
	// corrected move (nil for none) and the event.
	CorrectStandard(ctx context.Context, id string, correct func(current standard.Standard, history []standard.Transition) (standard.Standard, *standard.Transition, audit.Event, error)) (standard.Standard, error)
	// Import runs fn in one transaction with a writer for bulk changes;
	// fn's error rolls back everything written.
	Import(ctx context.Context, fn func(w ImportWriter) error) error
	// InTransaction runs fn on a Store whose every call is part of one
	// transaction, committed when fn returns nil and rolled back when it
	// returns an error. Each write made through it runs in a savepoint of
	// its own, so a refused write leaves the transaction usable. The
	// imports of projects, pilots and technical bodies run in it.
	InTransaction(ctx context.Context, fn func(tx Store) error) error

	DraftingCycle(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error)
	CycleHistogram(ctx context.Context, q standard.CycleQuery) ([]standard.MonthCount, error)
	StageDurations(ctx context.Context, q standard.CycleQuery) ([]standard.StageDuration, error)
	Overdue(ctx context.Context, q standard.OverdueQuery) (paging.Page[standard.Overdue], error)
	// ExportOverdue calls each with every draft Overdue selects, with its
	// organization's name, from one statement read as it arrives.
	ExportOverdue(ctx context.Context, q standard.OverdueQuery, each func(standard.Overdue) error) error
	// PlanCounts counts only the records visible shows.
	PlanCounts(ctx context.Context, from, to standard.Date, visible standard.Visibility) (standard.PlanCounts, error)
	// CreatePlan refuses a plan whose period overlaps a registered one's
	// or one of others'.
	CreatePlan(ctx context.Context, p standard.Plan, others []standard.Plan, ev audit.Event) error
	GetPlan(ctx context.Context, id string) (standard.Plan, error)
	ListPlans(ctx context.Context) ([]standard.Plan, error)

	CreateOrganization(ctx context.Context, o standard.Organization, ev audit.Event) error
	GetOrganization(ctx context.Context, id string) (standard.Organization, error)
	GetOrganizations(ctx context.Context, ids []string) ([]standard.Organization, error)
	UpdateOrganization(ctx context.Context, id string, change func(standard.Organization) (standard.Organization, audit.Event, error)) (standard.Organization, error)
	DeleteOrganization(ctx context.Context, id string, allow func(standard.Organization) (audit.Event, error)) error
	ListOrganizations(ctx context.Context, q standard.OrganizationQuery) (paging.Page[standard.Organization], error)

	CreateProject(ctx context.Context, p standard.Project, ev audit.Event) error
	GetProject(ctx context.Context, id string) (standard.Project, error)
	UpdateProject(ctx context.Context, id string, change func(standard.Project) (standard.Project, audit.Event, error)) (standard.Project, error)
	DeleteProject(ctx context.Context, id string, allow func(standard.Project) (audit.Event, error)) error
	ListProjects(ctx context.Context, q standard.ProjectQuery) (paging.Page[standard.Project], error)
	// LinkedStandards reads what a project needs of the standards with
	// these ids; ids that name none are left out.
	LinkedStandards(ctx context.Context, ids []string) ([]standard.LinkedStandard, error)
	ProjectsOfStandard(ctx context.Context, standardID string) ([]standard.ProjectSummary, error)
	// RegistryCounts counts the records behind tech_projects_share,
	// city_pilots and technical_bodies over a period.
	RegistryCounts(ctx context.Context, from, to standard.Date) (standard.RegistryCounts, error)

	CreatePilot(ctx context.Context, p standard.Pilot, ev audit.Event) error
	GetPilot(ctx context.Context, id string) (standard.Pilot, error)
	UpdatePilot(ctx context.Context, id string, change func(standard.Pilot) (standard.Pilot, audit.Event, error)) (standard.Pilot, error)
	DeletePilot(ctx context.Context, id string, allow func(standard.Pilot) (audit.Event, error)) error
	ListPilots(ctx context.Context, q standard.PilotQuery) (paging.Page[standard.Pilot], error)

	CreateTechnicalBody(ctx context.Context, b standard.TechnicalBody, ev audit.Event) error
	GetTechnicalBody(ctx context.Context, id string) (standard.TechnicalBody, error)
	UpdateTechnicalBody(ctx context.Context, id string, change func(standard.TechnicalBody) (standard.TechnicalBody, audit.Event, error)) (standard.TechnicalBody, error)
	// DeleteTechnicalBody tells allow how many standards name the body.
	DeleteTechnicalBody(ctx context.Context, id string, allow func(current standard.TechnicalBody, standards int64) (audit.Event, error)) error
	ListTechnicalBodies(ctx context.Context, q standard.TechnicalBodyQuery) (paging.Page[standard.TechnicalBody], error)

	CreateKey(ctx context.Context, k access.Key, ev audit.Event) error
	KeyByHash(ctx context.Context, hash string) (access.Key, error)
	GetKey(ctx context.Context, id string) (access.Key, error)
	ListKeys(ctx context.Context, after *paging.Cursor, limit int) (paging.Page[access.Key], error)
	RevokeKey(ctx context.Context, id string, change func(access.Key) (access.Key, audit.Event, error)) (access.Key, error)
	TouchKey(ctx context.Context, id string, at time.Time) error

	ListAuditEvents(ctx context.Context, f audit.Filter, after *paging.Cursor, limit int) (paging.Page[audit.Event], error)

	// ListChanges reads the change feed: the changes after q.After that
	// q.Visible shows, in the order their transactions committed.
	ListChanges(ctx context.Context, q feed.Query) (feed.Page, error)
}

// Service runs the use cases.
type Service struct {
	store Store
	now   func() time.Time
	rules standard.CycleRules
}

// New returns a Service on store; now is the clock (time.Now in production)
// and rules the drafting-cycle targets.
func New(store Store, now func() time.Time, rules standard.CycleRules) *Service {
	return &Service{store: store, now: now, rules: rules}
}

// Rules are the drafting-cycle rules the registry measures by.
func (s *Service) Rules() standard.CycleRules { return s.rules }

// Today is the current day in Zhejiang, the default day of every measure.
func (s *Service) Today() standard.Date { return s.today() }

// chinaTime is Beijing time, in which Zhejiang's days begin and end. China
// has kept UTC+8 without daylight saving since 1991, so a fixed zone is exact
// and needs no time zone database on the host.
var chinaTime = time.FixedZone("CST", 8*60*60)

// today is the current day in Zhejiang.
func (s *Service) today() standard.Date { return standard.DateOf(s.now().In(chinaTime)) }

// newID returns a UUIDv7: unique, and ordered by time of creation.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// checkID answers "not found" for ids that cannot exist, before any query.
func checkID(what fault.Message, id string) error {
	if !standard.ValidID(id) {
		return fault.Errorf(fault.CodeNotFound, "%s %s not found", what, id)
	}
	return nil
}

// Precondition is a client's If-Match: the version it last saw. nil means
// the client did not ask.
type Precondition *int64

func checkPrecondition(what fault.Message, id string, want Precondition, have int64) error {
	if want != nil && *want != have {
		return fault.Errorf(fault.CodePreconditionFailed, "%s %s has changed since version %d; it is now at version %d", what, id, *want, have)
	}
	return nil
}
