package tabular

import (
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// badCells are values the text rule refuses in any cell, each with a
// fragment of the problem it is reported with.
var badCells = []struct{ name, value, fragment string }{
	{"DEL", "茶叶\x7f加工技术规程", "U+007F"},
	{"C1 NEL", "茶叶\u0085加工技术规程", "U+0085"},
	{"C1 CSI", "茶叶\u009b加工技术规程", "U+009B"},
	{"bidi override", "茶叶\u202e程规术技工加", "bidirectional"},
}

// TestReadCSVCellText: a cell that breaks the text rule is a field error
// of its row, named by its column, before the registry looks anything up.
// (NUL, C0 controls and bytes that are not UTF-8 make a CSV file unreadable
// as a whole; see TestReadCSVFileErrors.)
func TestReadCSVCellText(t *testing.T) {
	for _, column := range []string{"title_zh", "title_en", "code", "technical_committee", "drafting_units", "region"} {
		for _, bad := range badCells {
			t.Run(column+"/"+bad.name, func(t *testing.T) {
				data := "title_zh,kind," + column + "\r\n茶叶加工技术规程,local,\"" + bad.value + "\"\r\n"
				if column == "title_zh" {
					data = "kind,title_zh\r\nlocal,\"" + bad.value + "\"\r\n"
				}
				rows := readAll(t, []byte(data), CSV)
				got := fieldErrors(t, rows[0].Err)
				if !strings.Contains(got[column], bad.fragment) {
					t.Errorf("field errors %v, want %s: …%s…", got, column, bad.fragment)
				}
			})
		}
	}
	t.Run("a line break in a title", func(t *testing.T) {
		rows := readAll(t, []byte("kind,title_zh\r\nlocal,\"茶叶\n加工技术规程\"\r\n"), CSV)
		if got := fieldErrors(t, rows[0].Err); !strings.Contains(got["title_zh"], "line break") {
			t.Errorf("field errors %v, want title_zh: line break", got)
		}
	})
	t.Run("line breaks between list items", func(t *testing.T) {
		rows := readAll(t, []byte("kind,title_zh,drafting_units\r\nlocal,茶叶加工技术规程,\"浙江省农业科学院茶叶研究所\r\n中华全国供销合作总社杭州茶叶研究所\"\r\n"), CSV)
		if rows[0].Err != nil || len(rows[0].Standard.DraftingUnits) != 2 {
			t.Errorf("row %+v, %v; want two drafting units", rows[0].Standard.DraftingUnits, rows[0].Err)
		}
	})
	t.Run("invisible characters are trimmed", func(t *testing.T) {
		rows := readAll(t, []byte("kind,title_zh,title_en\r\nlocal,\u200b茶叶加工技术规程\ufeff,\u200b\u2060\r\n"), CSV)
		if s := rows[0].Standard; rows[0].Err != nil || s.TitleZH != "茶叶加工技术规程" || s.TitleEN != "" {
			t.Errorf("title_zh %q, title_en %q, %v", s.TitleZH, s.TitleEN, rows[0].Err)
		}
	})
}

// TestReadDatesOutsideTheCalendar: days outside 1949-01-01 … 2100-12-31
// are field errors in every format, however they are written.
func TestReadDatesOutsideTheCalendar(t *testing.T) {
	for _, in := range []string{"1800-01-01", "1800/1/1", "1948年12月31日", "21010101", "2101-01-01", "9999-12-31"} {
		if got, err := parseDate(in); err == nil || !strings.Contains(err.Error(), "1949-01-01 to 2100-12-31") {
			t.Errorf("parseDate(%q) = %v, %v; want the registry's calendar named", in, got, err)
		}
	}
	csv := "code,kind,title_zh,stage,approved_on,published_on,effective_on\r\n" +
		"DB33/T 1234—2026,local,茶叶加工技术规程,published,1800-01-01,2026-06-30,2101-01-01\r\n"
	ndjson := `{"code":"DB33/T 1234—2026","kind":"local","title_zh":"茶叶加工技术规程","stage":"published","approved_on":"1800-01-01","published_on":"2026-06-30","effective_on":"2101-01-01"}` + "\n"
	xlsx := workbook(t, func(f *excelize.File) {
		setRow(t, f, "A1", "code", "kind", "title_zh", "stage", "approved_on", "published_on", "effective_on")
		// 1927-05-18 is the first Excel day number read as a day.
		setRow(t, f, "A2", "DB33/T 1234—2026", "local", "茶叶加工技术规程", "published",
			time.Date(1927, 5, 18, 0, 0, 0, 0, time.UTC), "2026-06-30", time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC))
	})
	for _, tc := range []struct {
		format Format
		data   []byte
	}{{CSV, []byte(csv)}, {NDJSON, []byte(ndjson)}, {XLSX, xlsx}} {
		t.Run(string(tc.format), func(t *testing.T) {
			rows := readAll(t, tc.data, tc.format)
			got := fieldErrors(t, rows[0].Err)
			for _, field := range []string{"approved_on", "effective_on"} {
				if !strings.Contains(got[field], "1949-01-01 to 2100-12-31") {
					t.Errorf("%s: %q, want the registry's calendar named", field, got[field])
				}
			}
			if s := rows[0].Standard; !s.ApprovedOn.IsZero() || !s.EffectiveOn.IsZero() {
				t.Errorf("a refused day was kept: %v, %v", s.ApprovedOn, s.EffectiveOn)
			}
		})
	}
}

