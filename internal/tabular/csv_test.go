package tabular

import (
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"stdreg/internal/standard"
)

// chineseCSV is a catalogue as a person exports it from a Chinese Excel:
// Chinese headers, Chinese labels, dates in several local forms.
const chineseCSV = "标准号,标准名称,标准类别,标准性质,状态,ICS分类,中标分类,代替标准,发布日期,实施日期,主要起草单位,浙江参与\r\n" +
	"GB 17761—2018,电动自行车安全技术规范,国家标准,强制性,现行,43.150,Y14,GB 17761—1999,2018/5/15,2019年4月15日,天津市自行车研究院；浙江省产品质量安全科学研究院,参与\r\n" +
	"DB33/T 2349—2021,茶叶加工技术规程,地方标准,推荐性,发布,67.140.10,X55,,2021.06.20,20210720,浙江省农业科学院,主导\r\n"

var chineseRows = []standard.Standard{
	{
		Code: "GB 17761—2018", TitleZH: "电动自行车安全技术规范", Kind: standard.KindNational, Nature: standard.NatureMandatory,
		Stage: standard.StagePublished, ICS: []string{"43.150"}, CCS: "Y14", Replaces: []string{"GB 17761—1999"},
		PublishedOn: day(2018, 5, 15), EffectiveOn: day(2019, 4, 15),
		DraftingUnits: []string{"天津市自行车研究院", "浙江省产品质量安全科学研究院"}, ZhejiangRole: standard.RoleParticipant,
	},
	{
		Code: "DB33/T 2349—2021", TitleZH: "茶叶加工技术规程", Kind: standard.KindLocal, Nature: standard.NatureRecommended,
		Stage: standard.StagePublished, ICS: []string{"67.140.10"}, CCS: "X55",
		PublishedOn: day(2021, 6, 20), EffectiveOn: day(2021, 7, 20),
		DraftingUnits: []string{"浙江省农业科学院"}, ZhejiangRole: standard.RoleLead,
	},
}

