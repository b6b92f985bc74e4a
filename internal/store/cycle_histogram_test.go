package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestCycleHistogram: the cycles that ended in the window, of the kind
// asked, counted by whole months rounded up, on both databases. The
// bars are the target's: a cycle of exactly 15.0 months (within the
// 15-month target) stands in bar 15 with the others within it, one a day
// longer in bar 16 with those past it, so no bar mixes the two.
func TestCycleHistogram(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cycle
		bar    int  // the bar it belongs to; -1: not counted
		within bool // within the 15-month target
	}{
		{"十二个月整", cycle{"330100", "local", "2023-01-10", "2024-01-10"}, 12, true},
		{"十五个月整：恰在目标上", cycle{"330100", "local", "2023-03-15", "2024-06-15"}, 15, true},
		{"十五个月整：月末截到二月末", cycle{"330200", "local", "2023-11-30", "2025-02-28"}, 15, true},
		{"十五个月零一天", cycle{"330200", "local", "2023-03-15", "2024-06-16"}, 16, false},
		{"十五个月零十天", cycle{"330200", "local", "2023-02-10", "2024-05-20"}, 16, false},
		{"月末到月末二十个月", cycle{"330200", "local", "2022-06-30", "2024-02-29"}, 20, false},
		{"九个半月", cycle{"330300", "local", "2023-02-01", "2023-11-16"}, 10, true},
		{"不到一个月", cycle{"330300", "local", "2023-04-01", "2023-04-20"}, 1, true},
		{"窗口之前结束", cycle{"330400", "local", "2019-01-01", "2021-06-01"}, -1, false},
		{"其他类别", cycle{"330400", "group", "2023-06-01", "2024-06-01"}, -1, true},
	}
	want := map[int]int{}
	for _, c := range cases {
		months := standard.Months(day(c.approved), day(c.published))
		if got := months <= 15; got != c.within {
			t.Fatalf("%s: %.3f months, within the target %v, the case says %v", c.name, months, got, c.within)
		}
		if c.bar < 0 {
			continue
		}
		if c.within != (c.bar <= 15) {
			t.Fatalf("%s: bar %d is on the wrong side of the target", c.name, c.bar)
		}
		want[c.bar]++
	}
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		for i, c := range cases {
			st := teaStandard()
			st.ID = uuid.Must(uuid.NewV7()).String()
			st.Code, st.NormalizedCode = fmt.Sprintf("DB33/T %d—2024", 7100+i), fmt.Sprintf("DB33/T %d-2024", 7100+i)
			st.Kind, st.Region = standard.Kind(c.kind), c.region
			st.ApprovedOn, st.PublishedOn, st.EffectiveOn = day(c.approved), day(c.published), day(c.published)
			register(t, db, st)
		}
		got, err := db.Store.CycleHistogram(context.Background(), standard.CycleQuery{
			Filter: standard.Filter{Kind: standard.KindLocal}, From: day("2022-01-01"), To: day("2026-11-28"), Rules: standard.DefaultCycleRules(),
		})
		if err != nil {
			t.Fatal(err)
		}
		counted := map[int]int{}
		for i, b := range got {
			counted[b.Months] = b.Count
			if i > 0 && got[i-1].Months >= b.Months {
				t.Errorf("bars out of order: %v", got)
			}
		}
		if diff := cmp.Diff(want, counted); diff != "" {
			t.Errorf("histogram (-want +got):\n%s", diff)
		}
	})
}
