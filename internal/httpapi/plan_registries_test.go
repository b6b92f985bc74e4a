package httpapi_test

import (
	"net/http"
	"testing"
)

// TestPlanTargetsFromTheOtherRegistries: tech_projects_share, city_pilots
// and technical_bodies counted on a known set on the plan's last day and
// a day within it, each with list links that select exactly the records
// behind the figure. The counts' edges are proved in the store's
// TestRegistryCounts.
func TestPlanTargetsFromTheOtherRegistries(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		w := newProjectWorld(t, c)
		terminated := create(t, c, map[string]any{"kind": "local", "title_zh": "氢燃料电池 加氢站 运营规范", "stage": "proposal", "organization_id": w.org}).ID
		mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/standards/"+terminated+"/transitions", map[string]any{"to": "terminated", "occurred_on": "2024-02-01"})
		project := func(name, accepted string, ids ...string) {
			b := w.body(name, ids...)
			b["started_on"], b["accepted_on"] = "2021-01-01", accepted
			createProject(t, c, b)
		}
		project("accepted on the plan's last day", "2025-12-31", w.published)
		project("only a terminated draft", "2024-05-05", terminated)
		project("only an unapproved draft", "2024-06-06", w.draft)
		project("accepted before the plan", "2022-12-31", w.published)
		pilot := func(name, kind, approved, status string) {
			b := map[string]any{"name": name, "kind": kind, "level": "provincial", "region": "330500", "approved_on": approved, "status": status}
			createPilot(t, c, b)
		}
		pilot("湖州市 城市标准化试点", "city", "2023-01-01", "building")
		pilot("德清县 县域标准化试点", "county", "2025-12-31", "building")
		pilot("义乌市 revoked", "city", "2024-03-01", "revoked")
		pilot("安吉白茶 示范区", "domain", "2024-04-01", "building")
		for _, b := range []map[string]any{
			{"code": "SAC/TC 22/SC 3", "level": "national", "settled_on": "2024-05-18"},
			{"code": "ISO/TC 207/SC 1", "level": "international", "settled_on": "2022-12-31"},
			{"code": "ZJ/TC 33", "level": "provincial", "settled_on": "2024-01-01"},
		} {
			b["name"], b["secretariat_organization_id"] = "技术组织", w.org
			createBody(t, c, b)
		}
		for _, tc := range []struct {
			asOf                  string
			share, pilots, bodies float64
			projects, producing   int
		}{
			{"2025-12-31", 33.3, 2, 1, 3, 1},
			{"2025-12-30", 0, 1, 1, 2, 0},
		} {
			got := planTargets(t, c, "as_of="+tc.asOf)
			for key, want := range map[string]float64{"tech_projects_share": tc.share, "city_pilots": tc.pilots, "technical_bodies": tc.bodies} {
				if ind := got[key]; !near(ind.Actual, want) || ind.Met == nil || *ind.Met {
					t.Errorf("as of %s, %s: %+v, want %v and not met", tc.asOf, key, ind, want)
				}
			}
			for key, n := range map[string]int{"city_pilots": int(tc.pilots), "technical_bodies": int(tc.bodies), "tech_projects_share": tc.projects} {
				if ids, _ := walkIDs(t, c, got[key].Records); len(ids) != n {
					t.Errorf("as of %s, %s: %s lists %d records, want %d", tc.asOf, key, got[key].Records, len(ids), n)
				}
			}
			if ids, _ := walkIDs(t, c, got["tech_projects_share"].RecordsProducing); len(ids) != tc.producing {
				t.Errorf("as of %s: %d projects producing, want %d", tc.asOf, len(ids), tc.producing)
			}
		}
	})
}
