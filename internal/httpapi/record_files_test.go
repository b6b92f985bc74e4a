package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

// recordImport posts a file to a registry's import with the query.
func recordImport(c *client, path, query, contentType string, body []byte) response {
	return c.do(http.MethodPost, path+"/import?"+query, body, "Content-Type", contentType)
}

// TestRecordFiles: projects, pilots and technical bodies import from
// Chinese spreadsheets and export in every format; an export imports
// again as it is (every row registered already, so unchanged); a bad row
// refuses an all-or-nothing import (422 with the report) and writes
// nothing; the export takes the list's filters.
func TestRecordFiles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newProjectWorld(t, c)
		for _, tc := range []struct {
			path, file string
			created    int
		}{
			{"/api/v1/projects", "\ufeff序号,项目名称,科技计划,项目类别,承担单位ID,立项日期,验收日期,形成标准ID\r\n" +
				"1,数字化改革 共性关键技术 标准研制,尖兵,共性关键技术," + w.org + ",2022-03-01,2025年12月31日," + w.published + "\r\n" +
				"2,海洋牧场 生态监测 应用示范,领雁,应用类," + w.org + ",2024/1/8,,\r\n", 2},
			{"/api/v1/pilots", "试点名称,试点类型,试点级别,行政区划,批准日期,验收日期,状态\r\n" +
				"湖州市 城市标准化试点,城市,省级,330500,2023-05-18,2025-11-30,已验收\r\n" +
				"义乌市 国际贸易 标准化试点,城市,国家级,330782,2024-03-01,,已撤销\r\n" +
				"安吉白茶 农业标准化示范区,领域,省级,,2024-04-01,,建设中\r\n", 3},
			{"/api/v1/technical-bodies", "技术组织编号,技术组织名称,级别,秘书处承担单位ID,落户日期\r\n" +
				"SAC/TC22/SC3,全国信息技术标准化技术委员会 信息安全分技术委员会,全国," + w.org + ",2024-05-18\r\n" +
				"ZJ/TC 33,浙江省茶叶标准化技术委员会,省级," + w.org + ",2023-01-10\r\n", 2},
		} {
			t.Run(tc.path, func(t *testing.T) {
				r := recordImport(c, tc.path, "", csvType, []byte(tc.file))
				var report httpapi.ImportReport
				r.decode(t, &report)
				if r.Code != http.StatusOK || report.Created != tc.created || report.Rejected != 0 || !report.Written {
					t.Fatalf("import: %d %s", r.Code, r.Body)
				}
				for _, f := range []struct{ format, contentType string }{{"csv", csvType}, {"xlsx", xlsxType}, {"ndjson", ndjsonType}} {
					r := c.do(http.MethodGet, tc.path+"/export?format="+f.format, nil)
					if r.Code != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), f.contentType) ||
						!strings.HasSuffix(r.Header.Get("Content-Disposition"), "."+f.format+`"`) {
						t.Fatalf("export %s: %d %v", f.format, r.Code, r.Header)
					}
					again := recordImport(c, tc.path, "format="+f.format, "", r.Body)
					var report httpapi.ImportReport
					again.decode(t, &report)
					if again.Code != http.StatusOK || report.Rows != tc.created || report.Unchanged != tc.created || report.Created+report.Updated+report.Rejected != 0 {
						t.Errorf("the %s export imported again: %d %s", f.format, again.Code, again.Body)
					}
				}
				if ids, _ := walkIDs(t, c, tc.path); len(ids) != tc.created {
					t.Errorf("%d records, want %d", len(ids), tc.created)
				}
			})
		}

		// The export's filters, and its bilingual CSV is headed by API names.
		rows := csvRows(t, mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/pilots/export?format=csv&status=revoked", nil).Body)
		if len(rows) != 2 || rows[0][1] != "name" || rows[1][1] != "义乌市 国际贸易 标准化试点" {
			t.Errorf("revoked pilots: %q", rows)
		}
		rows = csvRows(t, mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/technical-bodies/export?format=csv", nil).Body)
		if len(rows) != 3 || rows[1][1] != "SAC/TC 22/SC 3" {
			t.Errorf("bodies: %q", rows)
		}

		// One bad row: nothing written, every bad cell named.
		r := recordImport(c, "/api/v1/pilots", "", csvType, []byte("试点名称,试点类型,试点级别,行政区划,批准日期,状态\r\n"+
			"丽水市 城市标准化试点,城市,省级,331100,2024-06-01,建设中\r\n德清县 县域标准化试点,县域,省级,,2030-01-01,在建\r\n"))
		var refused httpapi.ImportRefused
		r.decode(t, &refused)
		fields := map[string]bool{}
		for _, p := range refused.Report.Problems {
			fields[p.Field] = p.Row == 3
		}
		if r.Code != http.StatusUnprocessableEntity || refused.Report.Written || !fields["region"] || !fields["approved_on"] {
			t.Errorf("a bad row: %d %s", r.Code, r.Body)
		}
		if ids, _ := walkIDs(t, c, "/api/v1/pilots?region=331100"); len(ids) != 0 {
			t.Errorf("an all-or-nothing import with a bad row wrote %d pilots", len(ids))
		}

		// on_conflict=update revokes a pilot by its kind and name.
		report := recordImportReport(t, c, "/api/v1/pilots", "on_conflict=update", ndjsonType,
			`{"name": "湖州市 城市标准化试点", "kind": "city", "level": "provincial", "region": "330500", "approved_on": "2023-05-18", "status": "revoked"}`+"\n")
		if report.Updated != 1 {
			t.Errorf("update: %+v", report)
		}

		// Who may import: a key (401), a role that writes (403), and an
		// editor only for its own organization (the row is refused).
		other := createOrganization(t, c, map[string]any{"name": "宁波市标准化研究院", "kind": "institute", "region": "330200"}).ID
		body := []byte("技术组织编号,技术组织名称,级别,秘书处承担单位ID,落户日期\r\nSAC/TC 46,全国茶叶标准化技术委员会,全国," + w.org + ",2023-10-20\r\n")
		for _, a := range []struct {
			name string
			c    *client
			code int
		}{
			{"anonymous", c.as(""), http.StatusUnauthorized},
			{"auditor", c.as(c.newKey(access.RoleAuditor, "")), http.StatusForbidden},
			{"another organization's editor", c.as(c.newKey(access.RoleEditor, other)), http.StatusUnprocessableEntity},
		} {
			if r := recordImport(a.c, "/api/v1/technical-bodies", "", csvType, body); r.Code != a.code {
				t.Errorf("%s: %d, want %d: %s", a.name, r.Code, a.code, r.Body)
			}
		}
		if r := recordImport(c.as(c.newKey(access.RoleEditor, w.org)), "/api/v1/technical-bodies", "", csvType, body); r.Code != http.StatusOK {
			t.Errorf("the organization's editor: %d %s", r.Code, r.Body)
		}
	})
}

func recordImportReport(t *testing.T, c *client, path, query, contentType, body string) httpapi.ImportReport {
	t.Helper()
	r := recordImport(c, path, query, contentType, []byte(body))
	if r.Code != http.StatusOK {
		t.Fatalf("import %s?%s: %d %s", path, query, r.Code, r.Body)
	}
	var report httpapi.ImportReport
	r.decode(t, &report)
	return report
}