func TestReadCSVEncodings(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(chineseCSV)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data string
	}{
		{"UTF-8 with BOM", "\ufeff" + chineseCSV},
		{"UTF-8 without BOM", chineseCSV},
		{"GB18030", gb},
		{"LF line ends", strings.ReplaceAll(chineseCSV, "\r\n", "\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := readAll(t, []byte(tc.data), CSV)
			var got []standard.Standard
			for _, r := range rows {
				if r.Err != nil {
					t.Errorf("row %d: %v", r.Number, r.Err)
				}
				got = append(got, r.Standard)
			}
			if d := diff(chineseRows, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestReadCSVLongGB18030 puts the first Chinese character past the 64 KiB
// the encoding is told from, so a character may be cut at the peek's end.
func TestReadCSVLongGB18030(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,title_zh,kind\r\n")
	for b.Len() < 70<<10 {
		b.WriteString("GB/T 19001—2016,质量管理体系 要求,国家标准\r\n")
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, []byte(gb), CSV)
	last := rows[len(rows)-1]
	if last.Err != nil || last.Standard.TitleZH != "质量管理体系 要求" || last.Standard.Kind != standard.KindNational {
		t.Errorf("last row = %+v, %v", last.Standard, last.Err)
	}
}

// TestReadCSVRowNumbers checks numbering as a spreadsheet shows it: blank
// lines and rows of empty cells are skipped but counted, and a quoted cell
// spanning lines is one row.
func TestReadCSVRowNumbers(t *testing.T) {
	data := "title_zh,kind,drafting_units\r\n" + // row 1
		"茶叶加工技术规程,local,浙江省农业科学院\r\n" + // row 2
		"\r\n" + // row 3, blank
		"电动自行车安全技术规范,national,\"天津市自行车研究院\r\n浙江省产品质量安全科学研究院\"\r\n" + // row 4, two lines
		",,\r\n" + // row 5, empty cells
		"质量管理体系 要求,national,\r\n" // row 6
	rows := readAll(t, []byte(data), CSV)
	var got []int
	for _, r := range rows {
		got = append(got, r.Number)
	}
	if d := diff([]int{2, 4, 6}, got); d != "" {
		t.Errorf("row numbers (-want +got):\n%s", d)
	}
	if d := diff([]string{"天津市自行车研究院", "浙江省产品质量安全科学研究院"}, rows[1].Standard.DraftingUnits); d != "" {
		t.Errorf("units one per line (-want +got):\n%s", d)
	}
}

func TestReadCSVFileErrors(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), randomBytes(t, 512)...)
	for _, tc := range []struct {
		name      string
		data      []byte
		row       int
		fragments []string
	}{
		{"ragged row", []byte("title_zh,kind,code\r\n茶叶加工技术规程,local,DB33/T 2349—2021\r\n电动自行车安全技术规范,national\r\n"), 3,
			[]string{"row 3 has 2 cells", "the header has 3"}},
		{"binary", png, 0, []string{"not a text file"}},
		{"xlsx sent as csv", writeAll(t, XLSX, nil), 0, []string{"XLSX"}},
		{"empty", nil, 0, []string{"empty"}},
		{"UTF-16", []byte("\xff\xfet\x00i\x00"), 0, []string{"UTF-16"}},
		{"missing title_zh", []byte("标准号,标准类别\r\nGB 17761—2018,国家标准\r\n"), 1, []string{"title_zh (标准名称)"}},
		{"missing both", []byte("ccs\r\n"), 1, []string{"title_zh (标准名称) or kind (标准类别)"}},
		{"duplicate column", []byte("code,title_zh,kind,标准号\r\n"), 1, []string{"columns 1 and 4 are both code (标准号)"}},
		{"two names in one header", []byte("标准号 (title_zh),kind\r\n"), 1, []string{"names two columns"}},
		{"value under a nameless column", []byte("title_zh,kind,\r\n茶叶加工技术规程,local,x\r\n"), 2, []string{"column 3, which has no name"}},
		{"bare quote", []byte("title_zh,kind\r\n茶\"叶,local\r\n"), 2, []string{"malformed"}},
		{"NUL after the peek", append([]byte("title_zh,kind\r\n"+strings.Repeat("茶叶加工技术规程,local\r\n", 5000)), []byte("a\x00b,local\r\n")...), 5002, []string{"NUL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tryReadAll(tc.data, CSV)
			wantFileError(t, err, tc.row, tc.fragments...)
		})
	}
}

// TestReadCSVFileErrorSticks checks that reading stops at a file error.
func TestReadCSVFileErrorSticks(t *testing.T) {
	r, err := NewReader(strings.NewReader("title_zh,kind\r\na,local,extra\r\nb,local\r\n"), CSV)
	if err != nil {
		t.Fatal(err)
	}
	_, err1 := r.Next()
	_, err2 := r.Next()
	if err1 == nil || err1 != err2 {
		t.Errorf("Next after a file error = %v, then %v; want the same error", err1, err2)
	}
}

func TestReadCSVCellErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string
		cells  string
		want   map[string]string // field -> message fragment
	}{
		{"formula", "title_zh,kind", `"=HYPERLINK(""http://evil"",""点击"")",local`,
			map[string]string{"title_zh": "looks like a spreadsheet formula; formulas are not accepted"}},
		{"formula after spaces", "code,title_zh,kind", " =1+1,茶,local", map[string]string{"code": "formula"}},
		{"bad date", "title_zh,kind,approved_on", "茶,local,2021-13-01", map[string]string{"approved_on": `"2021-13-01" is not a date`}},
		{"29 February of a common year", "title_zh,kind,published_on", "茶,local,2021/2/29", map[string]string{"published_on": "not a date"}},
		{"unknown stage label", "title_zh,kind,状态", "茶,local,暂停", map[string]string{"stage": `"暂停" is not a known stage`}},
		{"unknown kind", "title_zh,kind", "茶,省级标准", map[string]string{"kind": "national (国家标准)"}},
		{"bad designation year", "title_zh,kind,designations", "茶,group,浙江制造|二〇一九", map[string]string{"designations[0].year": "not a year"}},
		{"unknown designation", "title_zh,kind,designations", "茶,group,浙江制造|2019; 品牌|2020", map[string]string{"designations[1].type": "not a known designation type"}},
		{"designation without type", "title_zh,kind,designations", "茶,group,|2019", map[string]string{"designations[0].type": "no type"}},
		{"unknown degree", "title_zh,kind,adopts", "茶,national,ISO 9001:2015|SAME", map[string]string{"adopts[0].degree": "not a known degree"}},
		{"several at once", "title_zh,kind,nature,effective_on", "=A1,国标,强,2021-6", map[string]string{
			"title_zh": "formula", "nature": "not a known nature", "effective_on": "not a date"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := readAll(t, []byte(tc.header+"\r\n"+tc.cells+"\r\n"), CSV)
			if len(rows) != 1 {
				t.Fatalf("read %d rows, want 1", len(rows))
			}
			got := fieldErrors(t, rows[0].Err)
			if len(got) != len(tc.want) {
				t.Errorf("field errors %v, want fields %v", got, tc.want)
			}
			for field, fragment := range tc.want {
				if !strings.Contains(got[field], fragment) {
					t.Errorf("%s: message %q does not mention %q", field, got[field], fragment)
				}
			}
		})
	}
}

