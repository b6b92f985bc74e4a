package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
	"stdreg/internal/tabular"
)

// ImportWriter changes standards in bulk inside an import's transaction.
type ImportWriter interface {
	// Existing finds the standards with the given normalized numbers or
	// ids, and the numberless records with the given Chinese titles,
	// among those registered before the import; whether it also sees the
	// ones this import created is the store's choice, so repeats within a
	// file are the registry's to refuse.
	Existing(codes, ids, numberlessTitles []string) ([]standard.Standard, error)
	// Organizations finds the registered organizations with the given ids,
	// normalized credit codes or exact names.
	Organizations(ids, creditCodes, names []string) ([]standard.Organization, error)
	// CreateOrganizations registers organizations, each with its audit
	// event and change, before the standards that name them.
	CreateOrganizations(batch []NewOrganization) error
	// Create registers new standards, each with its first history entry and
	// audit event.
	Create(batch []NewStandard) error
	// Update writes a changed standard over the version it was read at.
	Update(next standard.Standard, read int64, ev audit.Event) error
}

// NewStandard is a standard to register with its history (the
// registration first, then the moves an import recorded) and its event.
type NewStandard struct {
	Standard standard.Standard
	History  []standard.Transition
	Event    audit.Event
}

// ImportOptions say how an import treats its rows.
type ImportOptions struct {
	// DryRun checks every row exactly as the real import would, writes in
	// the transaction as it would, and rolls it all back.
	DryRun bool
	// SkipInvalid writes the valid rows and reports the others; without it
	// the import is all or nothing.
	SkipInvalid bool
	// Update: a row whose standard is registered (same id, normalized
	// number, or for a record without a number the same kind, owner and
	// Chinese title) updates it; otherwise such rows are left as they are.
	Update bool
	// CreateOrganizations registers the organizations the rows name (by
	// name and credit code) that the registry does not know; without it
	// such a row is refused. Only an admin may.
	CreateOrganizations bool
	// Progress, if set, is told how many rows have been read so far.
	Progress func(rows int)
}

// ImportReport is what an import did, row by row.
type ImportReport struct {
	Rows      int // data rows read
	Created   int
	Updated   int
	Unchanged int // registered already, and left as they are
	Rejected  int
	// OrganizationsCreated counts the organizations registered for the
	// rows (ImportOptions.CreateOrganizations).
	OrganizationsCreated int
	// Problems name each rejected row's cells, every one of them.
	Problems []RowProblem
	// Written: the changes are stored (not a dry run, and nothing refused
	// an all-or-nothing import).
	Written bool
}

// RowProblem is why a row was rejected: its number as the file shows it,
// the column (the API's field name; empty when it is about the whole row).
type RowProblem struct {
	Row     int
	Field   string
	Cell    string // the column's cell as the file holds it, "" when none
	Message fault.Message
}

// importBatch is how many rows are checked against the registry and
// written at once.
const importBatch = 500

// errRollback ends an import's transaction without keeping its writes.
var errRollback = errors.New("import rolled back")

// Import registers (or with opts.Update, updates) the standards of a file's
// rows, in one transaction. Every row is checked exactly as a POST (or, for
// an update, a PATCH) would check it. next gives the rows; a *tabular.FileError
// from it (a file that cannot be read) stops the import, which then writes
// nothing.
func (s *Service) Import(ctx context.Context, next func() (tabular.Row, error), opts ImportOptions) (ImportReport, error) {
	if err := s.AuthorizeImport(ctx); err != nil {
		return ImportReport{}, err
	}
	if err := s.AuthorizeCreateOrganizations(ctx, opts.CreateOrganizations); err != nil {
		return ImportReport{}, err
	}
	imp := &importRun{s: s, ctx: ctx, opts: opts, seen: map[string]int{}, orgs: newImportOrganizations()}
	err := s.store.Import(ctx, func(w ImportWriter) error {
		imp.w = w
		if err := readBatches(imp, next, imp.batch); err != nil {
			return err
		}
		return imp.outcome()
	})
	return imp.result(err, "import")
}

