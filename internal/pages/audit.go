package pages

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/region"
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
	City       string // a city's code, or "" for the province
	CityName   string
	Cities     []option
	FromYear   int
	ToYear     int
	Years      []int
	Indicators []indicator
	Overall    standard.CycleStats
	Histogram  []standard.MonthCount // every month from 1 to the longest, empty ones too (see fillMonths)
	OverallURL string
	WithinURL  string // the standards within the target
	PastURL    string // the standards past it
	Stages     []stageFigure
	ByYear     []figure
	ByRegion   []figure // by city, or by county within the city chosen
	Slowest    []figure
	Overdue    []overdueRow
	OverdueURL string
	Target     int
	Charts     string // JSON for audit.js
	Downloads  downloads
	Sections   []string // auditSections

	mu     sync.Mutex
	failed map[string]bool // the sections whose figures could not be counted
}

func (d *auditData) setFailed(section string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failed[section] = true
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

// stageFigure is where the months of the cycles measured went: the mean
// days they spent in one stage.
type stageFigure struct {
	standard.StageDuration
	Name string
}

// download is a table as CSV and as XLSX.
type download struct{ CSV, XLSX string }

// downloads are the files behind the page's figures: the API's, and the
// page's own for the two figures the API has no resource for.
type downloads struct {
	Plan, Histogram, Stages, ByYear, ByRegion, Slowest, Overdue download
}

// downloadOf is the file of a table at base (a path with its query) in
// both formats.
func downloadOf(base string) download {
	sep := "&"
	if !strings.Contains(base, "?") {
		sep = "?"
	}
	return download{CSV: base + sep + "format=csv", XLSX: base + sep + "format=xlsx"}
}

// auditQuery is what the dashboard was asked: the kind, the city and the
// years whose cycles it measures.
type auditQuery struct {
	kind             standard.Kind
	city             string
	fromYear, toYear int
	window           standard.CycleQuery
	params           url.Values // the page's own parameters, for its downloads
}

// auditParams are the dashboard's parameters.
var auditParams = []string{"kind", "city", "from_year", "to_year"}

// readAuditQuery reads the dashboard's filters: kind (default local, the
// plan's cycle target), city (default the province) and the years.
func (p *Pages) readAuditQuery(params url.Values, extra ...string) (auditQuery, error) {
	today := p.registry.Today()
	var fe fault.FieldErrors
	for name := range params {
		if !slices.Contains(auditParams, name) && !slices.Contains(extra, name) {
			fe.Add(name, "is not a filter of this page")
		}
	}
	q := auditQuery{kind: queryparam.Enum(params, &fe, "kind", standard.Kinds), city: params.Get("city")}
	if params.Get("kind") == "" {
		q.kind = standard.KindLocal
	}
	if q.city != "" && !region.IsCity(q.city) {
		fe.Add("city", "must be the code of one of Zhejiang's 11 cities, such as 330100")
	}
	q.fromYear = yearParam(params, &fe, "from_year", today.Year-4)
	q.toYear = yearParam(params, &fe, "to_year", today.Year)
	if q.fromYear > q.toYear {
		fe.Add("from_year", "is after to_year")
	}
	if err := fe.Err(); err != nil {
		return q, err
	}
	from := standard.Date{Year: q.fromYear, Month: 1, Day: 1}
	to := standard.Date{Year: q.toYear, Month: 12, Day: 31}
	if today.Before(to) {
		to = today
	}
	q.window = standard.CycleQuery{Filter: standard.Filter{Kind: q.kind, City: q.city}, From: from, To: to}
	q.params = url.Values{"kind": {string(q.kind)}, "from_year": {strconv.Itoa(q.fromYear)}, "to_year": {strconv.Itoa(q.toYear)}}
	if q.city != "" {
		q.params.Set("city", q.city)
	}
	return q, nil
}

// auditSections are the dashboard's parts, in the order they show. Each
// is sent as soon as its figures are counted, whatever the order (the
// page's style puts them in place), so the page paints at once and a slow
// figure holds back only itself.
var auditSections = []string{"plan", "cycles", "stages", "places", "slowest", "overdue"}

// sectionNames are the parts' names in the page's table of contents.
var sectionNames = map[string]string{
	"plan": "规划指标", "cycles": "制定周期", "stages": "各阶段用时", "places": "分地区",
	"slowest": "最慢的单位", "overdue": "超期草案",
}

// Failed reports whether the figures of a section could not be counted
// (the error is logged); its part of the page says so.
func (d *auditData) Failed(section string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.failed[section]
}

// audit answers /audit: the plan's indicators, drafting cycles by year and
// by place against the target, the days per stage, the slowest
// organizations and the overdue drafts, each linking to the standards
// behind it and downloadable. The page is streamed: its head, filters and
// the placeholders of its parts go out at once, then each part as its
// queries finish (they run at once), then the charts' figures.
func (p *Pages) audit(c echo.Context) error {
	r := c.Request()
	c.SetRequest(r.WithContext(access.WithCaller(r.Context(), access.Caller{})))
	ctx := c.Request().Context()
	q, err := p.readAuditQuery(c.QueryParams())
	if err != nil {
		return p.render(c, p.errorView(c, err))
	}
	data := p.auditFrame(q)
	head, err := p.renderString("audit", view{Name: "audit", Title: "审计看板", Data: data})
	if err != nil {
		return err
	}
	top, bottom, ok := strings.Cut(head, sectionsPlaceholder)
	if !ok {
		return fmt.Errorf("render audit: the layout has no place for the sections")
	}
	// The parts' figures, each counted by its own goroutine; done says
	// which part is ready.
	done := make(chan string, len(auditSections))
	run := func(section string, count func(context.Context) error) {
		go func() {
			if err := count(ctx); err != nil {
				p.log.ErrorContext(ctx, "dashboard figures failed", "section", section, "error", err)
				data.setFailed(section)
			}
			done <- section
		}()
	}
	run("plan", func(ctx context.Context) (err error) { data.Indicators, err = p.indicators(ctx); return err })
	run("cycles", func(ctx context.Context) error {
		if err := p.cycles(ctx, data, q.window); err != nil {
			return err
		}
		h, err := p.registry.CycleHistogram(ctx, q.window)
		data.Histogram = fillMonths(h)
		return err
	})
	run("stages", func(ctx context.Context) (err error) { data.Stages, err = p.stages(ctx, q.window); return err })
	run("places", func(ctx context.Context) (err error) { data.ByRegion, err = p.byPlace(ctx, q.window); return err })
	run("slowest", func(ctx context.Context) (err error) { data.Slowest, err = p.slowest(ctx, q.window); return err })
	run("overdue", func(ctx context.Context) (err error) {
		data.Overdue, err = p.overdue(ctx, q.window.Filter, data.AsOf)
		return err
	})

	res := c.Response()
	h := res.Header()
	h.Set("Content-Security-Policy", contentPolicy)
	h.Set("Cache-Control", "no-cache")
	h.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	res.WriteHeader(http.StatusOK)
	write := func(s string) error {
		if _, err := io.WriteString(res, s); err != nil {
			return err
		}
		res.Flush()
		return nil
	}
	if err := write(top); err != nil {
		return nil // the reader left
	}
	for range auditSections {
		section := <-done
		var out strings.Builder
		if err := p.views["audit"].ExecuteTemplate(&out, "section-"+section, data); err != nil {
			p.log.ErrorContext(ctx, "dashboard section failed", "section", section, "error", err)
			out.Reset()
			_ = p.views["audit"].ExecuteTemplate(&out, "failed", nil)
		}
		if err := write(out.String()); err != nil {
			return nil
		}
	}
	// Every part is in: the charts' figures, and the page's end.
	charts, err := json.Marshal(chartData(data))
	if err != nil {
		return fmt.Errorf("chart data: %w", err)
	}
	bottom = strings.Replace(bottom, chartsPlaceholder, html.EscapeString(string(charts)), 1)
	_ = write(bottom)
	return nil
}

// sectionsPlaceholder marks where the parts go in the page's frame
// (html/template drops comments).
const sectionsPlaceholder = "stdreg-sections-placeholder"

// chartsPlaceholder stands for the charts' figures in the page's frame,
// rendered before they are counted.
const chartsPlaceholder = "stdreg-charts-placeholder"

// auditFrame is the page's data before any figure is counted: what was
// asked, the filters' choices, the links that depend only on the query.
func (p *Pages) auditFrame(q auditQuery) *auditData {
	today := p.registry.Today()
	kind, window := q.kind, q.window
	data := &auditData{AsOf: today, Kind: kind, Kinds: optionsOf(standard.Kinds, kindNames), City: q.city, CityName: region.Name(q.city),
		FromYear: q.fromYear, ToYear: q.toYear, Sections: auditSections, Charts: chartsPlaceholder, failed: map[string]bool{}}
	for _, d := range region.All() {
		if d.Level == region.LevelCity {
			data.Cities = append(data.Cities, option{Value: d.Code, Label: d.Name})
		}
	}
	for y := today.Year; y > today.Year-30; y-- {
		data.Years = append(data.Years, y)
	}
	within, past := window, window
	within.Filter.CycleWithin, past.Filter.CycleWithin = standard.CycleWithinMet, standard.CycleWithinNot
	data.OverallURL = figureOf(window, standard.CycleStats{}, "").URL
	data.WithinURL, data.PastURL = figureOf(within, standard.CycleStats{}, "").URL, figureOf(past, standard.CycleStats{}, "").URL

	filter := url.Values{"kind": {string(kind)}}
	if q.city != "" {
		filter.Set("city", q.city)
	}
	data.OverdueURL = "/api/v1/metrics/overdue?" + filter.Encode()
	metrics := url.Values{"from": {window.From.String()}, "to": {window.To.String()}}
	for k, v := range filter {
		metrics[k] = v
	}
	cycle := "/api/v1/metrics/drafting-cycle?" + metrics.Encode() + "&group_by="
	place := "city"
	if q.city != "" {
		place = "region"
	}
	data.Downloads = downloads{
		Plan:      downloadOf("/api/v1/metrics/plan-targets"),
		Histogram: downloadOf("/audit/download?" + withTable(q.params, "histogram")),
		Stages:    downloadOf("/audit/download?" + withTable(q.params, "stages")),
		ByYear:    downloadOf(cycle + "year"),
		ByRegion:  downloadOf(cycle + place),
		Slowest:   downloadOf(cycle + "organization"),
		Overdue:   downloadOf(data.OverdueURL),
	}
	return data
}

// withTable is the dashboard's parameters and the table to download.
func withTable(params url.Values, table string) string {
	out := url.Values{"table": {table}}
	for k, v := range params {
		out[k] = v
	}
	return out.Encode()
}

// stages are the mean days the cycles measured spent in each stage.
func (p *Pages) stages(ctx context.Context, window standard.CycleQuery) ([]stageFigure, error) {
	durations, err := p.registry.StageDurations(ctx, window)
	if err != nil {
		return nil, err
	}
	out := make([]stageFigure, len(durations))
	for i, d := range durations {
		out[i] = stageFigure{StageDuration: d, Name: stageNames[d.Stage]}
	}
	return out, nil
}

// fillMonths adds the months no cycle lasted, so the bars stand at their
// true distances: bar n counts the cycles over n-1 months and up to n
// (standard.MonthCount), from bar 1, which also counts the cycles that
// took no time (bar 0), to the longest.
func fillMonths(bars []standard.MonthCount) []standard.MonthCount {
	if len(bars) == 0 {
		return nil
	}
	out := make([]standard.MonthCount, max(1, bars[len(bars)-1].Months))
	for i := range out {
		out[i].Months = i + 1
	}
	for _, b := range bars {
		out[max(1, b.Months)-1].Count += b.Count
	}
	return out
}

// indicators are the plan's figures, each with the standards the
// registry counted (where a list can select exactly them).
func (p *Pages) indicators(ctx context.Context) ([]indicator, error) {
	standing, err := p.registry.PlanTargets(ctx, "", standard.Date{})
	if err != nil {
		return nil, err
	}
	out := make([]indicator, len(standing.Indicators))
	for i, in := range standing.Indicators {
		out[i] = indicator{Indicator: in, Met: in.Met()}
		if in.Selects != nil {
			out[i].URL = searchURL(queryparam.Values(*in.Selects))
		}
		if in.Actual != nil && in.Target > 0 {
			out[i].Progress = *in.Actual / in.Target
		}
	}
	return out, nil
}

// cycles fills the figures of the whole window and of each year.
func (p *Pages) cycles(ctx context.Context, data *auditData, window standard.CycleQuery) error {
	window.GroupBy = []standard.CycleGroup{standard.GroupYear}
	overall, byYear, err := p.registry.DraftingCycle(ctx, window)
	if err != nil {
		return err
	}
	data.Overall = overall
	data.Target, _ = overall.Target()
	for _, g := range byYear {
		data.ByYear = append(data.ByYear, figureOf(window, g, groupKey(g)+"年"))
	}
	return nil
}

// byPlace are the figures of each city (a county's count in its city's),
// or, when the page shows one city, of each of its counties.
func (p *Pages) byPlace(ctx context.Context, window standard.CycleQuery) ([]figure, error) {
	window.GroupBy = []standard.CycleGroup{standard.GroupCity}
	if window.Filter.City != "" {
		window.GroupBy = []standard.CycleGroup{standard.GroupRegion}
	}
	_, groups, err := p.registry.DraftingCycle(ctx, window)
	if err != nil {
		return nil, err
	}
	out := make([]figure, len(groups))
	for i, g := range groups {
		out[i] = figureOf(window, g, groupName(g))
	}
	return out, nil
}

// slowest are the ten organizations whose cycles took longest on average.
func (p *Pages) slowest(ctx context.Context, window standard.CycleQuery) ([]figure, error) {
	window.GroupBy = []standard.CycleGroup{standard.GroupOrganization}
	_, groups, err := p.registry.DraftingCycle(ctx, window)
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
		out[i] = figureOf(window, g, names[groupKey(g)].Name)
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
		fe.Add(name, "must be a year such as 2024")
		return def
	}
	return y
}

// figureOf is g, a group of q's figures (the whole set when it has no
// keys), with the search and the download of exactly the standards
// behind it: those the registry counted (standard.CycleQuery.Behind).
func figureOf(q standard.CycleQuery, g standard.CycleStats, label string) figure {
	behind := queryparam.Values(q.Behind(g.Keys))
	return figure{CycleStats: g, Label: label, URL: searchURL(behind), ExportURL: exportURL(behind)}
}

// exportURL is the API's CSV export of the standards a filter selects.
func exportURL(q url.Values) string {
	e := url.Values{"format": {"csv"}}
	for k, v := range q {
		e[k] = v
	}
	return "/api/v1/standards/export?" + e.Encode()
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
