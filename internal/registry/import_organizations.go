package registry

import (
	"context"
	"errors"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/creditcode"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// NewOrganization is an organization an import registers, with its event.
type NewOrganization struct {
	Organization standard.Organization
	Event        audit.Event
}

// importOrganizations finds the organizations a file's rows name: by id
// (a file of this registry), else by credit code, else by exact name (a
// file of another registry, or a platform's listing); with
// ImportOptions.CreateOrganizations it registers the ones it cannot find.
type importOrganizations struct {
	byID   map[string]standard.Organization
	byCode map[string]standard.Organization
	byName map[string][]standard.Organization
	// proposed are the organizations this import registers: a row that
	// names one takes its id at once, and it is written with the first of
	// its rows that is written (pending until then), so that refused rows
	// leave no organization behind.
	proposed map[string]*proposedOrganization // by credit code and by name
}

type proposedOrganization struct {
	org     standard.Organization
	written bool
}

func newImportOrganizations() *importOrganizations {
	return &importOrganizations{proposed: map[string]*proposedOrganization{}}
}

// organizationKeys gathers what the rows name their organizations by.
func organizationKeys(rows []tabular.Row) (ids, codes, names []string) {
	for _, row := range rows {
		if row.Err != nil {
			continue
		}
		in := row.Standard
		if standard.ValidID(in.OrganizationID) {
			ids = append(ids, in.OrganizationID)
		}
		if c := creditcode.Normalize(standard.CleanText(in.OrganizationCreditCode)); c != "" {
			codes = append(codes, c)
		}
		if n := standard.CleanText(in.OrganizationName); n != "" {
			names = append(names, n)
		}
	}
	return ids, codes, names
}

// load indexes the registered organizations a batch's rows name.
func (o *importOrganizations) load(w ImportWriter, rows []tabular.Row) error {
	ids, codes, names := organizationKeys(rows)
	o.byID, o.byCode, o.byName = map[string]standard.Organization{}, map[string]standard.Organization{}, map[string][]standard.Organization{}
	if len(ids)+len(codes)+len(names) == 0 {
		return nil
	}
	found, err := w.Organizations(ids, codes, names)
	if err != nil {
		return err
	}
	for _, org := range found {
		if _, dup := o.byID[org.ID]; dup {
			continue
		}
		o.byID[org.ID] = org
		if org.CreditCode != "" {
			o.byCode[org.CreditCode] = org
		}
		o.byName[org.Name] = append(o.byName[org.Name], org)
	}
	return nil
}

// resolve gives the id of the organization a row names, the organization
// to register for it (when it is new and create allows it), or why the row
// is refused. A row naming none keeps none (an editor's row then belongs
// to the editor's organization, as a POST's).
func (r *importRun) resolve(in standard.Standard) (string, *proposedOrganization, error) {
	o := r.orgs
	id := in.OrganizationID
	code := creditcode.Normalize(standard.CleanText(in.OrganizationCreditCode))
	name := standard.CleanText(in.OrganizationName)
	if id != "" {
		if _, ok := o.byID[id]; ok || !standard.ValidID(id) {
			return id, nil, nil // an id of this registry decides; a malformed one is the registration's to refuse
		}
		if code == "" && name == "" {
			return "", nil, fault.Invalid(fault.Field("organization_id", "organization %s does not exist", id))
		}
	}
	if code == "" && name == "" {
		return "", nil, nil
	}
	if code != "" {
		if org, ok := o.byCode[code]; ok {
			return org.ID, nil, nil
		}
		if p, ok := o.proposed["code:"+code]; ok {
			return p.org.ID, p, nil
		}
	}
	if name != "" {
		// Same name, and no credit code that says it is another one.
		var same []standard.Organization
		for _, org := range o.byName[name] {
			if code == "" || org.CreditCode == "" {
				same = append(same, org)
			}
		}
		switch {
		case len(same) == 1:
			return same[0].ID, nil, nil
		case len(same) > 1:
			return "", nil, fault.Invalid(fault.Field("organization_name",
				"%d organizations are named %s; give the credit code (organization_credit_code) to say which", len(same), name))
		}
		if p, ok := o.proposed["name:"+name]; ok && (code == "" || p.org.CreditCode == "") {
			return p.org.ID, p, nil
		}
	}
	if !r.opts.CreateOrganizations {
		if code != "" {
			return "", nil, fault.Invalid(fault.Field("organization_credit_code",
				"no organization has the credit code %s or the name %q; import with create_organizations=true to register it", code, name))
		}
		return "", nil, fault.Invalid(fault.Field("organization_name",
			"no organization is named %s; import with create_organizations=true to register it", name))
	}
	if name == "" {
		return "", nil, fault.Invalid(fault.Field("organization_name",
			"no organization has the credit code %s; give its name (organization_name) to register it", code))
	}
	org := standard.Organization{Name: name, CreditCode: code, Kind: standard.OrgKindOf(name, code)}
	if err := org.Prepare(); err != nil {
		return "", nil, asOrganizationColumns(err)
	}
	now := r.s.now().UTC()
	org.ID, org.CreatedAt, org.UpdatedAt, org.Version = newID(), now, now, 1
	p := &proposedOrganization{org: org}
	if org.CreditCode != "" {
		o.proposed["code:"+org.CreditCode] = p
	}
	if _, taken := o.proposed["name:"+org.Name]; !taken {
		o.proposed["name:"+org.Name] = p
	}
	return org.ID, p, nil
}

// asOrganizationColumns names an organization's invalid fields by the
// import's columns.
func asOrganizationColumns(err error) error {
	var e *fault.Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Fields = make([]fault.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Field = "organization_" + f.Field
		out.Fields[i] = f
	}
	return &out
}

// register queues the organization a written row needs, once; it counts
// in the report whether or not the import goes on to write it.
func (r *importRun) register(p *proposedOrganization, queue *[]NewOrganization) error {
	if p == nil || p.written {
		return nil
	}
	p.written = true
	r.report.OrganizationsCreated++
	if !r.writing() {
		return nil
	}
	ev, err := r.s.event(r.ctx, access.CreateOrganization, resourceOrganization, p.org.ID, nil, p.org)
	if err != nil {
		return err
	}
	*queue = append(*queue, NewOrganization{Organization: p.org, Event: ev})
	return nil
}

// AuthorizeCreateOrganizations says whether the caller may import with
// ImportOptions.CreateOrganizations: registering organizations is an
// admin's.
func (s *Service) AuthorizeCreateOrganizations(ctx context.Context, create bool) error {
	if !create {
		return nil
	}
	return access.Authorize(access.CallerFrom(ctx), access.CreateOrganization, "")
}
