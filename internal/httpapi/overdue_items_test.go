package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// TestOverdueItemsSayWhose names each overdue draft's kind, organization,
// region and deadline, so an auditor knows whose it is.
func TestOverdueItemsSayWhose(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, map[string]any{"name": "宁波市标准化研究院", "kind": "institute", "region": "330200"})
		owned := create(t, c, map[string]any{"kind": "local", "title_zh": "港口 物流 服务规范", "stage": "proposal", "region": "330212", "organization_id": org.ID})
		move(t, c, owned.ID, "drafting", "2025-01-31", http.StatusCreated)
		bare := create(t, c, map[string]any{"kind": "national", "nature": "recommended", "title_zh": "工业互联网 平台 评价", "stage": "proposal"})
		move(t, c, bare.ID, "drafting", "2024-01-01", http.StatusCreated)

		r := c.do(http.MethodGet, "/api/v1/metrics/overdue", nil)
		if r.Code != http.StatusOK {
			t.Fatalf("%d %s", r.Code, r.Body)
		}
		var out httpapi.OverdueList
		r.decode(t, &out)
		name, region, district := "宁波市标准化研究院", "330212", "鄞州区"
		want := []httpapi.OverdueItem{
			{ID: bare.ID, TitleZH: "工业互联网 平台 评价", Kind: "national", Stage: "drafting", ApprovedOn: "2024-01-01",
				TargetMonths: 18, Deadline: "2025-07-01", EndsWith: "approval"},
			{ID: owned.ID, TitleZH: "港口 物流 服务规范", Kind: "local", Stage: "drafting", OrganizationID: &org.ID, OrganizationName: &name,
				Region: region, RegionName: &district, ApprovedOn: "2025-01-31", TargetMonths: 15, Deadline: "2026-04-30", EndsWith: "published"},
		}
		for i := range out.Items {
			out.Items[i].MonthsElapsed = 0
		}
		if diff := cmp.Diff(want, out.Items); diff != "" {
			t.Errorf("overdue items (-want +got):\n%s", diff)
		}

		// The download says the same of each, names included: it reads
		// them in its one statement, not through the page's lookup.
		for _, format := range []string{"csv", "xlsx"} {
			var rows [][]string
			if body := download(t, c, "/api/v1/metrics/overdue?as_of=2026-11-28", format); format == "csv" {
				rows = csvRows(t, body)
			} else {
				rows = xlsxRows(t, body)
			}
			var got [][]string
			for _, row := range rows[1:] {
				// code, title, kind, stage, organization, region, its name, approved, deadline, target, ends with, organization id, id
				got = append(got, append(append([]string{}, row[:9]...), row[10:]...))
			}
			wantRows := [][]string{
				{"", "工业互联网 平台 评价", "national", "drafting", "", "", "", "2024-01-01", "2025-07-01", "18", "approval", "", bare.ID},
				{"", "港口 物流 服务规范", "local", "drafting", name, region, district, "2025-01-31", "2026-04-30", "15", "published", org.ID, owned.ID},
			}
			if diff := cmp.Diff(wantRows, got); diff != "" {
				t.Errorf("overdue drafts as %s (-want +got):\n%s", format, diff)
			}
		}
	})
}
