package tabular

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stdreg/internal/standard"
)

// workbook builds an XLSX file with excelize the way a person would fill
// one in Excel; edit receives the file with its first sheet named Sheet1.
func workbook(t *testing.T, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	edit(f)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func setRow(t *testing.T, f *excelize.File, cell string, values ...any) {
	t.Helper()
	must(t, f.SetSheetRow("Sheet1", cell, &values))
}

// TestReadXLSX reads a hand-made workbook: Chinese headers, a date typed as
// a date (shown in Excel's short date format), a region typed as a number,
// a blank row, and a row shorter than the header.
func TestReadXLSX(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		setRow(t, f, "A1", "标准号", "标准名称", "标准类别", "标准性质", "ICS分类", "中标分类", "代替标准", "发布日期", "实施日期", "行政区划")
		setRow(t, f, "A2", "GB 17761—2018", "电动自行车安全技术规范", "国家标准", "强制性", "43.150", "Y14", "GB 17761—1999",
			time.Date(2018, 5, 15, 0, 0, 0, 0, time.UTC), "2019-04-15")
		setRow(t, f, "A4", "DB33/T 2349—2021", "茶叶加工技术规程", "地方标准", "推荐性", "67.140.10", "X55", "",
			time.Date(2021, 6, 20, 0, 0, 0, 0, time.UTC), time.Date(2021, 7, 20, 0, 0, 0, 0, time.UTC), 330000)
		short, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // Excel's short date, "2021/7/20" in zh-CN
		must(t, err)
		must(t, f.SetCellStyle("Sheet1", "I4", "I4", short))
		setRow(t, f, "A5", "", "质量管理体系 要求", "national")
	})
	rows := readAll(t, data, XLSX)
	want := []struct {
		n int
		s standard.Standard
	}{
		{2, standard.Standard{
			Code: "GB 17761—2018", TitleZH: "电动自行车安全技术规范", Kind: standard.KindNational, Nature: standard.NatureMandatory,
			ICS: []string{"43.150"}, CCS: "Y14", Replaces: []string{"GB 17761—1999"},
			PublishedOn: day(2018, 5, 15), EffectiveOn: day(2019, 4, 15),
		}},
		{4, standard.Standard{
			Code: "DB33/T 2349—2021", TitleZH: "茶叶加工技术规程", Kind: standard.KindLocal, Nature: standard.NatureRecommended,
			ICS: []string{"67.140.10"}, CCS: "X55", PublishedOn: day(2021, 6, 20), EffectiveOn: day(2021, 7, 20), Region: "330000",
		}},
		{5, standard.Standard{TitleZH: "质量管理体系 要求", Kind: standard.KindNational}},
	}
	if len(rows) != len(want) {
		t.Fatalf("read %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if rows[i].Number != w.n || rows[i].Err != nil {
			t.Errorf("row %d: number %d, error %v", w.n, rows[i].Number, rows[i].Err)
		}
		if d := diff(w.s, rows[i].Standard); d != "" {
			t.Errorf("row %d (-want +got):\n%s", w.n, d)
		}
	}
}

// TestReadXLSXFormulas checks that a formula cell is a field error whatever
// its cached value, as is text typed with a leading "=".
func TestReadXLSXFormulas(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		setRow(t, f, "A1", "title_zh", "kind", "code", "title_en")
		setRow(t, f, "A2", "茶叶加工技术规程", "local", "DB33/T 2349—2021")
		must(t, f.SetCellFormula("Sheet1", "A2", `HYPERLINK("http://evil","点击")`))
		setRow(t, f, "A3", "电动自行车安全技术规范", "national", "", "=1+1")
		must(t, f.SetCellFormula("Sheet1", "C4", `"GB"&" 17761"`)) // a row with nothing but a formula
		setRow(t, f, "A5", "质量管理体系 要求", "national")
	})
	rows := readAll(t, data, XLSX)
	got := map[int][]string{}
	for _, r := range rows {
		for field := range fieldErrors(t, r.Err) {
			got[r.Number] = append(got[r.Number], field)
		}
	}
	want := map[int][]string{2: {"title_zh"}, 3: {"title_en"}, 4: {"code"}}
	if d := diff(want, got); d != "" {
		t.Errorf("formula errors by row (-want +got):\n%s", d)
	}
	if msg := fieldErrors(t, rows[0].Err)["title_zh"]; msg != formulaMessage {
		t.Errorf("message %q, want %q", msg, formulaMessage)
	}
}

func TestReadXLSXFileErrors(t *testing.T) {
	valid := writeAll(t, XLSX, richStandards())
	for _, tc := range []struct {
		name      string
		data      []byte
		row       int
		fragments []string
	}{
		{"truncated", valid[:len(valid)/2], 0, []string{"not a readable XLSX file"}},
		{"csv sent as xlsx", []byte("title_zh,kind\r\n茶,local\r\n"), 0, []string{"not a readable XLSX file"}},
		{"old xls", append(append([]byte{}, oleSignature...), randomBytes(t, 600)...), 0, []string{".xls"}},
		{"empty file", nil, 0, []string{"empty"}},
		{"empty sheet", workbook(t, func(*excelize.File) {}), 0, []string{"no header row"}},
		{"blank first row", workbook(t, func(f *excelize.File) { setRow(t, f, "A2", "title_zh", "kind") }), 1, []string{"row 1 is empty"}},
		{"value beyond the header", workbook(t, func(f *excelize.File) {
			setRow(t, f, "A1", "标准名称", "标准类别")
			setRow(t, f, "A2", "茶叶加工技术规程", "地方标准", "", "多余")
		}), 2, []string{"row 2 has a value in column 4", "only 2 columns"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tryReadAll(tc.data, XLSX)
			wantFileError(t, err, tc.row, tc.fragments...)
		})
	}
}

