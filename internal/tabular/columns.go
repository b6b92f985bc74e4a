package tabular

import (
	"encoding/json"
	"strconv"
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// cellKind says how a column's cell text maps to its field.
type cellKind int

const (
	textCell   cellKind = iota // a string as is
	enumCell                   // an API value or a Chinese label
	listCell                   // items separated by ";"
	dateCell                   // a day, YYYY-MM-DD
	customCell                 // items of several parts (designations, adoptions): parse, format, decode
)

// column is one field a file carries for a record of type T, named by its
// JSON name. One table per kind of record (a schema) drives the writers,
// the readers and the template, so they cannot drift apart.
type column[T any] struct {
	name     string   // the API (JSON) field name
	zh       string   // the Chinese name shown in bilingual headers
	aliases  []string // other Chinese names people head the column with
	width    float64  // XLSX column width, in characters
	kind     cellKind
	readOnly bool    // written by exports so they are complete; ignored on import
	labels   *labels // enumCell only

	get  func(*T) string         // textCell, enumCell
	set  func(*T, string)        // textCell, enumCell; nil when read-only
	list func(*T) *[]string      // listCell
	date func(*T) *standard.Date // dateCell
	// number, when set, is the value an XLSX cell holds as a number (the
	// version, a cycle's months), or nil for an empty cell.
	number func(*T) any

	parse  func(*T, string, *fault.FieldErrors)          // customCell: a cell's text
	format func(*T) string                               // customCell: the cell's text
	decode func(*T, json.RawMessage, *fault.FieldErrors) // customCell: an NDJSON value
}

// columns are written in this order, the order of standard.Standard.
var columns = []*column[standard.Standard]{
	idOf(func(s *standard.Standard) string { return s.ID }),
	{name: "code", zh: "标准号", aliases: []string{"标准编号", "标准代号", "标准号码"}, width: 22,
		get: func(s *standard.Standard) string { return s.Code }, set: func(s *standard.Standard, v string) { s.Code = v }},
	{name: "normalized_code", zh: "规范化标准号", width: 22, readOnly: true,
		get: func(s *standard.Standard) string { return s.NormalizedCode }},
	{name: "kind", zh: "标准类别", aliases: []string{"标准类型", "类别", "层级", "标准层级", "标准级别"}, width: 12, kind: enumCell, labels: kindLabels,
		get: func(s *standard.Standard) string { return string(s.Kind) }, set: func(s *standard.Standard, v string) { s.Kind = standard.Kind(v) }},
	{name: "nature", zh: "标准性质", aliases: []string{"性质"}, width: 12, kind: enumCell, labels: natureLabels,
		get: func(s *standard.Standard) string { return string(s.Nature) }, set: func(s *standard.Standard, v string) { s.Nature = standard.Nature(v) }},
	{name: "title_zh", zh: "标准名称", aliases: []string{"中文名称", "中文标题", "标准中文名称", "中文标准名称", "标准名称(中文)", "项目名称"}, width: 40,
		get: func(s *standard.Standard) string { return s.TitleZH }, set: func(s *standard.Standard, v string) { s.TitleZH = v }},
	{name: "title_en", zh: "英文名称", aliases: []string{"英文标题", "标准英文名称", "英文标准名称", "标准名称(英文)"}, width: 40,
		get: func(s *standard.Standard) string { return s.TitleEN }, set: func(s *standard.Standard, v string) { s.TitleEN = v }},
	{name: "stage", zh: "阶段", aliases: []string{"状态", "标准状态", "项目状态", "项目阶段", "当前阶段"}, width: 12, kind: enumCell, labels: stageLabels,
		get: func(s *standard.Standard) string { return string(s.Stage) }, set: func(s *standard.Standard, v string) { s.Stage = standard.Stage(v) }},
	{name: "ics", zh: "ICS分类号", aliases: []string{"ICS", "ICS分类", "国际标准分类号", "国际标准分类", "ICS号", "ICS编码"}, width: 14, kind: listCell,
		list: func(s *standard.Standard) *[]string { return &s.ICS }},
	{name: "ccs", zh: "中国标准分类号", aliases: []string{"CCS", "中标分类", "CCS分类号", "中国标准分类", "中国标准文献分类号", "CCS号", "CCS编码"}, width: 10,
		get: func(s *standard.Standard) string { return s.CCS }, set: func(s *standard.Standard, v string) { s.CCS = v }},
	{name: "designations", zh: "标志认定", aliases: []string{"标志", "认定", "称号"}, width: 24, kind: customCell,
		parse:  func(s *standard.Standard, v string, fe *fault.FieldErrors) { s.Designations = parseDesignations(v, fe) },
		format: func(s *standard.Standard) string { return formatDesignations(s.Designations) },
		decode: func(s *standard.Standard, raw json.RawMessage, fe *fault.FieldErrors) {
			s.Designations = jsonDesignations(raw, fe)
		}},
	{name: "replaces", zh: "代替标准", aliases: []string{"代替", "代替标准号", "替代标准", "代替的标准"}, width: 22, kind: listCell,
		list: func(s *standard.Standard) *[]string { return &s.Replaces }},
	{name: "replaced_by", zh: "被代替标准", aliases: []string{"被代替", "被替代标准", "被代替标准号", "代替本标准的标准"}, width: 22, kind: listCell, readOnly: true,
		list: func(s *standard.Standard) *[]string { return &s.ReplacedBy }},
	{name: "adopts", zh: "采用国际标准", aliases: []string{"采标", "采用国际标准号", "采标情况", "采用国际标准情况"}, width: 22, kind: customCell,
		parse:  func(s *standard.Standard, v string, fe *fault.FieldErrors) { s.Adopts = parseAdopts(v, fe) },
		format: func(s *standard.Standard) string { return formatAdopts(s.Adopts) },
		decode: func(s *standard.Standard, raw json.RawMessage, fe *fault.FieldErrors) { s.Adopts = jsonAdopts(raw, fe) }},
	{name: "zhejiang_role", zh: "浙江参与", aliases: []string{"主导或参与"}, width: 10, kind: enumCell, labels: roleLabels,
		get: func(s *standard.Standard) string { return string(s.ZhejiangRole) }, set: func(s *standard.Standard, v string) { s.ZhejiangRole = standard.ZhejiangRole(v) }},
	{name: "organization_id", zh: "组织ID", aliases: []string{"主管单位编号"}, width: 38,
		get: func(s *standard.Standard) string { return s.OrganizationID }, set: func(s *standard.Standard, v string) { s.OrganizationID = v }},
	{name: "organization_name", zh: "组织名称", aliases: []string{"所属组织", "主管单位", "企业名称", "团体名称", "社会团体名称", "标准所属单位"}, width: 30,
		get: func(s *standard.Standard) string { return s.OrganizationName }, set: func(s *standard.Standard, v string) { s.OrganizationName = v }},
	{name: "organization_credit_code", zh: "统一社会信用代码", aliases: []string{"信用代码", "组织信用代码", "社会信用代码"}, width: 22,
		get: func(s *standard.Standard) string { return s.OrganizationCreditCode }, set: func(s *standard.Standard, v string) { s.OrganizationCreditCode = v }},
	{name: "drafting_units", zh: "起草单位", aliases: []string{"主要起草单位", "起草单位名称", "参与起草单位"}, width: 36, kind: listCell,
		list: func(s *standard.Standard) *[]string { return &s.DraftingUnits }},
	{name: "technical_committee", zh: "技术归口", aliases: []string{"归口单位", "技术委员会", "技术归口单位", "归口部门", "技术归口单位或技术委员会"}, width: 24,
		get: func(s *standard.Standard) string { return s.TechnicalCommittee }, set: func(s *standard.Standard, v string) { s.TechnicalCommittee = v }},
	{name: "filing_number", zh: "备案号", aliases: []string{"备案编号", "标准备案号", "备案号码"}, width: 16,
		get: func(s *standard.Standard) string { return s.FilingNumber }, set: func(s *standard.Standard, v string) { s.FilingNumber = v }},
	{name: "region", zh: "行政区划", aliases: []string{"地区", "行政区划代码", "区划代码"}, width: 10,
		get: func(s *standard.Standard) string { return s.Region }, set: func(s *standard.Standard, v string) { s.Region = v }},
	dateColumn("approved_on", "立项日期", false, func(s *standard.Standard) *standard.Date { return &s.ApprovedOn }, "批准立项日期", "立项时间", "计划下达日期", "下达日期"),
	dateColumn("submitted_on", "报批日期", false, func(s *standard.Standard) *standard.Date { return &s.SubmittedOn }, "报批时间"),
	dateColumn("published_on", "发布日期", false, func(s *standard.Standard) *standard.Date { return &s.PublishedOn }, "发布时间", "发布日"),
	dateColumn("effective_on", "实施日期", false, func(s *standard.Standard) *standard.Date { return &s.EffectiveOn }, "实施时间", "实施日"),
	dateColumn("withdrawn_on", "废止日期", false, func(s *standard.Standard) *standard.Date { return &s.WithdrawnOn }, "废止时间", "作废日期"),
	timeColumn("created_at", "创建时间", func(s *standard.Standard) time.Time { return s.CreatedAt }),
	timeColumn("updated_at", "更新时间", func(s *standard.Standard) time.Time { return s.UpdatedAt }),
	versionColumn(func(s *standard.Standard) int64 { return s.Version }),
}

// stageCodeColumn is in API responses (the two-digit code of the stage); a
// file converted from them may carry it. It follows from the stage, so it is
// read and ignored, and never written.
var stageCodeColumn = &column[standard.Standard]{name: "stage_code", zh: "阶段代码", readOnly: true}

// Every day is read: an import builds a record's history from them
// (standard.ImportedHistory).
func dateColumn[T any](name, zh string, readOnly bool, date func(*T) *standard.Date, aliases ...string) *column[T] {
	return &column[T]{name: name, zh: zh, aliases: aliases, width: 12, kind: dateCell, readOnly: readOnly, date: date}
}

// idOf is the id column every record's file carries: read into
// Record.ID, for the registry to decide what it means.
func idOf[T any](id func(*T) string) *column[T] {
	return &column[T]{name: "id", zh: "记录ID", aliases: []string{"ID", "编号ID"}, width: 38, readOnly: true, get: id}
}

// timeColumn is created_at or updated_at, written and never read.
func timeColumn[T any](name, zh string, at func(*T) time.Time) *column[T] {
	return &column[T]{name: name, zh: zh, width: 22, readOnly: true, get: func(r *T) string { return timestamp(at(r)) }}
}

// versionColumn is the record's version, a number in XLSX.
func versionColumn[T any](version func(*T) int64) *column[T] {
	return &column[T]{name: "version", zh: "版本", width: 8, readOnly: true,
		get:    func(r *T) string { return strconv.FormatInt(version(r), 10) },
		number: func(r *T) any { return version(r) }}
}

// timestamp writes created_at and updated_at in RFC 3339, UTC, as the API does.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// text is the cell text of c for r, before neutralisation.
func (c *column[T]) text(r *T) string {
	switch c.kind {
	case listCell:
		return joinList(*c.list(r))
	case dateCell:
		return c.date(r).String()
	case customCell:
		return c.format(r)
	}
	return c.get(r)
}

// header is the bilingual header of templates and XLSX exports:
// "标准号\ncode". Readers match either line.
func (c *column[T]) header() string { return c.zh + "\n" + c.name }

// readable lists every column a standards file may carry: the written
// ones, stage_code, and the cycle an export may add (WithCycles).
func readable() []*column[standard.Standard] { return standards.readable() }
