package tabular

import (
	"io"
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Schema is how files carry one kind of the plan's other records: the
// column table the readers and writers of that kind go by.
type Schema[T any] struct{ s *schema[T] }

// The schemas of the plan's other registries. Their files are headed as
// standards' are: by API names in CSV, bilingually in XLSX
// ("项目名称\nname"), and read under either or the Chinese names people use.
var (
	Projects        = Schema[standard.Project]{projects}
	Pilots          = Schema[standard.Pilot]{pilots}
	TechnicalBodies = Schema[standard.TechnicalBody]{bodies}
	Organizations   = Schema[standard.Organization]{organizations}
)

// NewRecordReader reads the header (CSV, XLSX; NDJSON has none) of a file
// of s's records and is then ready to give them, within DefaultLimits,
// with the errors NewReader gives.
func NewRecordReader[T any](r io.Reader, f Format, s Schema[T]) (*RecordReader[T], error) {
	return newRecordReader(s.s, r, f, DefaultLimits)
}

// NewRecordWriter starts a file of s's records in format f on w, every
// column of the API's record: what NewRecordReader reads back.
func NewRecordWriter[T any](w io.Writer, f Format, s Schema[T]) (RecordWriter[T], error) {
	return newRecordWriter(s.s, w, f, s.s.columns, nil)
}

// Identity columns are required: an import matches a row without an id to
// a registered record by them (a body by its code, a project by its
// programme and name, a pilot by its kind and name).

var projects = newSchema(fault.Msg("project"), [][]string{{"name"}, {"programme"}}, []*column[standard.Project]{
	idOf(func(p *standard.Project) string { return p.ID }),
	{name: "name", zh: "项目名称", aliases: []string{"名称", "课题名称", "项目(课题)名称"}, width: 40,
		get: func(p *standard.Project) string { return p.Name }, set: func(p *standard.Project, v string) { p.Name = v }},
	{name: "programme", zh: "科技计划", aliases: []string{"计划名称", "所属计划", "计划类别", "专项名称", "项目来源"}, width: 12,
		get: func(p *standard.Project) string { return p.Programme }, set: func(p *standard.Project, v string) { p.Programme = v }},
	{name: "category", zh: "项目类别", aliases: []string{"类别", "项目类型"}, width: 14, kind: enumCell, labels: projectCategoryLabels,
		get: func(p *standard.Project) string { return string(p.Category) }, set: func(p *standard.Project, v string) { p.Category = standard.ProjectCategory(v) }},
	{name: "organization_id", zh: "承担单位ID", aliases: []string{"组织ID", "承担单位编号"}, width: 38,
		get: func(p *standard.Project) string { return p.OrganizationID }, set: func(p *standard.Project, v string) { p.OrganizationID = v }},
	dateColumn("started_on", "立项日期", false, func(p *standard.Project) *standard.Date { return &p.StartedOn }, "开始日期", "启动日期", "起始日期"),
	dateColumn("accepted_on", "验收日期", false, func(p *standard.Project) *standard.Date { return &p.AcceptedOn }, "验收时间"),
	{name: "standard_ids", zh: "形成标准ID", aliases: []string{"标准ID", "形成的标准"}, width: 38, kind: listCell,
		list: func(p *standard.Project) *[]string { return &p.StandardIDs }},
	timeColumn("created_at", "创建时间", func(p *standard.Project) time.Time { return p.CreatedAt }),
	timeColumn("updated_at", "更新时间", func(p *standard.Project) time.Time { return p.UpdatedAt }),
	versionColumn(func(p *standard.Project) int64 { return p.Version }),
})

var pilots = newSchema(fault.Msg("pilot"), [][]string{{"name"}, {"kind"}}, []*column[standard.Pilot]{
	idOf(func(p *standard.Pilot) string { return p.ID }),
	{name: "name", zh: "试点名称", aliases: []string{"名称", "项目名称"}, width: 40,
		get: func(p *standard.Pilot) string { return p.Name }, set: func(p *standard.Pilot, v string) { p.Name = v }},
	{name: "kind", zh: "试点类型", aliases: []string{"类型", "试点类别"}, width: 10, kind: enumCell, labels: pilotKindLabels,
		get: func(p *standard.Pilot) string { return string(p.Kind) }, set: func(p *standard.Pilot, v string) { p.Kind = standard.PilotKind(v) }},
	{name: "level", zh: "试点级别", aliases: []string{"级别", "层级"}, width: 10, kind: enumCell, labels: pilotLevelLabels,
		get: func(p *standard.Pilot) string { return string(p.Level) }, set: func(p *standard.Pilot, v string) { p.Level = standard.PilotLevel(v) }},
	{name: "region", zh: "行政区划", aliases: []string{"地区", "行政区划代码", "区划代码"}, width: 10,
		get: func(p *standard.Pilot) string { return p.Region }, set: func(p *standard.Pilot, v string) { p.Region = v }},
	{name: "organization_id", zh: "承担单位ID", aliases: []string{"组织ID", "承担单位编号"}, width: 38,
		get: func(p *standard.Pilot) string { return p.OrganizationID }, set: func(p *standard.Pilot, v string) { p.OrganizationID = v }},
	dateColumn("approved_on", "批准日期", false, func(p *standard.Pilot) *standard.Date { return &p.ApprovedOn }, "批准时间", "获批日期", "立项日期"),
	dateColumn("accepted_on", "验收日期", false, func(p *standard.Pilot) *standard.Date { return &p.AcceptedOn }, "验收时间"),
	{name: "status", zh: "状态", aliases: []string{"试点状态", "建设状态"}, width: 10, kind: enumCell, labels: pilotStatusLabels,
		get: func(p *standard.Pilot) string { return string(p.Status) }, set: func(p *standard.Pilot, v string) { p.Status = standard.PilotStatus(v) }},
	timeColumn("created_at", "创建时间", func(p *standard.Pilot) time.Time { return p.CreatedAt }),
	timeColumn("updated_at", "更新时间", func(p *standard.Pilot) time.Time { return p.UpdatedAt }),
	versionColumn(func(p *standard.Pilot) int64 { return p.Version }),
})

var bodies = newSchema(fault.Msg("technical body"), [][]string{{"code"}}, []*column[standard.TechnicalBody]{
	idOf(func(b *standard.TechnicalBody) string { return b.ID }),
	{name: "code", zh: "技术组织编号", aliases: []string{"编号", "委员会编号", "代号"}, width: 18,
		get: func(b *standard.TechnicalBody) string { return b.Code }, set: func(b *standard.TechnicalBody, v string) { b.Code = v }},
	{name: "name", zh: "技术组织名称", aliases: []string{"名称", "委员会名称"}, width: 40,
		get: func(b *standard.TechnicalBody) string { return b.Name }, set: func(b *standard.TechnicalBody, v string) { b.Name = v }},
	{name: "level", zh: "级别", aliases: []string{"层级"}, width: 10, kind: enumCell, labels: bodyLevelLabels,
		get: func(b *standard.TechnicalBody) string { return string(b.Level) }, set: func(b *standard.TechnicalBody, v string) { b.Level = standard.BodyLevel(v) }},
	{name: "secretariat_organization_id", zh: "秘书处承担单位ID", aliases: []string{"秘书处单位ID", "组织ID"}, width: 38,
		get: func(b *standard.TechnicalBody) string { return b.SecretariatOrganizationID },
		set: func(b *standard.TechnicalBody, v string) { b.SecretariatOrganizationID = v }},
	dateColumn("settled_on", "落户日期", false, func(b *standard.TechnicalBody) *standard.Date { return &b.SettledOn }, "设立日期", "成立日期", "落户时间"),
	timeColumn("created_at", "创建时间", func(b *standard.TechnicalBody) time.Time { return b.CreatedAt }),
	timeColumn("updated_at", "更新时间", func(b *standard.TechnicalBody) time.Time { return b.UpdatedAt }),
	versionColumn(func(b *standard.TechnicalBody) int64 { return b.Version }),
})

// An organization's row matches a registered one by its id, else its
// credit code, else its exact name: only the name is required.
var organizations = newSchema(fault.Msg("organization"), [][]string{{"name"}}, []*column[standard.Organization]{
	idOf(func(o *standard.Organization) string { return o.ID }),
	{name: "name", zh: "组织名称", aliases: []string{"名称", "单位名称", "机构名称", "组织机构名称"}, width: 40,
		get: func(o *standard.Organization) string { return o.Name }, set: func(o *standard.Organization, v string) { o.Name = v }},
	{name: "credit_code", zh: "统一社会信用代码", aliases: []string{"信用代码", "社会信用代码", "组织机构代码"}, width: 22,
		get: func(o *standard.Organization) string { return o.CreditCode }, set: func(o *standard.Organization, v string) { o.CreditCode = v }},
	{name: "kind", zh: "组织类型", aliases: []string{"类型", "单位类型", "机构类型", "单位性质"}, width: 12, kind: enumCell, labels: orgKindLabels,
		get: func(o *standard.Organization) string { return string(o.Kind) }, set: func(o *standard.Organization, v string) { o.Kind = standard.OrgKind(v) }},
	{name: "region", zh: "行政区划", aliases: []string{"地区", "行政区划代码", "区划代码", "所在地区"}, width: 10,
		get: func(o *standard.Organization) string { return o.Region }, set: func(o *standard.Organization, v string) { o.Region = v }},
	timeColumn("created_at", "创建时间", func(o *standard.Organization) time.Time { return o.CreatedAt }),
	timeColumn("updated_at", "更新时间", func(o *standard.Organization) time.Time { return o.UpdatedAt }),
	versionColumn(func(o *standard.Organization) int64 { return o.Version }),
})

var orgKindLabels = newLabels("kind", map[standard.OrgKind][]string{
	standard.OrgInstitute:   {"科研院所", "研究院", "研究所"},
	standard.OrgAssociation: {"协会", "社会团体", "学会", "商会", "联盟"},
	standard.OrgEnterprise:  {"企业", "公司"},
	standard.OrgGovernment:  {"政府部门", "行政机关", "机关"},
	standard.OrgOther:       {"其他"},
}, standard.OrgKinds)

var projectCategoryLabels = newLabels("category", map[standard.ProjectCategory][]string{
	standard.ProjectKeyGeneric:  {"共性关键技术", "关键共性技术", "共性关键技术类", "重大共性关键技术"},
	standard.ProjectApplication: {"应用类", "应用示范", "应用示范类", "应用"},
	standard.ProjectOther:       {"其他"},
}, standard.ProjectCategories)

var pilotKindLabels = newLabels("kind", map[standard.PilotKind][]string{
	standard.PilotCity:   {"城市", "城市试点", "城市标准化试点"},
	standard.PilotCounty: {"县域", "县域试点", "县（市、区）", "县"},
	standard.PilotDomain: {"领域", "领域试点", "专业领域"},
}, standard.PilotKinds)

var pilotLevelLabels = newLabels("level", map[standard.PilotLevel][]string{
	standard.PilotNational:   {"国家级", "国家"},
	standard.PilotProvincial: {"省级", "省"},
	standard.PilotCityLevel:  {"市级", "市"},
}, standard.PilotLevels)

var pilotStatusLabels = newLabels("status", map[standard.PilotStatus][]string{
	standard.PilotBuilding: {"建设中", "在建"},
	standard.PilotAccepted: {"已验收", "通过验收"},
	standard.PilotRevoked:  {"已撤销", "撤销", "取消"},
}, standard.PilotStatuses)

var bodyLevelLabels = newLabels("level", map[standard.BodyLevel][]string{
	standard.BodyInternational: {"国际", "国际级"},
	standard.BodyNational:      {"全国", "国家级", "国家"},
	standard.BodyProvincial:    {"省级", "省"},
}, standard.BodyLevels)