// TestReadNDJSONStrictly: a line is read as strictly as a request body.
func TestReadNDJSONStrictly(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		fragments  []string
	}{
		{"a field given twice", `{"kind":"local","title_zh":"茶叶加工技术规程","stage":"proposal","stage":"published"}`, []string{`line 1 names "stage" twice`}},
		{"a field given twice in a designation", `{"kind":"group","title_zh":"茶叶加工技术规程","designations":[{"type":"made_in_zhejiang","type":"forerunner"}]}`, []string{`"designations[0].type" twice`}},
		{"invalid UTF-8", "{\"kind\":\"local\",\"title_zh\":\"茶叶\xff加工技术规程\"}", []string{"line 1 is not valid UTF-8", `"title_zh"`}},
		{"GB18030 text", "{\"kind\":\"local\",\"title_zh\":\"\xb2\xe8\xd2\xb6\"}", []string{"not valid UTF-8"}},
		{"a lone surrogate", `{"kind":"local","title_zh":"\ud800"}`, []string{"line 1 is not valid UTF-8"}},
		{"an upper-case name", `{"kind":"local","TITLE_ZH":"茶叶加工技术规程"}`, []string{`unknown fields "TITLE_ZH"`}},
		{"a miscased name beside the real one", `{"kind":"local","title_zh":"茶叶加工技术规程","stage":"proposal","Stage":"published"}`, []string{`unknown fields "Stage"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tryReadAll([]byte(tc.line+"\n"), NDJSON)
			wantFileError(t, err, 1, tc.fragments...)
		})
	}
	for _, tc := range []struct {
		name, line, field, fragment string
	}{
		{"NUL in a title", `{"kind":"local","title_zh":"茶叶\u0000加工技术规程"}`, "title_zh", "U+0000"},
		{"ESC in a number", `{"kind":"local","title_zh":"茶叶加工技术规程","code":"DB33/T 1234\u001b—2026"}`, "code", "U+001B"},
		{"a line break in a title", `{"kind":"local","title_zh":"茶叶\n加工技术规程"}`, "title_zh", "line break"},
		{"NUL in a drafting unit", `{"kind":"local","title_zh":"茶叶加工技术规程","drafting_units":["浙江省农业科学院","\u0000"]}`, "drafting_units[1]", "U+0000"},
		{"a miscased field of a designation", `{"kind":"group","title_zh":"茶叶加工技术规程","designations":[{"TYPE":"made_in_zhejiang"}]}`, "designations", `[0].TYPE is not a field`},
		{"a miscased field of an adoption", `{"kind":"national","title_zh":"茶叶加工技术规程","adopts":[{"code":"ISO 3720:2011","Degree":"NEQ"}]}`, "adopts", `[0].Degree is not a field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := readAll(t, []byte(tc.line+"\n"), NDJSON)
			if got := fieldErrors(t, rows[0].Err); !strings.Contains(got[tc.field], tc.fragment) {
				t.Errorf("field errors %v, want %s: …%s…", got, tc.field, tc.fragment)
			}
		})
	}
	rows := readAll(t, []byte(`{"kind":"local","title_zh":"\ufeff茶叶加工技术规程\u200b"}`+"\n"), NDJSON)
	if rows[0].Err != nil || rows[0].Standard.TitleZH != "茶叶加工技术规程" {
		t.Errorf("invisible ends: %q, %v", rows[0].Standard.TitleZH, rows[0].Err)
	}
}

// TestReadXLSXCellText: a workbook's cells are held to the same rule.
func TestReadXLSXCellText(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		setRow(t, f, "A1", "code", "kind", "title_zh", "title_en", "technical_committee")
		setRow(t, f, "A2", "DB33/T 1234—2026", "local", "\u200b\ufeff", "Tea\u0085processing", "ZJ/TC\x7f33")
	})
	rows := readAll(t, data, XLSX)
	got := fieldErrors(t, rows[0].Err)
	if !strings.Contains(got["title_en"], "U+0085") || !strings.Contains(got["technical_committee"], "U+007F") {
		t.Errorf("field errors %v, want title_en and technical_committee", got)
	}
	if rows[0].Standard.TitleZH != "" {
		t.Errorf("an invisible title was kept: %q", rows[0].Standard.TitleZH)
	}
}
