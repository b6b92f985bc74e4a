package standard

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOrganizationPrepareNormalizes checks the record after a successful
// Prepare: the name trimmed and the credit code in its canonical form. The
// credit codes are real (see internal/creditcode/validate_test.go).
func TestOrganizationPrepareNormalizes(t *testing.T) {
	cases := []struct {
		name string
		in   Organization
		want Organization
	}{
		{"already canonical",
			Organization{Name: "阿里巴巴（中国）网络技术有限公司", Kind: OrgEnterprise, Region: "330100", CreditCode: "91330100716105852F"},
			Organization{Name: "阿里巴巴（中国）网络技术有限公司", Kind: OrgEnterprise, Region: "330100", CreditCode: "91330100716105852F"}},
		{"name trimmed of ASCII and ideographic spaces",
			Organization{Name: " \u3000浙江省标准化研究院\t\n", Kind: OrgInstitute, Region: "330100"},
			Organization{Name: "浙江省标准化研究院", Kind: OrgInstitute, Region: "330100"}},
		{"credit code in lower case is upper-cased",
			Organization{Name: "阿里巴巴（中国）网络技术有限公司", Kind: OrgEnterprise, CreditCode: "91330100716105852f"},
			Organization{Name: "阿里巴巴（中国）网络技术有限公司", Kind: OrgEnterprise, CreditCode: "91330100716105852F"}},
		{"credit code typed full-width is folded",
			Organization{Name: "阿里巴巴（中国）网络技术有限公司", Kind: OrgEnterprise, CreditCode: "９１３３０１００７１６１０５８５２Ｆ"},
			Organization{Name: "阿里巴巴（中国）网络技术有限公司", Kind: OrgEnterprise, CreditCode: "91330100716105852F"}},
		{"credit code full-width lower case with spaces",
			Organization{Name: "上海汽车集团股份有限公司", Kind: OrgEnterprise, CreditCode: "\u3000９１３１００００１３２２６０２５０ｘ "},
			Organization{Name: "上海汽车集团股份有限公司", Kind: OrgEnterprise, CreditCode: "91310000132260250X"}},
		{"institution code of a university",
			Organization{Name: "清华大学", Kind: OrgInstitute, Region: "110108", CreditCode: "12100000400000624D"},
			Organization{Name: "清华大学", Kind: OrgInstitute, Region: "110108", CreditCode: "12100000400000624D"}},
		{"no credit code and no region",
			Organization{Name: "浙江省品牌建设联合会", Kind: OrgAssociation},
			Organization{Name: "浙江省品牌建设联合会", Kind: OrgAssociation}},
		{"government and other kinds",
			Organization{Name: "浙江省市场监督管理局", Kind: OrgGovernment, Region: "330000"},
			Organization{Name: "浙江省市场监督管理局", Kind: OrgGovernment, Region: "330000"}},
		{"other kind",
			Organization{Name: "全国自行车标准化技术委员会", Kind: OrgOther},
			Organization{Name: "全国自行车标准化技术委员会", Kind: OrgOther}},
		{"name of 200 characters",
			Organization{Name: strings.Repeat("浙", 200), Kind: OrgOther},
			Organization{Name: strings.Repeat("浙", 200), Kind: OrgOther}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.in
			if err := got.Prepare(); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOrganizationPrepareFieldErrors checks each bad field is reported by its
// JSON name in a fault.Invalid error, and all of them together.
func TestOrganizationPrepareFieldErrors(t *testing.T) {
	alibaba := Organization{Name: "阿里巴巴（中国）网络技术有限公司", Kind: OrgEnterprise, Region: "330100", CreditCode: "91330100716105852F"}
	cases := []struct {
		name    string
		edit    func(*Organization)
		want    []string
		message string // part of the first message, if given
	}{
		{"name missing", func(o *Organization) { o.Name = "" }, []string{"name"}, "required"},
		{"name only spaces", func(o *Organization) { o.Name = " \u3000 " }, []string{"name"}, "required"},
		{"name of 201 characters", func(o *Organization) { o.Name = strings.Repeat("浙", 201) }, []string{"name"}, "200"},
		{"kind missing", func(o *Organization) { o.Kind = "" }, []string{"kind"}, "institute"},
		{"kind unknown", func(o *Organization) { o.Kind = "company" }, []string{"kind"}, "enterprise"},
		{"region of 4 digits", func(o *Organization) { o.Region = "3301" }, []string{"region"}, "6-digit"},
		{"region with letters", func(o *Organization) { o.Region = "ZJ0100" }, []string{"region"}, ""},
		{"credit code with a wrong check character", func(o *Organization) { o.CreditCode = "91330100716105852A" }, []string{"credit_code"}, "check character"},
		{"credit code too short", func(o *Organization) { o.CreditCode = "91330100716105852" }, []string{"credit_code"}, "18 characters"},
		{"credit code with a letter I", func(o *Organization) { o.CreditCode = "9133010071610585IF" }, []string{"credit_code"}, "not allowed"},
		{"credit code with an unassigned authority", func(o *Organization) { o.CreditCode = "B1330100716105852F" }, []string{"credit_code"}, "registration authority"},
		{"everything wrong at once",
			func(o *Organization) {
				*o = Organization{Name: " ", Kind: "company", Region: "33", CreditCode: "91330100716105852A"}
			},
			[]string{"name", "kind", "region", "credit_code"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := alibaba
			tc.edit(&o)
			fields := invalidFields(t, o.Prepare())
			if diff := cmp.Diff(tc.want, fieldNames(fields)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s\nerrors: %+v", diff, fields)
			}
			if tc.message != "" && len(fields) > 0 && !strings.Contains(fields[0].Message.String(), tc.message) {
				t.Errorf("message %q does not contain %q", fields[0].Message, tc.message)
			}
		})
	}
}
