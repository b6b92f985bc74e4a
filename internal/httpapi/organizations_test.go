package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// Real Zhejiang bodies. The credit code given is a real, verified one (see
// internal/creditcode/validate_test.go); the others are left without one
// rather than given an invented code.
func zjInstitute() map[string]any {
	return map[string]any{"name": "浙江省标准化研究院", "kind": "institute", "region": "330100"}
}

func zjBrandFederation() map[string]any {
	return map[string]any{"name": "浙江省品牌建设联合会", "kind": "association", "region": "330000"}
}

func hangzhouBureau() map[string]any {
	return map[string]any{"name": "杭州市市场监督管理局", "kind": "government", "region": "330100"}
}

func alibaba() map[string]any {
	return map[string]any{"name": "阿里巴巴（中国）网络技术有限公司", "kind": "enterprise", "region": "330100", "credit_code": "91330100716105852F"}
}

func wahaha() map[string]any {
	return map[string]any{"name": "杭州娃哈哈集团有限公司", "kind": "enterprise", "region": "330100"}
}

func ningboBureau() map[string]any {
	return map[string]any{"name": "宁波市市场监督管理局", "kind": "government", "region": "330200"}
}

func geely() map[string]any {
	return map[string]any{"name": "浙江吉利控股集团有限公司", "kind": "enterprise", "region": "330100"}
}

const mergePatchJSON = "application/merge-patch+json"

// createOrganization registers body and fails the test unless it is 201.
func createOrganization(t *testing.T, c *client, body map[string]any) httpapi.OrganizationResponse {
	t.Helper()
	r := c.do(http.MethodPost, "/api/v1/organizations", body)
	if r.Code != http.StatusCreated {
		t.Fatalf("create organization %v: %d %s", body["name"], r.Code, r.Body)
	}
	var o httpapi.OrganizationResponse
	r.decode(t, &o)
	return o
}

// listOrganizations reads one page and fails the test unless it is 200.
func listOrganizations(t *testing.T, c *client, query string) httpapi.OrganizationList {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/organizations?"+query, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("list ?%s: %d %s", query, r.Code, r.Body)
	}
	var page httpapi.OrganizationList
	r.decode(t, &page)
	return page
}

// walkOrganizations follows next_page_token from the first page of query to
// the last, failing on a repeated id, and returns the ids in order and the
// number of pages read.
func walkOrganizations(t *testing.T, c *client, query string) (ids []string, pages int) {
	t.Helper()
	seen := map[string]bool{}
	token := ""
	for {
		q := query
		if token != "" {
			q += "&page_token=" + url.QueryEscape(token)
		}
		page := listOrganizations(t, c, q)
		pages++
		for _, o := range page.Items {
			if seen[o.ID] {
				t.Fatalf("?%s: %s (%s) appears on two pages", query, o.ID, o.Name)
			}
			seen[o.ID] = true
			ids = append(ids, o.ID)
		}
		if page.NextPageToken == "" {
			return ids, pages
		}
		if len(page.Items) == 0 {
			t.Fatalf("?%s: an empty page with a next_page_token", query)
		}
		if pages > 100 {
			t.Fatalf("?%s: more than 100 pages; the tokens do not advance", query)
		}
		token = page.NextPageToken
	}
}

// namedFields lists the fields a problem's errors name.
func namedFields(p httpapi.Problem) []string {
	fields := make([]string, 0, len(p.Errors))
	for _, f := range p.Errors {
		fields = append(fields, f.Field)
	}
	return fields
}

// wantFieldError checks that r is a 400 problem naming field, and returns
// the message given for it.
func wantFieldError(t *testing.T, r response, field string) string {
	t.Helper()
	if r.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400 naming %q: %s", r.Code, field, r.Body)
	}
	p := r.problem(t)
	for _, f := range p.Errors {
		if f.Field == field {
			if f.Message == "" {
				t.Errorf("the error for %q has no message", field)
			}
			return f.Message
		}
	}
	t.Fatalf("errors name %q, want %q among them: %s", namedFields(p), field, r.Body)
	return ""
}

