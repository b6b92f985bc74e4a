package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

func softwareSubcommittee(secretariat string) map[string]any {
	return map[string]any{"code": "SAC/TC22/SC3", "name": "全国信息技术标准化技术委员会 软件与系统工程分技术委员会",
		"level": "national", "secretariat_organization_id": secretariat, "settled_on": "2024-05-18"}
}

func createBody(t *testing.T, c *client, body map[string]any) httpapi.TechnicalBodyResponse {
	t.Helper()
	var b httpapi.TechnicalBodyResponse
	mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/technical-bodies", body).decode(t, &b)
	return b
}

func TestCreateReadAndDeleteTechnicalBody(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute()).ID
		r := mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/technical-bodies", softwareSubcommittee(org))
		var b httpapi.TechnicalBodyResponse
		r.decode(t, &b)
		if r.Header.Get("Location") != "/api/v1/technical-bodies/"+b.ID {
			t.Errorf("Location %q", r.Header.Get("Location"))
		}
		var got httpapi.TechnicalBodyResponse
		mustDo(t, c.as(""), http.StatusOK, http.MethodGet, "/api/v1/technical-bodies/"+b.ID, nil).decode(t, &got)
		if got.Code != "SAC/TC 22/SC 3" || got.Level != "national" || got.SecretariatOrganizationID != org || got.SettledOn != "2024-05-18" ||
			got.Standards != "/api/v1/standards?technical_committee=SAC%2FTC+22%2FSC+3" {
			t.Errorf("read %+v", got)
		}
		t.Run("a code is registered once, however it is spaced", func(t *testing.T) {
			again := softwareSubcommittee(org)
			again["code"] = "sac / tc 22 / sc 3"
			mustDo(t, c, http.StatusConflict, http.MethodPost, "/api/v1/technical-bodies", again)
		})
		std := create(t, c, map[string]any{"code": "GB/T 8566—2022", "kind": "national", "title_zh": "系统与软件工程 软件生存周期过程",
			"stage": "published", "published_on": "2022-10-12", "technical_committee": "SAC/TC 22/SC 3"})
		create(t, c, map[string]any{"code": "GB/T 25000.10—2016", "kind": "national", "title_zh": "系统与软件工程 系统与软件质量要求和评价（SQuaRE） 第10部分：系统与软件质量模型",
			"stage": "published", "published_on": "2016-10-13", "technical_committee": "SAC/TC 28"})
		t.Run("its standards are the list its link names", func(t *testing.T) {
			ids, _ := walkIDs(t, c, got.Standards)
			if !slices.Equal(ids, []string{std.ID}) {
				t.Errorf("standards %v, want only %s", ids, std.ID)
			}
		})
		path := "/api/v1/technical-bodies/" + b.ID
		mustDo(t, c, http.StatusConflict, http.MethodDelete, path, nil)
		mustDo(t, c, http.StatusOK, http.MethodPatch, "/api/v1/standards/"+std.ID, map[string]any{"technical_committee": ""}, "Content-Type", mergePatchJSON)
		mustDo(t, c, http.StatusPreconditionFailed, http.MethodDelete, path, nil, "If-Match", `"9"`)
		mustDo(t, c, http.StatusNoContent, http.MethodDelete, path, nil, "If-Match", `"1"`)
		events, _ := listAuditEvents(t, c, "resource_type=technical_body")
		if len(events.Items) != 2 {
			t.Errorf("%d audit events of technical bodies, want a creation and a deletion", len(events.Items))
		}
	})
}

func TestTechnicalBodyValidation(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute()).ID
		for _, tc := range []struct {
			name, field string
			change      func(map[string]any)
		}{
			{"no code", "code", func(b map[string]any) { b["code"] = "" }},
			{"not a body's code", "code", func(b map[string]any) { b["code"] = "GB/T 19001" }},
			{"a national code called international", "level", func(b map[string]any) { b["level"] = "international" }},
			{"an international code called national", "level", func(b map[string]any) { b["code"] = "ISO/TC 207/SC 1" }},
			{"an unknown level", "level", func(b map[string]any) { b["level"] = "全国" }},
			{"no name", "name", func(b map[string]any) { delete(b, "name") }},
			{"no secretariat", "secretariat_organization_id", func(b map[string]any) { delete(b, "secretariat_organization_id") }},
			{"an unknown secretariat", "secretariat_organization_id", func(b map[string]any) {
				b["secretariat_organization_id"] = "01890000-0000-7000-8000-000000000000"
			}},
			{"not settled", "settled_on", func(b map[string]any) { delete(b, "settled_on") }},
			{"settled in the future", "settled_on", func(b map[string]any) { b["settled_on"] = "2027-01-01" }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				body := softwareSubcommittee(org)
				tc.change(body)
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/technical-bodies", body), tc.field)
			})
		}
	})
}

func TestTechnicalBodyAccessAndList(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute()).ID
		other := createOrganization(t, c, ningboBureau()).ID
		owner := c.as(c.newKey(access.RoleEditor, org))
		stranger := c.as(c.newKey(access.RoleEditor, other))
		mustDo(t, c.as(""), http.StatusUnauthorized, http.MethodPost, "/api/v1/technical-bodies", softwareSubcommittee(org))
		mustDo(t, stranger, http.StatusForbidden, http.MethodPost, "/api/v1/technical-bodies", softwareSubcommittee(org))
		body := softwareSubcommittee(org)
		delete(body, "secretariat_organization_id")
		sc3 := createBody(t, owner, body)
		mustDo(t, stranger, http.StatusForbidden, http.MethodPatch, "/api/v1/technical-bodies/"+sc3.ID, map[string]any{"name": "x"}, "Content-Type", mergePatchJSON)
		mustDo(t, owner, http.StatusOK, http.MethodPatch, "/api/v1/technical-bodies/"+sc3.ID, map[string]any{"settled_on": "2024-06-01"}, "Content-Type", mergePatchJSON)
		mk := func(code, level, settled, secretariat string) string {
			return createBody(t, c, map[string]any{"code": code, "name": "技术组织 " + code, "level": level, "secretariat_organization_id": secretariat, "settled_on": settled}).ID
		}
		iso := mk("ISO/TC 207/SC 1", "international", "2023-03-01", org)
		zj := mk("ZJ/TC 33", "provincial", "2024-01-01", other)
		old := mk("SAC/TC 124", "national", "2019-09-09", other)
		ids, pages := walkIDs(t, c, "/api/v1/technical-bodies?page_size=1")
		if want := []string{iso, old, sc3.ID, zj}; pages != 4 || !slices.Equal(ids, want) {
			t.Errorf("by code: %v in %d pages, want %v", ids, pages, want)
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"level=international,national&settled_from=2023-01-01&settled_to=2025-12-31", []string{iso, sc3.ID}},
			{"secretariat_organization_id=" + other, []string{old, zj}},
			{"settled_to=2022-12-31", []string{old}},
		} {
			got, _ := walkIDs(t, c, "/api/v1/technical-bodies?"+tc.query)
			if !slices.Equal(got, tc.want) {
				t.Errorf("?%s: %v, want %v", tc.query, got, tc.want)
			}
		}
		for _, q := range []string{"level=city", "settled_from=2023-13-01", "secretariat_organization_id=abc"} {
			if r := c.do(http.MethodGet, "/api/v1/technical-bodies?"+q, nil); r.Code != http.StatusBadRequest {
				t.Errorf("?%s: %d, want 400", q, r.Code)
			}
		}
	})
}
