package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
)

// richStandards are records with every field an import carries.
func richStandards() []map[string]any {
	return []map[string]any{
		{
			"code": "GB/T 19001—2016", "kind": "national", "title_zh": "质量管理体系 要求", "title_en": "Quality management systems—Requirements",
			"stage": "published", "approved_on": "2014-03-01", "published_on": "2016-12-30", "effective_on": "2017-07-01",
			"ics": []string{"03.120.10"}, "ccs": "A00", "replaces": []string{"GB/T 19001—2008"},
			"adopts":         []map[string]any{{"code": "ISO 9001:2015", "degree": "IDT"}},
			"drafting_units": []string{"中国标准化研究院", "中国合格评定国家认可中心"}, "technical_committee": "SAC/TC 151",
		},
		{
			"code": "T/ZZB 0123—2019", "kind": "group", "title_zh": "绿茶 加工技术规程", "stage": "published", "published_on": "2019-05-30",
			"designations":  []map[string]any{{"type": "made_in_zhejiang", "year": 2019, "reference": "浙品标〔2019〕12号"}},
			"zhejiang_role": "lead", "region": "330100", "drafting_units": []string{"浙江省茶叶研究院"},
		},
	}
}

// seeded is a client on another fresh database of c's kind holding the
// rich standards.
func seeded(t *testing.T, c *client) *client {
	t.Helper()
	other := newClient(t, storetest.New(t, c.db.Config.Driver))
	for _, s := range richStandards() {
		create(t, other, s)
	}
	return other
}

// exportOf exports c's whole registry in format.
func exportOf(t *testing.T, c *client, format string, query ...string) []byte {
	t.Helper()
	path := "/api/v1/standards/export?format=" + format
	for _, q := range query {
		path += "&" + q
	}
	r := c.do(http.MethodGet, path, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("export %s: %d %s", format, r.Code, r.Body)
	}
	return r.Body
}

// TestExportImportRoundTrip: what one registry exports, another imports,
// and its records come out as they went in, in every format.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		source := seeded(t, c)
		var want httpapi.StandardList
		source.do(http.MethodGet, "/api/v1/standards?sort=code", nil).decode(t, &want)
		for _, format := range []struct{ name, contentType string }{{"csv", csvType}, {"xlsx", xlsxType}, {"ndjson", ndjsonType}} {
			t.Run(format.name, func(t *testing.T) {
				file := exportOf(t, source, format.name)
				target := newClient(t, storetest.New(t, c.db.Config.Driver))
				report := importReport(t, target, "", format.contentType, file)
				if report.Created != len(want.Items) || report.Rejected != 0 {
					t.Fatalf("import of the export: %+v", report)
				}
				var got httpapi.StandardList
				target.do(http.MethodGet, "/api/v1/standards?sort=code", nil).decode(t, &got)
				ignore := cmpopts.IgnoreFields(httpapi.StandardResponse{}, "ID", "CreatedAt", "UpdatedAt")
				if diff := cmp.Diff(want.Items, got.Items, ignore); diff != "" {
					t.Errorf("records after the round trip (-exported +imported):\n%s", diff)
				}
				// The same file again changes nothing.
				if again := importReport(t, target, "on_conflict=update", format.contentType, file); again.Unchanged != len(want.Items) || again.Created+again.Updated != 0 {
					t.Errorf("second import: %+v", again)
				}
			})
		}
	})
}

