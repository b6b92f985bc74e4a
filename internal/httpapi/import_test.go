package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
	"stdreg/internal/tabular/bombs"
)

const (
	csvType    = "text/csv"
	xlsxType   = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ndjsonType = "application/x-ndjson"
)

// zhejiangCSV is a catalogue as institutes keep it: Chinese headers, a BOM,
// numbers written any way, lists separated by ；.
const zhejiangCSV = "\ufeff标准号,标准名称,英文名称,标准类别,状态,发布日期,实施日期,起草单位,ICS,CCS,代替标准\r\n" +
	"DB33/T 2349—2021,数字化改革 术语定义,Digital reform—Terms and definitions,地方标准,发布,2021-06-20,2021-07-20,浙江省标准化研究院；浙江大学,01.040.35,A00,\r\n" +
	"gb 17761-2018,电动自行车安全技术规范,Safety technical specification for electric bicycle,国家标准,发布,2018-01-16,2019-04-15,中国标准化研究院,43.150,Y14,GB 17761—1999\r\n" +
	"T/ZZB 0123—2019,绿茶 加工技术规程,,团体标准,published,2019/5/30,,浙江省茶叶研究院,67.140.10,X55,\r\n"

// importFile posts a file to /api/v1/imports with the query.
func importFile(t *testing.T, c *client, query, contentType string, body []byte) response {
	t.Helper()
	return c.do(http.MethodPost, "/api/v1/imports?"+query, body, "Content-Type", contentType)
}

// importReport posts a file and decodes the report of a 200.
func importReport(t *testing.T, c *client, query, contentType string, body []byte) httpapi.ImportReport {
	t.Helper()
	r := importFile(t, c, query, contentType, body)
	if r.Code != http.StatusOK {
		t.Fatalf("import %s: %d %s", query, r.Code, r.Body)
	}
	var report httpapi.ImportReport
	r.decode(t, &report)
	return report
}

// counts is a report's figures, for comparing.
func counts(r httpapi.ImportReport) [5]int {
	return [5]int{r.Rows, r.Created, r.Updated, r.Unchanged, r.Rejected}
}

func TestImportCSVWithChineseHeaders(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		report := importReport(t, c, "", csvType, []byte(zhejiangCSV))
		if want := [5]int{3, 3, 0, 0, 0}; counts(report) != want || !report.Written {
			t.Fatalf("report %+v, want rows/created/updated/unchanged/rejected %v and written", report, want)
		}
		var gb httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("GB 17761-2018"), nil).decode(t, &gb)
		want := httpapi.StandardResponse{
			Code: "GB 17761—2018", Kind: "national", TitleZH: "电动自行车安全技术规范", Stage: "published",
			ICS: []string{"43.150"}, CCS: "Y14", Replaces: []string{"GB 17761—1999"}, DraftingUnits: []string{"中国标准化研究院"},
			PublishedOn: ptr("2018-01-16"), EffectiveOn: ptr("2019-04-15"), Nature: ptr("mandatory"),
		}
		got := httpapi.StandardResponse{Code: gb.Code, Kind: gb.Kind, TitleZH: gb.TitleZH, Stage: gb.Stage, ICS: gb.ICS, CCS: gb.CCS,
			Replaces: gb.Replaces, DraftingUnits: gb.DraftingUnits, PublishedOn: gb.PublishedOn, EffectiveOn: gb.EffectiveOn, Nature: gb.Nature}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("imported GB 17761 (-want +got):\n%s", diff)
		}
		if got := listCodes(t, c, "sort=code&q="+url.QueryEscape("茶叶")); !cmp.Equal(got, []string{"T/ZZB 0123—2019"}) {
			t.Errorf("the imported rows are searchable by drafting unit: %v", got)
		}
		// Each created standard has its audit event, as a POST's.
		var events struct {
			Items []struct{ Action, ResourceID string }
		}
		c.do(http.MethodGet, "/api/v1/audit-events?resource_id="+gb.ID, nil).decode(t, &events)
		if len(events.Items) != 1 || events.Items[0].Action != string(access.CreateStandard) {
			t.Errorf("audit events of an imported standard: %+v", events.Items)
		}
	})
}

