package httpapi_test

import (
	"math"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// cycles registers local standards with known cycles:
//
//	DB33/T 7001 2023-03-15 → 2024-06-15  15 months (on the deadline)
//	DB33/T 7002 2023-01-10 → 2024-01-10  12
//	DB33/T 7003 2022-06-30 → 2024-02-29  20 (20 months after 30 June is 29 February)
//	DB33/T 7004 2023-02-01 → 2023-11-16   9.5 (9 months, then 15 of November's 30 days)
//	DB33/T 7005 2024-01-31 → 2024-12-31  11
//
// sorted 9.5, 11, 12, 15, 20: mean 13.5, median 12, p90 15 + 0.6·5 = 18,
// four of five within 15 months.
func cycles(t *testing.T, c *client) {
	t.Helper()
	for _, s := range []struct{ code, region, approved, published string }{
		{"DB33/T 7001—2024", "330100", "2023-03-15", "2024-06-15"},
		{"DB33/T 7002—2024", "330100", "2023-01-10", "2024-01-10"},
		{"DB33/T 7003—2024", "330200", "2022-06-30", "2024-02-29"},
		{"DB33/T 7004—2023", "330200", "2023-02-01", "2023-11-16"},
		{"DB33/T 7005—2024", "330300", "2024-01-31", "2024-12-31"},
	} {
		create(t, c, map[string]any{"code": s.code, "kind": "local", "title_zh": "茶叶 标准 " + s.code, "stage": "published",
			"region": s.region, "approved_on": s.approved, "published_on": s.published})
	}
	// A group standard without a target, and a national recommended one,
	// whose cycle ends with the submission for approval (18 months).
	create(t, c, map[string]any{"code": "T/ZZB 0888—2024", "kind": "group", "title_zh": "电动自行车 锂电池", "stage": "published",
		"approved_on": "2023-06-01", "published_on": "2024-06-01"})
	national := create(t, c, map[string]any{"kind": "national", "nature": "recommended", "title_zh": "数据安全 评估指南", "stage": "proposal"}).ID
	for _, m := range [][2]string{{"drafting", "2022-01-15"}, {"consultation", "2022-09-01"}, {"review", "2023-01-01"}, {"approval", "2023-07-15"}} {
		move(t, c, national, m[0], m[1], http.StatusCreated)
	}
}

func figures(t *testing.T, c *client, query string) httpapi.DraftingCycleResponse {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/metrics/drafting-cycle?"+query, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", query, r.Code, r.Body)
	}
	var out httpapi.DraftingCycleResponse
	r.decode(t, &out)
	return out
}

func near(a *float64, b float64) bool { return a != nil && math.Abs(*a-b) < 1e-9 }

