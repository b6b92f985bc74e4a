package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

func listPlans(t *testing.T, c *client) []httpapi.PlanResponse {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/plans", nil)
	if r.Code != http.StatusOK {
		t.Fatalf("plans: %d %s", r.Code, r.Body)
	}
	var out httpapi.PlanList
	r.decode(t, &out)
	return out.Items
}

func standingOf(t *testing.T, c *client, query string) httpapi.PlanTargetsResponse {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/metrics/plan-targets?"+query, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("plan-targets ?%s: %d %s", query, r.Code, r.Body)
	}
	var out httpapi.PlanTargetsResponse
	r.decode(t, &out)
	return out
}

func TestPlans(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		plans := listPlans(t, c)
		pilot := plans[0]
		if len(plans) != 1 || !pilot.Default || pilot.StartsOn != "2023-01-01" || pilot.EndsOn != "2025-12-31" || len(pilot.Targets) != 9 ||
			pilot.Targets[5] != (httpapi.PlanTargetBody{Key: "local_cycle_months", Name: "地方标准平均制定周期", Target: 15, Bound: "at_most"}) ||
			pilot.Targets[3].Target != 4000 || pilot.CreatedAt != nil {
			t.Fatalf("the pilot plan: %+v", plans)
		}
		// Today (2026-11-28) is past the pilot plan: it is judged on its last day.
		cycles(t, c)
		def := standingOf(t, c, "")
		if def.PlanID != pilot.ID || def.AsOf != "2025-12-31" || def.From != "2023-01-01" || len(def.Indicators) != 9 {
			t.Errorf("by default: %+v", def)
		}
		if got := standingOf(t, c, "as_of=2026-06-30").AsOf; got != "2026-06-30" {
			t.Errorf("as_of asked: %s", got)
		}

		later := map[string]any{"name": "浙江省标准化发展规划（2026—2030年）", "starts_on": "2026-01-01", "ends_on": "2030-12-31",
			"targets": []map[string]any{{"key": "local_cycle_months", "target": 12}, {"key": "national_led", "target": 400}}}
		r := c.do(http.MethodPost, "/api/v1/plans", later)
		if r.Code != http.StatusCreated {
			t.Fatalf("register: %d %s", r.Code, r.Body)
		}
		var created httpapi.PlanResponse
		r.decode(t, &created)
		if r.Header.Get("Location") != "/api/v1/plans/"+created.ID || created.Default || created.CreatedAt == nil || len(created.Targets) != 2 {
			t.Errorf("registered: %+v, Location %q", created, r.Header.Get("Location"))
		}
		var read httpapi.PlanResponse
		c.do(http.MethodGet, "/api/v1/plans/"+created.ID, nil).decode(t, &read)
		if diff := cmp.Diff(created, read); diff != "" {
			t.Errorf("read back (-registered +read):\n%s", diff)
		}
		if r := c.do(http.MethodGet, "/api/v1/plans/"+created.ID, nil, "If-None-Match", `"1"`); r.Code != http.StatusNotModified {
			t.Errorf("If-None-Match: %d", r.Code)
		}
		next := standingOf(t, c, "plan="+created.ID)
		if next.AsOf != "2026-11-28" || next.From != "2026-01-01" || len(next.Indicators) != 2 ||
			next.Indicators[0].Key != "local_cycle_months" || next.Indicators[0].Target != 12 || next.Indicators[0].Actual != nil ||
			next.Indicators[1].Key != "national_led" || deref(next.Indicators[1].Actual) != 0 {
			t.Errorf("the later plan: %+v", next)
		}

		auditor := c.as(c.newKey(access.RoleAuditor, ""))
		for _, tc := range []struct {
			name   string
			c      *client
			body   any
			status int
		}{
			{"overlapping the pilot", c, map[string]any{"name": "重叠", "starts_on": "2025-06-01", "ends_on": "2025-12-31", "targets": []map[string]any{{"key": "national_led", "target": 1}}}, http.StatusConflict},
			{"overlapping the later plan", c, map[string]any{"name": "重叠", "starts_on": "2030-12-31", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "national_led", "target": 1}}}, http.StatusConflict},
			{"an unknown indicator", c, map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "gdp", "target": 1}}}, http.StatusBadRequest},
			{"an indicator twice", c, map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "forerunner", "target": 1}, {"key": "forerunner", "target": 2}}}, http.StatusBadRequest},
			{"a negative target", c, map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "forerunner", "target": -1}}}, http.StatusBadRequest},
			{"a share over 100", c, map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "tech_projects_share", "target": 160}}}, http.StatusBadRequest},
			{"no targets", c, map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{}}, http.StatusBadRequest},
			{"ending before it starts", c, map[string]any{"name": "规划", "starts_on": "2035-01-01", "ends_on": "2031-12-31", "targets": []map[string]any{{"key": "forerunner", "target": 1}}}, http.StatusBadRequest},
			{"no name", c, map[string]any{"starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "forerunner", "target": 1}}}, http.StatusBadRequest},
			{"a malformed day", c, map[string]any{"name": "规划", "starts_on": "2031-02-30", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "forerunner", "target": 1}}}, http.StatusBadRequest},
			{"an unknown field", c, map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "forerunner", "target": 1}}, "owner": "x"}, http.StatusBadRequest},
			{"an auditor", auditor, map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "forerunner", "target": 1}}}, http.StatusForbidden},
			{"anyone", c.as(""), map[string]any{"name": "规划", "starts_on": "2031-01-01", "ends_on": "2035-12-31", "targets": []map[string]any{{"key": "forerunner", "target": 1}}}, http.StatusUnauthorized},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if r := tc.c.do(http.MethodPost, "/api/v1/plans", tc.body); r.Code != tc.status {
					t.Errorf("%d, want %d: %s", r.Code, tc.status, r.Body)
				}
			})
		}
		if n := len(listPlans(t, c)); n != 2 {
			t.Errorf("%d plans after refusals, want 2", n)
		}
		events, _ := listAuditEvents(t, c, "resource_type=plan")
		if len(events.Items) != 1 || events.Items[0].Action != "plan.create" || events.Items[0].ResourceID != created.ID {
			t.Errorf("the audit log of plans: %+v", events.Items)
		}
		for _, path := range []string{"/api/v1/plans/01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e", "/api/v1/metrics/plan-targets?plan=01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e"} {
			if r := c.do(http.MethodGet, path, nil); r.Code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, r.Code)
			}
		}
	})
}
