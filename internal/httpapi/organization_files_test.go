package httpapi_test

import (
	"net/http"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
)

// TestOrganizationFiles: organizations export in every format and import
// into an empty registry as the same organizations; a second import
// changes nothing; a row matches a registered organization by its credit
// code, else its exact name; a bad row refuses an all-or-nothing import
// with the row's problem (its row, column and cell); editors may not import organizations.
func TestOrganizationFiles(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		c := newClient(t, db)
		for _, o := range []map[string]any{
			{"name": "阿里巴巴（中国）网络技术有限公司", "kind": "enterprise", "region": "330100", "credit_code": "91330100716105852F"},
			{"name": "浙江省标准化研究院", "kind": "institute", "region": "330000", "credit_code": "12330000470002001N"},
			{"name": "安吉县竹产业协会", "kind": "association", "region": "330523"},
		} {
			createOrganization(t, c, o)
		}
		want := listOrganizations(t, c, "page_size=200").Items

		for _, f := range []struct{ format, contentType string }{{"csv", csvType}, {"xlsx", xlsxType}, {"ndjson", ndjsonType}} {
			func() {
				file := mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/organizations/export?format="+f.format, nil).Body
				empty := newClient(t, storetest.New(t, db.Config.Driver))
				for i, wantCreated := range []int{3, 0} {
					report := recordImportReport(t, empty, "/api/v1/organizations", "format="+f.format, "", string(file))
					if report.Rows != 3 || report.Created != wantCreated || report.Unchanged != 3-wantCreated || report.Updated+report.Rejected != 0 {
						t.Errorf("%s import %d: %+v", f.format, i+1, report)
					}
				}
				got := listOrganizations(t, empty, "page_size=200").Items
				if len(got) != len(want) {
					t.Fatalf("%s: %d organizations, want %d", f.format, len(got), len(want))
				}
				for i := range want {
					if got[i].Name != want[i].Name || got[i].Kind != want[i].Kind || got[i].Region != want[i].Region ||
						deref(got[i].CreditCode) != deref(want[i].CreditCode) {
						t.Errorf("%s: organization %d: %+v, want %+v", f.format, i, got[i], want[i])
					}
				}
			}()
		}

		// Matching: by credit code (a new name changes it with
		// on_conflict=update), else by exact name; Chinese headers.
		for _, tc := range []struct {
			name, file           string
			created, updated, un int
		}{
			{"credit code", "组织名称,统一社会信用代码,组织类型,行政区划\r\n浙江省标准化研究院（浙江省TBT研究中心）,12330000470002001N,科研院所,330000\r\n", 0, 1, 0},
			{"exact name", "组织名称,统一社会信用代码,组织类型,行政区划\r\n安吉县竹产业协会,,协会,330523\r\n", 0, 0, 1},
			{"a new one", "序号,组织名称,组织类型,行政区划\r\n1,湖州市质量技术监督检测研究院,科研院所,330500\r\n", 1, 0, 0},
		} {
			report := recordImportReport(t, c, "/api/v1/organizations", "on_conflict=update", csvType, tc.file)
			if report.Created != tc.created || report.Updated != tc.updated || report.Unchanged != tc.un || report.Rejected != 0 {
				t.Errorf("%s: %+v", tc.name, report)
			}
		}
		if n := len(listOrganizations(t, c, "page_size=200").Items); n != 4 {
			t.Errorf("%d organizations after matching, want 4", n)
		}

		// A bad row: nothing written, the row and column named.
		r := recordImport(c, "/api/v1/organizations", "", csvType, []byte("组织名称,统一社会信用代码,组织类型,行政区划\r\n"+
			"宁波市标准化研究院,,科研院所,330200\r\n温州市标准化研究院,91330100716105852G,研究院,330300\r\n"))
		var refused httpapi.ImportRefused
		r.decode(t, &refused)
		bad := map[string]bool{}
		for _, p := range refused.Report.Problems {
			bad[p.Field] = p.Row == 3 && p.Cell == "91330100716105852G"
		}
		if r.Code != http.StatusUnprocessableEntity || refused.Report.Written || !bad["credit_code"] {
			t.Errorf("a bad row: %d %s", r.Code, r.Body)
		}
		if n := len(listOrganizations(t, c, "page_size=200").Items); n != 4 {
			t.Errorf("an all-or-nothing import with a bad row wrote: %d organizations", n)
		}

		// Only admins import organizations, as only they create them.
		body := []byte("组织名称,组织类型\r\n丽水市标准化研究院,科研院所\r\n")
		for _, a := range []struct {
			name string
			c    *client
			code int
		}{
			{"anonymous", c.as(""), http.StatusUnauthorized},
			{"editor", c.as(c.newKey(access.RoleEditor, listOrganizations(t, c, "").Items[0].ID)), http.StatusForbidden},
			{"auditor", c.as(c.newKey(access.RoleAuditor, "")), http.StatusForbidden},
		} {
			if r := recordImport(a.c, "/api/v1/organizations", "", csvType, body); r.Code != a.code {
				t.Errorf("%s: %d, want %d: %s", a.name, r.Code, a.code, r.Body)
			}
		}
	})
}
