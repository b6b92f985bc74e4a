package tabular

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"stdreg/internal/standard"
)

// notesSheet explains the template's columns in Chinese and English.
const notesSheet = "说明"

// columnNotes says what to write in each template column.
var columnNotes = map[string][2]string{
	"code":                     {"标准号，如 DB33/T 2349—2021；“-”与“—”、全角字符均可。已发布的标准必填，草案可空。", "The standard number in any usual form; required for a published standard."},
	"kind":                     {"必填：" + kindLabels.help() + "。", "Required: " + kindLabels.help() + "."},
	"nature":                   {natureLabels.help() + "。标准号带 /T、/Z 时可空。", "Optional when the number shows it (/T, /Z)."},
	"title_zh":                 {"必填，最多 500 字。", "Required, at most 500 characters."},
	"title_en":                 {"可空。", "Optional."},
	"stage":                    {"任一阶段：" + stageLabels.help() + "。立项（已下达计划）即起草阶段，填立项日期；现行、即将实施为发布；被代替为废止。阶段历史由各日期生成。", "Any stage; 立项 (the project approved) is drafting. The history is built from the days."},
	"ics":                      {"如 67.140.10；多个用分号分隔。", "Such as 67.140.10; several separated by semicolons."},
	"ccs":                      {"如 X55。", "Such as X55."},
	"designations":             {"每项写作 类型|年份|文号，年份和文号可省，如 浙江制造|2019；类型：" + designationLabels.help() + "；多项用分号分隔。", "Items type|year|reference, year and reference optional; several separated by semicolons."},
	"replaces":                 {"被代替的标准号，如 GB 17761—1999；多个用分号分隔。", "Numbers of the standards replaced; several separated by semicolons."},
	"adopts":                   {"每项写作 国际标准号|一致性程度，如 ISO 9001:2015|IDT；程度：" + degreeLabels.help() + "。", "Items code|degree, such as ISO 9001:2015|IDT."},
	"zhejiang_role":            {roleLabels.help() + "；空为“无”。", "Empty means none."},
	"organization_id":          {"所属组织的 ID；可空，默认为登记人所在单位。", "The owning organization's ID; empty means your own."},
	"organization_name":        {"所属组织名称；导出时填写，便于在其他登记系统中对应组织。", "The owning organization's name; exports fill it."},
	"organization_credit_code": {"所属组织的统一社会信用代码；导出时填写。", "The owning organization's credit code; exports fill it."},
	"drafting_units":           {"多个用分号分隔，或每行一个。", "Several separated by semicolons or one per line."},
	"technical_committee":      {"技术委员会或归口单位。", "The technical committee."},
	"replaced_by":              {"被代替标准：代替本标准的标准，由其他标准的代替标准得出，导入时不读。", "The standards that replace this one, derived from their replaces; not read on import."},
	"filing_number":            {"备案号（行业、地方、团体、企业标准备案后取得）。", "The filing number (备案号) of a filed industry, local, group or enterprise standard."},
	"region":                   {"6 位行政区划代码，如 330000（浙江省）、330100（杭州市）。", "A 6-digit division code such as 330100."},
	"approved_on":              {"立项日期（下达计划之日），YYYY-MM-DD，也可写 2021/6/20、2021年6月20日 或用 Excel 日期。预阶段、提案不填。", "The project's approval (the move into drafting), YYYY-MM-DD; none before it."},
	"submitted_on":             {"报批日期；报批、发布、废止的标准可填，不早于立项日期。", "Submission for approval; from the approval stage on."},
	"published_on":             {"日期；发布状态必填。", "A day; required for a published standard."},
	"effective_on":             {"日期；不早于发布日期。", "A day, not before publication."},
	"withdrawn_on":             {"废止日期；仅废止（含被代替）的标准填写，不早于发布日期。", "Withdrawal; only for a withdrawn standard."},
}

// generalNotes follow the column table.
var generalNotes = [][2]string{
	{"第一行是列名：中文名、英文字段名或本模板的双语列名均可；列的顺序不限，不需要的列可以删除，但“标准名称”和“标准类别”必须保留。", "The first row names the columns, in Chinese, by API name or bilingual; order is free; title_zh and kind are required."},
	{"以 = 开头的单元格和公式不被接受；请粘贴为数值。", "Cells starting with = and formulas are refused; paste values."},
	{"也可另存为 CSV（UTF-8 或 GB18030 编码）后导入。", "The sheet may also be saved as CSV, UTF-8 or GB18030."},
	{"导出文件中的 记录ID、规范化标准号、报批日期、废止日期、创建时间、更新时间、版本、制定周期（月）、周期达标 列在导入时忽略。", "The read-only columns of exports are ignored on import."},
}

func writeNotes(f *excelize.File, st styles, cols []*column[standard.Standard]) error {
	if _, err := f.NewSheet(notesSheet); err != nil {
		return fmt.Errorf("adding the notes sheet: %w", err)
	}
	rows := [][]any{{"列名", "字段 (field)", "必填 (required)", "填写说明", "Notes"}}
	for _, c := range cols {
		req := ""
		if slices.Contains(required, c.name) {
			req = "是 yes"
		}
		n := columnNotes[c.name]
		rows = append(rows, []any{c.zh, c.name, req, n[0], n[1]})
	}
	rows = append(rows, nil)
	for _, n := range generalNotes {
		rows = append(rows, []any{"", "", "", n[0], n[1]})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(notesSheet, cell, &r); err != nil {
			return fmt.Errorf("writing the notes: %w", err)
		}
	}
	for col, width := range map[string]float64{"A": 16, "B": 22, "C": 14, "D": 70, "E": 50} {
		if err := f.SetColWidth(notesSheet, col, col, width); err != nil {
			return fmt.Errorf("formatting the notes: %w", err)
		}
	}
	if err := f.SetCellStyle(notesSheet, "A2", fmt.Sprintf("E%d", len(rows)), st.wrap); err != nil {
		return fmt.Errorf("formatting the notes: %w", err)
	}
	if err := f.SetCellStyle(notesSheet, "A1", "E1", st.header); err != nil {
		return fmt.Errorf("formatting the notes: %w", err)
	}
	return nil
}
