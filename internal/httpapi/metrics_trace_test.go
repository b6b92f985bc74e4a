package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// listAll follows a list URL through every page.
func listAll(t *testing.T, c *client, link string) []httpapi.StandardResponse {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("page_size", "200")
	var out []httpapi.StandardResponse
	for {
		r := c.do(http.MethodGet, u.Path+"?"+q.Encode(), nil)
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", link, r.Code, r.Body)
		}
		var page httpapi.StandardList
		r.decode(t, &page)
		out = append(out, page.Items...)
		if page.NextPageToken == "" {
			return out
		}
		q.Set("page_token", page.NextPageToken)
	}
}

// moreCycles adds, to cycles', local standards of counties (上城区, and
// 330104, the old 江干区, both Hangzhou's), of the province, without a
// region, and one owned by an organization.
func moreCycles(t *testing.T, c *client) (orgID string) {
	t.Helper()
	org := createOrganization(t, c, map[string]any{"name": "杭州市标准化研究院", "kind": "institute", "region": "330100"})
	for _, s := range []struct{ code, region, org, approved, published string }{
		{"DB3301/T 0101—2025", "330102", org.ID, "2024-03-01", "2025-05-20"},
		{"DB3301/T 0102—2025", "330104", "", "2023-11-11", "2025-03-03"},
		{"DB33/T 7011—2025", "330000", org.ID, "2024-02-29", "2025-02-28"},
		{"DB33/T 7012—2023", "", "", "2022-01-05", "2023-06-30"},
		{"DB3311/T 0013—2024", "331127", "", "2023-05-05", "2024-09-09"},
	} {
		body := map[string]any{"code": s.code, "kind": "local", "title_zh": "城市 治理 标准 " + s.code, "stage": "published",
			"approved_on": s.approved, "published_on": s.published}
		if s.region != "" {
			body["region"] = s.region
		}
		if s.org != "" {
			body["organization_id"] = s.org
		}
		create(t, c, body)
	}
	return org.ID
}

// TestFiguresTraceToTheirStandards follows, for every figure and every
// group of many groupings, its standards link, and finds there count
// standards whose cycle_months average the figure's mean and whose
// within_target give its share.
func TestFiguresTraceToTheirStandards(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		cycles(t, c)
		moreCycles(t, c)
		check := func(t *testing.T, what, link string, f httpapi.CycleFigures) {
			t.Helper()
			items := listAll(t, c, link)
			if len(items) != f.Count {
				t.Fatalf("%s: %s lists %d standards, the figure counts %d", what, link, len(items), f.Count)
			}
			if f.Count == 0 {
				return
			}
			var sum float64
			var within, targeted int
			for _, it := range items {
				if it.CycleMonths == nil {
					t.Fatalf("%s: %s has no cycle_months", what, it.Code)
				}
				sum += *it.CycleMonths
				if it.WithinTarget != nil {
					targeted++
					if *it.WithinTarget {
						within++
					}
				}
			}
			if mean := sum / float64(len(items)); !near(f.MeanMonths, mean) {
				t.Errorf("%s: the list's mean is %v, the figure's %v", what, mean, deref(f.MeanMonths))
			}
			if targeted > 0 && !near(f.WithinTargetShare, float64(within)/float64(targeted)) {
				t.Errorf("%s: the list's share within target is %d/%d, the figure's %v", what, within, targeted, deref(f.WithinTargetShare))
			}
		}
		for _, query := range []string{
			"", "kind=local", "kind=local&from=2024-01-01&to=2024-12-31", "city=330100",
			"group_by=year", "group_by=kind", "group_by=organization", "group_by=region", "group_by=city",
			"kind=local&group_by=city,year", "group_by=kind,city", "group_by=organization,year", "group_by=year,region",
			"kind=local&from=2024-03-01&group_by=city", "q=标准&group_by=city", "cycle_within_target=false&group_by=city",
			"cycle_ended_from=2024-03-01&from=2023-06-01&group_by=year", "cycle_ended_to=2024-03-01&group_by=city,year",
		} {
			t.Run(query, func(t *testing.T) {
				out := figures(t, c, query)
				check(t, "the whole set", out.Standards, out.CycleFigures)
				for _, g := range out.Groups {
					check(t, g.Key, g.Standards, g.CycleFigures)
				}
			})
		}
	})
}

