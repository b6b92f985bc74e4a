package registry

import (
	"context"
	"errors"
	"reflect"
	"strings"

	"stdreg/internal/access"
	"stdreg/internal/creditcode"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// The imports and exports of the plan's other registries: projects,
// pilots and technical bodies. Each row is registered exactly as a POST
// of it would be (CreateProject, …) and updated as a PATCH would update it
// (UpdateProject, …), with their checks, access rules and audit events,
// inside one transaction for the whole file (Store.InTransaction): all or
// nothing by default, as an import of standards.

// recordKind is what an import needs to know of one kind of record.
type recordKind[T any] struct {
	noun           fault.Message
	create, update access.Action
	id             func(T) string
	version        func(T) int64
	// identity is what makes a row without a registered id the same
	// record as a registered one: a body's code, a project's programme
	// and name, a pilot's kind and name. alsoBy, when set, is a second
	// identity tried when the first matches nothing (an organization's
	// exact name, after its credit code); an empty identity matches none.
	identity, alsoBy func(T) string
	owner            func(*T) *string // the organization whose editors write it
	// keep gives a row what the registered record has that a row does
	// not: its id, creation, version (and a project's links as read).
	keep    func(from T, to *T)
	prepare func(*T, standard.Date) error
	list    func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[T], error)
	// register and change are the POST and the PATCH.
	register func(s *Service, ctx context.Context, in T) error
	change   func(s *Service, ctx context.Context, id string, version int64, next T) error
}

// ImportProjects registers (or with opts.Update, updates) the projects of a
// file's rows, in one transaction. A row whose project is registered (its
// id, or the same programme and name) is left as it is, or updated.
func (s *Service) ImportProjects(ctx context.Context, next func() (tabular.Record[standard.Project], error), opts ImportOptions) (ImportReport, error) {
	return importRecords(s, ctx, projectKind, next, opts)
}

// ImportPilots registers (or updates) the pilots of a file's rows; a pilot
// is the same as a registered one by its id, or its kind and name.
func (s *Service) ImportPilots(ctx context.Context, next func() (tabular.Record[standard.Pilot], error), opts ImportOptions) (ImportReport, error) {
	return importRecords(s, ctx, pilotKind, next, opts)
}

// ImportTechnicalBodies registers (or updates) the technical bodies of a
// file's rows; a body is the same as a registered one by its id or code.
func (s *Service) ImportTechnicalBodies(ctx context.Context, next func() (tabular.Record[standard.TechnicalBody], error), opts ImportOptions) (ImportReport, error) {
	return importRecords(s, ctx, bodyKind, next, opts)
}

// ImportOrganizations registers (or updates) the organizations of a
// file's rows; an organization is the same as a registered one by its id,
// else its credit code, else its exact name. Admins only, as a POST.
func (s *Service) ImportOrganizations(ctx context.Context, next func() (tabular.Record[standard.Organization], error), opts ImportOptions) (ImportReport, error) {
	return importRecords(s, ctx, organizationKind, next, opts)
}

// AuthorizeRecordImport refuses, before a file is read, a caller who may
// not register records of the kind: its action, CreateProject and so on.
func (s *Service) AuthorizeRecordImport(ctx context.Context, action access.Action) error {
	caller := access.CallerFrom(ctx)
	return access.Authorize(caller, action, caller.OrganizationID)
}

