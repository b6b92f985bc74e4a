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
	t.Parallel()
	ctx := context.Background()
	db := storetest.New(t, config.DriverSQLite)
	titles := []string{"茶叶 加工 规程", "电动自行车 安全", "数字化改革 术语", "未来社区 建设", "海岛 旅游 服务"}
	ids := make([]string, len(titles))
	for i, title := range titles {
		st := teaStandard()
		st.ID, st.TitleZH = uuid.Must(uuid.NewV7()).String(), title
		st.Code, st.NormalizedCode = fmt.Sprintf("DB33/T %d—2024", 8200+i), fmt.Sprintf("DB33/T %d-2024", 8200+i)
		st.DraftingUnits = nil
		register(t, db, st)
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

// TestRelevancePagesDenseAndSparse: a tier's first matches in id order
// come out the same on every page whichever way they are found: in the
// window of ids walked first, unordered and sorted here, or by the walk
// past the window.
func TestRelevancePagesDenseAndSparse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		titles := []string{"茶叶 加工 规程", "电动自行车 安全", "绿茶 茶叶 分级", "茶园 管理", "茶叶 术语", "龙井茶 茶叶 采摘", "海岛 旅游", "茶叶 包装 标识"}
		for i, title := range titles {
			st := teaStandard()
			st.ID, st.TitleZH = uuid.Must(uuid.NewV7()).String(), title
			st.Code, st.NormalizedCode = fmt.Sprintf("DB33/T %d—2024", 8300+i), fmt.Sprintf("DB33/T %d-2024", 8300+i)
			st.DraftingUnits = []string{"浙江省标准化研究院"}
			if i%3 == 1 {
				st.DraftingUnits = []string{"浙江省茶叶研究院"} // matched only through a drafting unit
			}
			register(t, db, st)
		}
		walk := func(size int) []string {
			var codes []string
			q := standard.ListQuery{Filter: standard.Filter{Q: "茶叶", Visible: standard.Visibility{AllDrafts: true}}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: size}
			for range 20 {
				page, err := db.Store.ListStandards(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, st := range page.Items {
					codes = append(codes, st.Code)
				}
				if page.Next == nil {
					return codes
				}
				q.After = page.Next
			}
			t.Fatal("more than 20 pages")
			return nil
		}
		// Titles holding 茶叶 by id, then the one matched through its unit.
		want := []string{"DB33/T 8300—2024", "DB33/T 8302—2024", "DB33/T 8304—2024", "DB33/T 8305—2024", "DB33/T 8307—2024", "DB33/T 8301—2024"}
		for _, bounds := range [][2]int{{1, 1}, {2, 1}, {3, 2}, {2, 3}, {4, 100}, {100, 1}, {100, 100}} {
			restore := db.Store.SetRelevanceBounds(bounds[0], bounds[1])
			for _, size := range []int{1, 2, 3, 50} {
				if got := walk(size); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("window %d, cap %d, pages of %d: %v, want %v", bounds[0], bounds[1], size, got, want)
				}
			}
			restore()
		}
	})
}

// TestNumberShapedQueryAlsoSearchesText: KPG19 parses as a number (the
// international KPG 19), and it is also the model that titles begin
// with; a search finds the numbers first, then the titles, on every page
// and in the count.
func TestNumberShapedQueryAlsoSearchesText(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		add := func(code, normalized, title string) string {
			st := teaStandard()
			st.ID, st.TitleZH, st.Code, st.NormalizedCode = uuid.Must(uuid.NewV7()).String(), title, code, normalized
			st.DraftingUnits = nil
			register(t, db, st)
			return st.ID
		}
		byTitle := add("DB33/T 8401—2024", "DB33/T 8401-2024", "KPG19型 智能电能表 技术条件")
		byNumber := add("KPG 19", "KPG 19", "电能表 检定规程")
		add("DB33/T 8402—2024", "DB33/T 8402-2024", "西湖龙井茶 加工技术规程")
		for _, sort := range []standard.Sort{{Key: standard.SortRelevance}, standard.DefaultSort} {
			var got []string
			q := standard.ListQuery{Filter: standard.Filter{Q: "KPG19", Visible: standard.Visibility{AllDrafts: true}}, Sort: sort, Limit: 1}
			for {
				page, err := db.Store.ListStandards(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, st := range page.Items {
					got = append(got, st.ID)
				}
				if page.Next == nil {
					break
				}
				q.After = page.Next
			}
			want := []string{byNumber, byTitle}
			if sort.Key == standard.SortRelevance && (len(got) != 2 || got[0] != want[0] || got[1] != want[1]) {
				t.Errorf("by relevance: %v, want the number %s then the title %s", got, byNumber, byTitle)
			}
			if len(got) != 2 {
				t.Errorf("sorted by %s: %d standards, want 2 (the number and the title)", sort.Key, len(got))
			}
		}
	})
}
