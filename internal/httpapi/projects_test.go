package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

// projectWorld is an organization, one of its published standards and one
// of its unapproved drafts, for the projects' tests.
type projectWorld struct {
	org, published, draft string
}

func newProjectWorld(t *testing.T, c *client) projectWorld {
	t.Helper()
	org := createOrganization(t, c, zjInstitute()).ID
	published := create(t, c, map[string]any{"code": "DB33/T 2349—2021", "kind": "local", "title_zh": "数字化改革 术语定义",
		"stage": "published", "approved_on": "2020-05-01", "published_on": "2021-06-20", "organization_id": org}).ID
	draft := create(t, c, map[string]any{"kind": "local", "title_zh": "柔性直流输电 换流阀 技术规范", "stage": "proposal", "organization_id": org}).ID
	return projectWorld{org: org, published: published, draft: draft}
}

func (w projectWorld) body(name string, ids ...string) map[string]any {
	return map[string]any{"name": name, "programme": "尖兵", "category": "key_generic", "organization_id": w.org,
		"started_on": "2023-03-01", "standard_ids": ids}
}

func createProject(t *testing.T, c *client, body map[string]any) httpapi.ProjectResponse {
	t.Helper()
	r := mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/projects", body)
	var p httpapi.ProjectResponse
	r.decode(t, &p)
	return p
}

func TestCreateAndReadProject(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newProjectWorld(t, c)
		body := w.body("面向新型电力系统的柔性直流输电关键技术研究", w.published, w.draft)
		body["accepted_on"] = "2025-06-30"
		r := mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/projects", body)
		var p httpapi.ProjectResponse
		r.decode(t, &p)
		if r.Header.Get("Location") != "/api/v1/projects/"+p.ID || r.Header.Get("ETag") != `"1"` {
			t.Errorf("Location %q, ETag %q", r.Header.Get("Location"), r.Header.Get("ETag"))
		}
		var got httpapi.ProjectResponse
		mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/projects/"+p.ID, nil).decode(t, &got)
		if got.Name != "面向新型电力系统的柔性直流输电关键技术研究" || got.Programme != "尖兵" || got.Category != "key_generic" ||
			got.OrganizationID != w.org || *got.StartedOn != "2023-03-01" || *got.AcceptedOn != "2025-06-30" ||
			!slices.Equal(got.StandardIDs, []string{w.published, w.draft}) {
			t.Errorf("read %+v", got)
		}
		t.Run("the public does not see the unapproved draft it names", func(t *testing.T) {
			var public httpapi.ProjectResponse
			mustDo(t, c.as(""), http.StatusOK, http.MethodGet, "/api/v1/projects/"+p.ID, nil).decode(t, &public)
			if !slices.Equal(public.StandardIDs, []string{w.published}) {
				t.Errorf("anonymous standard_ids %v, want only the published one", public.StandardIDs)
			}
			var page httpapi.ProjectList
			mustDo(t, c.as(""), http.StatusOK, http.MethodGet, "/api/v1/projects?standard_id="+w.draft, nil).decode(t, &page)
			if len(page.Items) != 0 {
				t.Errorf("a filter on a hidden draft found %d projects", len(page.Items))
			}
		})
		t.Run("a standard read with include=projects names it", func(t *testing.T) {
			var st httpapi.StandardResponse
			mustDo(t, c.as(""), http.StatusOK, http.MethodGet, "/api/v1/standards/"+w.published+"?include=projects", nil).decode(t, &st)
			if st.Projects == nil || len(*st.Projects) != 1 || (*st.Projects)[0].ID != p.ID || (*st.Projects)[0].Programme != "尖兵" {
				t.Errorf("projects %+v", st.Projects)
			}
			var plain httpapi.StandardResponse
			mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/standards/"+w.published, nil).decode(t, &plain)
			if plain.Projects != nil {
				t.Errorf("without include: projects %+v", plain.Projects)
			}
		})
		t.Run("a standard a project names is not deleted", func(t *testing.T) {
			mustDo(t, c, http.StatusConflict, http.MethodDelete, "/api/v1/standards/"+w.draft, nil)
		})
		t.Run("an organization with projects is not deleted", func(t *testing.T) {
			mustDo(t, c, http.StatusConflict, http.MethodDelete, "/api/v1/organizations/"+w.org, nil)
		})
	})
}

