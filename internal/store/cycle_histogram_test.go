package store_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestCycleHistogram: the cycles that ended in the window, of the kind
// asked, counted by whole months (rounded down, as standard.Months
// measures them), on both databases.
func TestCycleHistogram(t *testing.T) {
	t.Parallel()
	cycles := []cycle{
		{"330100", "local", "2023-01-10", "2024-01-10"}, // 12 exactly
		{"330100", "local", "2023-03-15", "2024-06-15"}, // 15 exactly: on the target
		{"330200", "local", "2023-02-10", "2024-05-20"}, // 15.3…
		{"330200", "local", "2022-06-30", "2024-02-29"}, // 20: from the last day of a month to the last of another
		{"330300", "local", "2023-02-01", "2023-11-16"}, // 9.5
		{"330300", "local", "2023-04-01", "2023-04-20"}, // under a month
		{"330400", "local", "2019-01-01", "2021-06-01"}, // ended before the window
		{"330400", "group", "2023-06-01", "2024-06-01"}, // another kind
	}
	want := map[int]int{}
	for _, c := range cycles[:6] {
		want[int(math.Floor(standard.Months(day(c.approved), day(c.published))))]++
	}
	if !cmp.Equal(want, map[int]int{0: 1, 9: 1, 12: 1, 15: 2, 20: 1}) {
		t.Fatalf("the cycles meant are %v", want)
	}
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		for i, c := range cycles {
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
