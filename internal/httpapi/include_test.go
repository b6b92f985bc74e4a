package httpapi_test

import (
	"net/http"
	"net/url"
	"testing"

	"stdreg/internal/httpapi"
)

// TestIncludeOrganization: include=organization embeds each standard's
// organization in reads, lookups and lists, and follows a change of the
// organization; without it nothing is embedded; anything else is a 400.
func TestIncludeOrganization(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		institute := createOrganization(t, c, zjInstitute())
		wahahaOrg := createOrganization(t, c, wahaha())
		local := create(t, c, map[string]any{"code": "DB33/T 2099—2018", "kind": "local", "title_zh": "高速公路边坡工程养护技术规范",
			"stage": "published", "published_on": "2018-03-01", "region": "330000", "organization_id": institute.ID})
		enterprise := create(t, c, map[string]any{"code": "Q/WHH 0001S—2024", "kind": "enterprise", "title_zh": "营养快线 饮料",
			"stage": "published", "published_on": "2024-02-01", "region": "330100", "organization_id": wahahaOrg.ID})
		none := create(t, c, map[string]any{"code": "GB/T 19001—2016", "kind": "national", "title_zh": "质量管理体系 要求",
			"stage": "published", "published_on": "2016-12-30"})
		want := map[string]*httpapi.OrganizationSummary{
			local.ID:      {ID: institute.ID, Name: "浙江省标准化研究院", Kind: "institute", Region: "330100"},
			enterprise.ID: {ID: wahahaOrg.ID, Name: "杭州娃哈哈集团有限公司", Kind: "enterprise", Region: "330100"},
			none.ID:       nil,
		}
		check := func(t *testing.T, st httpapi.StandardResponse) {
			t.Helper()
			w, got := want[st.ID], st.Organization
			if (w == nil) != (got == nil) || (w != nil && *w != *got) {
				t.Errorf("%s: organization %+v, want %+v", st.Code, got, w)
			}
		}
		t.Run("read", func(t *testing.T) {
			for id := range want {
				var st httpapi.StandardResponse
				c.do(http.MethodGet, "/api/v1/standards/"+id+"?include=organization", nil).decode(t, &st)
				check(t, st)
			}
		})
		t.Run("lookup", func(t *testing.T) {
			var st httpapi.StandardResponse
			c.do(http.MethodGet, "/api/v1/standards/lookup?include=organization&code="+url.QueryEscape("DB33/T 2099-2018"), nil).decode(t, &st)
			check(t, st)
		})
		t.Run("list", func(t *testing.T) {
			var page httpapi.StandardList
			c.do(http.MethodGet, "/api/v1/standards?include=organization", nil).decode(t, &page)
			if len(page.Items) != 3 {
				t.Fatalf("%d items, want 3", len(page.Items))
			}
			for _, st := range page.Items {
				check(t, st)
			}
		})
		t.Run("without include, nothing embedded", func(t *testing.T) {
			var st httpapi.StandardResponse
			c.do(http.MethodGet, "/api/v1/standards/"+local.ID, nil).decode(t, &st)
			if st.Organization != nil {
				t.Errorf("organization embedded unasked: %+v", st.Organization)
			}
		})
		t.Run("a renamed organization, embedded anew", func(t *testing.T) {
			r := c.do(http.MethodPatch, "/api/v1/organizations/"+institute.ID, map[string]any{"name": "浙江省标准化研究院（浙江省知识产权研究与服务中心）"},
				"Content-Type", mergePatchJSON)
			if r.Code != http.StatusOK {
				t.Fatalf("rename: %d %s", r.Code, r.Body)
			}
			var st httpapi.StandardResponse
			r = c.do(http.MethodGet, "/api/v1/standards/"+local.ID+"?include=organization", nil, "If-None-Match", `"1"`)
			if r.Code != http.StatusOK {
				t.Fatalf("If-None-Match with include: %d, want 200 (the organization may have changed)", r.Code)
			}
			r.decode(t, &st)
			if st.Organization == nil || st.Organization.Name != "浙江省标准化研究院（浙江省知识产权研究与服务中心）" {
				t.Errorf("organization after the rename: %+v", st.Organization)
			}
		})
		for _, bad := range []string{"organisation", "organization,keys", "standards", "editions"} {
			if r := c.do(http.MethodGet, "/api/v1/standards?include="+url.QueryEscape(bad), nil); r.Code != http.StatusBadRequest {
				t.Errorf("include=%s: %d, want 400", bad, r.Code)
			}
		}
	})
}