func TestImportIsIdempotent(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		importReport(t, c, "", csvType, []byte(zhejiangCSV))
		for _, query := range []string{"", "on_conflict=update"} {
			if got, want := counts(importReport(t, c, query, csvType, []byte(zhejiangCSV))), [5]int{3, 0, 0, 3, 0}; got != want {
				t.Errorf("second run with %q: %v, want %v", query, got, want)
			}
		}
		if n := len(listCodes(t, c, "page_size=100")); n != 3 {
			t.Errorf("%d standards after three runs, want 3", n)
		}
		// An update changes what differs, audited as an update; the
		// number matches however it is written.
		changed := strings.Replace(zhejiangCSV, "DB33/T 2349—2021,数字化改革 术语定义", "db33/t2349-2021,数字化改革 术语和定义", 1)
		if got, want := counts(importReport(t, c, "on_conflict=update", csvType, []byte(changed))), [5]int{3, 0, 1, 2, 0}; got != want {
			t.Errorf("changed title: %v, want %v", got, want)
		}
		if got := listCodes(t, c, "q="+url.QueryEscape("术语和定义")); !cmp.Equal(got, []string{"DB33/T 2349—2021"}) {
			t.Errorf("after the update: %v", got)
		}
		// Without on_conflict=update the registered record is left alone.
		again := strings.Replace(changed, "术语和定义", "术语", 1)
		if got, want := counts(importReport(t, c, "", csvType, []byte(again))), [5]int{3, 0, 0, 3, 0}; got != want {
			t.Errorf("skip: %v, want %v", got, want)
		}
		// An update may not move the stage or its days.
		moved := strings.Replace(zhejiangCSV, "2018-01-16", "2018-02-01", 1)
		r := importFile(t, c, "on_conflict=update", csvType, []byte(moved))
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("moving published_on: %d %s", r.Code, r.Body)
		}
		var refused httpapi.ImportRefused
		r.decode(t, &refused)
		if diff := cmp.Diff([]httpapi.ImportRowProblem{{Row: 3, Field: "published_on", Cell: "2018-02-01", Message: `the registered standard has "2018-01-16"; it changes only through stage moves`}}, refused.Report.Problems); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
	})
}

// badRows has good rows 2 and 5 and bad rows 3, 4 (a blank row, 6, is
// skipped but counted), and 7.
const badRows = "code,kind,title_zh,stage,published_on\n" +
	"DB33/T 1001—2020,local,西湖龙井茶 加工技术规程,published,2020-05-01\n" +
	"DB33/T 1002—2020,local,杭白菊 栽培技术规程,published,2020-13-01\n" +
	"DB33/T 1003—2020,provincial,安吉白茶 生产技术规程,published,2020-05-01\n" +
	"DB33/T 1004—2020,local,金华火腿 加工技术规程,published,2020-06-01\n" +
	",,,,\n" +
	"DB33/T 1005—2020,local,,published,2099-01-01\n"

func TestImportReportsRowsAndIsAllOrNothing(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := importFile(t, c, "", csvType, []byte(badRows))
		if r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("bad rows: %d %s", r.Code, r.Body)
		}
		var refused httpapi.ImportRefused
		r.decode(t, &refused)
		type place struct {
			Row   int
			Field string
		}
		var got []place
		for _, p := range refused.Report.Problems {
			got = append(got, place{p.Row, p.Field})
			if p.Message == "" {
				t.Errorf("row %d %s: no reason", p.Row, p.Field)
			}
		}
		want := []place{{3, "published_on"}, {4, "kind"}, {7, "title_zh"}, {7, "published_on"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		if wantCounts := [5]int{5, 2, 0, 0, 3}; counts(refused.Report) != wantCounts || refused.Report.Written {
			t.Errorf("report %+v, want %v and nothing written", refused.Report, wantCounts)
		}
		if n := len(listCodes(t, c, "")); n != 0 {
			t.Fatalf("an all-or-nothing import with bad rows wrote %d standards", n)
		}

		dry := importReport(t, c, "dry_run=true&mode=skip_invalid", csvType, []byte(badRows))
		if !dry.DryRun || dry.Written || dry.Created != 2 || dry.Rejected != 3 {
			t.Errorf("dry run: %+v", dry)
		}
		if n := len(listCodes(t, c, "")); n != 0 {
			t.Fatalf("a dry run wrote %d standards", n)
		}

		skipped := importReport(t, c, "mode=skip_invalid", csvType, []byte(badRows))
		if want := [5]int{5, 2, 0, 0, 3}; counts(skipped) != want || !skipped.Written {
			t.Errorf("skip_invalid: %+v", skipped)
		}
		if got := listCodes(t, c, "sort=code"); !cmp.Equal(got, []string{"DB33/T 1001—2020", "DB33/T 1004—2020"}) {
			t.Errorf("skip_invalid wrote %v", got)
		}
	})
}

