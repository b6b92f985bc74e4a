package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
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
	t.Parallel()
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

// TestLoggedStatementsHoldNoValues: a failing statement is logged with its
// placeholders, not the values (which are the records, and a bulk INSERT's
// are megabytes), and a long statement is cut short.
func TestLoggedStatementsHoldNoValues(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(&out, nil))
	db, err := gorm.Open(sqlite.Open(":memory:"), &gorm.Config{
		Logger: quietLogger{logger.NewSlogLogger(log, logger.Config{SlowThreshold: slowSQLThreshold, LogLevel: logger.Warn})},
	})
	if err != nil {
		t.Fatal(err)
	}
	long := "INSERT INTO missing_table (title) VALUES (?)" + strings.Repeat(", (?)", 1000)
	values := make([]any, 1001)
	for i := range values {
		values[i] = "西湖龙井茶 加工技术规程"
	}
	if err := db.Exec(long, values...).Error; err == nil {
		t.Fatal("an INSERT into a missing table succeeded")
	}
	logged := out.String()
	switch {
	case !strings.Contains(logged, "missing_table"):
		t.Errorf("the failure is not logged with its statement:\n%s", logged)
	case strings.Contains(logged, "龙井"):
		t.Errorf("the log holds the values:\n%.300s", logged)
	case !strings.Contains(logged, fmt.Sprintf("(%d bytes in all)", len(long))) || len(logged) > maxLoggedSQL+1000:
		t.Errorf("a %d-byte statement is logged in %d bytes, not cut short", len(long), len(logged))
	}
}