// importRecords runs an import of one kind of record. Every row is written
// in the transaction as it is read, each in its own savepoint, so that a
// refused row leaves the others; the transaction is rolled back at the
// end of a dry run, or of an all-or-nothing import that refused a row.
func importRecords[T any](s *Service, ctx context.Context, k recordKind[T], next func() (tabular.Record[T], error), opts ImportOptions) (ImportReport, error) {
	if err := s.AuthorizeRecordImport(ctx, k.create); err != nil {
		return ImportReport{}, err
	}
	imp := &importRun{s: s, ctx: ctx, opts: opts, seen: map[string]int{}}
	err := s.store.InTransaction(ctx, func(st Store) error {
		tx := *s
		tx.store = st
		registered, err := registeredRecords(&tx, ctx, k)
		if err != nil {
			return err
		}
		err = readBatches(imp, next, func(rows []tabular.Record[T]) error {
			for _, row := range rows {
				if err := importRecord(&tx, imp, k, registered, row); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return imp.outcome()
	})
	return imp.result(err, "import "+k.noun.String())
}

// registered indexes the records registered before an import, by id and
// by identity.
type registered[T any] struct{ byID, byIdentity map[string]T }

func registeredRecords[T any](s *Service, ctx context.Context, k recordKind[T]) (registered[T], error) {
	r := registered[T]{byID: map[string]T{}, byIdentity: map[string]T{}}
	var after *paging.Cursor
	for {
		page, err := k.list(s, ctx, after, 1000)
		if err != nil {
			return r, err
		}
		for _, rec := range page.Items {
			r.byID[k.id(rec)] = rec
			for _, key := range k.identities(rec) {
				if _, taken := r.byIdentity[key]; !taken {
					r.byIdentity[key] = rec
				}
			}
		}
		if page.Next == nil {
			return r, nil
		}
		after = page.Next
	}
}

// importRecord registers or updates one row's record. A refusal the
// client can act on (a fault.Error: invalid, forbidden, conflict…) refuses
// the row; any other error ends the import.
func importRecord[T any](s *Service, imp *importRun, k recordKind[T], reg registered[T], row tabular.Record[T]) error {
	imp.cells = row.Cells
	defer func() { imp.cells = tabular.Cells{} }()
	if row.Err != nil {
		imp.reject(row.Number, row.Err)
		return nil
	}
	current, found := reg.byID[row.ID]
	found = found && row.ID != ""
	keys := k.identities(row.Value)
	for _, key := range keys {
		if found {
			break
		}
		current, found = reg.byIdentity[key]
	}
	identity := "new:" + strings.Join(keys, "+")
	if found {
		identity = "id:" + k.id(current)
	}
	if first, dup := imp.seen[identity]; dup {
		imp.reject(row.Number, fault.Errorf(fault.CodeConflict, "the same %s as row %d", k.noun, first))
		return nil
	}
	imp.seen[identity] = row.Number
	var err error
	switch {
	case !found:
		if err = k.register(s, imp.ctx, row.Value); err == nil {
			imp.report.Created++
		}
	case !imp.opts.Update:
		imp.report.Unchanged++
	default:
		var changed bool
		if changed, err = updateRecord(s, imp.ctx, k, current, row.Value); err == nil && changed {
			imp.report.Updated++
		} else if err == nil {
			imp.report.Unchanged++
		}
	}
	var fe *fault.Error
	if errors.As(err, &fe) {
		imp.reject(row.Number, err)
		return nil
	}
	return err
}

// identities are a record's identities, in the order tried, the empty
// ones left out.
func (k recordKind[T]) identities(rec T) []string {
	var keys []string
	if id := k.identity(rec); id != "" {
		keys = append(keys, "1:"+id)
	}
	if k.alsoBy != nil {
		if id := k.alsoBy(rec); id != "" {
			keys = append(keys, "2:"+id)
		}
	}
	return keys
}

// keyOf joins the parts of an identity, each cleaned as Prepare cleans it.
func keyOf(parts ...string) string {
	for i, p := range parts {
		parts[i] = standard.CleanText(p)
	}
	return strings.Join(parts, "|")
}

// updateRecord writes a row over the registered record current as a
// PATCH would: the caller may change current, an editor's row without an
// owner keeps current's, and the row replaces every field (its empty cells
// clear theirs) but what keep keeps. It writes nothing, and reports no
// change, when the row says what current says.
func updateRecord[T any](s *Service, ctx context.Context, k recordKind[T], current, in T) (changed bool, err error) {
	caller := access.CallerFrom(ctx)
	if err := access.Authorize(caller, k.update, *k.owner(&current)); err != nil {
		return false, err
	}
	if caller.Role == access.RoleEditor && *k.owner(&in) == "" {
		*k.owner(&in) = *k.owner(&current)
	}
	k.keep(current, &in)
	if err := k.prepare(&in, s.today()); err != nil {
		return false, err
	}
	if reflect.DeepEqual(current, in) {
		return false, nil
	}
	return true, k.change(s, ctx, k.id(current), k.version(current), in)
}

var projectKind = recordKind[standard.Project]{
	noun: fault.Msg("project"), create: access.CreateProject, update: access.UpdateProject,
	id:       func(p standard.Project) string { return p.ID },
	version:  func(p standard.Project) int64 { return p.Version },
	identity: func(p standard.Project) string { return keyOf(p.Programme, p.Name) },
	owner:    func(p *standard.Project) *string { return &p.OrganizationID },
	keep: func(from standard.Project, to *standard.Project) {
		to.ID, to.CreatedAt, to.UpdatedAt, to.Version, to.Links = from.ID, from.CreatedAt, from.UpdatedAt, from.Version, from.Links
	},
	prepare: (*standard.Project).Prepare,
	list: func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[standard.Project], error) {
		return s.ListProjects(ctx, standard.ProjectQuery{After: after, Limit: limit})
	},
	register: func(s *Service, ctx context.Context, in standard.Project) error {
		_, err := s.CreateProject(ctx, in)
		return err
	},
	change: func(s *Service, ctx context.Context, id string, version int64, next standard.Project) error {
		_, err := s.UpdateProject(ctx, id, &version, func(standard.Project) (standard.Project, error) { return next, nil })
		return err
	},
}

var pilotKind = recordKind[standard.Pilot]{
	noun: fault.Msg("pilot"), create: access.CreatePilot, update: access.UpdatePilot,
	id:       func(p standard.Pilot) string { return p.ID },
	version:  func(p standard.Pilot) int64 { return p.Version },
	identity: func(p standard.Pilot) string { return keyOf(string(p.Kind), p.Name) },
	owner:    func(p *standard.Pilot) *string { return &p.OrganizationID },
	keep: func(from standard.Pilot, to *standard.Pilot) {
		to.ID, to.CreatedAt, to.UpdatedAt, to.Version = from.ID, from.CreatedAt, from.UpdatedAt, from.Version
	},
	prepare: (*standard.Pilot).Prepare,
	list: func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[standard.Pilot], error) {
		return s.ListPilots(ctx, standard.PilotQuery{After: after, Limit: limit})
	},
	register: func(s *Service, ctx context.Context, in standard.Pilot) error {
		_, err := s.CreatePilot(ctx, in)
		return err
	},
	change: func(s *Service, ctx context.Context, id string, version int64, next standard.Pilot) error {
		_, err := s.UpdatePilot(ctx, id, &version, func(standard.Pilot) (standard.Pilot, error) { return next, nil })
		return err
	},
}

var bodyKind = recordKind[standard.TechnicalBody]{
	noun: fault.Msg("technical body"), create: access.CreateBody, update: access.UpdateBody,
	id:       func(b standard.TechnicalBody) string { return b.ID },
	version:  func(b standard.TechnicalBody) int64 { return b.Version },
	identity: func(b standard.TechnicalBody) string { return standard.NormalizeBodyCode(b.Code) },
	owner:    func(b *standard.TechnicalBody) *string { return &b.SecretariatOrganizationID },
	keep: func(from standard.TechnicalBody, to *standard.TechnicalBody) {
		to.ID, to.CreatedAt, to.UpdatedAt, to.Version = from.ID, from.CreatedAt, from.UpdatedAt, from.Version
	},
	prepare: (*standard.TechnicalBody).Prepare,
	list: func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[standard.TechnicalBody], error) {
		return s.ListTechnicalBodies(ctx, standard.TechnicalBodyQuery{After: after, Limit: limit})
	},
	register: func(s *Service, ctx context.Context, in standard.TechnicalBody) error {
		_, err := s.CreateTechnicalBody(ctx, in)
		return err
	},
	change: func(s *Service, ctx context.Context, id string, version int64, next standard.TechnicalBody) error {
		_, err := s.UpdateTechnicalBody(ctx, id, &version, func(standard.TechnicalBody) (standard.TechnicalBody, error) { return next, nil })
		return err
	},
}