func TestImportFormats(t *testing.T) {
	t.Parallel()
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().String(strings.TrimPrefix(zhejiangCSV, "\ufeff"))
	if err != nil {
		t.Fatal(err)
	}
	ndjson := `{"code":"DB33/T 2349—2021","kind":"local","title_zh":"数字化改革 术语定义","stage":"published","published_on":"2021-06-20","drafting_units":["浙江省标准化研究院"]}
{"kind":"local","title_zh":"海岛 旅游 服务规范","stage":"proposal"}
`
	each(t, func(t *testing.T, c *client) {
		xlsx := exportOf(t, seeded(t, c), "xlsx")
		for _, tc := range []struct {
			name, query, contentType string
			body                     []byte
			created                  int
		}{
			{"CSV in GB18030", "", csvType, []byte(gb18030), 3},
			{"CSV without a BOM, format by parameter", "format=csv", "application/octet-stream", []byte(strings.TrimPrefix(zhejiangCSV, "\ufeff")), 0},
			{"NDJSON", "", ndjsonType, []byte(ndjson), 1},
			{"XLSX, an export of another registry (T/ZZB 0123 is registered already)", "", xlsxType, xlsx, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				report := importReport(t, c, tc.query, tc.contentType, tc.body)
				if report.Created != tc.created || report.Rejected != 0 {
					t.Errorf("report %+v, want %d created", report, tc.created)
				}
			})
		}
		if got := listCodes(t, c, "sort=code&q="+url.QueryEscape("电动自行车")); !cmp.Equal(got, []string{"GB 17761—2018"}) {
			t.Errorf("GB18030 titles read as Chinese: %v", got)
		}
	})
}

func TestImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		c := newClientWith(t, db, httpapi.Options{ImportLimit: 16 << 10})
		valid := exportOf(t, seeded(t, c), "xlsx")
		png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 200)...)
		for _, tc := range []struct {
			name, query, contentType string
			body                     []byte
			status                   int
		}{
			{"a truncated XLSX", "", xlsxType, valid[:len(valid)/2], http.StatusBadRequest},
			{"a binary file as CSV", "", csvType, png, http.StatusBadRequest},
			{"ragged rows", "", csvType, []byte("code,kind,title_zh\nDB33/T 1—2020,local,茶叶,extra\n"), http.StatusBadRequest},
			{"a value under no header", "", csvType, []byte("code,kind,title_zh,\nDB33/T 1—2020,local,茶叶,x\n"), http.StatusBadRequest},
			{"no title column", "", csvType, []byte("code,kind\nDB33/T 1—2020,local\n"), http.StatusBadRequest},
			{"an NDJSON line that is no object", "", ndjsonType, []byte("[1,2]\n"), http.StatusBadRequest},
			{"a formula", "", csvType, []byte("code,kind,title_zh,stage,published_on\nDB33/T 1—2020,local,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"点击\"\")\",published,2020-01-01\n"), http.StatusUnprocessableEntity},
			{"over the limit", "", csvType, append([]byte("code,kind,title_zh\n"), bytes.Repeat([]byte("DB33/T 1—2020,local,茶叶\n"), 1000)...), http.StatusRequestEntityTooLarge},
			{"an unknown format", "", "application/pdf", []byte("%PDF-1.7"), http.StatusUnsupportedMediaType},
			{"a bad mode", "mode=some", csvType, []byte(zhejiangCSV), http.StatusBadRequest},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := importFile(t, c, tc.query, tc.contentType, tc.body)
				if r.Code != tc.status {
					t.Fatalf("%d %s, want %d", r.Code, r.Body, tc.status)
				}
				if p := r.problem(t); p.Detail == "" {
					t.Errorf("a problem without detail: %s", r.Body)
				}
				if n := len(listCodes(t, c, "")); n != 0 {
					t.Errorf("%d standards written", n)
				}
			})
		}
	})
}

