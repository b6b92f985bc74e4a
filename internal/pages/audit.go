package pages

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"stdreg/internal/fault"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

// overdueShown bounds the overdue table; the download has them all.
const overdueShown = 50

// auditData is what audit.html shows.
type auditData struct {
	AsOf       standard.Date
	Kind       standard.Kind
	Kinds      []option
	FromYear   int
	ToYear     int
	Years      []int
	Indicators []indicator
	Overall    standard.CycleStats
	Histogram  []standard.MonthCount // every month from 0 to the longest, empty ones too
	OverallURL string
	ByYear     []figure
	ByRegion   []figure
	Slowest    []figure
	Overdue    []overdueRow
	OverdueURL string
	Target     int
	Charts     string // JSON for audit.js
	Downloads  downloads
}

// indicator is one of the plan's figures, with the search behind it.
type indicator struct {
	registry.Indicator
	Met      *bool
	Progress float64 // actual over target, for the bar
	URL      string
}

// figure is one group's drafting-cycle figures and the standards behind them.
type figure struct {
	standard.CycleStats
	Label     string
	URL       string // the search page on the standards behind the figure
	ExportURL string // those standards as CSV
}

// overdueRow is one draft past its target.
type overdueRow struct {
	standard.Overdue
	Organization  string
	MonthsElapsed float64
	Deadline      standard.Date
}

// downloads are the API's answers behind the page's tables.
type downloads struct {
	Plan, Cycle, ByYear, ByRegion, Overdue string
}

// audit answers /audit: the plan's indicators, drafting cycles by year and
// by place against the target, the slowest organizations and the overdue
// drafts, each linking to the standards behind it.
func (p *Pages) audit(c echo.Context) (view, error) {
	ctx := c.Request().Context()
	today := p.registry.Today()
	params := c.QueryParams()
	var fe fault.FieldErrors
	kind := enum(params, &fe, "kind", standard.Kinds)
	if params.Get("kind") == "" {
		kind = standard.KindLocal // the plan's cycle target is the local standards'
	}
	fromYear := yearParam(params, &fe, "from_year", today.Year-4)
	toYear := yearParam(params, &fe, "to_year", today.Year)
	if fromYear > toYear {
		fe.Add("from_year", "起始年份不能晚于截止年份")
	}
	if err := fe.Err(); err != nil {
		return view{}, err
	}
	from := standard.Date{Year: fromYear, Month: 1, Day: 1}
	to := standard.Date{Year: toYear, Month: 12, Day: 31}
	if today.Before(to) {
		to = today
	}
	data := auditData{AsOf: today, Kind: kind, Kinds: optionsOf(standard.Kinds, kindNames), FromYear: fromYear, ToYear: toYear}
	for y := today.Year; y > today.Year-30; y-- {
		data.Years = append(data.Years, y)
	}

	filter := standard.Filter{Kind: kind}
	base := url.Values{"kind": {string(kind)}}
	// The figures are independent queries: run them at once, so the page
	// waits for the slowest, not for their sum.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { data.Indicators, err = p.indicators(gctx, today); return err })
	g.Go(func() error { return p.cycles(gctx, &data, filter, base, from, to) })
	g.Go(func() (err error) {
		h, err := p.registry.CycleHistogram(gctx, standard.CycleQuery{Filter: filter, From: from, To: to})
		data.Histogram = fillMonths(h)
		return err
	})
	g.Go(func() (err error) { data.ByRegion, err = p.byRegion(gctx, filter, base, from, to); return err })
	g.Go(func() (err error) { data.Slowest, err = p.slowest(gctx, filter, base, from, to); return err })
	g.Go(func() (err error) { data.Overdue, err = p.overdue(gctx, filter, today); return err })
	if err := g.Wait(); err != nil {
		return view{}, err
	}
	data.OverdueURL = "/api/v1/metrics/overdue?" + base.Encode()
	metrics := url.Values{"kind": {string(kind)}, "from": {from.String()}, "to": {to.String()}}
	data.Downloads = downloads{
		Plan:     "/api/v1/metrics/plan-targets",
		Cycle:    "/api/v1/metrics/drafting-cycle?" + metrics.Encode(),
		ByYear:   "/api/v1/metrics/drafting-cycle?" + metrics.Encode() + "&group_by=year",
		ByRegion: "/api/v1/metrics/drafting-cycle?" + metrics.Encode() + "&group_by=region",
		Overdue:  data.OverdueURL,
	}
	charts, err := json.Marshal(chartData(data))
	if err != nil {
		return view{}, fmt.Errorf("chart data: %w", err)
	}
	data.Charts = string(charts)
	return view{Name: "audit", Title: "审计看板", Data: data}, nil
}