func TestCreateAndReadOrganization(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := c.do(http.MethodPost, "/api/v1/organizations", zjInstitute())
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		var created httpapi.OrganizationResponse
		r.decode(t, &created)
		if got, want := r.Header.Get("Location"), "/api/v1/organizations/"+created.ID; got != want || created.ID == "" {
			t.Errorf("Location = %q, want %q", got, want)
		}
		if got := r.Header.Get("ETag"); got != `"1"` {
			t.Errorf("ETag = %q, want \"1\"", got)
		}
		want := httpapi.OrganizationResponse{
			ID: created.ID, Name: "浙江省标准化研究院", Kind: "institute", Region: "330100",
			CreatedAt: today, UpdatedAt: today,
		}
		if diff := cmp.Diff(want, created); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}

		got := c.do(http.MethodGet, "/api/v1/organizations/"+created.ID, nil)
		if got.Code != http.StatusOK {
			t.Fatalf("get: %d %s", got.Code, got.Body)
		}
		if got.Header.Get("ETag") != `"1"` {
			t.Errorf("get ETag = %q, want \"1\"", got.Header.Get("ETag"))
		}
		var read httpapi.OrganizationResponse
		got.decode(t, &read)
		if diff := cmp.Diff(created, read); diff != "" {
			t.Errorf("read differs from created (-created +read):\n%s", diff)
		}

		// An enterprise with its credit code, and names with surrounding spaces.
		body := alibaba()
		body["name"] = "  阿里巴巴（中国）网络技术有限公司\u3000"
		ali := createOrganization(t, c, body)
		if ali.Name != "阿里巴巴（中国）网络技术有限公司" || deref(ali.CreditCode) != "91330100716105852F" {
			t.Errorf("enterprise registered as %q with credit code %q", ali.Name, deref(ali.CreditCode))
		}
		if created.CreditCode != nil {
			t.Errorf("an organization registered without a credit code shows %q, want null", *created.CreditCode)
		}

		for _, id := range []string{"0193a1b2-0000-7000-8000-000000000000", "not-a-uuid", "1%27%20OR%201=1"} {
			r := c.do(http.MethodGet, "/api/v1/organizations/"+id, nil)
			if r.Code != http.StatusNotFound {
				t.Errorf("get %s: %d, want 404", id, r.Code)
			} else if p := r.problem(t); p.Status != 404 || p.Type == "" || p.Title == "" {
				t.Errorf("get %s: incomplete problem %+v", id, p)
			}
		}
	})
}

func TestCreateOrganizationRejectsBadInput(t *testing.T) {
	t.Parallel()
	with := func(change func(m map[string]any)) map[string]any {
		m := zjInstitute()
		change(m)
		return m
	}
	cases := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"missing name", with(func(m map[string]any) { delete(m, "name") }), 400, "name"},
		{"blank name", with(func(m map[string]any) { m["name"] = " \u3000 " }), 400, "name"},
		{"name over 200 characters", with(func(m map[string]any) { m["name"] = strings.Repeat("浙", 201) }), 400, "name"},
		{"missing kind", with(func(m map[string]any) { delete(m, "kind") }), 400, "kind"},
		{"unknown kind", with(func(m map[string]any) { m["kind"] = "bureau" }), 400, "kind"},
		{"kind in Chinese", with(func(m map[string]any) { m["kind"] = "事业单位" }), 400, "kind"},
		{"region as a name", with(func(m map[string]any) { m["region"] = "杭州" }), 400, "region"},
		{"region too short", with(func(m map[string]any) { m["region"] = "33010" }), 400, "region"},
		{"region as a number", with(func(m map[string]any) { m["region"] = 330100 }), 400, "region"},
		{"unknown field", with(func(m map[string]any) { m["address"] = "杭州市西湖区" }), 400, "address"},
		{"id is the registry's", with(func(m map[string]any) { m["id"] = "0193a1b2-0000-7000-8000-000000000000" }), 400, "id"},
		{"credit code as a number", with(func(m map[string]any) { m["credit_code"] = 91330100716105852 }), 400, "credit_code"},
		{"not JSON", "name=浙江省标准化研究院", 400, ""},
		{"JSON array", `[{"name": "浙江省标准化研究院", "kind": "institute"}]`, 400, ""},
		{"two JSON values", `{"name": "浙江省标准化研究院", "kind": "institute"} {}`, 400, ""},
	}
	each(t, func(t *testing.T, c *client) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := c.do(http.MethodPost, "/api/v1/organizations", tc.body)
				if r.Code != tc.status {
					t.Fatalf("status %d, want %d: %s", r.Code, tc.status, r.Body)
				}
				wantFieldError(t, r, tc.field)
			})
		}
		t.Run("not sent as JSON", func(t *testing.T) {
			r := c.do(http.MethodPost, "/api/v1/organizations", zjInstitute(), "Content-Type", "text/plain")
			if r.Code != http.StatusUnsupportedMediaType {
				t.Errorf("text/plain: %d, want 415", r.Code)
			}
			r = c.do(http.MethodPost, "/api/v1/organizations", zjInstitute(), "Content-Type", mergePatchJSON)
			if r.Code != http.StatusUnsupportedMediaType {
				t.Errorf("a merge patch is no body for POST: %d, want 415", r.Code)
			}
		})
		t.Run("body over the size limit", func(t *testing.T) {
			big := zjInstitute()
			big["name"] = strings.Repeat("浙", 1<<19) // 1.5 MiB of UTF-8
			if r := c.do(http.MethodPost, "/api/v1/organizations", big); r.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("body over 1 MiB: %d, want 413", r.Code)
			}
		})
		if page := listOrganizations(t, c, ""); len(page.Items) != 0 {
			t.Errorf("refused requests registered %d organizations", len(page.Items))
		}
	})
}

