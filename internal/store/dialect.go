package store

import (
	"database/sql"
	"errors"
	"strings"

	sqlite "github.com/glebarez/go-sqlite"
	"github.com/jackc/pgx/v5/pgconn"
)

// dialect holds what differs between PostgreSQL and SQLite.
type dialect interface {
	name() string
	configurePool(db *sql.DB)
	// likeOperator is the case-insensitive LIKE for Latin text.
	likeOperator() string
	// violation reports which constraint an error broke, if any.
	violation(err error) (kind violationKind, detail string)
	// yearOf is the year of a date expression, as text.
	yearOf(expr string) string
	// text casts an expression (a uuid on PostgreSQL) to text.
	text(expr string) string
}

type violationKind int

const (
	noViolation violationKind = iota
	uniqueViolation
	foreignKeyViolation
)

type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) configurePool(db *sql.DB) {
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
}

func (postgresDialect) likeOperator() string { return "ILIKE" }

func (postgresDialect) yearOf(expr string) string { return "to_char(" + expr + ", 'YYYY')" }

func (postgresDialect) text(expr string) string { return expr + "::text" }

// violation reads the SQLSTATE and, for PostgreSQL, the constraint name.
func (postgresDialect) violation(err error) (violationKind, string) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return noViolation, ""
	}
	switch pgErr.Code {
	case "23505":
		return uniqueViolation, pgErr.ConstraintName
	case "23503":
		return foreignKeyViolation, pgErr.ConstraintName
	}
	return noViolation, ""
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

// configurePool keeps a few connections: SQLite serializes writers anyway,
// and each connection holds its own page cache.
func (sqliteDialect) configurePool(db *sql.DB) {
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
}

// likeOperator: SQLite's LIKE already ignores ASCII case.
func (sqliteDialect) likeOperator() string { return "LIKE" }

func (sqliteDialect) yearOf(expr string) string { return "substr(" + expr + ", 1, 4)" }

func (sqliteDialect) text(expr string) string { return expr }

// SQLite extended result codes for constraint failures.
const (
	sqliteConstraintForeignKey = 787
	sqliteConstraintUnique     = 2067
	// ON DELETE RESTRICT fails with the trigger code, not the foreign key one.
	sqliteConstraintTrigger = 1811
)

// violation reads the extended result code; SQLite names the columns, not
// the constraint ("UNIQUE constraint failed: standards.normalized_code").
func (sqliteDialect) violation(err error) (violationKind, string) {
	var sqErr *sqlite.Error
	if !errors.As(err, &sqErr) {
		return noViolation, ""
	}
	switch sqErr.Code() {
	case sqliteConstraintUnique:
		_, cols, _ := strings.Cut(sqErr.Error(), "failed: ")
		return uniqueViolation, cols
	case sqliteConstraintForeignKey, sqliteConstraintTrigger:
		if strings.Contains(sqErr.Error(), "FOREIGN KEY") {
			return foreignKeyViolation, ""
		}
	}
	return noViolation, ""
}