// fillMonths adds the months no cycle lasted, so the bars stand at their
// true distances.
func fillMonths(bars []standard.MonthCount) []standard.MonthCount {
	if len(bars) == 0 {
		return nil
	}
	out := make([]standard.MonthCount, bars[len(bars)-1].Months+1)
	for i := range out {
		out[i].Months = i
	}
	for _, b := range bars {
		out[b.Months].Count = b.Count
	}
	return out
}

// indicators are the plan's figures on today, each with its standards.
func (p *Pages) indicators(ctx context.Context, today standard.Date) ([]indicator, error) {
	standing, err := p.registry.PlanTargets(ctx, "", standard.Date{})
	if err != nil {
		return nil, err
	}
	plan := standing.Indicators
	out := make([]indicator, len(plan))
	for i, in := range plan {
		out[i] = indicator{Indicator: in, Met: in.Met(), URL: indicatorURL(string(in.Key), today)}
		if in.Actual != nil && in.Target > 0 {
			out[i].Progress = *in.Actual / in.Target
		}
	}
	return out, nil
}

// cycles fills the figures of the whole window and of each year.
func (p *Pages) cycles(ctx context.Context, data *auditData, filter standard.Filter, base url.Values, from, to standard.Date) error {
	overall, byYear, err := p.registry.DraftingCycle(ctx, standard.CycleQuery{Filter: filter, From: from, To: to, GroupBy: []standard.CycleGroup{standard.GroupYear}})
	if err != nil {
		return err
	}
	data.Overall, data.OverallURL = overall, searchURL(withWindow(base, from, to))
	data.Target, _ = overall.Target()
	for _, g := range byYear {
		y, _ := strconv.Atoi(groupKey(g))
		yearWindow := withWindow(base, standard.Date{Year: y, Month: 1, Day: 1}, standard.Date{Year: y, Month: 12, Day: 31})
		data.ByYear = append(data.ByYear, figure{CycleStats: g, Label: groupKey(g) + "年", URL: searchURL(yearWindow), ExportURL: exportURL(yearWindow)})
	}
	return nil
}

// byRegion are the figures of each region.
func (p *Pages) byRegion(ctx context.Context, filter standard.Filter, base url.Values, from, to standard.Date) ([]figure, error) {
	_, groups, err := p.registry.DraftingCycle(ctx, standard.CycleQuery{Filter: filter, From: from, To: to, GroupBy: []standard.CycleGroup{standard.GroupCity}})
	if err != nil {
		return nil, err
	}
	var out []figure
	for _, g := range groups {
		q := withWindow(base, from, to)
		label := groupName(g)
		if groupKey(g) == "" {
			q.Set("region", "none")
		} else {
			q.Set("city", groupKey(g))
		}
		out = append(out, figure{CycleStats: g, Label: label, URL: searchURL(q), ExportURL: exportURL(q)})
	}
	return out, nil
}