func TestImportAccess(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		if r := importFile(t, c.as(""), "", csvType, []byte(zhejiangCSV)); r.Code != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", r.Code)
		}
		if r := importFile(t, c.as(c.newKey(access.RoleAuditor, "")), "", csvType, []byte(zhejiangCSV)); r.Code != http.StatusForbidden {
			t.Errorf("auditor: %d", r.Code)
		}
		mine := createOrganization(t, c, map[string]any{"name": "浙江省标准化研究院", "kind": "institute"})
		theirs := createOrganization(t, c, map[string]any{"name": "浙江大学", "kind": "other"})
		editor := c.as(c.newKey(access.RoleEditor, mine.ID))
		file := fmt.Sprintf("code,kind,title_zh,stage,published_on,organization_id\n"+
			"DB33/T 1001—2020,local,西湖龙井茶 加工技术规程,published,2020-05-01,\n"+
			"DB33/T 1002—2020,local,杭白菊 栽培技术规程,published,2020-05-01,%s\n", theirs.ID)
		report := importReport(t, editor, "mode=skip_invalid", csvType, []byte(file))
		if report.Created != 1 || report.Rejected != 1 || len(report.Problems) != 1 || report.Problems[0].Row != 3 {
			t.Fatalf("an editor importing another organization's row: %+v", report)
		}
		var st httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("DB33/T 1001-2020"), nil).decode(t, &st)
		if st.OrganizationID == nil || *st.OrganizationID != mine.ID {
			t.Errorf("an editor's row belongs to its organization: %v", st.OrganizationID)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestImportReportListsEveryProblem: a file of more bad rows than the first
// version's report listed (1000) has every one in the report.
func TestImportReportListsEveryProblem(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		var b strings.Builder
		b.WriteString("code,kind,title_zh\n")
		for i := range 1001 {
			fmt.Fprintf(&b, "DB33/T %d—2020,provincial,茶叶 加工技术规程\n", 5000+i)
		}
		for _, tc := range []struct {
			file      string
			problems  int
			truncated bool
		}{
			{b.String(), 1001, false},
			{badRows, 4, false},
		} {
			r := importFile(t, c, "", csvType, []byte(tc.file))
			var refused httpapi.ImportRefused
			r.decode(t, &refused)
			if len(refused.Report.Problems) != tc.problems || refused.Report.Truncated != tc.truncated {
				t.Errorf("%d rows: %d problems, truncated %v; want %d, %v",
					refused.Report.Rows, len(refused.Report.Problems), refused.Report.Truncated, tc.problems, tc.truncated)
			}
		}
	})
}

// TestImportRefusesBombs posts the review's bombs (issue 12), and files of
// their kind small enough for a test's memory: each is answered 413, a
// problem whose detail names the limit passed, and nothing is written.
func TestImportRefusesBombs(t *testing.T) {
	t.Parallel()
	files := []struct {
		name, contentType string
		body              []byte
		detail            string
	}{
		{"CSV, a cell of 2 MB", csvType, []byte("title_zh,kind\n" + strings.Repeat("茶", 700_000) + ",local\n"), "row 2 has a cell over 256 KiB"},
		{"NDJSON, a line of 2 MB", ndjsonType, []byte(`{"title_zh":"` + strings.Repeat("茶", 700_000) + `"}` + "\n"), "line 1 is longer than 1 MiB"},
	}
	for _, b := range bombs.All() {
		if b.Format != "xlsx" && b.Size > 1<<20 {
			continue // the 100 MB ones: their smaller kin above
		}
		body, err := io.ReadAll(b.Open())
		if err != nil {
			t.Fatal(err)
		}
		ct := map[string]string{"xlsx": xlsxType, "csv": csvType, "ndjson": ndjsonType}[b.Format]
		files = append(files, struct {
			name, contentType string
			body              []byte
			detail            string
		}{b.Name, ct, body, ""})
	}
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		c := newClientWith(t, db, httpapi.Options{ImportLimit: 4 << 20})
		for _, f := range files {
			t.Run(f.name, func(t *testing.T) {
				r := importFile(t, c, "dry_run=true", f.contentType, f.body)
				if r.Code != http.StatusRequestEntityTooLarge {
					t.Fatalf("%d %s, want 413", r.Code, r.Body)
				}
				p := r.problem(t)
				if !strings.HasPrefix(p.Detail, "the file cannot be imported: ") || !strings.Contains(p.Detail, f.detail) ||
					!regexp.MustCompile(`over|more than|longer than`).MatchString(p.Detail) || p.Type != "https://stdreg.zj.gov.cn/problems/too-large" {
					t.Errorf("problem %+v does not name the limit", p)
				}
			})
		}
		if n := len(listCodes(t, c, "")); n != 0 {
			t.Errorf("%d standards written", n)
		}
	})
}
