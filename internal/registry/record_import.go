package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"stdreg/internal/access"
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
	noun   fault.Message
	action access.Action // the creation, which an import needs the right to
	id     func(T) string
	// identity is what makes a row without a registered id the same
	// record as a registered one: a body's code, a project's programme
	// and name, a pilot's kind and name.
	identity func(T) string
	list     func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[T], error)
	create   func(s *Service, ctx context.Context, in T) error
	// update writes in over current as a PATCH would; changed is false,
	// and nothing written, when it would change nothing.
	update func(s *Service, ctx context.Context, current, in T) (changed bool, err error)
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
	if err := s.AuthorizeRecordImport(ctx, k.action); err != nil {
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
		for {
			row, err := next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			imp.report.Rows++
			if err := importRecord(&tx, imp, k, registered, row); err != nil {
				return err
			}
			if imp.report.Rows%importBatch == 0 {
				if opts.Progress != nil {
					opts.Progress(imp.report.Rows)
				}
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		if opts.Progress != nil {
			opts.Progress(imp.report.Rows)
		}
		if opts.DryRun || (imp.report.Rejected > 0 && !opts.SkipInvalid) {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		return imp.report, nil
	}
	if err != nil {
		return ImportReport{}, fmt.Errorf("import %s: %w", k.noun, err)
	}
	imp.report.Written = true
	return imp.report, nil
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
			r.byIdentity[k.identity(rec)] = rec
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
	if row.Err != nil {
		imp.reject(row.Number, row.Err)
		return nil
	}
	current, found := reg.byID[row.ID]
	if !found || row.ID == "" {
		current, found = reg.byIdentity[k.identity(row.Value)]
	}
	identity := "new:" + k.identity(row.Value)
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
		if err = k.create(s, imp.ctx, row.Value); err == nil {
			imp.report.Created++
		}
	case !imp.opts.Update:
		imp.report.Unchanged++
	default:
		var changed bool
		if changed, err = k.update(s, imp.ctx, current, row.Value); err == nil && changed {
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

// keyOf joins the parts of an identity, each cleaned as Prepare cleans it.
func keyOf(parts ...string) string {
	for i, p := range parts {
		parts[i] = standard.CleanText(p)
	}
	return strings.Join(parts, "|")
}

// ownedUpdate is the update of an import's row of a record an
// organization owns: the caller may change current, an editor's row
// without an owner keeps current's, and the row replaces every field
// (its empty cells clear theirs) but the id, creation and version.
func ownedUpdate[T any](s *Service, ctx context.Context, action access.Action, current, in T, owner func(*T) *string, marks func(from T, to *T), prepare func(*T) error,
	write func(id string, version int64, next T) error, id string, version int64) (bool, error) {
	caller := access.CallerFrom(ctx)
	if err := access.Authorize(caller, action, *owner(&current)); err != nil {
		return false, err
	}
	if caller.Role == access.RoleEditor && *owner(&in) == "" {
		*owner(&in) = *owner(&current)
	}
	next := in
	marks(current, &next)
	if err := prepare(&next); err != nil {
		return false, err
	}
	if reflect.DeepEqual(current, next) {
		return false, nil
	}
	return true, write(id, version, next)
}

var projectKind = recordKind[standard.Project]{
	noun:     fault.Msg("project"),
	action:   access.CreateProject,
	id:       func(p standard.Project) string { return p.ID },
	identity: func(p standard.Project) string { return keyOf(p.Programme, p.Name) },
	list: func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[standard.Project], error) {
		return s.ListProjects(ctx, standard.ProjectQuery{After: after, Limit: limit})
	},
	create: func(s *Service, ctx context.Context, in standard.Project) error {
		_, err := s.CreateProject(ctx, in)
		return err
	},
	update: func(s *Service, ctx context.Context, current, in standard.Project) (bool, error) {
		if in.StandardIDs == nil {
			in.StandardIDs = []string{}
		}
		current.Links = nil // read for visibility, not part of the record
		return ownedUpdate(s, ctx, access.UpdateProject, current, in,
			func(p *standard.Project) *string { return &p.OrganizationID },
			func(from standard.Project, to *standard.Project) {
				to.ID, to.CreatedAt, to.UpdatedAt, to.Version = from.ID, from.CreatedAt, from.UpdatedAt, from.Version
			},
			func(p *standard.Project) error { return p.Prepare(s.today()) },
			func(id string, version int64, next standard.Project) error {
				_, err := s.UpdateProject(ctx, id, &version, func(standard.Project) (standard.Project, error) { return next, nil })
				return err
			}, current.ID, current.Version)
	},
}

var pilotKind = recordKind[standard.Pilot]{
	noun:     fault.Msg("pilot"),
	action:   access.CreatePilot,
	id:       func(p standard.Pilot) string { return p.ID },
	identity: func(p standard.Pilot) string { return keyOf(string(p.Kind), p.Name) },
	list: func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[standard.Pilot], error) {
		return s.ListPilots(ctx, standard.PilotQuery{After: after, Limit: limit})
	},
	create: func(s *Service, ctx context.Context, in standard.Pilot) error {
		_, err := s.CreatePilot(ctx, in)
		return err
	},
	update: func(s *Service, ctx context.Context, current, in standard.Pilot) (bool, error) {
		return ownedUpdate(s, ctx, access.UpdatePilot, current, in,
			func(p *standard.Pilot) *string { return &p.OrganizationID },
			func(from standard.Pilot, to *standard.Pilot) {
				to.ID, to.CreatedAt, to.UpdatedAt, to.Version = from.ID, from.CreatedAt, from.UpdatedAt, from.Version
			},
			func(p *standard.Pilot) error { return p.Prepare(s.today()) },
			func(id string, version int64, next standard.Pilot) error {
				_, err := s.UpdatePilot(ctx, id, &version, func(standard.Pilot) (standard.Pilot, error) { return next, nil })
				return err
			}, current.ID, current.Version)
	},
}

var bodyKind = recordKind[standard.TechnicalBody]{
	noun:     fault.Msg("technical body"),
	action:   access.CreateBody,
	id:       func(b standard.TechnicalBody) string { return b.ID },
	identity: func(b standard.TechnicalBody) string { return standard.NormalizeBodyCode(b.Code) },
	list: func(s *Service, ctx context.Context, after *paging.Cursor, limit int) (paging.Page[standard.TechnicalBody], error) {
		return s.ListTechnicalBodies(ctx, standard.TechnicalBodyQuery{After: after, Limit: limit})
	},
	create: func(s *Service, ctx context.Context, in standard.TechnicalBody) error {
		_, err := s.CreateTechnicalBody(ctx, in)
		return err
	},
	update: func(s *Service, ctx context.Context, current, in standard.TechnicalBody) (bool, error) {
		return ownedUpdate(s, ctx, access.UpdateBody, current, in,
			func(b *standard.TechnicalBody) *string { return &b.SecretariatOrganizationID },
			func(from standard.TechnicalBody, to *standard.TechnicalBody) {
				to.ID, to.CreatedAt, to.UpdatedAt, to.Version = from.ID, from.CreatedAt, from.UpdatedAt, from.Version
			},
			func(b *standard.TechnicalBody) error { return b.Prepare(s.today()) },
			func(id string, version int64, next standard.TechnicalBody) error {
				_, err := s.UpdateTechnicalBody(ctx, id, &version, func(standard.TechnicalBody) (standard.TechnicalBody, error) { return next, nil })
				return err
			}, current.ID, current.Version)
	},
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