// slowest are the ten organizations whose cycles took longest on average.
func (p *Pages) slowest(ctx context.Context, filter standard.Filter, base url.Values, from, to standard.Date) ([]figure, error) {
	_, groups, err := p.registry.DraftingCycle(ctx, standard.CycleQuery{Filter: filter, From: from, To: to, GroupBy: []standard.CycleGroup{standard.GroupOrganization}})
	if err != nil {
		return nil, err
	}
	groups = slices.DeleteFunc(groups, func(g standard.CycleStats) bool { return groupKey(g) == "" })
	slices.SortFunc(groups, func(a, b standard.CycleStats) int {
		if a.Mean != b.Mean {
			if a.Mean > b.Mean {
				return -1
			}
			return 1
		}
		return b.Count - a.Count
	})
	groups = groups[:min(10, len(groups))]
	owners := make([]standard.Standard, len(groups))
	for i, g := range groups {
		owners[i] = standard.Standard{OrganizationID: groupKey(g)}
	}
	names, err := p.registry.OrganizationsOf(ctx, owners)
	if err != nil {
		return nil, err
	}
	out := make([]figure, len(groups))
	for i, g := range groups {
		q := withWindow(base, from, to)
		q.Set("organization_id", groupKey(g))
		out[i] = figure{CycleStats: g, Label: names[groupKey(g)].Name, URL: searchURL(q), ExportURL: exportURL(q)}
	}
	return out, nil
}

// overdue lists the first drafts past their target today.
func (p *Pages) overdue(ctx context.Context, filter standard.Filter, today standard.Date) ([]overdueRow, error) {
	page, err := p.registry.Overdue(ctx, standard.OverdueQuery{Filter: filter, Limit: overdueShown})
	if err != nil {
		return nil, err
	}
	drafts := make([]standard.Standard, len(page.Items))
	for i, o := range page.Items {
		drafts[i] = o.Standard
	}
	names, err := p.registry.OrganizationsOf(ctx, drafts)
	if err != nil {
		return nil, err
	}
	out := make([]overdueRow, len(page.Items))
	for i, o := range page.Items {
		out[i] = overdueRow{
			Overdue: o, Organization: names[o.Standard.OrganizationID].Name,
			MonthsElapsed: standard.Months(o.Standard.ApprovedOn, today),
			Deadline:      standard.DateOf(o.Standard.ApprovedOn.Time().AddDate(0, o.TargetMonths, 0)),
		}
	}
	return out, nil
}

// yearParam reads a four-digit year, def when absent.
func yearParam(params url.Values, fe *fault.FieldErrors, name string, def int) int {
	v := params.Get(name)
	if v == "" {
		return def
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2999 {
		fe.Add(name, "年份应为四位数字")
		return def
	}
	return y
}

// withWindow adds a publication window to a filter: the standards whose
// cycle ended (for local standards, on publication) in it.
func withWindow(base url.Values, from, to standard.Date) url.Values {
	q := url.Values{}
	for k, v := range base {
		q[k] = v
	}
	q.Set("published_from", from.String())
	q.Set("published_to", to.String())
	return q
}

// exportURL is the API's CSV export of the standards a filter selects.
func exportURL(q url.Values) string {
	e := url.Values{"format": {"csv"}}
	for k, v := range q {
		e[k] = v
	}
	return "/api/v1/standards/export?" + e.Encode()
}

// indicatorURL is the search behind one of the plan's indicators, ""
// when the registry holds no records for it.
func indicatorURL(key string, asOf standard.Date) string {
	plan := url.Values{"published_from": {standard.PilotPlan.StartsOn.String()}, "published_to": {asOf.String()}}
	with := func(k, v string) url.Values {
		q := url.Values{}
		for pk, pv := range plan {
			q[pk] = pv
		}
		q.Set(k, v)
		return q
	}
	switch key {
	case "national_led":
		q := with("kind", "national")
		q.Set("zhejiang_role", "lead")
		return searchURL(q)
	case "international":
		return searchURL(with("kind", "international"))
	case "local_cycle_months":
		return searchURL(with("kind", "local"))
	case "made_in_zhejiang":
		return searchURL(url.Values{"designation": {"made_in_zhejiang"}, "published_to": {asOf.String()}})
	case "zhejiang_standard", "forerunner":
		return searchURL(url.Values{"designation": {key}})
	}
	return ""
}

// groupKey is the key of a group by one thing ("" for none).
func groupKey(g standard.CycleStats) string {
	if len(g.Keys) == 0 {
		return ""
	}
	return g.Keys[0]
}

// groupName is the name the registry gave a group by one thing (杭州市).
func groupName(g standard.CycleStats) string {
	if len(g.Names) == 0 || g.Names[0] == "" {
		return groupKey(g)
	}
	return g.Names[0]
}
