package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"stdreg/internal/fault"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestImportWritesAllOrNothing: the bulk writer stores standards with their
// lists, history and audit events (by COPY on PostgreSQL, INSERTs on
// SQLite); a number registered meanwhile (which the registry's checks
// could not see) is a conflict, and everything the import wrote before it
// is gone.
func TestImportWritesAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		newStandard := func(code, normalized, title string) registry.NewStandard {
			st := teaStandard()
			st.ID, st.Code, st.NormalizedCode, st.TitleZH = uuid.Must(uuid.NewV7()).String(), code, normalized, title
			return registry.NewStandard{Standard: st, History: []standard.Transition{registered(st)}, Event: event("standard.create", st.ID)}
		}
		good := []registry.NewStandard{
			newStandard("DB33/T 2501—2025", "DB33/T 2501-2025", "茶叶 冷链物流 要求"),
			newStandard("DB33/T 2502—2025", "DB33/T 2502-2025", "杭白菊 生产技术规程"),
		}
		err := db.Store.Import(ctx, func(w registry.ImportWriter) error { return w.Create(good) })
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		for _, n := range good {
			got, err := db.Store.GetStandard(ctx, n.Standard.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.TitleZH != n.Standard.TitleZH || len(got.ICS) != 2 || got.ICS[1] != "65.020" || len(got.Designations) != 1 {
				t.Errorf("imported %+v", got)
			}
			history, err := db.Store.ListTransitions(ctx, n.Standard.ID)
			if err != nil || len(history) != 1 {
				t.Errorf("history %+v (%v), want the registration", history, err)
			}
		}
		found, err := db.Store.ListStandards(ctx, standard.ListQuery{Filter: standard.Filter{Q: "冷链", Visible: standard.Visibility{AllDrafts: true}}, Sort: standard.DefaultSort, Limit: 5})
		if err != nil || len(found.Items) != 1 || found.Items[0].ID != good[0].Standard.ID {
			t.Errorf("search for an imported title: %+v (%v)", found.Items, err)
		}

		first := newStandard("DB33/T 2503—2025", "DB33/T 2503-2025", "海岛 旅游 服务规范")
		clash := newStandard("DB33/T 2501—2025", "DB33/T 2501-2025", "同号 另一标准")
		err = db.Store.Import(ctx, func(w registry.ImportWriter) error {
			if err := w.Create([]registry.NewStandard{first}); err != nil {
				return err
			}
			return w.Create([]registry.NewStandard{clash})
		})
		var e *fault.Error
		if !errors.As(err, &e) || e.Code != fault.CodeConflict {
			t.Fatalf("a number registered meanwhile gives %v, want a conflict", err)
		}
		if _, err := db.Store.GetStandard(ctx, first.Standard.ID); fault.CodeOf(err) != fault.CodeNotFound {
			t.Errorf("the row written before the conflict is still there (%v)", err)
		}
	})
}
