package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/uuid"

	"stdreg/internal/audit"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestListsOnTheRowMatchTheirTables: a standard's ICS classes and
// designations are written twice, whole on its row (what reads return)
// and as rows of their own tables (what filters and facets search). After
// every kind of write the two say the same, so a filter never finds a
// standard whose answer shows other classes.
func TestListsOnTheRowMatchTheirTables(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		created := teaStandard()
		if err := db.Store.CreateStandard(ctx, created, registered(created), event("standard.create", created.ID)); err != nil {
			t.Fatal(err)
		}
		bare := teaStandard()
		bare.ID, bare.Code, bare.NormalizedCode, bare.ICS, bare.Designations = uuid.Must(uuid.NewV7()).String(), "DB33/T 1235—2024", "DB33/T 1235-2024", nil, nil
		if err := db.Store.CreateStandard(ctx, bare, registered(bare), event("standard.create", bare.ID)); err != nil {
			t.Fatal(err)
		}
		imported := teaStandard()
		imported.ID, imported.Code, imported.NormalizedCode, imported.TitleZH = uuid.Must(uuid.NewV7()).String(), "DB33/T 2601—2025", "DB33/T 2601-2025", "杭白菊 生产技术规程"
		imported.ICS = []string{"65.020.20"}
		err := db.Store.Import(ctx, func(w registry.ImportWriter) error {
			return w.Create([]registry.NewStandard{{Standard: imported, History: []standard.Transition{registered(imported)}, Event: event("standard.create", imported.ID)}})
		})
		if err != nil {
			t.Fatal(err)
		}
		// From 67.140.10, 65.020: one dropped, one added in front; and the
		// designations emptied.
		_, err = db.Store.UpdateStandard(ctx, created.ID, func(cur standard.Standard) (standard.Standard, audit.Event, error) {
			cur.ICS = []string{"01.040.67", "65.020"}
			cur.Designations = nil
			return cur, event("standard.update", cur.ID), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Store.UpdateStandard(ctx, bare.ID, func(cur standard.Standard) (standard.Standard, audit.Event, error) {
			cur.ICS = []string{"13.020.01"}
			cur.Designations = []standard.Designation{{Type: standard.DesignationZhejiangStandard, Year: 2025, Reference: "浙江标准 2025-011"}}
			return cur, event("standard.update", cur.ID), nil
		})
		if err != nil {
			t.Fatal(err)
		}

		want := map[string][]string{created.ID: {"01.040.67", "65.020"}, bare.ID: {"13.020.01"}, imported.ID: {"65.020.20"}}
		raw := db.Raw(t)
		p := bindParameter(db.Config.Driver)
		for id, ics := range want {
			var icsList, designationList string
			if err := raw.QueryRowContext(ctx, "SELECT ics_list, designation_list FROM standards WHERE id = "+p(1), id).Scan(&icsList, &designationList); err != nil {
				t.Fatal(err)
			}
			var onRow []string
			if err := json.Unmarshal([]byte(icsList), &onRow); err != nil {
				t.Fatal(err)
			}
			var inTable []string
			rows, err := raw.QueryContext(ctx, "SELECT code FROM standard_ics WHERE standard_id = "+p(1)+" ORDER BY position", id)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var code string
				if err := rows.Scan(&code); err != nil {
					t.Fatal(err)
				}
				inTable = append(inTable, code)
			}
			rows.Close()
			if !slices.Equal(onRow, ics) || !slices.Equal(inTable, ics) {
				t.Errorf("%s: ICS on the row %q, in the table %q, want %q", id, onRow, inTable, ics)
			}
			var designations []json.RawMessage
			if err := json.Unmarshal([]byte(designationList), &designations); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := raw.QueryRowContext(ctx, "SELECT count(*) FROM standard_designations WHERE standard_id = "+p(1), id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if len(designations) != n {
				t.Errorf("%s: %d designations on the row, %d in the table", id, len(designations), n)
			}
		}
		// A filter by class finds a standard exactly when its answer shows
		// the class (or one under it).
		for class, found := range map[string]int{"65.020": 2, "13.020": 1, "67.140": 0} {
			page, err := db.Store.ListStandards(ctx, standard.ListQuery{Filter: standard.Filter{ICS: class, Visible: standard.Visibility{AllDrafts: true}}, Sort: standard.DefaultSort, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != found {
				t.Errorf("ics=%s finds %d standards, want %d", class, len(page.Items), found)
			}
			for _, st := range page.Items {
				if !slices.ContainsFunc(st.ICS, func(c string) bool { return len(c) >= len(class) && c[:len(class)] == class }) {
					t.Errorf("ics=%s finds %s, whose answer shows %q", class, st.Code, st.ICS)
				}
			}
		}
	})
}