func TestDraftingCycleFigures(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		cycles(t, c)
		local := figures(t, c, "kind=local")
		if local.Count != 5 || !near(local.MeanMonths, 13.5) || !near(local.MedianMonths, 12) || !near(local.P90Months, 18) ||
			!near(local.WithinTargetShare, 0.8) || deref(local.TargetMonths) != 15 || !deref(local.TargetMet) || local.To != "2026-11-28" {
			t.Errorf("local: %+v mean %v median %v p90 %v share %v", local, deref(local.MeanMonths), deref(local.MedianMonths), deref(local.P90Months), deref(local.WithinTargetShare))
		}

		window := figures(t, c, "kind=local&from=2024-01-01&to=2024-12-31")
		if window.Count != 4 || !near(window.MeanMonths, 14.5) || deref(window.From) != "2024-01-01" {
			t.Errorf("2024 window: count %d mean %v", window.Count, deref(window.MeanMonths))
		}

		// All kinds: the national standard counts to its submission (18
		// months, within target), the group standard has no target, so the
		// set has no single target.
		all := figures(t, c, "")
		if all.Count != 7 || all.TargetMonths != nil || all.TargetMet != nil || !near(all.WithinTargetShare, 5.0/6) {
			t.Errorf("all kinds: count %d target %v met %v share %v", all.Count, all.TargetMonths, all.TargetMet, deref(all.WithinTargetShare))
		}
		national := figures(t, c, "kind=national")
		if national.Count != 1 || !near(national.MeanMonths, 18) || deref(national.TargetMonths) != 18 || !deref(national.TargetMet) {
			t.Errorf("national: %+v", national)
		}

		byYear := figures(t, c, "kind=local&group_by=year")
		var years []string
		for _, g := range byYear.Groups {
			years = append(years, g.Key)
		}
		if diff := cmp.Diff([]string{"2023", "2024"}, years); diff != "" {
			t.Fatalf("years (-want +got):\n%s", diff)
		}
		y2024 := byYear.Groups[1]
		// 11, 12, 15, 20: median 12 + 0.5·3 = 13.5; p90 at 2.7: 15 + 0.7·5 = 18.5.
		if y2024.Count != 4 || !near(y2024.MeanMonths, 14.5) || !near(y2024.MedianMonths, 13.5) || !near(y2024.P90Months, 18.5) || !near(y2024.WithinTargetShare, 0.75) {
			t.Errorf("2024: %+v median %v p90 %v", y2024, deref(y2024.MedianMonths), deref(y2024.P90Months))
		}
		if byYear.Groups[0].Count != 1 || !near(byYear.Groups[0].MedianMonths, 9.5) || !near(byYear.Groups[0].P90Months, 9.5) {
			t.Errorf("2023: %+v", byYear.Groups[0])
		}

		byRegion := figures(t, c, "kind=local&group_by=region")
		got := map[string]int{}
		for _, g := range byRegion.Groups {
			got[g.Key] = g.Count
		}
		if diff := cmp.Diff(map[string]int{"330100": 2, "330200": 2, "330300": 1}, got); diff != "" {
			t.Errorf("regions (-want +got):\n%s", diff)
		}
		var institute httpapi.OrganizationResponse
		c.do(http.MethodPost, "/api/v1/organizations", map[string]any{"name": "浙江省标准化研究院", "kind": "institute"}).decode(t, &institute)
		for _, code := range []string{"DB33/T 7001—2024", "DB33/T 7002—2024"} {
			var st httpapi.StandardResponse
			c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape(code), nil).decode(t, &st)
			c.do(http.MethodPatch, "/api/v1/standards/"+st.ID, map[string]any{"organization_id": institute.ID})
		}
		byOrganization := figures(t, c, "kind=local&group_by=organization")
		owned := map[string]int{}
		for _, g := range byOrganization.Groups {
			owned[g.Key] = g.Count
		}
		if diff := cmp.Diff(map[string]int{"": 3, institute.ID: 2}, owned); diff != "" {
			t.Errorf("organizations (-want +got):\n%s", diff)
		}
		byKind := figures(t, c, "group_by=kind")
		if len(byKind.Groups) != 3 || byKind.Groups[0].Key != "group" || byKind.Groups[0].TargetMonths != nil {
			t.Errorf("kinds: %+v", byKind.Groups)
		}

		empty := figures(t, c, "kind=local&from=2025-01-01")
		if empty.Count != 0 || empty.MeanMonths != nil || empty.MedianMonths != nil || empty.TargetMet != nil {
			t.Errorf("no cycles: %+v", empty)
		}
		for _, bad := range []string{"group_by=month", "from=2024-13-01", "kind=city", "from=2024-06-01&to=2024-01-01", "window=2024"} {
			if r := c.do(http.MethodGet, "/api/v1/metrics/drafting-cycle?"+bad, nil); r.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, r.Code)
			}
		}
	})
}

