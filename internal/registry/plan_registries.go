package registry

import (
	"context"
	"fmt"
	"math"

	"stdreg/internal/standard"
)

// registryIndicators are the plan's three indicators counted from the
// other registries over from..to (the plan's first day to the day asked):
// the share of key generic and application projects accepted that
// produced a standard (a standard at drafting or later, not a terminated
// or unapproved draft; its stage on to, from its history), the city and county pilots
// approved and not revoked, and the international and national technical
// bodies settled.
func (s *Service) registryIndicators(ctx context.Context, from, to standard.Date) ([]Indicator, error) {
	c, err := s.store.RegistryCounts(ctx, from, to)
	if err != nil {
		return nil, err
	}
	period := fmt.Sprintf("from %s to %s", from, to)
	count := func(n int) *float64 { f := float64(n); return &f }
	share := Indicator{Key: standard.IndicatorTechProjectsShare, Name: "重大科技计划项目形成标准比例", Target: 60}
	switch {
	case c.Projects == 0:
		share.Reason = "the registry holds no science and technology programme projects"
	case c.TechProjects == 0:
		share.Reason = "no key_generic or application project was accepted " + period
	default:
		pct := math.Round(1000*float64(c.TechProjectsProducing)/float64(c.TechProjects)) / 10
		share.Actual = &pct
		share.Reason = fmt.Sprintf("%d of the %d key_generic and application projects accepted %s name a standard at drafting or later, in percent",
			c.TechProjectsProducing, c.TechProjects, period)
	}
	pilots := Indicator{Key: standard.IndicatorCityPilots, Name: "城市标准化试点", Target: 20, Actual: count(c.CityPilots),
		Reason: "city and county pilots approved " + period + " and not revoked"}
	if c.Pilots == 0 {
		pilots.Actual, pilots.Reason = nil, "the registry holds no standardization pilots"
	}
	bodies := Indicator{Key: standard.IndicatorTechnicalBodies, Name: "新增国际和全国专业标准化技术组织", Target: 3, Actual: count(c.TechnicalBodies),
		Reason: "international and national technical bodies settled in Zhejiang " + period}
	if c.Bodies == 0 {
		bodies.Actual, bodies.Reason = nil, "the registry holds no standardization technical bodies"
	}
	return []Indicator{share, pilots, bodies}, nil
}
