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
	})
}