func TestOrganizationCreditCode(t *testing.T) {
	t.Parallel()
	accepted := []struct {
		name, org, kind, region, sent, stored string
	}{
		{"canonical", "阿里巴巴（中国）网络技术有限公司", "enterprise", "330100", "91330100716105852F", "91330100716105852F"},
		{"lower case", "腾讯科技（深圳）有限公司", "enterprise", "440300", "9144030071526726xg", "9144030071526726XG"},
		{"full width with ideographic spaces", "清华大学", "other", "110000", "\u3000１２１０００００４０００００６２４ｄ\u3000", "12100000400000624D"},
		{"surrounding ASCII spaces", "华为技术有限公司", "enterprise", "440300", "  914403001922038216 ", "914403001922038216"},
		{"check character 0", "上海某高校（校验码为 0）", "other", "310000", "1210000042500615X0", "1210000042500615X0"},
		{"civil-affairs foundation", "北京理工大学教育基金会", "other", "110000", "53100000500021676K", "53100000500021676K"},
	}
	rejected := []struct {
		name, sent, message string
	}{
		{"wrong check character", "91330100716105852G", "check character should be 'F'"},
		{"two neighbours swapped", "91331000716105852F", "check character"},
		{"17 characters", "91330100716105852", "must be 18 characters"},
		{"19 characters", "91330100716105852F0", "must be 18 characters"},
		{"15-digit business registration number", "330100000123456", "must be 18 characters"},
		{"letter I, which the code alphabet leaves out", "91330100716I05852F", "not allowed"},
		{"space inside", "913301007161 05852F", "must be 18 characters"},
		{"unassigned registration authority", "B1330100716105852F", "registration authority"},
		{"Chinese text", "统一社会信用代码统一社会信用代码统一", "not allowed"},
	}
	each(t, func(t *testing.T, c *client) {
		for _, tc := range accepted {
			t.Run("accepts "+tc.name, func(t *testing.T) {
				r := c.do(http.MethodPost, "/api/v1/organizations",
					map[string]any{"name": tc.org, "kind": tc.kind, "region": tc.region, "credit_code": tc.sent})
				if r.Code != http.StatusCreated {
					t.Fatalf("%q: %d %s", tc.sent, r.Code, r.Body)
				}
				var o httpapi.OrganizationResponse
				r.decode(t, &o)
				if deref(o.CreditCode) != tc.stored {
					t.Errorf("%q stored as %q, want %q", tc.sent, deref(o.CreditCode), tc.stored)
				}
				var read httpapi.OrganizationResponse
				c.do(http.MethodGet, "/api/v1/organizations/"+o.ID, nil).decode(t, &read)
				if deref(read.CreditCode) != tc.stored {
					t.Errorf("read back as %q, want %q", deref(read.CreditCode), tc.stored)
				}
			})
		}
		for _, tc := range rejected {
			t.Run("rejects "+tc.name, func(t *testing.T) {
				body := zjInstitute()
				body["credit_code"] = tc.sent
				r := c.do(http.MethodPost, "/api/v1/organizations", body)
				if msg := wantFieldError(t, r, "credit_code"); !strings.Contains(msg, tc.message) {
					t.Errorf("credit_code message %q, want it to say %q", msg, tc.message)
				}
			})
		}
		if n := len(listOrganizations(t, c, "page_size=200").Items); n != len(accepted) {
			t.Errorf("%d organizations registered, want the %d accepted ones", n, len(accepted))
		}
	})
}

