package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestReadOfOneStandardFindsItsReplacedBy: the reads of one standard
// find, in the same statement, the numbers that replace it as ReplacedBy
// does: in number order, leaving out a draft in proposal and one without
// a number; none is nil.
func TestReadOfOneStandardFindsItsReplacedBy(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		tea := teaStandard()
		mk := func(code, normalized string, stage standard.Stage, replaces ...string) standard.Standard {
			return standard.Standard{
				ID: uuid.Must(uuid.NewV7()).String(), Code: code, NormalizedCode: normalized,
				Kind: standard.KindLocal, Nature: standard.NatureRecommended, TitleZH: "龙井茶 " + code, Stage: stage,
				Replaces: replaces, CreatedAt: tea.CreatedAt, UpdatedAt: tea.UpdatedAt, Version: 1,
			}
		}
		old := mk("GB 18650—2002", "GB 18650-2002", standard.StageWithdrawn)
		national := mk("GB/T 18650—2008", "GB/T 18650-2008", standard.StagePublished, "GB 18650—2002")
		local := mk("DB33/T 240—2005", "DB33/T 240-2005", standard.StagePublished, "GB 18650—2002", "DB33/T 240—2000")
		proposed := mk("DB33/T 9001—2026", "DB33/T 9001-2026", standard.StageProposal, "GB 18650—2002")
		unnumbered := mk("", "", standard.StageDrafting, "GB 18650—2002", "GB/T 18650—2008")
		for _, st := range []standard.Standard{old, national, local, proposed, unnumbered} {
			register(t, db, st)
		}
		for _, tc := range []struct {
			name string
			st   standard.Standard
			want []string
		}{
			{"replaced twice, a proposal and an unnumbered draft left out", old, []string{"DB33/T 240—2005", "GB/T 18650—2008"}},
			{"replaced by an unnumbered draft only", national, nil},
			{"replaced by none", local, nil},
			{"without a number", unnumbered, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var byStore []string
				if tc.st.Code != "" {
					by, err := db.Store.ReplacedBy(ctx, []string{tc.st.Code})
					if err != nil {
						t.Fatal(err)
					}
					byStore = by[tc.st.Code]
				}
				if diff := cmp.Diff(tc.want, byStore); diff != "" {
					t.Errorf("ReplacedBy (-want +got):\n%s", diff)
				}
				got, err := db.Store.GetStandard(ctx, tc.st.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(byStore, got.ReplacedBy); diff != "" {
					t.Errorf("by id (-ReplacedBy +read):\n%s", diff)
				}
				if tc.st.NormalizedCode == "" {
					return
				}
				got, err = db.Store.GetStandardByCode(ctx, tc.st.NormalizedCode)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(byStore, got.ReplacedBy); diff != "" {
					t.Errorf("by number (-ReplacedBy +read):\n%s", diff)
				}
			})
		}
	})
}
