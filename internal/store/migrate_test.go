package store_test

import (
	"context"
	"math"
	"testing"

	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestCycleFiguresOfEarlierRows: rows written before the cycle figures
// existed get them, and a registration entry, when the migration that adds
// them runs.
func TestCycleFiguresOfEarlierRows(t *testing.T) {
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.NewUnmigrated(t, driver)
			if err := db.Store.MigrateTo(ctx, storetest.Logger(), 2); err != nil {
				t.Fatal(err)
			}
			raw := db.Raw(t)
			p := func(i int) string {
				if driver == "postgres" {
					return "$" + string(rune('0'+i))
				}
				return "?"
			}
			id := "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e"
			_, err := raw.ExecContext(ctx, `INSERT INTO standards (id, code, normalized_code, kind, nature, title_zh, stage, zhejiang_role,
				approved_on, published_on, created_at, updated_at, version)
				VALUES (`+p(1)+`, 'DB33/T 2349—2021', 'DB33/T 2349-2021', 'local', 'recommended', '数字化改革 术语定义', 'published', 'lead',
				'2020-03-15', '2021-06-20', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Store.Migrate(ctx, storetest.Logger()); err != nil {
				t.Fatal(err)
			}
			st, err := db.Store.GetStandard(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var months float64
			if err := raw.QueryRowContext(ctx, "SELECT months_to_publication FROM standards WHERE id = "+p(1), id).Scan(&months); err != nil {
				t.Fatal(err)
			}
			if want := standard.Months(st.ApprovedOn, st.PublishedOn); math.Abs(months-want) > 1e-12 {
				t.Errorf("months_to_publication %v, want %v", months, want)
			}
			history, err := db.Store.ListTransitions(ctx, id)
			if err != nil || len(history) != 1 || history[0].To != standard.StagePublished || history[0].OccurredOn != st.PublishedOn {
				t.Errorf("history %+v (%v), want the registration on the publication day", history, err)
			}
		})
	}
}