// readBatches hands handle the rows next gives, importBatch at a time,
// counting them in the report and telling opts.Progress how many it has
// read after each batch; it stops when the import's context ends.
func readBatches[R any](imp *importRun, next func() (R, error), handle func([]R) error) error {
	batch := make([]R, 0, importBatch)
	for {
		row, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		imp.report.Rows++
		batch = append(batch, row)
		if len(batch) == importBatch {
			if err := handle(batch); err != nil {
				return err
			}
			batch = batch[:0]
			if imp.opts.Progress != nil {
				imp.opts.Progress(imp.report.Rows)
			}
			if err := imp.ctx.Err(); err != nil {
				return err
			}
		}
	}
	if err := handle(batch); err != nil {
		return err
	}
	if imp.opts.Progress != nil {
		imp.opts.Progress(imp.report.Rows)
	}
	return nil
}

// outcome ends an import's transaction: rolled back after a dry run, or
// after an all-or-nothing import refused a row.
func (r *importRun) outcome() error {
	if r.opts.DryRun || (r.report.Rejected > 0 && !r.opts.SkipInvalid) {
		return errRollback
	}
	return nil
}

// result is the import's report once its transaction ended with err.
func (r *importRun) result(err error, what string) (ImportReport, error) {
	if errors.Is(err, errRollback) {
		return r.report, nil
	}
	if err != nil {
		return ImportReport{}, fmt.Errorf("%s: %w", what, err)
	}
	r.report.Written = true
	return r.report, nil
}

// importRun is one import's state.
type importRun struct {
	s      *Service
	ctx    context.Context
	opts   ImportOptions
	w      ImportWriter
	report ImportReport
	seen   map[string]int // a row's identity → the row that first had it
	cells  tabular.Cells  // the cells of the row being checked, for reject
	orgs   *importOrganizations
}

// reject records why a row was refused.
func (r *importRun) reject(row int, err error) {
	r.report.Rejected++
	var problems []RowProblem
	var e *fault.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		for _, f := range e.Fields {
			problems = append(problems, RowProblem{Row: row, Field: f.Field, Cell: r.cells.Text(f.Field), Message: f.Message})
		}
	} else {
		problems = append(problems, RowProblem{Row: row, Message: fault.MessageOf(err)})
	}
	r.report.Problems = append(r.report.Problems, problems...)
}

// writing reports whether rows are still being written: an all-or-nothing
// import stops writing at its first refused row (it will roll back), but
// goes on checking, so the report names every bad row.
func (r *importRun) writing() bool { return r.opts.SkipInvalid || r.report.Rejected == 0 }

// batch checks a batch of rows against the registry and writes it.
func (r *importRun) batch(rows []tabular.Row) error {
	if len(rows) == 0 {
		return nil
	}
	var codes, ids, titles []string
	normalized := make([]string, len(rows))
	for i, row := range rows {
		if row.Err != nil {
			continue // refused as it was read: its values are not fit to look up
		}
		if c, err := stdcode.Parse(row.Standard.Code); err == nil {
			normalized[i] = c.Normalized
			codes = append(codes, c.Normalized)
			if row.Standard.Kind == "" {
				// A platform's listing has no kind column: the number says it.
				rows[i].Standard.Kind = standard.Kind(c.Kind)
			}
		} else if row.Standard.Code == "" {
			titles = append(titles, row.Standard.TitleZH)
		}
		if standard.ValidID(row.ID) {
			ids = append(ids, row.ID)
		}
	}
	existing, err := r.w.Existing(codes, ids, titles)
	if err != nil {
		return err
	}
	if err := r.orgs.load(r.w, rows); err != nil {
		return err
	}
	registered := index(existing, access.CallerFrom(r.ctx).Visibility())
	var creates []NewStandard
	var orgs []NewOrganization
	defer func() { r.cells = tabular.Cells{} }()
	for i, row := range rows {
		r.cells = row.Cells
		if row.Err != nil {
			r.reject(row.Number, row.Err)
			continue
		}
		in := row.Standard
		orgID, newOrg, err := r.resolve(in)
		if err != nil {
			r.reject(row.Number, err)
			continue
		}
		in.OrganizationID = orgID
		in.OrganizationName, in.OrganizationCreditCode = "", "" // not stored with the standard
		current, found := registered.match(row.ID, normalized[i], in, access.CallerFrom(r.ctx))
		identity := identityOf(current, found, normalized[i], in)
		if first, dup := r.seen[identity]; dup {
			r.reject(row.Number, fault.Errorf(fault.CodeConflict, "the same standard as row %d", first))
			continue
		}
		r.seen[identity] = row.Number
		if found {
			if err := r.existing(row.Number, current, in, newOrg); err != nil {
				return err
			}
			continue
		}
		prepared, err := r.s.prepareImported(r.ctx, in)
		if err != nil {
			r.reject(row.Number, err)
			continue
		}
		history, err := standard.ImportedHistory(prepared, r.s.today())
		if err != nil {
			r.reject(row.Number, err)
			continue
		}
		if registered.hiddenCodes[normalized[i]] {
			// See registeredSet: refused as the write would refuse it, and
			// as a POST of the row is.
			r.reject(row.Number, standard.NumberTaken(prepared.Code))
			continue
		}
		r.report.Created++
		if err := r.register(newOrg, &orgs); err != nil {
			return err
		}
		if !r.writing() {
			continue // refused already: the registration and its audit snapshot would be thrown away
		}
		prepared, registration, ev, err := r.s.register(r.ctx, prepared)
		if err != nil {
			return err
		}
		creates = append(creates, NewStandard{Standard: prepared, History: recorded(history, registration), Event: ev})
	}
	if !r.writing() {
		return nil
	}
	if err := r.w.CreateOrganizations(orgs); err != nil {
		return err
	}
	return r.w.Create(creates)
}

