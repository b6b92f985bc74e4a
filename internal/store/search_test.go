package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"stdreg/internal/audit"
	"stdreg/internal/config"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestSearchSurvivesVacuum: SQLite may renumber the implicit rowids of a
// table with a TEXT key on VACUUM; the search index is keyed apart from
// them, so it still finds the right standards afterwards.
func TestSearchSurvivesVacuum(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t, config.DriverSQLite)
	titles := []string{"茶叶 加工 规程", "电动自行车 安全", "数字化改革 术语", "未来社区 建设", "海岛 旅游 服务"}
	ids := make([]string, len(titles))
	for i, title := range titles {
		st := teaStandard()
		st.ID, st.TitleZH = uuid.Must(uuid.NewV7()).String(), title
		st.Code, st.NormalizedCode = fmt.Sprintf("DB33/T %d—2024", 8200+i), fmt.Sprintf("DB33/T %d-2024", 8200+i)
		st.DraftingUnits = nil
		if err := db.Store.CreateStandard(ctx, st, registered(st), event("standard.create", st.ID)); err != nil {
			t.Fatal(err)
		}
		ids[i] = st.ID
	}
	for _, i := range []int{0, 2} { // leave gaps in the rowids
		if err := db.Store.DeleteStandard(ctx, ids[i], func(standard.Standard) (audit.Event, error) { return event("standard.delete", ids[i]), nil }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Raw(t).Exec("VACUUM"); err != nil {
		t.Fatal(err)
	}
	for i, q := range []string{"电动", "社区", "旅游"} {
		page, err := db.Store.ListStandards(ctx, standard.ListQuery{Filter: standard.Filter{Q: q, Visible: standard.Visibility{AllDrafts: true}}, Sort: standard.DefaultSort, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		want := ids[[]int{1, 3, 4}[i]]
		if len(page.Items) != 1 || page.Items[0].ID != want {
			t.Errorf("q=%s after VACUUM: %d items, want only %s", q, len(page.Items), want)
		}
	}
	for _, q := range []string{"茶叶", "术语"} {
		page, _ := db.Store.ListStandards(ctx, standard.ListQuery{Filter: standard.Filter{Q: q, Visible: standard.Visibility{AllDrafts: true}}, Sort: standard.DefaultSort, Limit: 10})
		if len(page.Items) != 0 {
			t.Errorf("q=%s finds a deleted standard", q)
		}
	}
}
