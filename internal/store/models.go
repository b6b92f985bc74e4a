package store

import (
	"context"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// columnsOf are the fields of a model that are columns, in the model's
// order, as GORM parses it: what its writes name, and what COPY and the
// export read and write, so that a column added to the model is written
// and read everywhere.
func columnsOf(db *gorm.DB, model any) ([]*schema.Field, error) {
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(model); err != nil {
		return nil, err
	}
	var fields []*schema.Field
	for _, f := range stmt.Schema.Fields {
		if f.DBName != "" {
			fields = append(fields, f)
		}
	}
	return fields, nil
}

// changedColumns are the columns of standardRow whose values differ from
// before to after.
func changedColumns(ctx context.Context, db *gorm.DB, before, after standardRow) ([]string, error) {
	fields, err := columnsOf(db, &standardRow{})
	if err != nil {
		return nil, err
	}
	b, a := reflect.ValueOf(&before).Elem(), reflect.ValueOf(&after).Elem()
	var changed []string
	for _, f := range fields {
		was, _ := f.ValueOf(ctx, b)
		is, _ := f.ValueOf(ctx, a)
		if !reflect.DeepEqual(was, is) {
			changed = append(changed, f.DBName)
		}
	}
	return changed, nil
}
