package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestReadsOfOneStandardAgreeWithTheModel: the reads of one standard,
// which run past GORM, select every column of the model but the search
// index, in the model's order, and read each kind of value (NULL numbers,
// organizations and days; lists empty and full) as GORM's reflection does
// in an export.
func TestReadsOfOneStandardAgreeWithTheModel(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		read, model, err := db.Store.StandardColumns()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(model, read); diff != "" {
			t.Errorf("columns read differ from the model's (-model +read):\n%s", diff)
		}

		tea := teaStandard()
		withdrawn := standard.Standard{
			ID: uuid.Must(uuid.NewV7()).String(), Code: "GB/T 2014—2005", NormalizedCode: "GB/T 2014-2005",
			Kind: standard.KindNational, Nature: standard.NatureRecommended, TitleZH: "茶 取样", Stage: standard.StageWithdrawn,
			ApprovedOn: day("2004-06-01"), SubmittedOn: day("2005-01-20"), PublishedOn: day("2005-05-13"),
			EffectiveOn: day("2005-09-01"), WithdrawnOn: day("2014-06-30"),
			CreatedAt: tea.CreatedAt, UpdatedAt: tea.UpdatedAt, Version: 3,
		}
		draft := standard.Standard{
			ID: uuid.Must(uuid.NewV7()).String(), Kind: standard.KindGroup, TitleZH: "浙江制造 电动自行车用锂离子电池",
			Stage: standard.StageDrafting, CreatedAt: tea.CreatedAt, UpdatedAt: tea.UpdatedAt, Version: 1,
		}
		for _, st := range []standard.Standard{tea, withdrawn, draft} {
			register(t, db, st)
		}
		exported := map[string]standard.Standard{}
		err = db.Store.ExportStandards(ctx, standard.ListQuery{Filter: standard.Filter{Visible: standard.Visibility{AllDrafts: true}}, Sort: standard.DefaultSort},
			func(st standard.Standard) error { exported[st.ID] = st; return nil })
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			st   standard.Standard
		}{
			{"local standard with every field", tea},
			{"withdrawn national standard", withdrawn},
			{"draft without number, organization or days", draft},
		} {
			t.Run(tc.name, func(t *testing.T) {
				want, ok := exported[tc.st.ID]
				if !ok {
					t.Fatalf("%s not exported", tc.st.ID)
				}
				got, err := db.Store.GetStandard(ctx, tc.st.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("by id (-export +read):\n%s", diff)
				}
				if tc.st.NormalizedCode == "" {
					return
				}
				got, err = db.Store.GetStandardByCode(ctx, tc.st.NormalizedCode)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("by number (-export +read):\n%s", diff)
				}
			})
		}
		if _, err := db.Store.GetStandardByCode(ctx, "DB33/T 9999-2099"); fault.CodeOf(err) != fault.CodeNotFound {
			t.Errorf("unknown number: %v, want not found", err)
		}
	})
}