func TestProjectValidation(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newProjectWorld(t, c)
		missing := "01890000-0000-7000-8000-000000000000"
		for _, tc := range []struct {
			name, field string
			change      func(map[string]any)
		}{
			{"no name", "name", func(b map[string]any) { delete(b, "name") }},
			{"no programme", "programme", func(b map[string]any) { b["programme"] = " " }},
			{"unknown category", "category", func(b map[string]any) { b["category"] = "重点" }},
			{"accepted before it started", "accepted_on", func(b map[string]any) { b["accepted_on"] = "2022-12-31" }},
			{"accepted in the future", "accepted_on", func(b map[string]any) { b["accepted_on"] = "2027-01-01" }},
			{"a malformed day", "started_on", func(b map[string]any) { b["started_on"] = "2023-02-29" }},
			{"a standard that does not exist", "standard_ids[1]", func(b map[string]any) { b["standard_ids"] = []string{w.published, missing} }},
			{"an id that cannot be", "standard_ids[0]", func(b map[string]any) { b["standard_ids"] = []string{"DB33/T 2349—2021"} }},
			{"a standard twice", "standard_ids[1]", func(b map[string]any) { b["standard_ids"] = []string{w.published, w.published} }},
			{"an organization that does not exist", "organization_id", func(b map[string]any) { b["organization_id"] = missing }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				body := w.body("数字乡村 标准体系 研究")
				tc.change(body)
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/projects", body), tc.field)
			})
		}
		t.Run("a draft the editor may not see does not exist for it", func(t *testing.T) {
			other := createOrganization(t, c, ningboBureau()).ID
			editor := c.as(c.newKey(access.RoleEditor, other))
			body := w.body("宁波港 智慧码头 关键技术", w.draft)
			body["organization_id"] = other
			msg := wantFieldError(t, editor.do(http.MethodPost, "/api/v1/projects", body), "standard_ids[0]")
			if msg != "standard "+w.draft+" does not exist" {
				t.Errorf("message %q", msg)
			}
		})
		var page httpapi.ProjectList
		mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/projects", nil).decode(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("refused bodies stored %d projects", len(page.Items))
		}
	})
}

func TestProjectAccess(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newProjectWorld(t, c)
		other := createOrganization(t, c, ningboBureau()).ID
		owner := c.as(c.newKey(access.RoleEditor, w.org))
		stranger := c.as(c.newKey(access.RoleEditor, other))
		body := w.body("未来工厂 数字孪生 共性技术", w.published)
		for _, tc := range []struct {
			name   string
			c      *client
			status int
		}{
			{"anonymous", c.as(""), http.StatusUnauthorized},
			{"auditor", c.as(c.newKey(access.RoleAuditor, "")), http.StatusForbidden},
			{"reader", c.as(c.newKey(access.RoleReader, "")), http.StatusForbidden},
			{"editor of another organization", stranger, http.StatusForbidden},
		} {
			t.Run(tc.name, func(t *testing.T) {
				mustDo(t, tc.c, tc.status, http.MethodPost, "/api/v1/projects", body)
			})
		}
		delete(body, "organization_id")
		p := createProject(t, owner, body) // an editor's own organization by default
		if p.OrganizationID != w.org {
			t.Fatalf("organization %s, want the editor's %s", p.OrganizationID, w.org)
		}
		path := "/api/v1/projects/" + p.ID
		mustDo(t, stranger, http.StatusForbidden, http.MethodPatch, path, map[string]any{"name": "改名"}, "Content-Type", mergePatchJSON)
		mustDo(t, stranger, http.StatusForbidden, http.MethodDelete, path, nil)
		mustDo(t, owner, http.StatusForbidden, http.MethodPatch, path, map[string]any{"organization_id": other}, "Content-Type", mergePatchJSON)
		mustDo(t, owner, http.StatusOK, http.MethodPatch, path, map[string]any{"category": "application"}, "Content-Type", mergePatchJSON)
		mustDo(t, c.as(""), http.StatusOK, http.MethodGet, path, nil)
		mustDo(t, owner, http.StatusNoContent, http.MethodDelete, path, nil)
	})
}

