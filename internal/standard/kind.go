package standard

import "stdreg/internal/stdcode"

// Kind is the level of a standard. Its values are the API's and stdcode's.
type Kind string

const (
	KindNational      Kind = "national"
	KindIndustry      Kind = "industry"
	KindLocal         Kind = "local"
	KindGroup         Kind = "group"
	KindEnterprise    Kind = "enterprise"
	KindInternational Kind = "international"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindNational, KindIndustry, KindLocal, KindGroup, KindEnterprise, KindInternational}

// Nature says whether a standard binds: mandatory, recommended or guidance.
type Nature string

const (
	NatureMandatory   Nature = "mandatory"
	NatureRecommended Nature = "recommended"
	NatureGuidance    Nature = "guidance"
)

// Natures lists every nature.
var Natures = []Nature{NatureMandatory, NatureRecommended, NatureGuidance}

// ZhejiangRole says whether a Zhejiang organization led the drafting or took part.
type ZhejiangRole string

const (
	RoleLead        ZhejiangRole = "lead"
	RoleParticipant ZhejiangRole = "participant"
	RoleNone        ZhejiangRole = "none"
)

// ZhejiangRoles lists every role.
var ZhejiangRoles = []ZhejiangRole{RoleLead, RoleParticipant, RoleNone}

// DesignationType is a label a standard can carry besides its kind.
type DesignationType string

const (
	DesignationZhejiangStandard DesignationType = "zhejiang_standard" // 浙江标准
	DesignationMadeInZhejiang   DesignationType = "made_in_zhejiang"  // 浙江制造
	DesignationForerunner       DesignationType = "forerunner"        // 领跑者
)

// DesignationTypes lists every designation type.
var DesignationTypes = []DesignationType{DesignationZhejiangStandard, DesignationMadeInZhejiang, DesignationForerunner}

// Degree is how closely an adoption follows the international standard.
type Degree string

const (
	DegreeIdentical     Degree = "IDT"
	DegreeModified      Degree = "MOD"
	DegreeNotEquivalent Degree = "NEQ"
)

// Degrees lists every degree of equivalence.
var Degrees = []Degree{DegreeIdentical, DegreeModified, DegreeNotEquivalent}

// oneOf reports whether v is among the allowed values.
func oneOf[T comparable](v T, allowed []T) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// kindOf translates the parser's kind into the domain's; the names agree.
func kindOf(k stdcode.Kind) Kind { return Kind(k) }

// kindNames are the kinds' Chinese names.
var kindNames = map[Kind]string{
	KindNational: "国家标准", KindIndustry: "行业标准", KindLocal: "地方标准",
	KindGroup: "团体标准", KindEnterprise: "企业标准", KindInternational: "国际标准",
}

// NameZH is the kind's Chinese name (地方标准), or the kind itself when
// it is not one the registry knows.
func (k Kind) NameZH() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return string(k)
}
