package store_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestCycleFiguresOfEarlierRows: rows written before the cycle figures
// existed get them, and a registration entry, when the migration that adds
// them runs.
func TestCycleFiguresOfEarlierRows(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.NewUnmigrated(t, driver)
			if err := db.Store.MigrateTo(ctx, storetest.Logger(), 2); err != nil {
				t.Fatal(err)
			}
			raw := db.Raw(t)
			p := bindParameter(driver)
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
			// The counts of finished cycles (migration 00043) hold it too.
			figures, _, err := db.Store.DraftingCycle(ctx, standard.CycleQuery{
				Filter: standard.Filter{Kind: standard.KindLocal, Visible: standard.Visibility{AllDrafts: true}},
				To:     standard.Date{Year: 2026, Month: 12, Day: 6}, Rules: standard.DefaultCycleRules(),
			})
			if err != nil || figures.Count != 1 || math.Abs(figures.Mean-months) > 1e-12 {
				t.Errorf("drafting cycle of the earlier row: %+v (%v), want one cycle of %v months", figures, err, months)
			}
			history, err := db.Store.ListTransitions(ctx, id)
			if err != nil || len(history) != 1 || history[0].To != standard.StagePublished || history[0].OccurredOn != st.PublishedOn {
				t.Errorf("history %+v (%v), want the registration on the publication day", history, err)
			}
		})
	}
}

// TestListsOfEarlierRows: the ICS classes and designations of rows written
// before the row kept them whole are on the row, in position order, once
// the migration that adds them runs; a row without any reads empty lists.
func TestListsOfEarlierRows(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.NewUnmigrated(t, driver)
			if err := db.Store.MigrateTo(ctx, storetest.Logger(), 7); err != nil {
				t.Fatal(err)
			}
			raw := db.Raw(t)
			p := bindParameter(driver)
			with, without := "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5e", "01936f3e-7a52-7cc1-8d1e-9f1a2b3c4d5f"
			for _, s := range []struct{ id, code, title string }{
				{with, "DB33/T 2349—2021", "数字化改革 术语定义"},
				{without, "DB33/T 2350—2021", "茶叶 龙井茶加工技术规程"},
			} {
				_, err := raw.ExecContext(ctx, `INSERT INTO standards (id, code, normalized_code, kind, nature, title_zh, stage, zhejiang_role,
					published_on, created_at, updated_at, version)
					VALUES (`+p(1)+`, `+p(2)+`, `+p(3)+`, 'local', 'recommended', `+p(4)+`, 'published', 'lead', '2021-06-20', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)`,
					s.id, s.code, s.code, s.title)
				if err != nil {
					t.Fatal(err)
				}
			}
			// Inserted out of position order: the list follows position.
			for _, c := range []struct {
				pos  int
				code string
			}{{1, "35.240.01"}, {0, "01.040.35"}} {
				if _, err := raw.ExecContext(ctx, "INSERT INTO standard_ics (standard_id, position, code) VALUES ("+p(1)+", "+p(2)+", "+p(3)+")", with, c.pos, c.code); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := raw.ExecContext(ctx, "INSERT INTO standard_designations (standard_id, position, type, year, reference) VALUES ("+p(1)+", 0, 'zhejiang_standard', 2022, "+p(2)+")",
				with, `浙市监标〔2022〕5号 "品字标"`); err != nil {
				t.Fatal(err)
			}
			if err := db.Store.Migrate(ctx, storetest.Logger()); err != nil {
				t.Fatal(err)
			}
			st, err := db.Store.GetStandard(ctx, with)
			if err != nil {
				t.Fatal(err)
			}
			wantDesignations := []standard.Designation{{Type: standard.DesignationZhejiangStandard, Year: 2022, Reference: `浙市监标〔2022〕5号 "品字标"`}}
			if !slices.Equal(st.ICS, []string{"01.040.35", "35.240.01"}) || !slices.Equal(st.Designations, wantDesignations) {
				t.Errorf("ICS %q and designations %+v after the migration", st.ICS, st.Designations)
			}
			bare, err := db.Store.GetStandard(ctx, without)
			if err != nil {
				t.Fatal(err)
			}
			if bare.ICS == nil || len(bare.ICS) != 0 || bare.Designations == nil || len(bare.Designations) != 0 {
				t.Errorf("a standard without lists reads ICS %#v, designations %#v; want empty lists", bare.ICS, bare.Designations)
			}
		})
	}
}

// bindParameter gives the i-th bind parameter (1 to 9) in the driver's
// syntax.
func bindParameter(driver config.Driver) func(i int) string {
	return func(i int) string {
		if driver == config.DriverPostgres {
			return "$" + string(rune('0'+i))
		}
		return "?"
	}
}
