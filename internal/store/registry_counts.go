package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// producedCondition keeps the projects that name a standard at drafting or
// later (standard.ProducingStages) today, for queries on projects. A standard a
// project names exists (a foreign key), so it is at one of those stages
// exactly when it is at none of the others: the partial index on those
// (standards_off_record, migration 00043) answers from its ids, where
// reading each standard's stage took 6,000 row reads for the plan's
// figures at a million standards.
var producedCondition = "EXISTS (SELECT 1 FROM project_standards ps WHERE ps.project_id = projects.id AND NOT EXISTS " +
	"(SELECT 1 FROM standards s WHERE s.id = ps.standard_id AND s.stage IN ('" + strings.Join(strs(unproducedStages()), "', '") + "')))"

// unproducedStages are the stages not in standard.ProducingStages.
func unproducedStages() []standard.Stage {
	var out []standard.Stage
	for _, s := range standard.Stages {
		if !slices.Contains(standard.ProducingStages, s) {
			out = append(out, s)
		}
	}
	return out
}

// producedOnCondition keeps the projects that named a standard at drafting
// or later on a day (its first parameter; the stages are its second): the
// stage each standard had then, read from its history rather than its
// stage today.
//
// A standard's history is in the order it was recorded (transition ids are
// UUIDv7), which is also the order of its days; some moves have no day
// (a draft's registration, the intermediate moves an import records). A
// move without a day is taken to have happened on the day of the last dated
// move before it, the earliest it can have: so a move t was in effect on
// the day unless it, or a move recorded before it, is dated after the day.
// The last move in effect is the stage; a standard with none (registered
// published after the day) was not yet produced.
//
// Each standard a counted project names is asked once, from the end of its
// history backwards through the index on (standard_id, id). Counting the
// producing projects among the 9,167 of the plan's period in bench1m
// (1,000,000 standards, 25,000 projects) took 307 to 481 ms this way, and
// 2.4 to 2.8 s with window functions over the histories of every named
// standard (EXPLAIN ANALYZE in psql, three and two runs, load average 16
// on 2 shared cores).
const producedOnCondition = `EXISTS (SELECT 1 FROM project_standards ps WHERE ps.project_id = projects.id AND (
	SELECT t.to_stage FROM standard_transitions t WHERE t.standard_id = ps.standard_id
		AND NOT EXISTS (SELECT 1 FROM standard_transitions e WHERE e.standard_id = t.standard_id AND e.id <= t.id AND e.occurred_on > ?)
	ORDER BY t.id DESC LIMIT 1) IN ?)`

// producedOn narrows a query on projects to those that named a standard
// at drafting or later on day, or today when day is zero.
func producedOn(query *gorm.DB, day standard.Date) *gorm.DB {
	if day.IsZero() {
		return query.Where(producedCondition)
	}
	return query.Where(producedOnCondition, dbDate{day}, strs(standard.ProducingStages))
}

// RegistryCounts counts what tech_projects_share, city_pilots and
// technical_bodies need over the period from..to, each day inclusive; a
// project counts as producing a standard by the stages its standards had
// on to. The records are public, and a standard that counts as produced is
// past approval, so the counts are the same for every caller.
func (s *Store) RegistryCounts(ctx context.Context, from, to standard.Date) (standard.RegistryCounts, error) {
	db := s.db.WithContext(ctx)
	var c standard.RegistryCounts
	projects := func() *gorm.DB {
		q := db.Model(&projectRow{}).Where("category IN ?", strs(standard.CountedProjectCategories))
		return dayRange(q, "accepted_on", from, to)
	}
	pilots := dayRange(db.Model(&pilotRow{}).
		Where("kind IN ? AND status IN ?", strs(standard.CountedPilotKinds), strs(standard.UnrevokedPilotStatuses)), "approved_on", from, to)
	bodies := dayRange(db.Model(&bodyRow{}).Where("level IN ?", strs(standard.CountedBodyLevels)), "settled_on", from, to)
	for _, q := range []struct {
		into  *int
		query *gorm.DB
	}{
		{&c.TechProjects, projects()},
		{&c.TechProjectsProducing, producedOn(projects(), to)},
		{&c.CityPilots, pilots},
		{&c.TechnicalBodies, bodies},
		{&c.Projects, db.Model(&projectRow{})},
		{&c.Pilots, db.Model(&pilotRow{})},
		{&c.Bodies, db.Model(&bodyRow{})},
	} {
		var n int64
		if err := q.query.Count(&n).Error; err != nil {
			return standard.RegistryCounts{}, fmt.Errorf("registry counts: %w", err)
		}
		*q.into = int(n)
	}
	return c, nil
}