// TestReadXLSXFirstSheet checks that the first sheet is read, whichever is
// active, and that a later sheet's formulas do not count.
func TestReadXLSXFirstSheet(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		setRow(t, f, "A1", "title_zh", "kind")
		setRow(t, f, "A2", "茶叶加工技术规程", "local")
		i, err := f.NewSheet("说明")
		must(t, err)
		must(t, f.SetCellFormula("说明", "A2", "1+1"))
		f.SetActiveSheet(i)
	})
	rows := readAll(t, data, XLSX)
	if len(rows) != 1 || rows[0].Err != nil || rows[0].Standard.TitleZH != "茶叶加工技术规程" {
		t.Errorf("rows = %+v", rows)
	}
}

// TestWriteXLSXCells checks what an export workbook holds: bilingual
// headers, neutralised text, real date cells, the version as a number.
func TestWriteXLSXCells(t *testing.T) {
	data := writeAll(t, XLSX, richStandards())
	f, err := excelize.OpenReader(bytes.NewReader(data))
	must(t, err)
	defer f.Close()
	for _, tc := range []struct {
		column, want string
		row          int
	}{
		{"title_zh", "标准名称\ntitle_zh", 1},
		{"title_zh", `'=HYPERLINK("http://evil","点击")`, 6},
		{"title_en", "'+86 hotline; -40 °C test", 6},
		{"technical_committee", "'-", 6},
		{"drafting_units", "'@浙江某某电器有限公司; '=already quoted", 6},
		{"published_on", "2021-06-20", 2},
	} {
		cell := cellOf(t, tc.column, tc.row)
		got, err := f.GetCellValue(sheetName, cell)
		must(t, err)
		if got != tc.want {
			t.Errorf("%s = %q, want %q", cell, got, tc.want)
		}
	}
	// A number cell has no type attribute: the stored value tells a date
	// (a day number) and the version from text.
	for column, want := range map[string]string{"published_on": "44367", "version": "3"} {
		got, err := f.GetCellValue(sheetName, cellOf(t, column, 2), excelize.Options{RawCellValue: true})
		must(t, err)
		if typ, _ := f.GetCellType(sheetName, cellOf(t, column, 2)); got != want || typ != excelize.CellTypeUnset {
			t.Errorf("%s = %q of type %v, want the number %s", column, got, typ, want)
		}
	}
	if typ, _ := f.GetCellType(sheetName, cellOf(t, "code", 2)); typ != excelize.CellTypeInlineString {
		t.Errorf("code cell type = %v, want inline string", typ)
	}
}

func cellOf(t *testing.T, column string, row int) string {
	t.Helper()
	for i, c := range columns {
		if c.name == column {
			cell, err := excelize.CoordinatesToCellName(i+1, row)
			must(t, err)
			return cell
		}
	}
	t.Fatalf("no column %s", column)
	return ""
}

// TestWriteCSVNeutralises checks the CSV export of values that start like
// formulas.
func TestWriteCSVNeutralises(t *testing.T) {
	text := string(writeAll(t, CSV, richStandards()[4:]))
	for _, want := range []string{`"'=HYPERLINK(""http://evil"",""点击"")"`, "'+86 hotline; -40 °C test", ",'-,", "'@浙江某某电器有限公司; '=already quoted"} {
		if !strings.Contains(text, want) {
			t.Errorf("the CSV export lacks %s:\n%s", want, text)
		}
	}
	if !strings.HasPrefix(text, "\ufeffid,code,") {
		t.Errorf("the CSV export does not start with a BOM and the header: %q", text[:20])
	}
}

// TestPlaceFormulas checks the formula scan on worksheet XML as other
// programs write it: prefixed elements, shared formulas, references left
// out, comments and CDATA, and tags cut across reads.
func TestPlaceFormulas(t *testing.T) {
	for _, tc := range []struct {
		name, sheet string
		want        map[int][]int
	}{
		{"prefixed, shared, references left out", `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
			`<x:row r="2"><x:c r="A2" t="str"><x:f>HYPERLINK("http://evil","点击")</x:f><x:v>点击</x:v></x:c><x:c r="C2"><x:v>1</x:v></x:c></x:row>` +
			`<x:row><x:c><x:v>1</x:v></x:c><x:c><x:f t="shared" si="0"/><x:v>2</x:v></x:c></x:row>` +
			`</x:sheetData></x:worksheet>`, map[int][]int{2: {0}, 3: {1}}},
		{"none, though the text looks like tags", `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>f&lt;f&gt; ISO 9001:2015</t></is></c></row></sheetData><formula1>x</formula1></worksheet>`,
			map[int][]int{}},
		{"in comments and CDATA, not formulas", `<worksheet><!-- <c r="B1"><f>1</f></c> --><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<f>1+1</f> ]]>]]></t></is></c>` +
			`<c r="D1" t='str'><f>"a>b"</f><v>x</v></c></row></sheetData></worksheet>`, map[int][]int{1: {3}}},
		{"references with entities and a quoted >", `<worksheet><sheetData><row r="&#55;"><c r="&#66;7" s=">"><f>1</f></c></row></sheetData></worksheet>`,
			map[int][]int{7: {1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lim := DefaultLimits
			s := newXMLScanner(scanFirstSheet, "sheet1.xml", &lim, nil)
			for i := range len(tc.sheet) { // a byte at a time: every tag is cut
				must(t, s.write([]byte{tc.sheet[i]}))
			}
			if d := diff(tc.want, s.formulas); d != "" {
				t.Errorf("formula cells (-want +got):\n%s", d)
			}
		})
	}
}
