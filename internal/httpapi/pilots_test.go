package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

func huzhouPilot() map[string]any {
	return map[string]any{"name": "国家标准化创新发展试点城市（湖州市）", "kind": "city", "level": "national", "region": "330500",
		"approved_on": "2023-08-15", "status": "building"}
}

func createPilot(t *testing.T, c *client, body map[string]any) httpapi.PilotResponse {
	t.Helper()
	var p httpapi.PilotResponse
	mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/pilots", body).decode(t, &p)
	return p
}

func TestCreateReadAndRevokePilot(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/pilots", huzhouPilot())
		var p httpapi.PilotResponse
		r.decode(t, &p)
		if r.Header.Get("Location") != "/api/v1/pilots/"+p.ID || r.Header.Get("ETag") != `"1"` {
			t.Errorf("Location %q, ETag %q", r.Header.Get("Location"), r.Header.Get("ETag"))
		}
		var got httpapi.PilotResponse
		mustDo(t, c.as(""), http.StatusOK, http.MethodGet, "/api/v1/pilots/"+p.ID, nil).decode(t, &got)
		if got.Name != "国家标准化创新发展试点城市（湖州市）" || got.Kind != "city" || got.Level != "national" || got.Region != "330500" ||
			got.ApprovedOn != "2023-08-15" || got.AcceptedOn != nil || got.Status != "building" || got.OrganizationID != nil {
			t.Errorf("read %+v", got)
		}
		path := "/api/v1/pilots/" + p.ID
		mustDo(t, c, http.StatusPreconditionFailed, http.MethodPatch, path, map[string]any{"status": "revoked"}, "Content-Type", mergePatchJSON, "If-Match", `"2"`)
		mustDo(t, c, http.StatusOK, http.MethodPatch, path, map[string]any{"status": "revoked"}, "Content-Type", mergePatchJSON, "If-Match", `"1"`).decode(t, &got)
		if got.Status != "revoked" || got.Name != p.Name {
			t.Errorf("revoked: %+v", got)
		}
		t.Run("a revoked pilot is kept", func(t *testing.T) {
			mustDo(t, c, http.StatusConflict, http.MethodDelete, path, nil)
		})
		building := createPilot(t, c, map[string]any{"name": "农业标准化示范区（安吉白茶）", "kind": "domain", "level": "provincial", "approved_on": "2024-01-10", "status": "building"})
		mustDo(t, c, http.StatusNoContent, http.MethodDelete, "/api/v1/pilots/"+building.ID, nil)
		mustDo(t, c, http.StatusNotFound, http.MethodGet, "/api/v1/pilots/"+building.ID, nil)
		events, _ := listAuditEvents(t, c, "resource_type=pilot")
		if len(events.Items) != 4 {
			t.Errorf("%d audit events of pilots, want 2 creations, a change and a deletion", len(events.Items))
		}
	})
}

func TestPilotValidation(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, tc := range []struct {
			name, field string
			change      func(map[string]any)
		}{
			{"no name", "name", func(b map[string]any) { b["name"] = "" }},
			{"unknown kind", "kind", func(b map[string]any) { b["kind"] = "province" }},
			{"unknown level", "level", func(b map[string]any) { b["level"] = "county" }},
			{"unknown status", "status", func(b map[string]any) { b["status"] = "撤销" }},
			{"a city pilot without its division", "region", func(b map[string]any) { delete(b, "region") }},
			{"a division that is not one", "region", func(b map[string]any) { b["region"] = "湖州" }},
			{"not approved", "approved_on", func(b map[string]any) { delete(b, "approved_on") }},
			{"approved in the future", "approved_on", func(b map[string]any) { b["approved_on"] = "2026-12-01" }},
			{"accepted without a day", "accepted_on", func(b map[string]any) { b["status"] = "accepted" }},
			{"building yet accepted", "accepted_on", func(b map[string]any) { b["accepted_on"] = "2025-01-01" }},
			{"accepted before approval", "accepted_on", func(b map[string]any) { b["status"], b["accepted_on"] = "accepted", "2023-01-01" }},
			{"an unknown organization", "organization_id", func(b map[string]any) { b["organization_id"] = "01890000-0000-7000-8000-000000000000" }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				body := huzhouPilot()
				tc.change(body)
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/pilots", body), tc.field)
			})
		}
		if r := c.do(http.MethodPost, "/api/v1/pilots", map[string]any{"name": "x", "kind": "city", "colour": "red"}); r.Code != http.StatusBadRequest {
			t.Errorf("an unknown field: %d", r.Code)
		}
		var page httpapi.PilotList
		mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/pilots", nil).decode(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("refused bodies stored %d pilots", len(page.Items))
		}
	})
}

