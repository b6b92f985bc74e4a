package standard

import "strings"

// OrgKindOf is the kind of an organization known only by its name and
// credit code, as a file names it: the credit code's registering
// authority says it where it can (GB 32100: 9 market regulation, an
// enterprise; 5 civil affairs, an association; 11 a government body, 12 a
// public institution), else the name's usual words.
func OrgKindOf(name, creditCode string) OrgKind {
	switch {
	case strings.HasPrefix(creditCode, "9"):
		return OrgEnterprise
	case strings.HasPrefix(creditCode, "5"):
		return OrgAssociation
	case strings.HasPrefix(creditCode, "11"):
		return OrgGovernment
	case strings.HasPrefix(creditCode, "12"):
		return OrgInstitute
	}
	for _, k := range orgKindWords {
		for _, w := range k.words {
			if strings.Contains(name, w) {
				return k.kind
			}
		}
	}
	return OrgOther
}

// orgKindWords are tried in order: 浙江大学科技园有限公司 is an enterprise,
// 浙江省标准化研究院 an institute.
var orgKindWords = []struct {
	kind  OrgKind
	words []string
}{
	{OrgEnterprise, []string{"公司", "厂", "集团", "合作社", "商行", "股份"}},
	{OrgAssociation, []string{"协会", "学会", "商会", "联合会", "促进会", "研究会", "联盟"}},
	{OrgGovernment, []string{"人民政府", "局", "厅", "管理委员会", "办公室"}},
	{OrgInstitute, []string{"研究院", "研究所", "研究中心", "大学", "学院", "学校", "检验", "检测", "中心", "院", "所"}},
}
