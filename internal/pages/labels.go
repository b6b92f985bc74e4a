package pages

import "stdreg/internal/standard"

// The words a Chinese reader sees for the registry's codes.
var (
	kindNames = map[standard.Kind]string{
		standard.KindNational: "国家标准", standard.KindIndustry: "行业标准", standard.KindLocal: "地方标准",
		standard.KindGroup: "团体标准", standard.KindEnterprise: "企业标准", standard.KindInternational: "国际标准",
	}
	stageNames = map[standard.Stage]string{
		standard.StagePreliminary: "预研", standard.StageProposal: "立项申请", standard.StageDrafting: "起草",
		standard.StageConsultation: "征求意见", standard.StageReview: "审查", standard.StageApproval: "报批",
		standard.StagePublished: "发布", standard.StagePeriodicReview: "复审", standard.StageWithdrawn: "废止",
		standard.StageTerminated: "终止",
	}
	natureNames = map[standard.Nature]string{
		standard.NatureMandatory: "强制性", standard.NatureRecommended: "推荐性", standard.NatureGuidance: "指导性技术文件",
	}
	roleNames = map[standard.ZhejiangRole]string{
		standard.RoleLead: "浙江牵头", standard.RoleParticipant: "浙江参与", standard.RoleNone: "无",
	}
	designationNames = map[standard.DesignationType]string{
		standard.DesignationZhejiangStandard: "浙江标准", standard.DesignationMadeInZhejiang: "浙江制造",
		standard.DesignationForerunner: "企业标准领跑者",
	}
	degreeNames = map[standard.Degree]string{
		standard.DegreeIdentical: "等同采用", standard.DegreeModified: "修改采用", standard.DegreeNotEquivalent: "非等效采用",
	}
)

// option is one choice of a filter's select box.
type option struct {
	Value, Label string
}

// optionsOf lists the values of an enumeration with their Chinese names,
// in the enumeration's order.
func optionsOf[T ~string](values []T, names map[T]string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: string(v), Label: names[v]}
	}
	return out
}