func TestOverdueDrafts(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		running := func(title, approved string, moves ...[2]string) string {
			id := draftOf(t, c, title)
			move(t, c, id, "drafting", approved, http.StatusCreated)
			for _, m := range moves {
				move(t, c, id, m[0], m[1], http.StatusCreated)
			}
			return id
		}
		late := running("未来工厂 建设导则", "2025-06-01", [2]string{"consultation", "2026-01-15"}) // deadline 2026-09-01
		edge := running("共享单车 运营服务规范", "2025-08-31")                                        // deadline 2026-11-30
		soon := running("城市大脑 数据接口规范", "2025-09-15")                                        // deadline 2026-12-15
		running("海洋牧场 建设规范", "2026-01-10")                                                  // far from its deadline
		published := running("早已发布", "2024-01-01", [2]string{"consultation", "2024-03-01"}, [2]string{"review", "2024-05-01"}, [2]string{"approval", "2024-06-01"})
		c.do(http.MethodPatch, "/api/v1/standards/"+published, `{"code": "DB33/T 7100—2026"}`, "Content-Type", "application/merge-patch+json")
		move(t, c, published, "published", "2026-01-01", http.StatusCreated) // 24 months: late, but no longer running
		national := create(t, c, map[string]any{"kind": "national", "nature": "recommended", "title_zh": "工业互联网 平台 评价", "stage": "proposal"}).ID
		move(t, c, national, "drafting", "2024-01-01", http.StatusCreated) // 18-month deadline 2025-07-01
		submitted := create(t, c, map[string]any{"kind": "national", "nature": "recommended", "title_zh": "已报批", "stage": "proposal"}).ID
		for _, m := range [][2]string{{"drafting", "2024-01-01"}, {"consultation", "2024-02-01"}, {"review", "2024-03-01"}, {"approval", "2026-01-01"}} {
			move(t, c, submitted, m[0], m[1], http.StatusCreated) // submitted late, but its cycle has ended
		}

		list := func(query string) []httpapi.OverdueItem {
			r := c.do(http.MethodGet, "/api/v1/metrics/overdue?"+query, nil)
			if r.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", query, r.Code, r.Body)
			}
			var out httpapi.OverdueList
			r.decode(t, &out)
			return out.Items
		}
		ids := func(items []httpapi.OverdueItem) []string {
			out := []string{}
			for _, it := range items {
				out = append(out, it.ID)
			}
			return out
		}
		for _, tc := range []struct {
			name, query string
			want        []string
		}{
			{"today", "", []string{national, late}},
			{"the deadline day itself is not late", "within_days=2", []string{national, late}},
			{"the day after is", "within_days=3", []string{national, late, edge}},
			{"within a month", "within_days=30", []string{national, late, edge, soon}},
			{"as of an earlier day", "as_of=2025-12-31", []string{national}},
			{"filtered like the list", "kind=local&within_days=30", []string{late, edge, soon}},
			{"by stage", "stage=consultation", []string{late}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if diff := cmp.Diff(tc.want, ids(list(tc.query))); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
		items := list("kind=local")
		if len(items) != 1 || items[0].TargetMonths != 15 || items[0].Deadline != "2026-09-01" || items[0].ApprovedOn != "2025-06-01" ||
			math.Abs(items[0].MonthsElapsed-(17+27.0/30)) > 1e-9 || items[0].Stage != "consultation" || items[0].EndsWith != "published" {
			t.Errorf("overdue item: %+v", items)
		}

		// Keyset pages of one walk the whole list.
		var walked []string
		token := ""
		for range 10 {
			r := c.do(http.MethodGet, "/api/v1/metrics/overdue?within_days=30&page_size=1&page_token="+url.QueryEscape(token), nil)
			var page httpapi.OverdueList
			r.decode(t, &page)
			walked = append(walked, ids(page.Items)...)
			if token = page.NextPageToken; token == "" {
				break
			}
		}
		if diff := cmp.Diff([]string{national, late, edge, soon}, walked); diff != "" {
			t.Errorf("pages (-want +got):\n%s", diff)
		}
		for _, bad := range []string{"within_days=-1", "within_days=x", "as_of=2026-02-30", "page_size=0", "when=today"} {
			if r := c.do(http.MethodGet, "/api/v1/metrics/overdue?"+bad, nil); r.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, r.Code)
			}
		}
	})
}

