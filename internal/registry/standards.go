package registry

import (
	"context"
	"errors"
	"slices"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

const resourceStandard = "standard"

// CreateStandard registers a standard or a draft. in carries the client's
// fields; the registry assigns id, times and version. An editor registers
// for its own organization, which is the default owner of its records.
func (s *Service) CreateStandard(ctx context.Context, in standard.Standard) (standard.Standard, error) {
	in, err := s.prepareNew(ctx, in)
	if err != nil {
		return standard.Standard{}, err
	}
	in, registration, ev, err := s.register(ctx, in)
	if err != nil {
		return standard.Standard{}, err
	}
	if err := s.store.CreateStandard(ctx, in, registration, ev); err != nil {
		return standard.Standard{}, err
	}
	return s.replacedByOne(ctx)(in, nil)
}

// prepareImported checks an import's new record as prepareNew does, but in
// any stage: a catalogue holds drafts in progress and withdrawn standards,
// and their history is built from the days the row carries
// (standard.ImportedHistory).
func (s *Service) prepareImported(ctx context.Context, in standard.Standard) (standard.Standard, error) {
	if in.Stage == "" {
		in.Stage = standard.StageProposal
	}
	return s.prepareFor(ctx, in, standard.Stages)
}

// prepareNew checks a new record as every registration does, a POST's or
// an import's row's: the caller may register it, it starts in a stage a
// record may start in, and its fields are valid (normalized in place).
func (s *Service) prepareNew(ctx context.Context, in standard.Standard) (standard.Standard, error) {
	return s.prepareFor(ctx, in, standard.InitialStages)
}

// prepareFor checks a new record that may start in one of stages.
func (s *Service) prepareFor(ctx context.Context, in standard.Standard, stages []standard.Stage) (standard.Standard, error) {
	caller := access.CallerFrom(ctx)
	if caller.Role == access.RoleEditor && in.OrganizationID == "" {
		in.OrganizationID = caller.OrganizationID
	}
	if err := access.Authorize(caller, access.CreateStandard, in.OrganizationID); err != nil {
		return standard.Standard{}, err
	}
	if err := checkOrganizationRef(in.OrganizationID); err != nil {
		return standard.Standard{}, err
	}
	if in.Stage == "" {
		in.Stage = standard.StageProposal
	}
	if !slices.Contains(stages, in.Stage) && (in.Stage.Valid() || len(stages) < len(standard.Stages)) {
		return standard.Standard{}, fault.Invalid(fault.Field("stage",
			"a record starts in preliminary, proposal or published; %s is reached through transitions", in.Stage))
	}
	if err := in.Prepare(s.today()); err != nil {
		return standard.Standard{}, err
	}
	return in, nil
}

// register gives a prepared record its identity, the first entry of its
// history and the audit event of its registration.
func (s *Service) register(ctx context.Context, in standard.Standard) (standard.Standard, standard.Transition, audit.Event, error) {
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	ev, err := s.event(ctx, access.CreateStandard, resourceStandard, in.ID, nil, in)
	if err != nil {
		return standard.Standard{}, standard.Transition{}, audit.Event{}, err
	}
	// The registration opens the history. A standard registered published
	// carries its publication day, so later moves cannot predate it; a
	// draft's registration has no day, so its earlier history can be
	// backfilled.
	registration := standard.Transition{
		ID: newID(), StandardID: in.ID, To: in.Stage, OccurredOn: in.PublishedOn, RecordedAt: now,
		KeyID: ev.KeyID, Actor: ev.KeyName, Note: "registered",
	}
	return in, registration, ev, nil
}

// GetStandard returns one standard. An unapproved draft the caller may not
// see is not found (see visible).
func (s *Service) GetStandard(ctx context.Context, id string) (standard.Standard, error) {
	a := askedID(id)
	if !standard.ValidID(id) {
		return standard.Standard{}, a.notFound()
	}
	st, err := s.store.GetStandard(ctx, id) // with its ReplacedBy
	return visible(ctx, a, st, err)
}

// LookupStandard finds the standard with a number written in any form.
func (s *Service) LookupStandard(ctx context.Context, code string) (standard.Standard, error) {
	c, err := stdcode.ParseTyped(code)
	if err != nil {
		var pe *stdcode.ParseError
		errors.As(err, &pe)
		return standard.Standard{}, fault.Invalid(fault.Field("code", "%s", pe.Reason))
	}
	if c.Year == 0 {
		return s.replacedByOne(ctx)(s.currentEdition(ctx, c))
	}
	st, err := s.store.GetStandardByCode(ctx, c.Normalized) // with its ReplacedBy
	return visible(ctx, askedNumber(c.Normalized), st, err)
}

// FillReplacedBy fills each standard's ReplacedBy with what lookup (a
// Store's ReplacedBy) finds for their numbers, asked at once.
func FillReplacedBy(ctx context.Context, lookup func(ctx context.Context, codes []string) (map[string][]string, error), list []standard.Standard) error {
	codes := make([]string, 0, len(list))
	for _, st := range list {
		if st.Code != "" {
			codes = append(codes, st.Code)
		}
	}
	if len(codes) == 0 {
		return nil
	}
	by, err := lookup(ctx, codes)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].ReplacedBy = by[list[i].Code]
	}
	return nil
}