func TestCreditCodeRegisteredTwiceIsAConflict(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		ali := createOrganization(t, c, alibaba())
		for _, written := range []string{"91330100716105852F", "91330100716105852f", "９１３３０１００７１６１０５８５２Ｆ"} {
			t.Run(written, func(t *testing.T) {
				again := alibaba()
				again["name"], again["credit_code"] = "阿里巴巴（中国）网络技术有限公司杭州分公司", written
				r := c.do(http.MethodPost, "/api/v1/organizations", again)
				if r.Code != http.StatusConflict {
					t.Fatalf("second registration: %d %s, want 409", r.Code, r.Body)
				}
				if p := r.problem(t); !strings.Contains(p.Detail, "91330100716105852F") {
					t.Errorf("detail should name the credit code: %q", p.Detail)
				}
			})
		}

		// Taking another organization's code by a patch is the same conflict.
		bureau := createOrganization(t, c, hangzhouBureau())
		r := c.do(http.MethodPatch, "/api/v1/organizations/"+bureau.ID, `{"credit_code": "91330100716105852f"}`, "Content-Type", mergePatchJSON)
		if r.Code != http.StatusConflict {
			t.Errorf("patch to a registered credit code: %d %s, want 409", r.Code, r.Body)
		}
		var read httpapi.OrganizationResponse
		got := c.do(http.MethodGet, "/api/v1/organizations/"+bureau.ID, nil)
		got.decode(t, &read)
		if read.CreditCode != nil || got.Header.Get("ETag") != `"1"` {
			t.Errorf("the refused patch changed the bureau: credit code %q, ETag %s", deref(read.CreditCode), got.Header.Get("ETag"))
		}

		page := listOrganizations(t, c, "")
		if len(page.Items) != 2 {
			t.Fatalf("refused registrations changed the registry: %d organizations", len(page.Items))
		}
		for _, o := range page.Items {
			if o.ID != ali.ID && o.ID != bureau.ID {
				t.Errorf("unexpected organization %s %s", o.ID, o.Name)
			}
		}
	})
}