func TestPatchAndDeleteProject(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newProjectWorld(t, c)
		p := createProject(t, c, w.body("浙江制造 标准 质量提升 应用研究", w.published))
		path := "/api/v1/projects/" + p.ID
		mustDo(t, c, http.StatusPreconditionFailed, http.MethodPatch, path, map[string]any{"name": "x"}, "Content-Type", mergePatchJSON, "If-Match", `"7"`)
		r := mustDo(t, c, http.StatusOK, http.MethodPatch, path, map[string]any{"standard_ids": []string{w.draft}, "accepted_on": "2025-12-31"},
			"Content-Type", mergePatchJSON, "If-Match", `"1"`)
		var got httpapi.ProjectResponse
		r.decode(t, &got)
		if r.Header.Get("ETag") != `"2"` || !slices.Equal(got.StandardIDs, []string{w.draft}) || *got.AcceptedOn != "2025-12-31" || got.Name != p.Name {
			t.Errorf("patched: ETag %s, %+v", r.Header.Get("ETag"), got)
		}
		wantFieldError(t, c.do(http.MethodPatch, path, map[string]any{"id": "x"}, "Content-Type", mergePatchJSON), "id")
		wantFieldError(t, c.do(http.MethodPatch, path, map[string]any{"started_on": "2026-01-01"}, "Content-Type", mergePatchJSON), "accepted_on")
		t.Run("an accepted project is corrected, not deleted", func(t *testing.T) {
			mustDo(t, c, http.StatusConflict, http.MethodDelete, path, nil)
		})
		mustDo(t, c, http.StatusOK, http.MethodPatch, path, map[string]any{"accepted_on": nil}, "Content-Type", mergePatchJSON)
		mustDo(t, c, http.StatusPreconditionFailed, http.MethodDelete, path, nil, "If-Match", `"2"`)
		mustDo(t, c, http.StatusNoContent, http.MethodDelete, path, nil, "If-Match", `"3"`)
		mustDo(t, c, http.StatusNotFound, http.MethodGet, path, nil)
		mustDo(t, c, http.StatusNoContent, http.MethodDelete, "/api/v1/standards/"+w.draft, nil) // no project names it now
		events, _ := listAuditEvents(t, c, "resource_type=project&resource_id="+p.ID)
		if len(events.Items) != 4 {
			t.Errorf("%d audit events of the project, want create, 2 updates, delete", len(events.Items))
		}
	})
}

func TestListProjects(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newProjectWorld(t, c)
		mk := func(name, programme, category, accepted string, ids ...string) string {
			b := w.body(name, ids...)
			b["programme"], b["category"], b["started_on"] = programme, category, "2021-01-01"
			if accepted != "" {
				b["accepted_on"] = accepted
			}
			return createProject(t, c, b).ID
		}
		a := mk("安吉白茶 加工 共性技术", "尖兵", "key_generic", "2023-06-30", w.published)
		b := mk("海洋 牧场 生态 监测 应用", "领雁", "application", "2025-12-31")
		d := mk("城市大脑 交通 治理", "尖兵", "application", "2022-12-31")
		e := mk("丝绸 文化 传承 研究", "领雁", "other", "")
		ids, pages := walkIDs(t, c, "/api/v1/projects?page_size=1")
		slices.Sort(ids)
		all := []string{a, b, d, e}
		slices.Sort(all)
		if pages != 4 || !slices.Equal(ids, all) {
			t.Errorf("walked %d pages: %v, want each of %v once", pages, ids, all)
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"programme=" + "尖兵", []string{a, d}},
			{"category=key_generic,application", []string{a, b, d}},
			{"category=key_generic,application&accepted_from=2023-01-01&accepted_to=2025-12-31", []string{a, b}},
			{"standard_id=" + w.published, []string{a}},
			{"organization_id=" + w.org + "&category=other", []string{e}},
			{"produced=true", []string{a}},
			// Registered published on 2021-06-20: its history has no stage before.
			{"produced=true&produced_as_of=2021-06-19", nil},
			{"produced=true&produced_as_of=2021-06-20", []string{a}},
		} {
			t.Run(tc.query, func(t *testing.T) {
				got, _ := walkIDs(t, c, "/api/v1/projects?page_size=2&"+tc.query)
				slices.Sort(got)
				want := slices.Clone(tc.want)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
		}
		for _, q := range []string{"category=重点", "accepted_from=2024-13-01", "accepted_from=2025-01-01&accepted_to=2024-01-01", "standard_id=x", "sort=name",
			"produced_as_of=2025-01-01", "produced=true&produced_as_of=2025-02-30"} {
			if r := c.do(http.MethodGet, "/api/v1/projects?"+q, nil); r.Code != http.StatusBadRequest {
				t.Errorf("?%s: %d, want 400", q, r.Code)
			}
		}
	})
}
