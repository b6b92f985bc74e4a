package locale

import (
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// The Chinese names of the domain's values that messages carry as
// arguments. Said in Chinese, a value keeps the spelling the API takes and
// gains its name: "处于 drafting（起草）阶段", so that the reader knows both
// the stage and what to send.
var (
	zhStages = map[standard.Stage]string{
		standard.StagePreliminary:    "预研",
		standard.StageProposal:       "立项申请",
		standard.StageDrafting:       "起草",
		standard.StageConsultation:   "征求意见",
		standard.StageReview:         "审查",
		standard.StageApproval:       "报批",
		standard.StagePublished:      "已发布",
		standard.StagePeriodicReview: "复审",
		standard.StageWithdrawn:      "已废止",
		standard.StageTerminated:     "已终止",
	}
	zhKinds = map[standard.Kind]string{
		standard.KindNational:      "国家",
		standard.KindIndustry:      "行业",
		standard.KindLocal:         "地方",
		standard.KindGroup:         "团体",
		standard.KindEnterprise:    "企业",
		standard.KindInternational: "国际",
	}
	zhNatures = map[standard.Nature]string{
		standard.NatureMandatory:   "强制性",
		standard.NatureRecommended: "推荐性",
		standard.NatureGuidance:    "指导性",
	}
)

// term is a domain value said in Chinese, or ok false when a is none.
func term(a any) (string, bool) {
	var value, name string
	switch v := a.(type) {
	case standard.Stage:
		value, name = string(v), zhStages[v]
	case standard.Kind:
		value, name = string(v), zhKinds[v]
	case stdcode.Kind:
		value, name = string(v), zhKinds[standard.Kind(v)]
	case standard.Nature:
		value, name = string(v), zhNatures[v]
	default:
		return "", false
	}
	if name == "" {
		return value, true // a value the domain does not know, as the client sent it
	}
	return value + "（" + name + "）", true
}