func TestListOrganizations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		byID := map[string]httpapi.OrganizationResponse{}
		for _, body := range []map[string]any{
			zjInstitute(), zjBrandFederation(), hangzhouBureau(), alibaba(), wahaha(), ningboBureau(), geely(),
			// A name is not unique (here a second record of the same
			// institute), so pages must break ties by id.
			{"name": "浙江省标准化研究院", "kind": "other", "region": "330100"},
		} {
			o := createOrganization(t, c, body)
			byID[o.ID] = o
		}
		idsWhere := func(keep func(o httpapi.OrganizationResponse) bool) []string {
			var ids []string
			for id, o := range byID {
				if keep(o) {
					ids = append(ids, id)
				}
			}
			slices.Sort(ids)
			return ids
		}

		all := listOrganizations(t, c, "page_size=200")
		if all.NextPageToken != "" {
			t.Errorf("a list that fits one page has next_page_token %q", all.NextPageToken)
		}
		var order []string
		for _, o := range all.Items {
			order = append(order, o.ID)
			if diff := cmp.Diff(byID[o.ID], o); diff != "" {
				t.Errorf("listed %s differs from created (-created +listed):\n%s", o.Name, diff)
			}
		}
		if got, want := slices.Sorted(slices.Values(order)), idsWhere(func(httpapi.OrganizationResponse) bool { return true }); !slices.Equal(got, want) {
			t.Fatalf("one page lists %d organizations, want all %d", len(got), len(want))
		}
		for i := 1; i < len(all.Items); i++ {
			// The database's collation orders the names; equal names must
			// follow each other, ordered by id.
			a, b := all.Items[i-1], all.Items[i]
			if a.Name == b.Name && a.ID > b.ID {
				t.Errorf("equal names out of id order: %s before %s", a.ID, b.ID)
			}
		}
		if page := listOrganizations(t, c, ""); len(page.Items) != len(byID) || page.NextPageToken != "" {
			t.Errorf("default page: %d items, next %q", len(page.Items), page.NextPageToken)
		}

		for _, tc := range []struct {
			name, query string
			keep        func(o httpapi.OrganizationResponse) bool
		}{
			{"all", "", func(httpapi.OrganizationResponse) bool { return true }},
			{"kind", "kind=enterprise", func(o httpapi.OrganizationResponse) bool { return o.Kind == "enterprise" }},
			{"region", "region=330100", func(o httpapi.OrganizationResponse) bool { return o.Region == "330100" }},
			{"kind and region", "kind=government&region=330200", func(o httpapi.OrganizationResponse) bool {
				return o.Kind == "government" && o.Region == "330200"
			}},
			{"nothing matches", "kind=other&region=330200", func(httpapi.OrganizationResponse) bool { return false }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				want := idsWhere(tc.keep)
				ids, pages := walkOrganizations(t, c, "page_size=1&"+tc.query)
				if got := slices.Sorted(slices.Values(ids)); !slices.Equal(got, want) {
					t.Errorf("walking pages of one found %d organizations %v, want %d %v", len(got), got, len(want), want)
				}
				if wantPages := max(len(want), 1); pages != wantPages {
					t.Errorf("%d pages of one item, want %d", pages, wantPages)
				}
				// The walk sees the same order as one big page.
				var big []string
				for _, o := range listOrganizations(t, c, "page_size=200&"+tc.query).Items {
					big = append(big, o.ID)
				}
				if !slices.Equal(ids, big) {
					t.Errorf("pages of one are ordered %v, one page %v", ids, big)
				}
				if got, _ := walkOrganizations(t, c, "page_size=3&"+tc.query); !slices.Equal(got, big) {
					t.Errorf("pages of three are ordered %v, one page %v", got, big)
				}
			})
		}
	})
}

func TestListOrganizationsRejectsBadParameters(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, body := range []map[string]any{alibaba(), wahaha(), geely(), zjInstitute()} {
			createOrganization(t, c, body)
		}
		first := listOrganizations(t, c, "kind=enterprise&page_size=1")
		token := first.NextPageToken
		if token == "" {
			t.Fatal("three enterprises in pages of one: no next_page_token")
		}
		// The token works where it was issued, whatever the page size.
		if page := listOrganizations(t, c, "kind=enterprise&page_size=2&page_token="+url.QueryEscape(token)); len(page.Items) != 2 || page.Items[0].ID == first.Items[0].ID {
			t.Errorf("the issued token does not continue the list: %+v", page.Items)
		}

		tampered := []byte(token)
		mid := len(tampered) / 2
		if tampered[mid] == 'A' {
			tampered[mid] = 'B'
		} else {
			tampered[mid] = 'A'
		}
		for _, tc := range []struct{ name, query, field string }{
			{"tampered page_token", "kind=enterprise&page_size=1&page_token=" + url.QueryEscape(string(tampered)), "page_token"},
			{"page_token cut short", "kind=enterprise&page_size=1&page_token=" + url.QueryEscape(token[:len(token)-4]), "page_token"},
			{"page_token not from this list", "page_token=" + url.QueryEscape("eyJxIjoiIiwiaSI6IngifQ"), "page_token"},
			{"page_token with another kind", "kind=government&page_size=1&page_token=" + url.QueryEscape(token), "page_token"},
			{"page_token with a region added", "kind=enterprise&region=330100&page_size=1&page_token=" + url.QueryEscape(token), "page_token"},
			{"page_token without the filter", "page_size=1&page_token=" + url.QueryEscape(token), "page_token"},
			{"unknown parameter", "kinf=enterprise", "kinf"},
			{"a standards parameter", "q=" + url.QueryEscape("标准化"), "q"},
			{"unknown kind", "kind=bureau", "kind"},
			{"page_size 0", "page_size=0", "page_size"},
			{"page_size 201", "page_size=201", "page_size"},
			{"negative page_size", "page_size=-1", "page_size"},
			{"page_size not a number", "page_size=twenty", "page_size"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantFieldError(t, c.do(http.MethodGet, "/api/v1/organizations?"+tc.query, nil), tc.field)
			})
		}
		if page := listOrganizations(t, c, "page_size=200"); len(page.Items) != 4 {
			t.Errorf("page_size 200 (the maximum): %d items, want 4", len(page.Items))
		}
	})
}