// TestFiguresByCity rolls counties up into their cities, names the groups,
// and groups by two things at once.
func TestFiguresByCity(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		cycles(t, c)
		orgID := moreCycles(t, c)
		type group struct {
			Key, Name string
			Count     int
		}
		groupsOf := func(query string) []group {
			var out []group
			for _, g := range figures(t, c, query).Groups {
				out = append(out, group{g.Key, g.Name, g.Count})
			}
			return out
		}
		for _, tc := range []struct {
			query string
			want  []group
		}{
			{"kind=local&group_by=city", []group{
				{"", "未注明地区", 1}, {"330000", "浙江省", 1}, {"330100", "杭州市", 4}, {"330200", "宁波市", 2},
				{"330300", "温州市", 1}, {"331100", "丽水市", 1},
			}},
			{"kind=local&group_by=region&city=330100", []group{
				{"330100", "杭州市", 2}, {"330102", "上城区", 1}, {"330104", "330104", 1},
			}},
			{"kind=local&group_by=city,year&from=2024-06-01", []group{
				{"330000,2025", "浙江省 2025年", 1}, {"330100,2024", "杭州市 2024年", 1}, {"330100,2025", "杭州市 2025年", 2},
				{"330300,2024", "温州市 2024年", 1}, {"331100,2024", "丽水市 2024年", 1},
			}},
			{"group_by=kind,organization&from=2025-01-01", []group{
				{"local,", "地方标准 未注明组织", 1}, {"local," + orgID, "地方标准 杭州市标准化研究院", 2},
			}},
		} {
			if diff := cmp.Diff(tc.want, groupsOf(tc.query)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		}
		byYear := figures(t, c, "kind=local&group_by=city,year&from=2024-06-01").Groups[2]
		if diff := cmp.Diff([]httpapi.GroupPart{{GroupBy: "city", Key: "330100", Name: "杭州市"}, {GroupBy: "year", Key: "2025", Name: "2025年"}}, byYear.By); diff != "" {
			t.Errorf("parts (-want +got):\n%s", diff)
		}
		for _, bad := range []string{"group_by=city,city", "group_by=city,year,kind", "group_by=county", "group_by=city,", "city=330102", "city=110000", "cycle_within_target=yes", "cycle_ended_from=2024-02-30", "designated_from=20x4", "designated_to=1800"} {
			if r := c.do(http.MethodGet, "/api/v1/metrics/drafting-cycle?"+bad, nil); r.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, r.Code)
			}
		}
	})
}

// TestListByCycle filters the list by the end of the cycle and whether it
// met its target, and shows each item's cycle.
func TestListByCycle(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		cycles(t, c)
		codes := func(query string) []string {
			var out []string
			for _, it := range listAll(t, c, "/api/v1/standards?sort=code&"+query) {
				out = append(out, it.Code)
			}
			return out
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"kind=local&cycle_within_target=false", []string{"DB33/T 7003—2024"}},
			{"cycle_within_target=true&cycle_ended_to=2023-12-31", []string{"DB33/T 7004—2023", ""}}, // the national draft, submitted 2023-07-15
			{"cycle_ended_from=2024-06-01", []string{"DB33/T 7001—2024", "DB33/T 7005—2024", "T/ZZB 0888—2024"}},
			{"cycle_ended_from=2024-06-01&cycle_within_target=true", []string{"DB33/T 7001—2024", "DB33/T 7005—2024"}}, // the group standard has no target
			{"region=330200&cycle_ended_to=2024-02-29", []string{"DB33/T 7003—2024", "DB33/T 7004—2023"}},
		} {
			if diff := cmp.Diff(tc.want, codes(tc.query)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		}
		items := listAll(t, c, "/api/v1/standards?q="+url.QueryEscape("DB33/T 7003—2024"))
		if len(items) != 1 || !near(items[0].CycleMonths, 20) || deref(items[0].WithinTarget) || items[0].WithinTarget == nil {
			t.Errorf("DB33/T 7003—2024: %+v", items)
		}
		// Exports carry the cycle too, and take the same filters.
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(exportOf(t, c, "csv", "kind=local&cycle_within_target=false"), []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := rows[0]
		if len(rows) != 2 || header[len(header)-2] != "cycle_months" || header[len(header)-1] != "within_target" ||
			rows[1][len(header)-2] != "20" || rows[1][len(header)-1] != "false" {
			t.Errorf("export of the missed cycles: %q", rows)
		}
		ndjson := string(exportOf(t, c, "ndjson", "kind=local&cycle_within_target=false"))
		if !strings.Contains(ndjson, `"cycle_months":20,"within_target":false`) {
			t.Errorf("NDJSON export: %s", ndjson)
		}
		draft := create(t, c, map[string]any{"kind": "local", "title_zh": "尚在起草", "stage": "proposal"})
		move(t, c, draft.ID, "drafting", "2026-01-05", http.StatusCreated)
		var running httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/"+draft.ID, nil).decode(t, &running)
		if running.CycleMonths != nil || running.WithinTarget != nil {
			t.Errorf("a running cycle has cycle_months %v within_target %v", deref(running.CycleMonths), deref(running.WithinTarget))
		}
	})
}