// replacedByOne fills the ReplacedBy of the standard a call returned (its
// error passes through).
func (s *Service) replacedByOne(ctx context.Context) func(standard.Standard, error) (standard.Standard, error) {
	return func(st standard.Standard, err error) (standard.Standard, error) {
		if err != nil {
			return st, err
		}
		list := []standard.Standard{st}
		if err := FillReplacedBy(ctx, s.store.ReplacedBy, list); err != nil {
			return standard.Standard{}, err
		}
		return list[0], nil
	}
}

// currentEdition answers a number asked without its year: of the editions
// the caller may see, the latest in force (published or under periodic
// review), else the latest of any stage; the latest is the one published
// last, then the one of the latest year.
func (s *Service) currentEdition(ctx context.Context, c stdcode.Code) (standard.Standard, error) {
	editions, err := s.store.GetStandardEditions(ctx, c.Undated(), c.EditionPrefix())
	if err != nil {
		return standard.Standard{}, err
	}
	var current, latest *standard.Standard
	for i := range editions {
		e := &editions[i]
		if !mayView(ctx, *e) {
			continue
		}
		if latest == nil || laterEdition(*e, *latest) {
			latest = e
		}
		if inForce(e.Stage) && (current == nil || laterEdition(*e, *current)) {
			current = e
		}
	}
	switch {
	case current != nil:
		return *current, nil
	case latest != nil:
		return *latest, nil
	}
	return standard.Standard{}, askedNumber(c.Normalized).notFound()
}

// EditionsOf lists the other editions of st's number that the caller may
// see, oldest number first; none for a standard without a number.
func (s *Service) EditionsOf(ctx context.Context, st standard.Standard) ([]standard.Standard, error) {
	if st.NormalizedCode == "" {
		return nil, nil
	}
	c, err := stdcode.Parse(st.NormalizedCode)
	if err != nil {
		return nil, nil // a number registered before the parser knew it: no editions to find
	}
	all, err := s.store.GetStandardEditions(ctx, c.Undated(), c.EditionPrefix())
	if err != nil {
		return nil, err
	}
	var others []standard.Standard
	for _, e := range all {
		if e.ID != st.ID && mayView(ctx, e) {
			others = append(others, e)
		}
	}
	return others, nil
}

// inForce reports whether a standard in stage s is the one to apply.
func inForce(s standard.Stage) bool {
	return s == standard.StagePublished || s == standard.StagePeriodicReview
}

// laterEdition orders editions: published later first, then by number
// (whose year sorts in it).
func laterEdition(a, b standard.Standard) bool {
	if a.PublishedOn != b.PublishedOn {
		return b.PublishedOn.Before(a.PublishedOn)
	}
	return a.NormalizedCode > b.NormalizedCode
}

// The rule of what a caller may not see: an unapproved draft (preliminary,
// proposal) the caller may not see (another organization's, or any for a
// caller without a key) answers exactly as a record that does not exist:
// the same status, the same words, after the same checks in the same order,
// having done the same work. The words of "not found" are built from what
// the caller asked for (the id or the number it sent), never from what was
// found, so no answer carries a hidden record's id, number, title or owner.
//
// Reads and writes of one standard go through visible (and guardWrite);
// lists, facets, exports and figures ask the store with the caller's
// standard.Visibility, the same rule in SQL; an import matches its rows only
// against the records the caller may see (registeredSet).

