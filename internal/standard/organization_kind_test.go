package standard

import "testing"

func TestOrgKindOf(t *testing.T) {
	cases := []struct {
		name, code string
		want       OrgKind
	}{
		{"阿里巴巴（中国）网络技术有限公司", "91330100716105852F", OrgEnterprise},
		{"浙江省标准化协会", "51330000501976478B", OrgAssociation},
		{"浙江省市场监督管理局", "11330000002482165L", OrgGovernment},
		{"浙江省标准化研究院", "12330000470001843U", OrgInstitute},
		{"浙江省标准化研究院", "", OrgInstitute},
		{"浙江大学科技园发展有限公司", "", OrgEnterprise},
		{"安吉县竹产业协会", "", OrgAssociation},
		{"杭州市市场监督管理局", "", OrgGovernment},
		{"浙江大学", "", OrgInstitute},
		{"全国茶叶标准化技术委员会", "", OrgOther},
		{"张三", "", OrgOther},
	}
	for _, tc := range cases {
		if got := OrgKindOf(tc.name, tc.code); got != tc.want {
			t.Errorf("OrgKindOf(%q, %q) = %s, want %s", tc.name, tc.code, got, tc.want)
		}
	}
}