// recorded gives an imported history the registration's identity: the
// standard, when and by whom, each move an id of its own.
func recorded(history []standard.Transition, registration standard.Transition) []standard.Transition {
	out := make([]standard.Transition, len(history))
	for i, m := range history {
		t := registration
		if i > 0 {
			t.ID = newID()
		}
		t.From, t.To, t.OccurredOn, t.Note = m.From, m.To, m.OccurredOn, m.Note
		out[i] = t
	}
	return out
}

// existing handles a row whose standard is registered: left as it is, or
// with opts.Update changed as a PATCH would change it (after registering
// the organization it now names, if new).
func (r *importRun) existing(number int, current, in standard.Standard, newOrg *proposedOrganization) error {
	if !r.opts.Update {
		r.report.Unchanged++
		return nil
	}
	next, err := r.s.importedUpdate(r.ctx, current, in)
	if err != nil {
		r.reject(number, err)
		return nil
	}
	if sameRecord(current, next) {
		r.report.Unchanged++
		return nil
	}
	r.report.Updated++
	var orgs []NewOrganization
	if err := r.register(newOrg, &orgs); err != nil {
		return err
	}
	if !r.writing() {
		return nil
	}
	if err := r.w.CreateOrganizations(orgs); err != nil {
		return err
	}
	ev, err := r.s.event(r.ctx, access.UpdateStandard, resourceStandard, current.ID, current, next)
	if err != nil {
		return err
	}
	return r.w.Update(next, current.Version, ev)
}

// importedUpdate is current with a row's fields, checked as a PATCH is:
// the caller may change it (current is one it may see: registeredSet holds
// no other), and the stage and the days that follow from the moves stay as
// they are (a row that says otherwise is refused).
func (s *Service) importedUpdate(ctx context.Context, current, in standard.Standard) (standard.Standard, error) {
	caller := access.CallerFrom(ctx)
	if err := access.Authorize(caller, access.UpdateStandard, current.OrganizationID); err != nil {
		return standard.Standard{}, err
	}
	if caller.Role == access.RoleEditor && in.OrganizationID == "" {
		in.OrganizationID = current.OrganizationID
	}
	if in.OrganizationID != current.OrganizationID {
		if err := access.Authorize(caller, access.UpdateStandard, in.OrganizationID); err != nil {
			return standard.Standard{}, err
		}
	}
	var fe fault.FieldErrors
	for _, f := range []struct {
		field     string
		given     bool
		same      bool
		currently string
	}{
		{"stage", in.Stage != "", in.Stage == current.Stage, string(current.Stage)},
		{"approved_on", !in.ApprovedOn.IsZero(), in.ApprovedOn == current.ApprovedOn, current.ApprovedOn.String()},
		{"published_on", !in.PublishedOn.IsZero(), in.PublishedOn == current.PublishedOn, current.PublishedOn.String()},
		{"submitted_on", !in.SubmittedOn.IsZero(), in.SubmittedOn == current.SubmittedOn, current.SubmittedOn.String()},
		{"withdrawn_on", !in.WithdrawnOn.IsZero(), in.WithdrawnOn == current.WithdrawnOn, current.WithdrawnOn.String()},
	} {
		if f.given && !f.same {
			fe.Add(f.field, "the registered standard has %q; it changes only through stage moves", f.currently)
		}
	}
	if err := fe.Err(); err != nil {
		return standard.Standard{}, err
	}
	next := in
	next.Stage, next.ApprovedOn, next.SubmittedOn, next.PublishedOn, next.WithdrawnOn = current.Stage, current.ApprovedOn, current.SubmittedOn, current.PublishedOn, current.WithdrawnOn
	if err := next.Prepare(s.today()); err != nil {
		return standard.Standard{}, err
	}
	next.ID, next.CreatedAt, next.Version, next.UpdatedAt = current.ID, current.CreatedAt, current.Version+1, s.now().UTC()
	return next, nil
}