// TestReadCSVCells checks the accepted cell forms field by field.
func TestReadCSVCells(t *testing.T) {
	data := "title_zh,kind,code,性质,designations,adopts,ICS,STAGE,Zhejiang Role,代替,id,version,stage_code\r\n" +
		`茶,国家标准,GB/T 19001—2016,推荐,"浙江标准|2022|浙市监标〔2022〕5号；领跑者",ISO 9001:2015｜等同采用;EN 1234|MOD,"03.120.10;  ;",Proposal,无,'-,X1,99,60` + "\r\n"
	rows := readAll(t, []byte(data), CSV)
	want := standard.Standard{
		TitleZH: "茶", Kind: standard.KindNational, Code: "GB/T 19001—2016", Nature: standard.NatureRecommended,
		Designations: []standard.Designation{
			{Type: standard.DesignationZhejiangStandard, Year: 2022, Reference: "浙市监标〔2022〕5号"},
			{Type: standard.DesignationForerunner},
		},
		Adopts: []standard.Adoption{{Code: "ISO 9001:2015", Degree: standard.DegreeIdentical}, {Code: "EN 1234", Degree: standard.DegreeModified}},
		ICS:    []string{"03.120.10"}, Stage: standard.StageProposal, ZhejiangRole: standard.RoleNone, Replaces: []string{"-"},
	}
	if rows[0].Err != nil {
		t.Fatalf("row error: %v", rows[0].Err)
	}
	if d := diff(want, rows[0].Standard); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if rows[0].ID != "X1" {
		t.Errorf("ID = %q, want X1", rows[0].ID)
	}
}

// TestHeaders checks the header forms people write.
func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   string
	}{
		{"title_zh", "title_zh"},
		{"Title ZH", "title_zh"},
		{"\ufeff标准名称", "title_zh"},
		{"标准名称 (title_zh)", "title_zh"},
		{"标准名称（title_zh）", "title_zh"},
		{"标准名称\ntitle_zh", "title_zh"},
		{"* 标准名称", "title_zh"},
		{"ＩＣＳ", "ics"},
		{"国际标准分类号", "ics"},
		{"中标分类", "ccs"},
		{"标准编号", "code"},
		{"标准类型", "kind"},
		{"层级", "kind"},
		{"标准性质", "nature"},
		{"中文名称", "title_zh"},
		{"英文标题", "title_en"},
		{"标准状态", "stage"},
		{"称号", "designations"},
		{"代替标准号", "replaces"},
		{"标准中文名称", "title_zh"},
		{"标准英文名称", "title_en"},
		{"标准名称（英文）", "title_en"},
		{"中国标准分类号", "ccs"},
		{"技术归口单位", "technical_committee"},
		{"计划下达日期", "approved_on"},
		{"采标", "adopts"},
		{"主导或参与", "zhejiang_role"},
		{"主管单位编号", "organization_id"},
		{"主要起草单位", "drafting_units"},
		{"归口单位", "technical_committee"},
		{"地区", "region"},
		{"批准立项日期", "approved_on"},
		{"发布日期", "published_on"},
		{"实施日期", "effective_on"},
		{"废止日期", "withdrawn_on"},
		{"报批日期", "submitted_on"},
		{"编号ID", "id"},
		{"Stage Code", "stage_code"},
	} {
		t.Run(tc.header, func(t *testing.T) {
			c, err := matchHeader(tc.header, 1, 1)
			if err != nil {
				t.Fatal(err)
			}
			if c.name != tc.want {
				t.Errorf("matchHeader(%q) = %s, want %s", tc.header, c.name, tc.want)
			}
		})
	}
}

// TestColumnNamesUnique guards the alias table: no name may point at two
// columns.
func TestColumnNamesUnique(t *testing.T) {
	seen := map[string]string{}
	for _, c := range readable() {
		for _, n := range append([]string{c.name, c.zh}, c.aliases...) {
			if other, ok := seen[key(n)]; ok && other != c.name {
				t.Errorf("%q names both %s and %s", n, other, c.name)
			}
			seen[key(n)] = c.name
		}
	}
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