func TestPlanTargets(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		empty := planTargets(t, c, "")
		if empty["local_cycle_months"].Actual != nil || empty["national_led"].Actual == nil || *empty["national_led"].Actual != 0 {
			t.Errorf("an empty registry: %+v", empty)
		}
		cycles(t, c)
		for _, s := range []map[string]any{
			{"code": "GB/T 43697—2024", "kind": "national", "title_zh": "数据安全技术 数据分类分级规则", "stage": "published", "published_on": "2024-03-15", "zhejiang_role": "lead"},
			{"code": "GB 17761—2018", "kind": "national", "title_zh": "电动自行车安全技术规范", "stage": "published", "published_on": "2018-05-15", "zhejiang_role": "lead"}, // before the plan
			{"code": "ISO 4210-2:2023", "kind": "international", "title_zh": "自行车 安全要求", "stage": "published", "published_on": "2023-08-01", "zhejiang_role": "participant"},
			{"code": "T/ZZB 0001—2018", "kind": "group", "title_zh": "浙江制造 早期标准", "stage": "published", "published_on": "2018-12-01", "designations": []map[string]any{{"type": "made_in_zhejiang", "year": 2018}}},
			{"code": "T/ZZB 2001—2024", "kind": "group", "title_zh": "浙江制造 新标准", "stage": "published", "published_on": "2024-12-01", "designations": []map[string]any{{"type": "made_in_zhejiang", "year": 2024}, {"type": "zhejiang_standard", "year": 2025}}},
			{"code": "Q/ZJ 0001S—2023", "kind": "enterprise", "title_zh": "龙井茶", "stage": "published", "published_on": "2023-05-01", "designations": []map[string]any{{"type": "forerunner", "year": 2023, "reference": "茶叶"}}},
		} {
			create(t, c, s)
		}
		got := planTargets(t, c, "as_of=2025-12-31")
		want := map[string]float64{"national_led": 1, "international": 1, "zhejiang_standard": 1, "made_in_zhejiang": 2, "forerunner": 1}
		for key, n := range want {
			if got[key].Actual == nil || *got[key].Actual != n || got[key].Met == nil || *got[key].Met {
				t.Errorf("%s: %+v, want actual %v and not met", key, got[key], n)
			}
		}
		// Local cycles ended from 2023: all five (13.5 months, within 15).
		cycle := got["local_cycle_months"]
		if !near(cycle.Actual, 13.5) || cycle.Met == nil || !*cycle.Met || cycle.Bound != "at_most" || cycle.Target != 15 {
			t.Errorf("local cycle: %+v", cycle)
		}
		for _, key := range []string{"tech_projects_share", "city_pilots", "technical_bodies"} {
			if got[key].Actual != nil || got[key].Met != nil || got[key].Note == "" {
				t.Errorf("%s: %+v, want null with a reason", key, got[key])
			}
		}
		if len(got) != 9 {
			t.Errorf("%d indicators, want 9", len(got))
		}
		earlier := planTargets(t, c, "as_of=2023-12-31")
		if *earlier["made_in_zhejiang"].Actual != 1 || !near(earlier["local_cycle_months"].Actual, 9.5) {
			t.Errorf("as of 2023: made in Zhejiang %v, local cycle %v", *earlier["made_in_zhejiang"].Actual, deref(earlier["local_cycle_months"].Actual))
		}
		if r := c.do(http.MethodGet, "/api/v1/metrics/plan-targets?as_of=soon", nil); r.Code != http.StatusBadRequest {
			t.Errorf("bad as_of: %d", r.Code)
		}
	})
}

func planTargets(t *testing.T, c *client, query string) map[string]httpapi.IndicatorBody {
	t.Helper()
	r := c.as("").do(http.MethodGet, "/api/v1/metrics/plan-targets?"+query, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("%d %s", r.Code, r.Body)
	}
	var out httpapi.PlanTargetsResponse
	r.decode(t, &out)
	m := map[string]httpapi.IndicatorBody{}
	for _, ind := range out.Indicators {
		m[ind.Key] = ind
	}
	return m
}

// TestCycleRulesAreConfigurable: the targets come from the configured
// rules (STDREG_CYCLE_RULES), not from constants.
func TestCycleRulesAreConfigurable(t *testing.T) {
	t.Parallel()
	rules, err := standard.ParseCycleRules("local=12:published,group=24:published")
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		c := newClientOn(t, db, clientConfig{rules: &rules})
		cycles(t, c)
		// 9.5, 11, 12, 15, 20 months against 12: three within, mean 13.5 over.
		local := figures(t, c, "kind=local")
		if deref(local.TargetMonths) != 12 || !near(local.WithinTargetShare, 0.6) || local.TargetMet == nil || *local.TargetMet {
			t.Errorf("local under a 12-month rule: target %v share %v met %v", local.TargetMonths, deref(local.WithinTargetShare), local.TargetMet)
		}
		// The group standard took 12 months: within its 24.
		group := figures(t, c, "kind=group")
		if deref(group.TargetMonths) != 24 || !near(group.WithinTargetShare, 1) || !deref(group.TargetMet) {
			t.Errorf("group under a 24-month rule: %+v", group)
		}
		// National standards have no rule now: measured to publication, no target.
		national := figures(t, c, "kind=national")
		if national.Count != 0 || national.TargetMonths != nil {
			t.Errorf("national without a rule (never published here): %+v", national)
		}
	})
}
