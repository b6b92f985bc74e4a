package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

// associationListing names each standard's organization as exports and the
// group and enterprise platforms do, by name and credit code: one the
// registry knows by its credit code under an older name, one by its name
// alone (it has no credit code registered), a name two organizations
// share, an enterprise and an association the registry does not know (the
// enterprise twice), and a credit code whose check character is wrong.
const associationListing = "\ufeff标准号,标准名称,标准状态,发布日期,组织名称,统一社会信用代码\r\n" +
	"T/ZJBZ 0001—2023,团体标准 编写指南,现行,2023-03-01,浙江省标准化协会（原名）,51330000MA1E87NDU4\r\n" +
	"DB3305/T 0001—2022,湖羊 饲养技术规范,现行,2022-05-01,湖州市标准化研究院,\r\n" +
	"DB3305/T 0002—2022,湖笔 制作技艺,现行,2022-05-01,湖州市标准化研究院,1233050012184046L7\r\n" +
	"T/ZJZL 0001—2023,质量信得过班组 评价准则,现行,2023-06-01,浙江省质量协会,\r\n" +
	"Q/WZRK 0001—2023,跨境电商 订单处理规范,现行,2023-02-01,温州瑞康电子商务有限公司,9133030044576756YT\r\n" +
	"Q/WZRK 0002—2023,跨境电商 售后服务规范,现行,2023-02-01,温州瑞康电子商务有限公司,9133030044576756YT\r\n" +
	"Q/ALB 0001—2023,云计算 服务规范,现行,2023-03-01,阿里巴巴（中国）网络技术有限公司,91330100716105852X\r\n" +
	"T/AJZC 0001—2024,竹制品 通用技术要求,现行,2024-01-10,安吉县竹产业协会,\r\n"