func TestPatchOrganization(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		fed := createOrganization(t, c, zjBrandFederation())
		path := "/api/v1/organizations/" + fed.ID

		r := c.do(http.MethodPatch, path, `{"region": "330100"}`, "Content-Type", mergePatchJSON, "If-Match", `"1"`)
		if r.Code != http.StatusOK {
			t.Fatalf("merge patch: %d %s", r.Code, r.Body)
		}
		var patched httpapi.OrganizationResponse
		r.decode(t, &patched)
		if patched.Region != "330100" || patched.Name != fed.Name || patched.Kind != "association" || patched.ID != fed.ID {
			t.Errorf("merge patch applied wrongly: %+v", patched)
		}
		if !patched.CreatedAt.Equal(fed.CreatedAt) {
			t.Errorf("created_at changed from %s to %s", fed.CreatedAt, patched.CreatedAt)
		}
		if r.Header.Get("ETag") != `"2"` {
			t.Errorf("ETag after a change = %q, want \"2\"", r.Header.Get("ETag"))
		}

		// application/json is accepted too; null clears a field.
		r = c.do(http.MethodPatch, path, `{"region": null, "name": "浙江省品牌建设联合会（浙江省品牌建设促进会）"}`, "Content-Type", "application/json; charset=utf-8", "If-Match", `"2"`)
		if r.Code != http.StatusOK {
			t.Fatalf("JSON patch: %d %s", r.Code, r.Body)
		}
		r.decode(t, &patched)
		if patched.Region != "" || patched.Name != "浙江省品牌建设联合会（浙江省品牌建设促进会）" || r.Header.Get("ETag") != `"3"` {
			t.Errorf("JSON patch: region %q, name %q, ETag %s", patched.Region, patched.Name, r.Header.Get("ETag"))
		}
		var want httpapi.OrganizationResponse
		c.do(http.MethodGet, path, nil).decode(t, &want)
		if want.Name != patched.Name || want.Region != patched.Region {
			t.Errorf("the patch answered %+v but stored %+v", patched, want)
		}

		for _, tc := range []struct {
			name, body, contentType, ifMatch string
			status                           int
			field                            string
		}{
			{"stale If-Match", `{"name": "浙江省品牌指导服务站"}`, mergePatchJSON, `"2"`, 412, ""},
			{"first If-Match", `{"name": "浙江省品牌指导服务站"}`, mergePatchJSON, `"1"`, 412, ""},
			{"weak If-Match", `{"name": "浙江省品牌指导服务站"}`, mergePatchJSON, `W/"3"`, 412, ""},
			{"If-Match that is not ours", `{"name": "浙江省品牌指导服务站"}`, mergePatchJSON, `"abc"`, 412, ""},
			{"id is the registry's", `{"id": "0193a1b2-0000-7000-8000-000000000000"}`, mergePatchJSON, "", 400, "id"},
			{"created_at is the registry's", `{"created_at": "2020-01-01T00:00:00Z"}`, mergePatchJSON, "", 400, "created_at"},
			{"unknown field", `{"website": "https://www.zjbrand.org.cn"}`, mergePatchJSON, "", 400, "website"},
			{"unknown kind", `{"kind": "federation"}`, mergePatchJSON, "", 400, "kind"},
			{"clearing the name", `{"name": null}`, mergePatchJSON, "", 400, "name"},
			{"clearing the kind", `{"kind": null}`, mergePatchJSON, "", 400, "kind"},
			{"bad region", `{"region": "浙江省"}`, mergePatchJSON, "", 400, "region"},
			{"wrong type", `{"region": 330000}`, mergePatchJSON, "", 400, "region"},
			{"credit code with a wrong check character", `{"credit_code": "91330100716105852G"}`, mergePatchJSON, "", 400, "credit_code"},
			{"credit code too short", `{"credit_code": "9133010071610585"}`, mergePatchJSON, "", 400, "credit_code"},
			{"not an object", `["name"]`, mergePatchJSON, "", 400, ""},
			{"not JSON", `{"name": `, mergePatchJSON, "", 400, ""},
			{"XML", `<organization/>`, "application/xml", "", 415, ""},
			{"plain text", `{"name": "浙江省品牌指导服务站"}`, "text/plain", "", 415, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				headers := []string{"Content-Type", tc.contentType}
				if tc.ifMatch != "" {
					headers = append(headers, "If-Match", tc.ifMatch)
				}
				r := c.do(http.MethodPatch, path, tc.body, headers...)
				if r.Code != tc.status {
					t.Fatalf("%d, want %d: %s", r.Code, tc.status, r.Body)
				}
				if tc.status == http.StatusBadRequest {
					wantFieldError(t, r, tc.field)
				} else if p := r.problem(t); p.Status != tc.status {
					t.Errorf("problem status %d, want %d", p.Status, tc.status)
				}
			})
		}

		got := c.do(http.MethodGet, path, nil)
		var final httpapi.OrganizationResponse
		got.decode(t, &final)
		if diff := cmp.Diff(want, final); diff != "" {
			t.Errorf("refused patches changed the organization (-want +got):\n%s", diff)
		}
		if got.Header.Get("ETag") != `"3"` {
			t.Errorf("refused patches moved the ETag to %s", got.Header.Get("ETag"))
		}

		// Setting and clearing a credit code; If-Match "*" asks nothing.
		r = c.do(http.MethodPatch, path, `{"credit_code": "９１３３０１００７１６１０５８５２ｆ", "kind": "enterprise"}`, "Content-Type", mergePatchJSON, "If-Match", "*")
		r.decode(t, &patched)
		if r.Code != http.StatusOK || deref(patched.CreditCode) != "91330100716105852F" || patched.Kind != "enterprise" {
			t.Errorf("set credit code: %d %s", r.Code, r.Body)
		}
		r = c.do(http.MethodPatch, path, `{"credit_code": null}`, "Content-Type", mergePatchJSON)
		r.decode(t, &patched)
		if r.Code != http.StatusOK || patched.CreditCode != nil || r.Header.Get("ETag") != `"5"` {
			t.Errorf("clear credit code: %d %s (ETag %s)", r.Code, r.Body, r.Header.Get("ETag"))
		}
		// Once cleared, the code is free for another organization.
		createOrganization(t, c, alibaba())

		if r := c.do(http.MethodPatch, "/api/v1/organizations/0193a1b2-0000-7000-8000-000000000000", `{}`, "Content-Type", mergePatchJSON); r.Code != http.StatusNotFound {
			t.Errorf("patch of an unknown organization: %d, want 404", r.Code)
		}
	})
}

