package tabular

import (
	"testing"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want standard.Date
	}{
		{"2021-06-20", day(2021, 6, 20)},
		{"2021/6/20", day(2021, 6, 20)},
		{"2021.06.20", day(2021, 6, 20)},
		{"2021年6月20日", day(2021, 6, 20)},
		{"2021年06月20", day(2021, 6, 20)},
		{"20210620", day(2021, 6, 20)},
		{"２０２１－０６－２０", day(2021, 6, 20)}, // typed in full width
		{"２０２１年６月２０日", day(2021, 6, 20)},
		{"2021-06-20 00:00", day(2021, 6, 20)},
		{"2021-06-20T00:00:00Z", day(2021, 6, 20)},
		{"2024-02-29", day(2024, 2, 29)},
		{"", standard.Date{}},
	} {
		got, err := parseDate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"2021-13-01", "2021-02-29", "2021-6", "2021-06/20", "2021年6月", "21-06-20", "2021-06-20x", "20211320", "6/20/2021", "2021-006-20", "44367"} {
		if got, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) = %v, want an error", in, got)
		}
	}
}

func TestExcelSerialDate(t *testing.T) {
	for _, tc := range []struct {
		in       string
		date1904 bool
		want     standard.Date
		ok       bool
	}{
		{"44367", false, day(2021, 6, 20), true},
		{"44367.75", false, day(2021, 6, 20), true}, // a date-time cell
		{"42905", true, day(2021, 6, 20), true},
		{"2021", false, standard.Date{}, false},     // a year typed into a date column
		{"20210620", false, standard.Date{}, false}, // a day written as digits
		{"-44367", false, standard.Date{}, false},
		{"4.4367E4", false, standard.Date{}, false},
	} {
		got, ok := excelSerialDate(tc.in, tc.date1904)
		if ok != tc.ok || got != tc.want {
			t.Errorf("excelSerialDate(%q, %v) = %v, %v; want %v, %v", tc.in, tc.date1904, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSplitList(t *testing.T) {
	for in, want := range map[string][]string{
		"":                  nil,
		"43.150":            {"43.150"},
		"43.150; 29.220.20": {"43.150", "29.220.20"},
		"浙江省农业科学院；浙江省标准化研究院;": {"浙江省农业科学院", "浙江省标准化研究院"},
		"甲\r\n乙\n\n丙": {"甲", "乙", "丙"},
		" ; ；":        nil,
		"安吉县竹产业协会、浙江大学":                               {"安吉县竹产业协会", "浙江大学"},
		"浙江大学，浙江工业大学, 中国计量大学":                         {"浙江大学", "浙江工业大学", "中国计量大学"},
		"GB 17761—1999、GB 17761—2018；ISO 4210-2:2015": {"GB 17761—1999", "GB 17761—2018", "ISO 4210-2:2015"},
		"、，；":        nil,
		"杭州市西湖区（浙江）": {"杭州市西湖区（浙江）"},
	} {
		if d := diff(want, splitList(in)); d != "" {
			t.Errorf("splitList(%q) (-want +got):\n%s", in, d)
		}
	}
}

func TestDesignationsAndAdopts(t *testing.T) {
	ds := []standard.Designation{
		{Type: standard.DesignationMadeInZhejiang, Year: 2019},
		{Type: standard.DesignationZhejiangStandard, Reference: "浙市监标〔2022〕5号"},
		{Type: standard.DesignationForerunner},
	}
	text := formatDesignations(ds)
	if text != "made_in_zhejiang|2019; zhejiang_standard||浙市监标〔2022〕5号; forerunner" {
		t.Errorf("formatDesignations = %q", text)
	}
	var fe fault.FieldErrors
	if d := diff(ds, parseDesignations(text, &fe)); d != "" || fe != nil {
		t.Errorf("parseDesignations: %v (-want +got):\n%s", fe, d)
	}
	as := []standard.Adoption{{Code: "ISO 9001:2015", Degree: standard.DegreeIdentical}, {Code: "IEC 60335-1:2020", Degree: standard.DegreeModified}}
	text = formatAdopts(as)
	if text != "ISO 9001:2015|IDT; IEC 60335-1:2020|MOD" {
		t.Errorf("formatAdopts = %q", text)
	}
	if d := diff(as, parseAdopts(text, &fe)); d != "" || fe != nil {
		t.Errorf("parseAdopts: %v (-want +got):\n%s", fe, d)
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		l    *labels
		in   string
		want string
	}{
		{kindLabels, "地方标准", "local"},
		{kindLabels, "LOCAL", "local"},
		{kindLabels, "团标", "group"},
		{natureLabels, "强制", "mandatory"},
		{natureLabels, "指导性技术文件", "guidance"},
		{stageLabels, "预研", "preliminary"},
		{stageLabels, "提案", "proposal"},
		{stageLabels, "报批", "approval"},
		{stageLabels, "现行", "published"},
		{stageLabels, "Periodic Review", "periodic_review"},
		{stageLabels, "废止", "withdrawn"},
		{stageLabels, "终止", "terminated"},
		{roleLabels, "否", "none"},
		{designationLabels, "企业标准领跑者", "forerunner"},
		{designationLabels, "Made in Zhejiang", "made_in_zhejiang"},
		{degreeLabels, "idt", "IDT"},
		{degreeLabels, "非等效", "NEQ"},
		{kindLabels, "", ""},
	} {
		if got, err := tc.l.parse(tc.in); err != nil || got != tc.want {
			t.Errorf("%s.parse(%q) = %q, %v; want %q", tc.l.field, tc.in, got, err, tc.want)
		}
	}
	// Every stage of the domain has a label.
	for _, s := range standard.Stages {
		if stageLabels.display[string(s)] == "" {
			t.Errorf("stage %s has no Chinese label", s)
		}
	}
}

func TestNeutralize(t *testing.T) {
	for _, tc := range []struct{ in, written string }{
		{"=1+1", "'=1+1"},
		{"+86", "'+86"},
		{"-40", "'-40"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=x", "''=x"},
		{"'plain", "'plain"},
		{"GB 17761—2018", "GB 17761—2018"},
		{"", ""},
	} {
		if got := neutralize(tc.in); got != tc.written {
			t.Errorf("neutralize(%q) = %q, want %q", tc.in, got, tc.written)
		}
		if back := unquote(tc.written); back != tc.in {
			t.Errorf("unquote(%q) = %q, want %q", tc.written, back, tc.in)
		}
	}
}
