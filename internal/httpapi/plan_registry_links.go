package httpapi

import (
	"net/url"

	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// registryIndicatorLinks are the list URLs that select exactly the records
// behind an indicator counted from the other registries over from..to:
// records, what it counts (for tech_projects_share, the projects it
// divides by), and producing, the projects counted as producing a
// standard. Empty for the indicators counted from standards.
func registryIndicatorLinks(key string, from, to standard.Date) (records, producing string) {
	list := func(path string, q url.Values) string { return path + "?" + q.Encode() }
	switch key {
	case "tech_projects_share":
		q := url.Values{"category": {queryparam.Join(standard.CountedProjectCategories)}, "accepted_from": {from.String()}, "accepted_to": {to.String()}}
		records = list("/api/v1/projects", q)
		q.Set("produced", "true")
		q.Set("produced_as_of", to.String()) // the stages the share was counted on
		return records, list("/api/v1/projects", q)
	case "city_pilots":
		return list("/api/v1/pilots", url.Values{"kind": {queryparam.Join(standard.CountedPilotKinds)}, "status": {queryparam.Join(standard.UnrevokedPilotStatuses)},
			"approved_from": {from.String()}, "approved_to": {to.String()}}), ""
	case "technical_bodies":
		return list("/api/v1/technical-bodies", url.Values{"level": {queryparam.Join(standard.CountedBodyLevels)},
			"settled_from": {from.String()}, "settled_to": {to.String()}}), ""
	}
	return "", ""
}
