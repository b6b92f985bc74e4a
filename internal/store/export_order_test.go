package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestExportFollowsTheList: an export yields exactly the standards, in
// exactly the order and with exactly the fields, that paging through the
// list gives for the same query, in every sort (both directions, numbers
// and days missing on some rows) and with filters and q.
func TestExportFollowsTheList(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		titles := []string{"西湖龙井茶 加工技术规程", "绿茶 茶叶 冲泡方法", "电动自行车 停放充电场所 消防安全", "未来社区 建设指南", "茶叶 包装 标识",
			"海岛 旅游 服务规范", "数字化改革 术语定义", "杭白菊 生产技术规程", "茶叶 冷链物流 要求", "农村 生活污水 处理设施"}
		for i, title := range titles {
			st := teaStandard()
			st.ID, st.TitleZH = uuid.Must(uuid.NewV7()).String(), title
			st.Code, st.NormalizedCode = fmt.Sprintf("DB33/T %d—2024", 3000-i*7%5*100-i), fmt.Sprintf("DB33/T %d-2024", 3000-i*7%5*100-i)
			switch i % 4 {
			case 1: // a draft: no number, no publication day
				st.Code, st.NormalizedCode, st.Stage, st.PublishedOn, st.EffectiveOn = "", "", standard.StageDrafting, standard.Date{}, standard.Date{}
				st.ApprovedOn = day(fmt.Sprintf("2025-01-%02d", 10+i))
			case 2:
				st.Kind, st.Code, st.NormalizedCode = standard.KindGroup, fmt.Sprintf("T/ZZB %04d—2023", 100+i), fmt.Sprintf("T/ZZB %04d-2023", 100+i)
				st.Designations, st.ICS = nil, nil
				st.PublishedOn, st.EffectiveOn = day(fmt.Sprintf("2023-05-%02d", 1+i)), standard.Date{}
			case 3:
				st.ApprovedOn = standard.Date{}
			}
			register(t, db, st)
		}
		all := standard.Visibility{AllDrafts: true}
		for _, c := range []struct {
			name   string
			filter standard.Filter
			sort   standard.Sort
		}{
			{"by number", standard.Filter{}, standard.DefaultSort},
			{"by number, backwards", standard.Filter{}, standard.Sort{Key: standard.SortCode, Desc: true}},
			{"by publication day", standard.Filter{}, standard.Sort{Key: standard.SortPublishedOn}},
			{"by publication day, backwards", standard.Filter{}, standard.Sort{Key: standard.SortPublishedOn, Desc: true}},
			{"by approval day", standard.Filter{}, standard.Sort{Key: standard.SortApprovedOn}},
			{"by registration, backwards", standard.Filter{}, standard.Sort{Key: standard.SortCreatedAt, Desc: true}},
			{"local standards", standard.Filter{Kind: standard.KindLocal}, standard.DefaultSort},
			{"茶叶 by number", standard.Filter{Q: "茶叶"}, standard.DefaultSort},
			{"茶叶 by relevance", standard.Filter{Q: "茶叶"}, standard.Sort{Key: standard.SortRelevance}},
			{"published only", standard.Filter{Stage: standard.StagePublished}, standard.DefaultSort},
		} {
			t.Run(c.name, func(t *testing.T) {
				c.filter.Visible = all
				q := standard.ListQuery{Filter: c.filter, Sort: c.sort, Limit: 3}
				var listed []standard.Standard
				for {
					page, err := db.Store.ListStandards(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					listed = append(listed, page.Items...)
					if page.Next == nil {
						break
					}
					q.After = page.Next
				}
				var exported []standard.Standard
				err := db.Store.ExportStandards(ctx, standard.ListQuery{Filter: c.filter, Sort: c.sort}, func(st standard.Standard) error {
					exported = append(exported, st)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if len(listed) < 2 {
					t.Fatalf("the list gives %d standards: the case proves nothing", len(listed))
				}
				if !reflect.DeepEqual(exported, listed) {
					t.Errorf("export gives %d standards:\n%s\nthe list %d:\n%s", len(exported), titlesOf(exported), len(listed), titlesOf(listed))
				}
			})
		}
	})
}

func titlesOf(sts []standard.Standard) string {
	out := ""
	for _, st := range sts {
		out += fmt.Sprintf("  %s %q published %s ICS %v\n", st.Code, st.TitleZH, st.PublishedOn, st.ICS)
	}
	return out
}
