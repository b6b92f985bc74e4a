package tabular

import (
	"fmt"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// labels translates one enumerated field between its API values and the
// Chinese labels found in spreadsheets. Files are written with API values;
// both are read.
type labels struct {
	field   string            // the API field the values belong to, for messages
	values  []string          // API values in display order
	display map[string]string // API value -> the Chinese label for templates
	exact   map[string]string // API value or label as written -> API value
	lookup  map[string]string // key(API value or label) -> API value
}

// newLabels builds a label set from API values and, for each, its Chinese
// names, the first of which is the display label.
func newLabels[T ~string](field string, names map[T][]string, order []T) *labels {
	l := &labels{field: field, display: map[string]string{}, exact: map[string]string{}, lookup: map[string]string{}}
	for _, v := range order {
		value := string(v)
		l.values = append(l.values, value)
		for i, n := range append([]string{value}, names[v]...) {
			if i == 1 {
				l.display[value] = n
			}
			l.exact[n], l.lookup[key(n)] = value, value
		}
	}
	return l
}

// parse returns the API value for an API value or a label; "" stays "" so
// the domain can apply its defaults or report the missing value.
func (l *labels) parse(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if v, ok := l.exact[s]; ok { // exports and drop-downs: no folding needed
		return v, nil
	}
	if v, ok := l.lookup[key(s)]; ok {
		return v, nil
	}
	return "", fault.Msg("%q is not a known %s; use one of %s", s, strings.ReplaceAll(l.field, "_", " "), l.help())
}

// help lists the values with their labels: "national (国家标准), …".
func (l *labels) help() string {
	parts := make([]string, len(l.values))
	for i, v := range l.values {
		parts[i] = fmt.Sprintf("%s (%s)", v, l.display[v])
	}
	return strings.Join(parts, ", ")
}

// names returns the display labels of the given values, for drop-down lists.
func (l *labels) names(values ...string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = l.display[v]
	}
	return out
}

var kindLabels = newLabels("kind", map[standard.Kind][]string{
	standard.KindNational:      {"国家标准", "国标"},
	standard.KindIndustry:      {"行业标准", "行标"},
	standard.KindLocal:         {"地方标准", "地标"},
	standard.KindGroup:         {"团体标准", "团标"},
	standard.KindEnterprise:    {"企业标准", "企标"},
	standard.KindInternational: {"国际标准"},
}, standard.Kinds)

var natureLabels = newLabels("nature", map[standard.Nature][]string{
	standard.NatureMandatory:   {"强制性", "强制", "强制性标准"},
	standard.NatureRecommended: {"推荐性", "推荐", "推荐性标准"},
	standard.NatureGuidance:    {"指导性技术文件", "指导性", "指导"},
}, standard.Natures)

// stageLabels follows GB/T 16733 and the status words of the national
// platforms: 立项 is the approval of the project, the move into drafting
// (so a row in 立项 is in drafting, and may carry its 立项日期); a proposal
// not yet approved is 提案. 报批 is the approval stage; 现行 and 即将实施 (in
// force, or published and not yet in force) are published; 被代替
// (replaced) is withdrawn.
var stageLabels = newLabels("stage", map[standard.Stage][]string{
	standard.StagePreliminary:    {"预阶段", "预研", "预研阶段"},
	standard.StageProposal:       {"提案", "提案阶段", "立项申请", "申请立项"},
	standard.StageDrafting:       {"起草", "立项", "已立项", "起草阶段", "立项阶段"},
	standard.StageConsultation:   {"征求意见", "征求意见阶段", "公开征求意见"},
	standard.StageReview:         {"审查", "审查阶段", "技术审查"},
	standard.StageApproval:       {"报批", "批准", "批准阶段", "报批阶段"},
	standard.StagePublished:      {"现行", "发布", "即将实施", "现行有效", "已发布", "发布阶段"},
	standard.StagePeriodicReview: {"复审", "复审阶段"},
	standard.StageWithdrawn:      {"废止", "已废止", "被代替", "作废"},
	standard.StageTerminated:     {"终止", "已终止"},
}, standard.Stages)

var roleLabels = newLabels("zhejiang_role", map[standard.ZhejiangRole][]string{
	standard.RoleLead:        {"主导", "牵头"},
	standard.RoleParticipant: {"参与"},
	standard.RoleNone:        {"无", "否", "未参与"},
}, standard.ZhejiangRoles)

var designationLabels = newLabels("designation type", map[standard.DesignationType][]string{
	standard.DesignationZhejiangStandard: {"浙江标准"},
	standard.DesignationMadeInZhejiang:   {"浙江制造", "品字标", "品字标浙江制造"},
	standard.DesignationForerunner:       {"领跑者", "企业标准领跑者"},
}, standard.DesignationTypes)

var degreeLabels = newLabels("degree of equivalence", map[standard.Degree][]string{
	standard.DegreeIdentical:     {"等同采用", "等同"},
	standard.DegreeModified:      {"修改采用", "修改"},
	standard.DegreeNotEquivalent: {"非等效采用", "非等效"},
}, standard.Degrees)
