package store_test

import (
	"database/sql"
	"maps"
	"slices"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/store/storetest"
)

// TestModelsMatchMigrations: the columns the migrations give each table
// are the fields of the table's model, no more and no fewer, so that
// adding a column is a migration per dialect and a field (CONTRIBUTING.md):
// the store's writes, COPY, bulk loads and exports take their columns from
// the model. On PostgreSQL the uuid columns are the fields that declare
// type:uuid, which COPY sends as uuids.
func TestModelsMatchMigrations(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		models, err := db.Store.ModelColumns()
		if err != nil {
			t.Fatal(err)
		}
		raw := db.Raw(t)
		for _, table := range slices.Sorted(maps.Keys(models)) {
			model, migrated := models[table], tableColumns(t, raw, db.Config.Driver, table)
			if len(migrated) == 0 {
				t.Errorf("the migrations make no table %s", table)
				continue
			}
			for _, c := range slices.Sorted(maps.Keys(migrated)) {
				if _, ok := model[c]; !ok {
					t.Errorf("%s.%s is in the migrations but not in the model: add a field for it", table, c)
				}
			}
			for _, c := range slices.Sorted(maps.Keys(model)) {
				typ, ok := migrated[c]
				if !ok {
					t.Errorf("%s.%s is in the model but not in the migrations: add a migration for each dialect", table, c)
					continue
				}
				if db.Config.Driver == config.DriverPostgres && (typ == "uuid") != (model[c] == "uuid") {
					t.Errorf("%s.%s is a %s column, but its field declares type %q (gorm:\"type:uuid\" for a uuid)", table, c, typ, model[c])
				}
			}
		}
	})
}

// tableColumns are a table's columns and their types, as the database
// describes them.
func tableColumns(t *testing.T, raw *sql.DB, driver config.Driver, table string) map[string]string {
	t.Helper()
	q := "SELECT name, type FROM pragma_table_info(?)"
	if driver == config.DriverPostgres {
		q = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
	}
	rows, err := raw.Query(q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		out[name] = typ
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
