package standard

import "testing"

func TestCycleRules(t *testing.T) {
	rules := DefaultCycleRules()
	for _, tc := range []struct {
		kind   Kind
		nature Nature
		want   CycleRule
	}{
		{KindLocal, NatureRecommended, CycleRule{15, EndsWithPublication}},
		{KindLocal, NatureMandatory, CycleRule{15, EndsWithPublication}},
		{KindLocal, "", CycleRule{15, EndsWithPublication}},
		{KindNational, NatureRecommended, CycleRule{18, EndsWithApproval}},
		{KindNational, NatureMandatory, CycleRule{24, EndsWithApproval}},
		{KindNational, NatureGuidance, CycleRule{0, EndsWithPublication}},
		{KindGroup, "", CycleRule{0, EndsWithPublication}},
		{KindEnterprise, "", CycleRule{0, EndsWithPublication}},
	} {
		if got := rules.For(tc.kind, tc.nature); got != tc.want {
			t.Errorf("%s/%s: %+v, want %+v", tc.kind, tc.nature, got, tc.want)
		}
	}
	// A nature's own rule wins over its kind's.
	custom, err := ParseCycleRules(" local=12:published , local/mandatory=9:approval,group=24:published")
	if err != nil {
		t.Fatal(err)
	}
	if custom.For(KindLocal, NatureMandatory) != (CycleRule{9, EndsWithApproval}) || custom.For(KindLocal, NatureRecommended) != (CycleRule{12, EndsWithPublication}) {
		t.Errorf("custom rules: %v", custom)
	}
	again, err := ParseCycleRules(custom.String())
	if err != nil || !again.Equal(custom) {
		t.Errorf("String does not round trip: %q → %v, %v", custom.String(), again, err)
	}
	n := 0
	custom.Each(func(Kind, Nature, CycleRule) { n++ })
	if n != len(Kinds)*(len(Natures)+1) {
		t.Errorf("Each visited %d pairs", n)
	}
	for _, bad := range []string{"local", "local=15", "local=x:published", "local=-1:published", "local=15:done", "city=15:published", "local/strict=15:published"} {
		if _, err := ParseCycleRules(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
