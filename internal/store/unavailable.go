package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	sqlite "github.com/glebarez/go-sqlite"
	glebarez "github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"stdreg/internal/fault"
)

// unavailableError is a driver's error that means the database is down,
// restarting or too busy: callers see fault.ErrUnavailable (a 503 with
// Retry-After), the log sees what the driver said.
type unavailableError struct{ err error }

func (e unavailableError) Error() string   { return "database unavailable: " + e.err.Error() }
func (e unavailableError) Unwrap() []error { return []error{fault.ErrUnavailable, e.err} }

// markUnavailable puts fault.ErrUnavailable in the chain of err when
// the dialect reads it as the database not answering. The driver's error
// stays in the chain, so violation still finds its constraint.
func markUnavailable(d dialect, err error) error {
	if err == nil || errors.Is(err, fault.ErrUnavailable) || !d.unavailable(err) {
		return err
	}
	return unavailableError{err}
}

// rowsError is for the errors GORM does not see: those met reading the
// rows of a statement it ran (Rows, then Next, Scan and Err by hand). It
// passes them through the dialector's Translate as GORM passes its own, so
// a connection lost in the middle of an answer is the database being
// unavailable (a 503), not an internal error.
func rowsError(db *gorm.DB, err error) error {
	if t, ok := db.Dialector.(gorm.ErrorTranslator); ok && err != nil {
		return t.Translate(err)
	}
	return err
}

// GORM passes every error of a statement, a BEGIN and a COMMIT through its
// dialector's Translate when TranslateError is on. The drivers' own
// Translate replaces the error (losing the constraint name that violation
// reads), so these dialectors keep the driver's and only mark the errors
// that mean the database is unavailable.
type (
	postgresDialector struct{ *postgres.Dialector }
	sqliteDialector   struct{ *glebarez.Dialector }
)

func (postgresDialector) Translate(err error) error { return markUnavailable(postgresDialect{}, err) }
func (sqliteDialector) Translate(err error) error   { return markUnavailable(sqliteDialect{}, err) }

var (
	_ gorm.ErrorTranslator = postgresDialector{}
	_ gorm.ErrorTranslator = sqliteDialector{}
)

// unavailable: the connection could not be made or was lost, or the
// server is shutting down, starting, or out of connections.
func (postgresDialect) unavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &connectErr): // first: it wraps the server's refusal, a PgError
		return true
	case errors.As(err, &pgErr):
		switch pgErr.Code[:2] {
		case "08": // connection exception
			return true
		}
		switch pgErr.Code {
		case "57P01", "57P02", "57P03", // admin or crash shutdown, cannot connect now
			"53300": // too many connections
			return true
		}
		return false
	case errors.As(err, &netErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), // the server went away mid-answer
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return true
	}
	return pgconn.SafeToRetry(err)
}

// SQLite result codes for a database another connection holds locked past
// busy_timeout: the writer must wait, not the client be told it erred.
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// unavailable: the database stayed locked by another writer past the
// busy timeout.
func (sqliteDialect) unavailable(err error) bool {
	var sqErr *sqlite.Error
	if !errors.As(err, &sqErr) {
		return false
	}
	primary := sqErr.Code() & 0xff // the extended code's low byte is the primary one
	return primary == sqliteBusy || primary == sqliteLocked
}