var organizationKind = recordKind[standard.Organization]{
	noun: fault.Msg("organization"), create: access.CreateOrganization, update: access.UpdateOrganization,
	id:       func(o standard.Organization) string { return o.ID },
	version:  func(o standard.Organization) int64 { return o.Version },
	identity: func(o standard.Organization) string { return creditcode.Normalize(standard.CleanText(o.CreditCode)) },
	alsoBy:   func(o standard.Organization) string { return standard.CleanText(o.Name) },
	// An organization is its own owner: only admins (and operators) write
	// organizations, whatever the owner.
	owner: func(o *standard.Organization) *string { return &o.ID },
	keep: func(from standard.Organization, to *standard.Organization) {
		to.ID, to.CreatedAt, to.UpdatedAt, to.Version = from.ID, from.CreatedAt, from.UpdatedAt, from.Version
	},
	prepare: func(o *standard.Organization, _ standard.Date) error { return o.Prepare() },
	list: func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[standard.Organization], error) {
		return s.ListOrganizations(ctx, standard.OrganizationQuery{After: after, Limit: limit})
	},
	register: func(s *Service, ctx context.Context, in standard.Organization) error {
		_, err := s.CreateOrganization(ctx, in)
		return err
	},
	change: func(s *Service, ctx context.Context, id string, version int64, next standard.Organization) error {
		_, err := s.UpdateOrganization(ctx, id, &version, func(standard.Organization) (standard.Organization, error) { return next, nil })
		return err
	},
}

