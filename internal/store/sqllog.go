package store

import (
	"context"
	"errors"
	"time"

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
		l.Interface.Trace(ctx, begin, fc, err)
	}
}
