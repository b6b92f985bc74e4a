package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// traceCounter is a GORM logger that counts the statements passed on and
// renders them.
type traceCounter struct {
	logger.Interface
	traced int
}

func (c *traceCounter) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	c.traced++
	fc()
}

func TestQuietLoggerPassesOnlyFailuresAndSlowStatements(t *testing.T) {
	for _, tc := range []struct {
		name   string
		took   time.Duration
		err    error
		passed bool
	}{
		{"a quick statement", time.Millisecond, nil, false},
		{"a record not found", time.Millisecond, gorm.ErrRecordNotFound, false},
		{"a failure", time.Millisecond, errors.New("duplicate key value"), true},
		{"a slow statement", slowSQLThreshold + 50*time.Millisecond, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			counter := &traceCounter{}
			rendered := false
			quietLogger{counter}.Trace(context.Background(), time.Now().Add(-tc.took), func() (string, int64) {
				rendered = true
				return "SELECT 1", 1
			}, tc.err)
			if (counter.traced == 1) != tc.passed || rendered != tc.passed {
				t.Errorf("passed on %d times, rendered %v; want passed %v", counter.traced, rendered, tc.passed)
			}
		})
	}
}
