package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

func listRegions(t *testing.T, c *client, query string) []httpapi.RegionResponse {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/regions?"+query, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("regions ?%s: %d %s", query, r.Code, r.Body)
	}
	var out httpapi.RegionList
	r.decode(t, &out)
	return out.Items
}

func TestRegions(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		all := listRegions(t, c, "")
		if len(all) != 102 || all[0].Code != "330000" || all[0].Name != "浙江省" || all[0].Parent != nil || all[0].City != nil {
			t.Fatalf("%d divisions, first %+v", len(all), all[0])
		}
		var cities []string
		for _, d := range listRegions(t, c, "level=city") {
			cities = append(cities, d.Name)
		}
		want := []string{"杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"}
		if diff := cmp.Diff(want, cities); diff != "" {
			t.Errorf("cities (-want +got):\n%s", diff)
		}
		lishui := listRegions(t, c, "parent=331100")
		jingning := lishui[len(lishui)-2]
		if len(lishui) != 9 || jingning.Name != "景宁畲族自治县" || deref(jingning.City) != "331100" || jingning.Level != "county" {
			t.Errorf("丽水市: %d counties, %+v", len(lishui), jingning)
		}
		for _, bad := range []string{"level=town", "parent=110000", "parent=330102&x=1"} {
			if r := c.do(http.MethodGet, "/api/v1/regions?"+bad, nil); r.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, r.Code)
			}
		}
	})
}