func TestPilotAccess(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		bureau := createOrganization(t, c, hangzhouBureau()).ID
		other := createOrganization(t, c, ningboBureau()).ID
		owner := c.as(c.newKey(access.RoleEditor, bureau))
		stranger := c.as(c.newKey(access.RoleEditor, other))
		body := map[string]any{"name": "杭州市上城区 标准化综合改革试点", "kind": "county", "level": "provincial", "region": "330102",
			"approved_on": "2024-05-20", "status": "building", "organization_id": bureau}
		mustDo(t, c.as(""), http.StatusUnauthorized, http.MethodPost, "/api/v1/pilots", body)
		mustDo(t, c.as(c.newKey(access.RoleAuditor, "")), http.StatusForbidden, http.MethodPost, "/api/v1/pilots", body)
		mustDo(t, stranger, http.StatusForbidden, http.MethodPost, "/api/v1/pilots", body)
		p := createPilot(t, owner, body)
		path := "/api/v1/pilots/" + p.ID
		mustDo(t, stranger, http.StatusForbidden, http.MethodPatch, path, map[string]any{"status": "revoked"}, "Content-Type", mergePatchJSON)
		mustDo(t, owner, http.StatusOK, http.MethodPatch, path, map[string]any{"status": "accepted", "accepted_on": "2026-06-30"}, "Content-Type", mergePatchJSON)
		mustDo(t, owner, http.StatusConflict, http.MethodDelete, path, nil)
	})
}

func TestListPilots(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		mk := func(name, kind, level, region, approved, status string) string {
			b := map[string]any{"name": name, "kind": kind, "level": level, "region": region, "approved_on": approved, "status": status}
			if status == "accepted" {
				b["accepted_on"] = "2025-12-31"
			}
			return createPilot(t, c, b).ID
		}
		huzhou := mk("湖州市 国家标准化创新发展试点", "city", "national", "330500", "2023-08-15", "building")
		quzhou := mk("衢州市 城市标准化试点", "city", "provincial", "330800", "2022-12-31", "accepted")
		anji := mk("安吉县 县域标准化试点", "county", "provincial", "330523", "2025-12-31", "accepted")
		yiwu := mk("义乌市 小商品 标准化试点", "county", "city", "330782", "2024-03-01", "revoked")
		tea := mk("西湖龙井 农业标准化示范区", "domain", "national", "330106", "2024-04-01", "building")
		ids, pages := walkIDs(t, c, "/api/v1/pilots?page_size=2")
		if pages != 3 || len(ids) != 5 {
			t.Errorf("walked %d pages, %d pilots", pages, len(ids))
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"kind=city,county&approved_from=2023-01-01&approved_to=2025-12-31&status=building,accepted", []string{huzhou, anji}},
			{"status=revoked", []string{yiwu}},
			{"level=national", []string{huzhou, tea}},
			{"region=330800", []string{quzhou}},
			{"approved_to=2022-12-31", []string{quzhou}},
		} {
			t.Run(tc.query, func(t *testing.T) {
				got, _ := walkIDs(t, c, "/api/v1/pilots?page_size=1&"+tc.query)
				slices.Sort(got)
				want := slices.Clone(tc.want)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
		}
		for _, q := range []string{"kind=province", "status=building,撤销", "approved_from=2023-02-30", "organization_id=1"} {
			if r := c.do(http.MethodGet, "/api/v1/pilots?"+q, nil); r.Code != http.StatusBadRequest {
				t.Errorf("?%s: %d, want 400", q, r.Code)
			}
		}
	})
}