// asked is what a caller asked for: a standard by id, or by number.
type asked struct {
	what fault.Message
	key  string
}

func askedID(id string) asked { return asked{fault.Msg("standard"), id} }

func askedNumber(normalized string) asked { return asked{fault.Msg("standard numbered"), normalized} }

// notFound is the one answer to a standard asked for that does not exist,
// or that the caller may not see.
func (a asked) notFound() error {
	return fault.Errorf(fault.CodeNotFound, "%s %s not found", a.what, a.key)
}

// mayView reports whether the caller may see st.
func mayView(ctx context.Context, st standard.Standard) bool {
	return access.CallerFrom(ctx).Visibility().Shows(st)
}

// visible is the store's answer (st, err) to a read of what a was, as the
// caller may have it: not found, in a's words, when there is no such record
// or the caller may not see it.
func visible(ctx context.Context, a asked, st standard.Standard, err error) (standard.Standard, error) {
	switch {
	case fault.CodeOf(err) == fault.CodeNotFound:
		return standard.Standard{}, a.notFound()
	case err != nil:
		return standard.Standard{}, err
	case !mayView(ctx, st):
		return standard.Standard{}, a.notFound()
	}
	return st, nil
}

// needKey refuses a write without a key (401) before anything is looked
// up, whatever its target: were the target looked up first, a caller
// without a key would get 401 for an id that exists and 404 for one that
// does not, and so learn that a hidden draft exists.
func needKey(ctx context.Context, action access.Action) error {
	if caller := access.CallerFrom(ctx); caller.Anonymous() {
		return access.Authorize(caller, action, "")
	}
	return nil
}

// writeTarget runs the checks of a write of the standard a names before
// the store is asked: a key (401), then an id that can exist (404).
func writeTarget(ctx context.Context, action access.Action, a asked) error {
	if err := needKey(ctx, action); err != nil {
		return err
	}
	if !standard.ValidID(a.key) {
		return a.notFound()
	}
	return nil
}

// writeError is a write's error as the caller gets it: the store's "not
// found" in the words of what was asked, like a hidden record's.
func writeError(a asked, err error) error {
	if fault.CodeOf(err) == fault.CodeNotFound {
		return a.notFound()
	}
	return err
}

// guardWrite runs the checks every write of an existing standard makes on
// its current state, in an order that leaks nothing: a draft the caller may
// not see does not exist for it (404), a stale If-Match fails (412), and
// only then does the role decide (403). A write without a key was refused
// before (needKey).
func guardWrite(ctx context.Context, a asked, action access.Action, current standard.Standard, ifMatch Precondition) error {
	caller := access.CallerFrom(ctx)
	if !mayView(ctx, current) {
		return a.notFound()
	}
	if err := checkPrecondition(fault.Msg("standard"), current.ID, ifMatch, current.Version); err != nil {
		return err
	}
	return access.Authorize(caller, action, current.OrganizationID)
}