func TestExportFormats(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, s := range richStandards() {
			create(t, c, s)
		}
		create(t, c, map[string]any{"kind": "local", "title_zh": "=HYPERLINK(\"http://evil.example\",\"点击\")", "stage": "proposal"})
		create(t, c, map[string]any{"code": "DB33/T 9—2024", "kind": "local", "title_zh": "@茶叶 -加工 +规程", "stage": "published", "published_on": "2024-01-02"})

		r := c.do(http.MethodGet, "/api/v1/standards/export?format=csv&kind=national", nil)
		if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="standards-`) || !strings.HasSuffix(cd, `.csv"`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !bytes.HasPrefix(r.Body, []byte("\ufeff")) {
			t.Error("the CSV has no BOM: Excel would misread its Chinese")
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], ","), "GB/T 19001—2016") {
			t.Fatalf("filtered export: %q", rows)
		}

		// Formulas are neutralised in spreadsheets, and only there.
		all := exportOf(t, c, "csv", "sort=created_at")
		for _, want := range []string{`"'=HYPERLINK(""http://evil.example"",""点击"")"`, "'@茶叶 -加工 +规程"} {
			if !strings.Contains(string(all), want) {
				t.Errorf("CSV export lacks %s:\n%s", want, all)
			}
		}
		book, err := excelize.OpenReader(bytes.NewReader(exportOf(t, c, "xlsx")))
		if err != nil {
			t.Fatal(err)
		}
		sheetRows, err := book.GetRows(book.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		neutralised := false
		for _, row := range sheetRows {
			for _, cell := range row {
				if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "@") {
					t.Errorf("XLSX cell %q would run as a formula", cell)
				}
				neutralised = neutralised || cell == "'@茶叶 -加工 +规程"
			}
		}
		if !neutralised || len(sheetRows) != 5 {
			t.Errorf("XLSX: %d rows, neutralised %v", len(sheetRows), neutralised)
		}
		lines := 0
		sc := bufio.NewScanner(bytes.NewReader(exportOf(t, c, "ndjson", "q="+url.QueryEscape("茶叶"))))
		for sc.Scan() {
			lines++
			if strings.Contains(sc.Text(), `"'@`) {
				t.Errorf("NDJSON is no spreadsheet, yet neutralised: %s", sc.Text())
			}
		}
		if lines != 2 {
			t.Errorf("NDJSON export of q=茶叶: %d lines, want 2", lines)
		}

		// What an anonymous caller exports leaves out unapproved drafts.
		if n := strings.Count(string(exportOf(t, c.as(""), "ndjson")), "\n"); n != 3 {
			t.Errorf("anonymous export: %d lines, want the 3 public records", n)
		}
		if n := strings.Count(string(exportOf(t, c.as(c.newKey(access.RoleAuditor, "")), "ndjson")), "\n"); n != 4 {
			t.Errorf("auditor export: %d lines, want 4", n)
		}
		for _, bad := range []string{"", "format=pdf", "format=csv&page_size=10", "format=csv&kind=provincial"} {
			if r := c.do(http.MethodGet, "/api/v1/standards/export?"+bad, nil); r.Code != http.StatusBadRequest {
				t.Errorf("export?%s: %d, want 400", bad, r.Code)
			}
		}
	})
}

func TestImportTemplate(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := c.as("").do(http.MethodGet, "/api/v1/imports/template", nil)
		if r.Code != http.StatusOK || r.Header.Get("Content-Type") != xlsxType {
			t.Fatalf("template: %d %s", r.Code, r.Header.Get("Content-Type"))
		}
		book, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		sheet := book.GetSheetList()[0]
		rows, err := book.GetRows(sheet)
		if err != nil || len(rows) != 2 {
			t.Fatalf("template rows %q, %v: want the header and one example", rows, err)
		}
		header := strings.Join(rows[0], "|")
		for _, want := range []string{"标准号", "code", "标准名称", "title_zh", "发布日期", "published_on"} {
			if !strings.Contains(header, want) {
				t.Errorf("header %q lacks %s", header, want)
			}
		}
		validations, err := book.GetDataValidations(sheet)
		if err != nil || len(validations) < 4 {
			t.Errorf("%d drop-down lists, %v; want kind, stage, nature, role, designation", len(validations), err)
		}
		// The template, filled in as it comes, imports.
		report := importReport(t, c, "dry_run=true", xlsxType, r.Body)
		if report.Rows != 1 || report.Created != 1 || report.Rejected != 0 {
			t.Errorf("the template's example row: %+v", report)
		}
	})
}
