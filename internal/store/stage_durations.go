package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// StageDurations says where the months of the cycles that ended in q's
// window went: for each running stage (drafting, consultation, review,
// approval), how many of those standards recorded a move out of it and
// the mean days they spent in it, from the day a move brought them in to
// the day the next move took them out (days in a stage entered twice add
// up). It selects the standards as DraftingCycle does (q.GroupBy is
// ignored) and reads their moves in one statement.
func (s *Store) StageDurations(ctx context.Context, q standard.CycleQuery) ([]standard.StageDuration, error) {
	c := cycleExpressions(q.Rules, q.Filter.Kind)
	db := s.db.WithContext(ctx)
	inner := s.filterStandards(db.Model(&standardRow{}), q.Filter).
		Select("id, " + c.months + " AS m, " + c.ended + " AS ended")
	window := []string{"x.m IS NOT NULL"}
	var args []any
	if !q.From.IsZero() {
		window, args = append(window, "x.ended >= ?"), append(args, dateArg(q.From))
	}
	if !q.To.IsZero() {
		window, args = append(window, "x.ended <= ?"), append(args, dateArg(q.To))
	}
	behind := db.Table("(?) AS x", inner).Where(strings.Join(window, " AND "), args...)
	// Each move with the day of the next one of its standard, in the order
	// they were recorded (ids are UUIDv7); a stage's days per standard;
	// their mean per stage.
	moves := s.movesOf(db, behind)
	perStandard := db.Table("(?) AS t", moves).
		Where("t.to_stage IN ? AND t.occurred_on IS NOT NULL AND t.left_on IS NOT NULL", runningStages).
		Select("t.standard_id, t.to_stage AS stage, SUM(" + s.daysBetween("t.occurred_on", "t.left_on") + ") AS days").
		Group("t.standard_id, t.to_stage")
	var rows []struct {
		Stage string
		N     int
		Days  float64
	}
	err := s.dialect.plannedRead(db, func(tx *gorm.DB) error {
		return tx.Table("(?) AS d", perStandard).Select("d.stage, COUNT(*) AS n, AVG(d.days) AS days").
			Group("d.stage").Scan(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("stage durations: %w", err)
	}
	byStage := map[string]standard.StageDuration{}
	for _, r := range rows {
		byStage[r.Stage] = standard.StageDuration{Stage: standard.Stage(r.Stage), Count: r.N, MeanDays: r.Days}
	}
	out := make([]standard.StageDuration, len(runningStages))
	for i, stage := range runningStages {
		out[i] = byStage[stage]
		out[i].Stage = standard.Stage(stage)
	}
	return out, nil
}

// movesOf selects the moves of the standards of standards (a table x with
// their id): standard_id, to_stage, occurred_on and left_on, the day of
// the standard's next move recorded (NULL for its last).
//
// On PostgreSQL it reads each standard's moves by the index on
// (standard_id, id), standard by standard: a window over the moves of
// the standards joined (the plan PostgreSQL prefers for it) reads the
// whole table, 5 million moves at a million standards, to use a few tens
// of thousands. SQLite has no LATERAL, and looks each standard's moves up
// by that index anyway.
func (s *Store) movesOf(db, standards *gorm.DB) *gorm.DB {
	if s.dialect.name() == "postgres" {
		return db.Table("(?) AS x CROSS JOIN LATERAL (SELECT to_stage, occurred_on, LEAD(occurred_on) OVER (ORDER BY id) AS left_on "+
			"FROM standard_transitions WHERE standard_id = x.id) AS m", standards).
			Select("x.id AS standard_id, m.to_stage, m.occurred_on, m.left_on")
	}
	return db.Table("standard_transitions").Where("standard_id IN (?)", standards.Select("x.id")).
		Select("standard_id, to_stage, occurred_on, LEAD(occurred_on) OVER (PARTITION BY standard_id ORDER BY id) AS left_on")
}

// daysBetween is the number of days from date expression a to b.
func (s *Store) daysBetween(a, b string) string {
	if s.dialect.name() == "postgres" {
		return "(" + b + " - " + a + ")"
	}
	return "CAST(julianday(" + b + ") - julianday(" + a + ") AS INTEGER)"
}
