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
// later (standard.ProducingStages), for queries on projects. A standard a
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

// RegistryCounts counts what tech_projects_share, city_pilots and
// technical_bodies need over the period from..to, each day inclusive. The
// records are public, and a standard that counts as produced is past
// approval, so the counts are the same for every caller.
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
		{&c.TechProjectsProducing, projects().Where(producedCondition)},
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
