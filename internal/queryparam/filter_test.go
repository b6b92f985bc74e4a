package queryparam

import (
	"net/url"
	"reflect"
	"slices"
	"testing"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// setByTheRegistry are the filter's fields no parameter sets.
var setByTheRegistry = []string{"Visible", "Rules"}

// TestFilterValuesRoundTrip: every field a client sets is written by
// Values and read back by Filter, so a figure's link selects what it
// counted. A field added to standard.Filter fails here until both know it.
func TestFilterValuesRoundTrip(t *testing.T) {
	day := func(s string) standard.Date { d, _ := standard.ParseDate(s); return d }
	full := standard.Filter{
		Q: "茶叶", Kind: standard.KindLocal, Stage: standard.StagePublished, Nature: standard.NatureRecommended,
		Designation: standard.DesignationMadeInZhejiang, ZhejiangRoles: []standard.ZhejiangRole{standard.RoleLead, standard.RoleParticipant},
		OrganizationID: "01856e0b-1a00-7000-8000-000000000001", Region: "330106", ICS: "67.140",
		TechnicalCommittee: "SAC/TC 339", PublishedFrom: day("2023-01-01"), PublishedTo: day("2025-12-31"),
		ApprovedFrom: day("2022-03-01"), ApprovedTo: day("2024-06-30"), DesignatedFrom: 2023, DesignatedTo: 2025,
		City: "330100", CycleEndedFrom: day("2023-01-01"), CycleEndedTo: day("2025-12-31"), CycleWithin: standard.CycleWithinNot,
	}
	rv := reflect.ValueOf(full)
	for i := range rv.NumField() {
		name := rv.Type().Field(i).Name
		if rv.Field(i).IsZero() && !slices.Contains(setByTheRegistry, name) {
			t.Errorf("the fixture leaves Filter.%s empty: set it, and teach Filter and Values the parameter", name)
		}
	}
	params := Values(full)
	for name := range params {
		if !slices.Contains(FilterNames, name) {
			t.Errorf("Values writes %s, which FilterNames does not list", name)
		}
	}
	var fe fault.FieldErrors
	got := Filter(params, &fe)
	if err := fe.Err(); err != nil {
		t.Fatalf("Filter(%s): %v", params.Encode(), err)
	}
	if !reflect.DeepEqual(got, full) {
		t.Errorf("round trip through %s:\n got %+v\nwant %+v", params.Encode(), got, full)
	}
}

func TestFilterRefusesBadParameters(t *testing.T) {
	tests := []struct {
		name   string
		params url.Values
		field  string
	}{
		{"unknown kind", url.Values{"kind": {"provincial"}}, "kind"},
		{"one of the roles unknown", url.Values{"zhejiang_role": {"lead,owner"}}, "zhejiang_role"},
		{"a day that is not a date", url.Values{"published_from": {"2023-02-30"}}, "published_from"},
		{"a two-digit year", url.Values{"designated_from": {"23"}}, "designated_from"},
		{"a county as city", url.Values{"city": {"330106"}}, "city"},
		{"within target neither true nor false", url.Values{"cycle_within_target": {"yes"}}, "cycle_within_target"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var fe fault.FieldErrors
			Filter(tc.params, &fe)
			if !slices.ContainsFunc(fe, func(f fault.FieldError) bool { return f.Field == tc.field }) {
				t.Errorf("no problem with %s in %v", tc.field, fe.Err())
			}
		})
	}
}