// sameRecord reports whether an update would change nothing a client sees
// but the time and version.
func sameRecord(a, b standard.Standard) bool {
	return reflect.DeepEqual(withoutChangeMarks(a), withoutChangeMarks(b))
}

// withoutChangeMarks clears what every write changes, and makes empty lists
// compare equal however they were read.
func withoutChangeMarks(s standard.Standard) standard.Standard {
	s.UpdatedAt, s.Version = time.Time{}, 0
	s.CreatedAt = s.CreatedAt.UTC()
	s.ICS, s.Replaces, s.DraftingUnits = orNil(s.ICS), orNil(s.Replaces), orNil(s.DraftingUnits)
	s.Designations, s.Adopts = orNil(s.Designations), orNil(s.Adopts)
	return s
}

func orNil[T any](v []T) []T {
	if len(v) == 0 {
		return nil
	}
	return v
}

// registeredSet finds a row's registered standard among those the caller
// may see.
//
// A record the caller may not see is not there for the import (the rule in
// standards.go): a row naming one by its id, by its number or by its title
// is judged as a row naming nothing, as a new registration. That makes a
// row for another organization's draft (the case of an editor probing that
// organization) forbidden whether the draft exists or not, in every mode,
// with no "unchanged" or "updated" to tell them apart and no id in any
// problem. Only a new registration of the hidden record's very number,
// for an organization the caller may register for, cannot be answered as
// if the number were free: numbers are unique, so the write would fail.
// That row is refused with the conflict a POST of it gets, after the
// checks a POST makes first (the caller may register for the organization,
// the row is valid), and before anything is written, in a dry run as in a
// real one. It tells what a POST tells, that the number is taken, and
// nothing of the record that holds it. (The alternatives tell as much and
// more: counted as created, the write would then fail the whole import
// with a 409 rather than refuse one row; counted as unchanged, as before,
// the row would seem to name a record the caller may read, and with
// on_conflict=update its problem gave the record's id.)
type registeredSet struct {
	byID, byCode map[string]standard.Standard
	byTitle      map[string][]standard.Standard
	hiddenCodes  map[string]bool // the normalized numbers of records the caller may not see
}

func index(all []standard.Standard, visible standard.Visibility) registeredSet {
	r := registeredSet{byID: map[string]standard.Standard{}, byCode: map[string]standard.Standard{}, byTitle: map[string][]standard.Standard{}, hiddenCodes: map[string]bool{}}
	for _, st := range all {
		switch {
		case !visible.Shows(st):
			if st.NormalizedCode != "" {
				r.hiddenCodes[st.NormalizedCode] = true
			}
		case st.NormalizedCode != "":
			r.byID[st.ID] = st
			r.byCode[st.NormalizedCode] = st
		default:
			r.byID[st.ID] = st
			r.byTitle[st.TitleZH] = append(r.byTitle[st.TitleZH], st)
		}
	}
	return r
}

// match finds the registered standard a row is about: by its id, else by
// its normalized number, else (no number) by kind, owner and Chinese title.
func (r registeredSet) match(id, normalized string, in standard.Standard, caller access.Caller) (standard.Standard, bool) {
	if st, ok := r.byID[id]; ok && id != "" {
		return st, true
	}
	if normalized != "" {
		st, ok := r.byCode[normalized]
		return st, ok
	}
	if in.Code != "" {
		return standard.Standard{}, false
	}
	owner := in.OrganizationID
	if owner == "" && caller.Role == access.RoleEditor {
		owner = caller.OrganizationID
	}
	for _, st := range r.byTitle[in.TitleZH] {
		if st.Kind == in.Kind && st.OrganizationID == owner {
			return st, true
		}
	}
	return standard.Standard{}, false
}

// identityOf is what makes two rows of a file the same standard.
func identityOf(current standard.Standard, found bool, normalized string, in standard.Standard) string {
	switch {
	case found:
		return "id:" + current.ID
	case normalized != "":
		return "code:" + normalized
	default:
		return "draft:" + string(in.Kind) + "|" + in.OrganizationID + "|" + in.TitleZH
	}
}
