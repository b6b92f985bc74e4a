package store

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// slowSQLThreshold is how long a statement takes before it is logged.
const slowSQLThreshold = 200 * time.Millisecond

// quietLogger passes on only the statements worth a log line (failures and
// slow ones) to GORM's slog logger. That logger renders every statement
// with its values filled in before it decides whether to log it, which was
// over a quarter of an import's CPU time.
type quietLogger struct {
	logger.Interface
}

func (l quietLogger) LogMode(level logger.LogLevel) logger.Interface {
	return quietLogger{l.Interface.LogMode(level)}
}

func (l quietLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	failed := err != nil && !errors.Is(err, gorm.ErrRecordNotFound)
	if failed || time.Since(begin) > slowSQLThreshold {
		l.Interface.Trace(ctx, begin, func() (string, int64) {
			sql, rows := fc()
			return shortened(sql), rows
		}, err)
	}
}

// ParamsFilter keeps the values out of logged statements (GORM asks its
// logger before it renders one): a slow bulk INSERT of an import would
// otherwise log its thousands of values, the records themselves, and
// render them first.
func (quietLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

// maxLoggedSQL is how much of a statement a log line holds.
const maxLoggedSQL = 2000

// shortened is sql cut to maxLoggedSQL bytes (at a character boundary),
// with how long it was.
func shortened(sql string) string {
	if len(sql) <= maxLoggedSQL {
		return sql
	}
	cut := maxLoggedSQL
	for cut > 0 && !utf8.RuneStart(sql[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes in all)", sql[:cut], len(sql))
}