// ExportOrganizations calls each with every organization q's filter
// selects, by name.
func (s *Service) ExportOrganizations(ctx context.Context, q standard.OrganizationQuery, each func(standard.Organization) error) error {
	return exportPages(func(after *paging.Cursor) (paging.Page[standard.Organization], error) {
		q.After, q.Limit = after, exportPage
		return s.ListOrganizations(ctx, q)
	}, each)
}

// ExportProjects calls each with every project q's filter selects, by
// name, as the list shows them (the standards the caller may not see left
// out); q.After and q.Limit are ignored.
func (s *Service) ExportProjects(ctx context.Context, q standard.ProjectQuery, each func(standard.Project) error) error {
	return exportPages(func(after *paging.Cursor) (paging.Page[standard.Project], error) {
		q.After, q.Limit = after, exportPage
		return s.ListProjects(ctx, q)
	}, each)
}

// ExportPilots calls each with every pilot q's filter selects, by name.
func (s *Service) ExportPilots(ctx context.Context, q standard.PilotQuery, each func(standard.Pilot) error) error {
	return exportPages(func(after *paging.Cursor) (paging.Page[standard.Pilot], error) {
		q.After, q.Limit = after, exportPage
		return s.ListPilots(ctx, q)
	}, each)
}

// ExportTechnicalBodies calls each with every body q's filter selects, by
// code.
func (s *Service) ExportTechnicalBodies(ctx context.Context, q standard.TechnicalBodyQuery, each func(standard.TechnicalBody) error) error {
	return exportPages(func(after *paging.Cursor) (paging.Page[standard.TechnicalBody], error) {
		q.After, q.Limit = after, exportPage
		return s.ListTechnicalBodies(ctx, q)
	}, each)
}

// exportPage is how many records an export reads at once: the registries
// hold thousands, so keyset pages of the list serve.
const exportPage = 500

func exportPages[T any](page func(after *paging.Cursor) (paging.Page[T], error), each func(T) error) error {
	var after *paging.Cursor
	for {
		p, err := page(after)
		if err != nil {
			return err
		}
		for _, rec := range p.Items {
			if err := each(rec); err != nil {
				return err
			}
		}
		if p.Next == nil {
			return nil
		}
		after = p.Next
	}
}
