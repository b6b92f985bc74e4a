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
	moves := s.dialect.movesOf(db, behind)
	perStandard := db.Table("(?) AS t", moves).
		Where("t.to_stage IN ? AND t.occurred_on IS NOT NULL AND t.left_on IS NOT NULL", runningStages).
		Select("t.standard_id, t.to_stage AS stage, SUM(" + s.dialect.daysBetween("t.occurred_on", "t.left_on") + ") AS days").
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
