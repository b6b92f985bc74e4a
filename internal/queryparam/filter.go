package queryparam

import (
	"net/url"
	"strconv"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// FilterNames are the parameters of a standards filter, as Filter reads
// them and Values writes them.
var FilterNames = []string{
	"q", "kind", "stage", "nature", "designation", "zhejiang_role", "organization_id", "region", "ics", "technical_committee",
	"published_from", "published_to", "approved_from", "approved_to",
	"designated_from", "designated_to", "city", "cycle_ended_from", "cycle_ended_to", "cycle_within_target",
}

// Filter reads and checks the filter of a list of standards.
func Filter(params url.Values, fe *fault.FieldErrors) standard.Filter {
	f := standard.Filter{
		Q:                  params.Get("q"),
		Kind:               Enum(params, fe, "kind", standard.Kinds),
		Stage:              Enum(params, fe, "stage", standard.Stages),
		Nature:             Enum(params, fe, "nature", standard.Natures),
		Designation:        Enum(params, fe, "designation", standard.DesignationTypes),
		ZhejiangRoles:      EnumList(params, fe, "zhejiang_role", standard.ZhejiangRoles),
		OrganizationID:     params.Get("organization_id"),
		Region:             params.Get("region"),
		ICS:                params.Get("ics"),
		TechnicalCommittee: params.Get("technical_committee"),
		PublishedFrom:      Date(fe, "published_from", params.Get("published_from")),
		PublishedTo:        Date(fe, "published_to", params.Get("published_to")),
		ApprovedFrom:       Date(fe, "approved_from", params.Get("approved_from")),
		ApprovedTo:         Date(fe, "approved_to", params.Get("approved_to")),
		DesignatedFrom:     Year(params, fe, "designated_from"),
		DesignatedTo:       Year(params, fe, "designated_to"),
		City:               params.Get("city"),
		CycleEndedFrom:     Date(fe, "cycle_ended_from", params.Get("cycle_ended_from")),
		CycleEndedTo:       Date(fe, "cycle_ended_to", params.Get("cycle_ended_to")),
		CycleWithin:        Enum(params, fe, "cycle_within_target", []standard.CycleWithin{standard.CycleWithinMet, standard.CycleWithinNot}),
	}
	f.Check(fe)
	return f
}

// Values are f's parameters, Filter's inverse: the links of figures to
// the standards behind them are made of them.
func Values(f standard.Filter) url.Values {
	v := url.Values{}
	for _, p := range []struct{ name, value string }{
		{"q", f.Q}, {"kind", string(f.Kind)}, {"stage", string(f.Stage)}, {"nature", string(f.Nature)},
		{"designation", string(f.Designation)}, {"zhejiang_role", Join(f.ZhejiangRoles)},
		{"organization_id", f.OrganizationID}, {"region", f.Region}, {"ics", f.ICS},
		{"technical_committee", f.TechnicalCommittee}, {"city", f.City},
		{"published_from", f.PublishedFrom.String()}, {"published_to", f.PublishedTo.String()},
		{"approved_from", f.ApprovedFrom.String()}, {"approved_to", f.ApprovedTo.String()},
		{"cycle_ended_from", f.CycleEndedFrom.String()}, {"cycle_ended_to", f.CycleEndedTo.String()},
		{"cycle_within_target", string(f.CycleWithin)},
		{"designated_from", yearText(f.DesignatedFrom)}, {"designated_to", yearText(f.DesignatedTo)},
	} {
		if p.value != "" {
			v.Set(p.name, p.value)
		}
	}
	return v
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
