package tabular

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"stdreg/internal/standard"
)

// templateExample is the template's example row, a Zhejiang local
// standard; people copy its shape, so every kind of cell appears.
var templateExample = standard.Standard{
	Code: "DB33/T 2349—2021", Kind: standard.KindLocal, Nature: standard.NatureRecommended,
	TitleZH: "茶叶加工技术规程", TitleEN: "Technical code of practice for tea processing",
	Stage: standard.StagePublished, ICS: []string{"67.140.10"}, CCS: "X55",
	ZhejiangRole:       standard.RoleLead,
	DraftingUnits:      []string{"浙江省农业科学院", "浙江省标准化研究院"},
	TechnicalCommittee: "浙江省茶叶标准化技术委员会", Region: "330000",
	ApprovedOn:  standard.Date{Year: 2020, Month: 3, Day: 1},
	PublishedOn: standard.Date{Year: 2021, Month: 6, Day: 20},
	EffectiveOn: standard.Date{Year: 2021, Month: 7, Day: 20},
}

// templateColumns are the columns an import sets: the read-only ones of
// exports are left out.
func templateColumns() []*column[standard.Standard] { return standards.writable() }

// Template writes an .xlsx import template: bilingual headers, an example
// row, drop-down lists for the enumerated columns, and a sheet "说明" that
// explains each column and the list formats.
func Template(w io.Writer) error {
	f, st, err := newWorkbook()
	if err != nil {
		return err
	}
	defer f.Close()
	cols := templateColumns()
	if err := writeTemplateSheet(f, st, cols); err != nil {
		return err
	}
	if err := addDropDowns(f, cols); err != nil {
		return err
	}
	if err := writeNotes(f, st, cols); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing the template: %w", err)
	}
	return nil
}

// writeTemplateSheet writes the header and the example row, and formats
// the columns so what people type is kept: text as text, dates as days.
func writeTemplateSheet(f *excelize.File, st styles, cols []*column[standard.Standard]) error {
	for i, c := range cols {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		style := st.text
		if c.kind == dateCell {
			style = st.date
		}
		for _, set := range []func() error{
			func() error { return f.SetColWidth(sheetName, name, name, c.width) },
			func() error { return f.SetColStyle(sheetName, name, style) },
			func() error { return f.SetCellValue(sheetName, name+"1", c.header()) },
			func() error { return f.SetCellStyle(sheetName, name+"1", name+"1", st.header) },
			func() error { return f.SetCellValue(sheetName, name+"2", exampleValue(c)) },
			// SetCellValue gives a time its own format; keep the column's.
			func() error { return f.SetCellStyle(sheetName, name+"2", name+"2", style) },
		} {
			if err := set(); err != nil {
				return fmt.Errorf("writing template column %s: %w", c.name, err)
			}
		}
	}
	if err := f.SetRowHeight(sheetName, 1, 32); err != nil {
		return fmt.Errorf("writing the template header: %w", err)
	}
	if err := f.SetPanes(sheetName, frozenHeader); err != nil {
		return fmt.Errorf("freezing the template header: %w", err)
	}
	return nil
}

// exampleValue shows enumerations by their Chinese labels, as the drop-down
// lists offer them, and dates as date cells.
func exampleValue(c *column[standard.Standard]) any {
	s := &templateExample
	switch {
	case c.kind == enumCell:
		return c.labels.display[c.get(s)]
	case c.kind == dateCell && !c.date(s).IsZero():
		return c.date(s).Time()
	}
	return c.text(s)
}

// dropDown is a list offered in a template column.
type dropDown struct {
	column string
	items  []string
	strict bool   // warn on a value not in the list
	prompt string // shown when the cell is selected (at most 255 characters)
}

func templateDropDowns() []dropDown {
	return []dropDown{
		{"kind", kindLabels.names(kindLabels.values...), true, "必填。也可填写 national、local 等英文值。"},
		{"nature", natureLabels.names(natureLabels.values...), true, "标准号带 /T、/Z 时可空，由标准号确定。"},
		// An import registers a record at any stage, its history built from
		// its days; 立项 is the move into drafting (起草).
		{"stage", stageLabels.names(stageLabels.values...), true, "立项（已下达计划）填“起草”并填立项日期；现行、即将实施填“现行”；被代替填“废止”。"},
		{"zhejiang_role", roleLabels.names(roleLabels.values...), true, "空为“无”。"},
		// Items carry a year and a reference after the type, so any value is
		// allowed; the list offers the types.
		{"designations", designationLabels.names(designationLabels.values...), false, "每项：类型|年份|文号，如 浙江制造|2019；多项用分号分隔。"},
	}
}

// addDropDowns adds the lists below each header. A value outside a strict
// list draws a warning, not a refusal: the reader also takes API values.
func addDropDowns(f *excelize.File, cols []*column[standard.Standard]) error {
	for _, d := range templateDropDowns() {
		i := columnIndex(cols, d.column)
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", name, name, excelize.TotalRows))
		if err := dv.SetDropList(d.items); err != nil {
			return fmt.Errorf("listing %s: %w", d.column, err)
		}
		dv.SetInput(cols[i].zh, d.prompt)
		if d.strict {
			dv.SetError(excelize.DataValidationErrorStyleWarning, cols[i].zh, "不在列表中的值可能无法导入。")
		}
		if err := f.AddDataValidation(sheetName, dv); err != nil {
			return fmt.Errorf("adding the list for %s: %w", d.column, err)
		}
	}
	return nil
}

func columnIndex(cols []*column[standard.Standard], name string) int {
	for i, c := range cols {
		if c.name == name {
			return i
		}
	}
	panic("tabular: template has no column " + name)
}