// TestPlanIndicatorsTrace follows each indicator's standards link: the
// counts list as many standards (one certified 浙江标准 before the
// period not at all), the cycle lists its mean.
func TestPlanIndicatorsTrace(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		cycles(t, c)
		moreCycles(t, c)
		for _, s := range []map[string]any{
			{"code": "GB/T 43001—2023", "kind": "national", "zhejiang_role": "lead", "title_zh": "数字 政府 术语", "stage": "published", "published_on": "2023-09-01"},
			{"code": "GB/T 43002—2022", "kind": "national", "zhejiang_role": "lead", "title_zh": "早于规划", "stage": "published", "published_on": "2022-09-01"},
			{"code": "T/ZZB 1001—2024", "kind": "group", "title_zh": "电动工具 浙江制造", "stage": "published", "published_on": "2024-05-01",
				"designations": []map[string]any{{"type": "made_in_zhejiang", "year": 2024, "reference": "浙制〔2024〕1号"}, {"type": "zhejiang_standard", "year": 2025}}},
			{"code": "ISO 4210-2:2023", "kind": "international", "zhejiang_role": "participant", "title_zh": "自行车 安全要求", "stage": "published", "published_on": "2023-08-01"},
			{"code": "IEC 60335-1:2024", "kind": "international", "zhejiang_role": "lead", "title_zh": "家用电器 安全", "stage": "published", "published_on": "2024-08-01"},
			{"code": "ISO 9001:2015", "kind": "international", "zhejiang_role": "none", "title_zh": "质量管理体系 要求", "stage": "published", "published_on": "2023-09-23"},
			{"code": "DB33/T 7020—2022", "kind": "local", "title_zh": "早年认定", "stage": "published", "published_on": "2022-05-01",
				"designations": []map[string]any{{"type": "zhejiang_standard", "year": 2022}}},
			{"code": "Q/ZJ 0002S—2024", "kind": "enterprise", "title_zh": "龙井茶 领跑者", "stage": "published", "published_on": "2024-02-01",
				"designations": []map[string]any{{"type": "forerunner", "year": 2024, "reference": "茶叶"}}},
		} {
			create(t, c, s)
		}
		r := c.do(http.MethodGet, "/api/v1/metrics/plan-targets?as_of=2025-12-31", nil)
		var out httpapi.PlanTargetsResponse
		r.decode(t, &out)
		linked := 0
		for _, ind := range out.Indicators {
			if ind.Standards == nil {
				continue
			}
			linked++
			items := listAll(t, c, *ind.Standards)
			if ind.Key == "local_cycle_months" {
				var sum float64
				for _, it := range items {
					sum += deref(it.CycleMonths)
				}
				if !near(ind.Actual, sum/float64(len(items))) {
					t.Errorf("%s: the list's mean is %v of %d, the indicator's %v", ind.Key, sum/float64(len(items)), len(items), deref(ind.Actual))
				}
				continue
			}
			if !near(ind.Actual, float64(len(items))) || len(items) == 0 {
				t.Errorf("%s: %s lists %d, the indicator counts %v", ind.Key, *ind.Standards, len(items), deref(ind.Actual))
			}
		}
		if linked != 6 {
			t.Errorf("%d indicators link their standards, want 6", linked)
		}
	})
}