// A PATCH answers the organization as stored, updated_at included, and
// updated_at comes from the registry's clock like created_at does.
func TestPatchOrganizationAnswersWhatItStores(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		inst := createOrganization(t, c, zjInstitute())
		path := "/api/v1/organizations/" + inst.ID
		r := c.do(http.MethodPatch, path, `{"region": "330000"}`, "Content-Type", mergePatchJSON)
		if r.Code != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Code, r.Body)
		}
		var patched, read httpapi.OrganizationResponse
		r.decode(t, &patched)
		c.do(http.MethodGet, path, nil).decode(t, &read)
		if diff := cmp.Diff(patched, read); diff != "" {
			t.Errorf("the PATCH answer differs from what GET reads (-patch +get):\n%s", diff)
		}
		if !read.UpdatedAt.Equal(today) {
			t.Errorf("updated_at = %s, want the registry's clock %s", read.UpdatedAt, today)
		}
	})
}

func TestDeleteOrganization(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		bureau := createOrganization(t, c, hangzhouBureau())
		keep := createOrganization(t, c, zjInstitute())
		path := "/api/v1/organizations/" + bureau.ID

		if r := c.do(http.MethodDelete, path, nil, "If-Match", `"2"`); r.Code != http.StatusPreconditionFailed {
			t.Errorf("delete with a stale ETag: %d, want 412", r.Code)
		}
		if r := c.do(http.MethodGet, path, nil); r.Code != http.StatusOK {
			t.Fatalf("a refused delete removed the organization: %d", r.Code)
		}
		r := c.do(http.MethodDelete, path, nil, "If-Match", `"1"`)
		if r.Code != http.StatusNoContent || len(r.Body) != 0 {
			t.Fatalf("delete: %d %q, want 204 without a body", r.Code, r.Body)
		}
		if r := c.do(http.MethodGet, path, nil); r.Code != http.StatusNotFound {
			t.Errorf("deleted organization still answers %d", r.Code)
		}
		if r := c.do(http.MethodDelete, path, nil); r.Code != http.StatusNotFound {
			t.Errorf("second delete: %d, want 404", r.Code)
		}
		if r := c.do(http.MethodPatch, path, `{"region": "330000"}`, "Content-Type", mergePatchJSON); r.Code != http.StatusNotFound {
			t.Errorf("patch after delete: %d, want 404", r.Code)
		}
		if r := c.do(http.MethodDelete, "/api/v1/organizations/not-a-uuid", nil); r.Code != http.StatusNotFound {
			t.Errorf("delete of an id that cannot exist: %d, want 404", r.Code)
		}
		page := listOrganizations(t, c, "")
		if len(page.Items) != 1 || page.Items[0].ID != keep.ID {
			t.Errorf("after the delete the list holds %+v, want only %s", page.Items, keep.Name)
		}
		// The same body can be registered again: a new organization.
		again := createOrganization(t, c, hangzhouBureau())
		if again.ID == bureau.ID {
			t.Errorf("a new registration reused the deleted id %s", again.ID)
		}
	})
}

