package tabular

import (
	"strings"
	"testing"

	"stdreg/internal/standard"
)

func TestReadNDJSON(t *testing.T) {
	data := "\ufeff" + `{"code":"GB 17761—2018","kind":"national","nature":"mandatory","title_zh":"电动自行车安全技术规范","stage":"published","stage_code":"60","ics":["43.150"],"ccs":"Y14","replaces":["GB 17761—1999"],"published_on":"2018-05-15","effective_on":"2019-04-15","approved_on":null,"withdrawn_on":null,"version":4,"id":"01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5f"}` + "\n" +
		"\n" + // line 2, blank
		`  {"title_zh":"浙江制造 电动自行车用锂离子电池组","kind":"团体标准","designations":[{"type":"made_in_zhejiang","year":2019},{"type":"浙江标准","year":null,"reference":"浙市监标〔2022〕5号"}],"adopts":[],"drafting_units":null}  ` + "\r\n" +
		`{"title_zh":"质量管理体系 要求","kind":"national","adopts":[{"code":"ISO 9001:2015","degree":"IDT"}]}`
	rows := readAll(t, []byte(data), NDJSON)
	want := []struct {
		n  int
		id string
		s  standard.Standard
	}{
		{1, "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5f", standard.Standard{
			Code: "GB 17761—2018", Kind: standard.KindNational, Nature: standard.NatureMandatory, TitleZH: "电动自行车安全技术规范",
			Stage: standard.StagePublished, ICS: []string{"43.150"}, CCS: "Y14", Replaces: []string{"GB 17761—1999"},
			PublishedOn: day(2018, 5, 15), EffectiveOn: day(2019, 4, 15),
		}},
		{3, "", standard.Standard{
			TitleZH: "浙江制造 电动自行车用锂离子电池组", Kind: standard.KindGroup,
			Designations: []standard.Designation{
				{Type: standard.DesignationMadeInZhejiang, Year: 2019},
				{Type: standard.DesignationZhejiangStandard, Reference: "浙市监标〔2022〕5号"},
			},
		}},
		{4, "", standard.Standard{
			TitleZH: "质量管理体系 要求", Kind: standard.KindNational,
			Adopts: []standard.Adoption{{Code: "ISO 9001:2015", Degree: standard.DegreeIdentical}},
		}},
	}
	if len(rows) != len(want) {
		t.Fatalf("read %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if rows[i].Number != w.n || rows[i].ID != w.id || rows[i].Err != nil {
			t.Errorf("line %d: number %d, id %q, error %v", w.n, rows[i].Number, rows[i].ID, rows[i].Err)
		}
		if d := diff(w.s, rows[i].Standard); d != "" {
			t.Errorf("line %d (-want +got):\n%s", w.n, d)
		}
	}
}

func TestReadNDJSONFieldErrors(t *testing.T) {
	line := `{"title_zh":42,"kind":"省标","ics":"43.150","published_on":"2018-02-30","designations":[{"type":"浙江制造","refrence":"x"}],"adopts":[{"code":"ISO 9001:2015","degree":"same"}],"title_en":"=SUM(A1)"}`
	rows := readAll(t, []byte(line+"\n"), NDJSON)
	got := fieldErrors(t, rows[0].Err)
	for field, fragment := range map[string]string{
		"title_zh":         "must be a string",
		"kind":             `"省标" is not a known kind`,
		"ics":              "list of strings",
		"published_on":     "not a date",
		"designations":     "refrence",
		"adopts[0].degree": "not a known degree",
	} {
		if !strings.Contains(got[field], fragment) {
			t.Errorf("%s: %q does not mention %q", field, got[field], fragment)
		}
	}
	if len(got) != 6 {
		t.Errorf("field errors %v; want 6 (a title starting with = is fine in JSON)", got)
	}
	if rows[0].Standard.TitleEN != "=SUM(A1)" {
		t.Errorf("title_en = %q; NDJSON is not a spreadsheet and keeps it", rows[0].Standard.TitleEN)
	}
}

func TestReadNDJSONFileErrors(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), randomBytes(t, 256)...)
	for _, tc := range []struct {
		name      string
		data      string
		row       int
		fragments []string
	}{
		{"array", `{"title_zh":"茶","kind":"local"}` + "\n\n" + `["茶","local"]`, 3, []string{"line 3 is not a JSON object"}},
		{"null", "null\n", 1, []string{"line 1 is not a JSON object"}},
		{"broken", `{"title_zh":"茶",` + "\n", 1, []string{"not a JSON object"}},
		{"csv", "title_zh,kind\n茶,local\n", 1, []string{"not a JSON object"}},
		{"binary", string(png), 1, []string{"not a JSON object"}},
		{"unknown keys", `{"title_zh":"茶","kind":"local","标准号":"x","remark":""}`, 1, []string{`unknown fields "remark", "标准号"`}},
		{"too long", `{"title_zh":"` + strings.Repeat("茶", DefaultLimits.RowSize/3+1) + `"}`, 1, []string{"longer than"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tryReadAll([]byte(tc.data), NDJSON)
			wantFileError(t, err, tc.row, tc.fragments...)
		})
	}
}

// TestWriteNDJSON checks that an export line is the API's JSON.
func TestWriteNDJSON(t *testing.T) {
	got := string(writeAll(t, NDJSON, richStandards()[3:4]))
	for _, want := range []string{`"code":"GB/T 19001—2016"`, `"adopts":[{"code":"ISO 9001:2015","degree":"IDT"}]`, `"approved_on":null`, `"published_on":"2016-12-30"`} {
		if !strings.Contains(got, want) {
			t.Errorf("NDJSON line lacks %s:\n%s", want, got)
		}
	}
	if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "}\n") {
		t.Errorf("want one line ending in a newline, got %q", got)
	}
}
