package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// copyModels writes rows of a GORM model with PostgreSQL's COPY on conn,
// within the transaction open there. The
// columns and values come from the model as GORM sees it, so COPY and the
// INSERTs elsewhere write the same columns. COPY sends the rows in
// PostgreSQL's binary form with no statement to bind: an import's INSERTs
// spent as long encoding their thousands of parameters as PostgreSQL spent
// storing the rows. A field declared as a uuid (gorm:"type:uuid") is sent
// as one, not as text: pgx would first try, and fail, to encode the text
// in binary, then parse it, which cost a bulk load a tenth of its CPU.
func copyModels[T any](ctx context.Context, conn *sql.Conn, db *gorm.DB, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	all, err := columnsOf(db, new(T))
	if err != nil {
		return fmt.Errorf("copy: read the model: %w", err)
	}
	table := all[0].Schema.Table
	fields := all[:0:0]
	for _, f := range all {
		if !f.AutoIncrement { // numbered by the database (the change feed's ids), in the order copied
			fields = append(fields, f)
		}
	}
	columns := make([]string, len(fields))
	for i, f := range fields {
		columns[i] = f.DBName
	}
	values := make([][]any, len(rows))
	for i := range rows {
		rv := reflect.ValueOf(&rows[i]).Elem()
		row := make([]any, len(fields))
		for j, f := range fields {
			v := f.ReflectValueOf(ctx, rv).Interface()
			if f.DataType == "uuid" {
				var err error
				if v, err = uuidValue(v); err != nil {
					return fmt.Errorf("copy into %s: %s: %w", table, f.DBName, err)
				}
			}
			row[j] = v
		}
		values[i] = row
	}
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: not a pgx connection but %T", table, driverConn)
		}
		if _, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(values)); err != nil {
			return fmt.Errorf("copy into %s (%s): %w", table, strings.Join(columns, ", "), err)
		}
		return nil
	})
}

// uuidValue is a uuid field's value (a string, or a *string) as the 16
// bytes of the uuid, or nil.
func uuidValue(v any) (any, error) {
	if p, ok := v.(*string); ok {
		if p == nil {
			return nil, nil
		}
		v = *p
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("a uuid field holds %T", v)
	}
	u, err := uuid.Parse(s)
	if err != nil {
		return nil, err
	}
	return [16]byte(u), nil
}

// tsvectorTokens are the lexemes of a tsvector without positions, sorted
// bytewise without repeats (as search.IndexTokens gives them, and as a
// tsvector keeps them). An INSERT sends their text form; COPY sends them in
// binary, where they need no quoting.
type tsvectorTokens []string

// Value is the text form: each token quoted. Tokens hold only letters,
// digits, dots and Han characters (internal/search), so quotes are enough.
// No write sends it today (COPY takes TSVectorValue), but GORM's schema
// accepts a slice field only as a driver.Valuer.
func (t tsvectorTokens) Value() (driver.Value, error) {
	quoted := make([]string, len(t))
	for i, tok := range t {
		quoted[i] = "'" + tok + "'"
	}
	return strings.Join(quoted, " "), nil
}

// TSVectorValue is the binary form, for COPY.
func (t tsvectorTokens) TSVectorValue() (pgtype.TSVector, error) {
	lexemes := make([]pgtype.TSVectorLexeme, len(t))
	for i, tok := range t {
		lexemes[i].Word = tok
	}
	return pgtype.TSVector{Lexemes: lexemes, Valid: true}, nil
}