func TestImportMatchesAndCreatesOrganizations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		association := createOrganization(t, c, map[string]any{"name": "浙江省标准化协会", "kind": "association", "credit_code": "51330000MA1E87NDU4"})
		institute := createOrganization(t, c, map[string]any{"name": "湖州市标准化研究院", "kind": "institute"})
		createOrganization(t, c, map[string]any{"name": "浙江省质量协会", "kind": "association"})
		createOrganization(t, c, map[string]any{"name": "浙江省质量协会", "kind": "other", "region": "330100"})
		file := []byte(associationListing)

		// Without create_organizations: the known ones match, the others
		// are refused naming what the file gave.
		report := importReport(t, c, "mode=skip_invalid", csvType, file)
		if want := [5]int{8, 3, 0, 0, 5}; counts(report) != want || report.OrganizationsCreated != 0 {
			t.Errorf("without create_organizations: %v, %d organizations created; want %v, 0", counts(report), report.OrganizationsCreated, want)
		}
		wantProblems := []string{
			"5 organization_name 2 organizations are named 浙江省质量协会; give the credit code (organization_credit_code) to say which",
			"6 organization_credit_code no organization has the credit code 9133030044576756YT or the name \"温州瑞康电子商务有限公司\"; import with create_organizations=true to register it",
			"7 organization_credit_code no organization has the credit code 9133030044576756YT or the name \"温州瑞康电子商务有限公司\"; import with create_organizations=true to register it",
			"8 organization_credit_code no organization has the credit code 91330100716105852X or the name \"阿里巴巴（中国）网络技术有限公司\"; import with create_organizations=true to register it",
			"9 organization_name no organization is named 安吉县竹产业协会; import with create_organizations=true to register it",
		}
		if d := cmp.Diff(wantProblems, problemLines(report)); d != "" {
			t.Errorf("problems (-want +got):\n%s", d)
		}
		for _, tc := range []struct{ code, org string }{
			{"T/ZJBZ 0001-2023", association.ID}, {"DB3305/T 0001-2022", institute.ID}, {"DB3305/T 0002-2022", institute.ID},
		} {
			var st httpapi.StandardResponse
			c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape(tc.code), nil).decode(t, &st)
			if st.OrganizationID == nil || *st.OrganizationID != tc.org {
				t.Errorf("%s belongs to %v, want %s", tc.code, st.OrganizationID, tc.org)
			}
		}

		// create_organizations is an admin's.
		editor := c.as(c.newKey(access.RoleEditor, association.ID))
		if r := importFile(t, editor, "create_organizations=true", csvType, file); r.Code != http.StatusForbidden {
			t.Errorf("an editor with create_organizations=true: %d, want 403", r.Code)
		}
		// A dry run counts the organizations it would register, and registers none.
		dry := importReport(t, c, "mode=skip_invalid&create_organizations=true&dry_run=true", csvType, file)
		if dry.OrganizationsCreated != 2 || dry.Created != 3 || dry.Written {
			t.Errorf("dry run: %+v", dry)
		}
		before := organizationNames(t, c)
		if len(before) != 4 {
			t.Fatalf("organizations after the dry run: %q", before)
		}

		report = importReport(t, c, "mode=skip_invalid&create_organizations=true", csvType, file)
		if want := [5]int{8, 3, 0, 3, 2}; counts(report) != want || report.OrganizationsCreated != 2 {
			t.Errorf("with create_organizations: %v, %d organizations created; want %v, 2", counts(report), report.OrganizationsCreated, want)
		}
		if d := cmp.Diff([]string{
			"5 organization_name 2 organizations are named 浙江省质量协会; give the credit code (organization_credit_code) to say which",
			"8 organization_credit_code check character should be 'F', not 'X'",
		}, problemLines(report)); d != "" {
			t.Errorf("problems with create_organizations (-want +got):\n%s", d)
		}
		// The refused row registered no organization; each new one is
		// registered once, its kind from its credit code or its name.
		var orgs httpapi.OrganizationList
		c.do(http.MethodGet, "/api/v1/organizations?page_size=200", nil).decode(t, &orgs)
		var got []string
		for _, o := range orgs.Items {
			got = append(got, o.Name+"|"+o.Kind+"|"+deref(o.CreditCode))
		}
		sort.Strings(got)
		want := []string{
			"安吉县竹产业协会|association|", "浙江省标准化协会|association|51330000MA1E87NDU4", "浙江省质量协会|association|",
			"浙江省质量协会|other|", "温州瑞康电子商务有限公司|enterprise|9133030044576756YT", "湖州市标准化研究院|institute|",
		}
		sort.Strings(want)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("organizations (-want +got):\n%s", d)
		}
		// Each is audited and in the change feed, as any registration.
		var events struct{ Items []httpapi.AuditEventResponse }
		c.do(http.MethodGet, "/api/v1/audit-events?action=organization.create&page_size=200", nil).decode(t, &events)
		if len(events.Items) != 6 {
			t.Errorf("%d organization.create events, want 6 (4 POSTs, 2 by the import)", len(events.Items))
		}
		created := 0
		for _, ch := range allChanges(t, c) {
			if ch.ResourceType == "organization" && ch.Action == "create" {
				created++
			}
		}
		if created != 6 {
			t.Errorf("%d organization creations in the change feed, want 6", created)
		}
		// The same file again changes nothing.
		again := importReport(t, c, "mode=skip_invalid&create_organizations=true", csvType, file)
		if want := [5]int{8, 0, 0, 6, 2}; counts(again) != want || again.OrganizationsCreated != 0 {
			t.Errorf("the same file again: %v, %d organizations created; want %v, 0", counts(again), again.OrganizationsCreated, want)
		}
	})
}

// problemLines are a report's problems as "row field message".
func problemLines(r httpapi.ImportReport) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, fmt.Sprintf("%d %s %s", p.Row, p.Field, p.Message))
	}
	return out
}

func organizationNames(t *testing.T, c *client) []string {
	t.Helper()
	var orgs httpapi.OrganizationList
	c.do(http.MethodGet, "/api/v1/organizations?page_size=200", nil).decode(t, &orgs)
	var names []string
	for _, o := range orgs.Items {
		names = append(names, o.Name)
	}
	return names
}

// allChanges reads the change feed from its beginning.
func allChanges(t *testing.T, c *client) []httpapi.ChangeResponse {
	t.Helper()
	var all []httpapi.ChangeResponse
	after := ""
	for {
		var page httpapi.ChangeList
		c.do(http.MethodGet, "/api/v1/changes?page_size=200&after="+url.QueryEscape(after), nil).decode(t, &page)
		all = append(all, page.Items...)
		if len(page.Items) == 0 || page.NextCursor == after {
			return all
		}
		after = page.NextCursor
	}
}