// UpdateStandard applies change to the current state of a standard (a merge
// patch, for the HTTP layer) and stores the result if it is valid. Fields
// that follow from the stage moves cannot be changed here.
func (s *Service) UpdateStandard(ctx context.Context, id string, ifMatch Precondition, change func(standard.Standard) (standard.Standard, error)) (standard.Standard, error) {
	a := askedID(id)
	if err := writeTarget(ctx, access.UpdateStandard, a); err != nil {
		return standard.Standard{}, err
	}
	st, err := s.store.UpdateStandard(ctx, id, func(current standard.Standard) (standard.Standard, audit.Event, error) {
		if err := guardWrite(ctx, a, access.UpdateStandard, current, ifMatch); err != nil {
			return standard.Standard{}, audit.Event{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.Standard{}, audit.Event{}, err
		}
		if next.OrganizationID != current.OrganizationID {
			if err := access.Authorize(access.CallerFrom(ctx), access.UpdateStandard, next.OrganizationID); err != nil {
				return standard.Standard{}, audit.Event{}, err
			}
			if err := checkOrganizationRef(next.OrganizationID); err != nil {
				return standard.Standard{}, audit.Event{}, err
			}
		}
		next.Stage, next.ApprovedOn, next.SubmittedOn, next.PublishedOn, next.WithdrawnOn = current.Stage, current.ApprovedOn, current.SubmittedOn, current.PublishedOn, current.WithdrawnOn
		if err := next.Prepare(s.today()); err != nil {
			return standard.Standard{}, audit.Event{}, err
		}
		next.ID, next.CreatedAt, next.Version, next.UpdatedAt = current.ID, current.CreatedAt, current.Version+1, s.now().UTC()
		ev, err := s.event(ctx, access.UpdateStandard, resourceStandard, id, current, next)
		return next, ev, err
	})
	return s.replacedByOne(ctx)(st, writeError(a, err))
}

// DeleteStandard deletes a draft whose project is not yet approved.
// Anything further along is part of the record: published standards are
// withdrawn, drafts are terminated, never deleted.
func (s *Service) DeleteStandard(ctx context.Context, id string, ifMatch Precondition) error {
	a := askedID(id)
	if err := writeTarget(ctx, access.DeleteStandard, a); err != nil {
		return err
	}
	err := s.store.DeleteStandard(ctx, id, func(current standard.Standard) (audit.Event, error) {
		if err := guardWrite(ctx, a, access.DeleteStandard, current, ifMatch); err != nil {
			return audit.Event{}, err
		}
		if !current.Stage.Deletable() {
			return audit.Event{}, fault.Errorf(fault.CodeConflict, "standard %s is in %s; only a draft in preliminary or proposal can be deleted (a published standard is withdrawn, a draft terminated)", id, current.Stage)
		}
		return s.event(ctx, access.DeleteStandard, resourceStandard, id, current, nil)
	})
	return writeError(a, err)
}

// ListStandards returns one page of the standards the caller may see.
func (s *Service) ListStandards(ctx context.Context, q standard.ListQuery) (paging.Page[standard.Standard], error) {
	q.Filter.Visible, q.Filter.Rules = access.CallerFrom(ctx).Visibility(), s.rules
	return s.store.ListStandards(ctx, q) // with each standard's ReplacedBy
}

// Facets counts the standards the caller may see that the filter selects,
// by each facet named.
func (s *Service) Facets(ctx context.Context, f standard.Filter, names []string) (map[string][]standard.FacetCount, error) {
	f.Visible, f.Rules = access.CallerFrom(ctx).Visibility(), s.rules
	return s.store.Facets(ctx, f, names)
}

// checkOrganizationRef rejects an organization id that cannot exist; one that
// could but does not is refused by the store's foreign key.
func checkOrganizationRef(id string) error {
	if id == "" {
		return nil
	}
	if checkID(fault.Msg("organization"), id) != nil {
		return fault.Invalid(fault.Field("organization_id", "organization %s does not exist", id))
	}
	return nil
}

// ExportStandards calls each with every standard the caller may see that q
// selects, in q's order, in flat memory however many there are. q.After
// and q.Limit are ignored.
//
// Each standard carries its organization's name and credit code, so that
// the file imports into another registry, where the ids differ. The
// organizations are read before the standards: they are few, and the
// export's cursor holds its connection while it runs.
func (s *Service) ExportStandards(ctx context.Context, q standard.ListQuery, each func(standard.Standard) error) error {
	q.Filter.Visible, q.Filter.Rules = access.CallerFrom(ctx).Visibility(), s.rules
	orgs, err := s.allOrganizations(ctx)
	if err != nil {
		return err
	}
	return s.store.ExportStandards(ctx, q, func(st standard.Standard) error { // with its ReplacedBy
		if o, ok := orgs[st.OrganizationID]; ok {
			st.OrganizationName, st.OrganizationCreditCode = o.Name, o.CreditCode
		}
		return each(st)
	})
}

// allOrganizations reads every organization, by id.
func (s *Service) allOrganizations(ctx context.Context) (map[string]standard.Organization, error) {
	out := map[string]standard.Organization{}
	q := standard.OrganizationQuery{Limit: 1000}
	for {
		page, err := s.store.ListOrganizations(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, o := range page.Items {
			out[o.ID] = o
		}
		if page.Next == nil {
			return out, nil
		}
		q.After = page.Next
	}
}

// AuthorizeImport answers whether the caller may import at all, before a
// file is read: editors (for their organization) and admins may.
func (s *Service) AuthorizeImport(ctx context.Context) error {
	caller := access.CallerFrom(ctx)
	return access.Authorize(caller, access.CreateStandard, caller.OrganizationID)
}