func TestOrganizationThatStandardsReferToCannotBeDeleted(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		institute := createOrganization(t, c, zjInstitute())
		body := db33()
		body["organization_id"] = institute.ID
		body["drafting_units"] = []string{"浙江省标准化研究院", "浙江省大数据发展管理局"}
		st := create(t, c, body)
		if deref(st.OrganizationID) != institute.ID {
			t.Fatalf("standard registered for organization %q, want %s", deref(st.OrganizationID), institute.ID)
		}

		path := "/api/v1/organizations/" + institute.ID
		for _, ifMatch := range []string{"", `"1"`} {
			r := c.do(http.MethodDelete, path, nil, "If-Match", ifMatch)
			if r.Code != http.StatusConflict {
				t.Fatalf("delete an organization a standard refers to (If-Match %q): %d %s, want 409", ifMatch, r.Code, r.Body)
			}
			if p := r.problem(t); p.Status != 409 || p.Detail == "" || strings.Contains(strings.ToLower(p.Detail), "constraint") {
				t.Errorf("problem %+v: want a 409 that explains without naming the database", p)
			}
		}

		got := c.do(http.MethodGet, path, nil)
		if got.Code != http.StatusOK || got.Header.Get("ETag") != `"1"` {
			t.Fatalf("after the refused delete: %d ETag %s", got.Code, got.Header.Get("ETag"))
		}
		var read httpapi.OrganizationResponse
		got.decode(t, &read)
		if diff := cmp.Diff(institute, read); diff != "" {
			t.Errorf("the refused delete changed the organization (-before +after):\n%s", diff)
		}
		var still httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/"+st.ID, nil).decode(t, &still)
		if deref(still.OrganizationID) != institute.ID {
			t.Errorf("the standard lost its organization: %q", deref(still.OrganizationID))
		}
		// An organization no standard refers to is deleted as usual.
		other := createOrganization(t, c, zjBrandFederation())
		if r := c.do(http.MethodDelete, "/api/v1/organizations/"+other.ID, nil); r.Code != http.StatusNoContent {
			t.Errorf("delete an organization no standard refers to: %d, want 204", r.Code)
		}
	})
}
