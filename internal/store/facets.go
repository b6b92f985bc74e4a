package store

import (
	"context"
	"fmt"

	"stdreg/internal/standard"
)

// Facets counts the standards the filter selects by each facet named: kind,
// stage, year (of publication) or designation; the most frequent first.
func (s *Store) Facets(ctx context.Context, f standard.Filter, names []string) (map[string][]standard.FacetCount, error) {
	out := make(map[string][]standard.FacetCount, len(names))
	for _, name := range names {
		db := s.filterStandards(s.db.WithContext(ctx).Model(&standardRow{}), f)
		var key string
		switch name {
		case "kind", "stage":
			key = name
		case "year":
			key = s.dialect.yearOf("published_on")
			db = db.Where("published_on IS NOT NULL")
		case "designation":
			key = "d.type"
			db = db.Joins("JOIN standard_designations d ON d.standard_id = standards.id")
		default:
			return nil, fmt.Errorf("facet %q: unknown", name)
		}
		var rows []struct {
			Value string
			Count int
		}
		err := db.Select(key + " AS value, count(*) AS count").Group(key).Order("count DESC, value").Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("count facet %s: %w", name, err)
		}
		counts := make([]standard.FacetCount, len(rows))
		for i, r := range rows {
			counts[i] = standard.FacetCount{Value: r.Value, Count: r.Count}
		}
		out[name] = counts
	}
	return out, nil
}
