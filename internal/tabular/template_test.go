package tabular

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTemplateReadsBack writes the template and reads it as an import: the
// bilingual header is accepted and the example row is the example.
func TestTemplateReadsBack(t *testing.T) {
	var buf bytes.Buffer
	must(t, Template(&buf))
	r, err := NewReader(bytes.NewReader(buf.Bytes()), XLSX)
	must(t, err)
	var want []string
	for _, c := range templateColumns() {
		want = append(want, c.name)
	}
	if d := diff(want, r.Columns()); d != "" {
		t.Errorf("Columns (-want +got):\n%s", d)
	}
	rows := readAll(t, buf.Bytes(), XLSX)
	if len(rows) != 1 || rows[0].Number != 2 || rows[0].Err != nil {
		t.Fatalf("rows = %+v", rows)
	}
	if d := diff(templateExample, rows[0].Standard); d != "" {
		t.Errorf("example row (-want +got):\n%s", d)
	}
}

func TestTemplateLayout(t *testing.T) {
	var buf bytes.Buffer
	must(t, Template(&buf))
	f, err := excelize.OpenReader(&buf)
	must(t, err)
	defer f.Close()

	if got := f.GetSheetList(); !slices.Equal(got, []string{sheetName, notesSheet}) {
		t.Errorf("sheets = %v", got)
	}
	if got, _ := f.GetCellValue(sheetName, "A1"); got != "标准号\ncode" {
		t.Errorf("A1 header = %q", got)
	}

	dvs, err := f.GetDataValidations(sheetName)
	must(t, err)
	got := map[string]string{}
	for _, dv := range dvs {
		col := strings.TrimRight(strings.SplitN(dv.Sqref, ":", 2)[0], "0123456789")
		got[col] = dv.Formula1
	}
	want := map[string]string{}
	for _, d := range templateDropDowns() {
		name, err := excelize.ColumnNumberToName(columnIndex(templateColumns(), d.column) + 1)
		must(t, err)
		want[name] = `"` + strings.Join(d.items, ",") + `"`
	}
	if d := diff(want, got); d != "" {
		t.Errorf("drop-down lists by column (-want +got):\n%s", d)
	}
	if stages := want[mustColumnName(t, "stage")]; stages != `"预阶段,提案,起草,征求意见,审查,报批,现行,复审,废止,终止"` {
		t.Errorf("stage list %s; an import takes every stage, and 立项 is not offered as the proposal", stages)
	}

	notes, err := f.GetRows(notesSheet)
	must(t, err)
	if len(notes) < len(templateColumns())+1 {
		t.Fatalf("the notes sheet has %d rows", len(notes))
	}
	for i, c := range templateColumns() {
		if row := notes[i+1]; len(row) < 5 || row[1] != c.name || row[3] == "" || row[4] == "" {
			t.Errorf("notes row for %s = %q", c.name, row)
		}
	}
}

func mustColumnName(t *testing.T, column string) string {
	t.Helper()
	name, err := excelize.ColumnNumberToName(columnIndex(templateColumns(), column) + 1)
	must(t, err)
	return name
}
