package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// CycleFigures are drafting-cycle figures of a set of standards.
type CycleFigures struct {
	Count             int      `json:"count" example:"128"`
	MeanMonths        *float64 `json:"mean_months" extensions:"x-nullable" example:"13.2"` // null when count is 0
	MedianMonths      *float64 `json:"median_months" extensions:"x-nullable" example:"12.9"`
	P90Months         *float64 `json:"p90_months" extensions:"x-nullable" example:"17.4"`
	WithinTargetShare *float64 `json:"within_target_share" extensions:"x-nullable" example:"0.81"` // share of the cycles with a target that met it
	TargetMonths      *int     `json:"target_months" extensions:"x-nullable" example:"15"`         // null when the set mixes targets or has none
	TargetMet         *bool    `json:"target_met" extensions:"x-nullable"`                         // mean at or under the target
} //	@name	CycleFigures

// CycleGroupFigures are the figures of one group.
type CycleGroupFigures struct {
	Key string `json:"key" example:"2024"`
	CycleFigures
} //	@name	CycleGroupFigures

// DraftingCycleResponse answers the drafting-cycle measure.
type DraftingCycleResponse struct {
	From *string `json:"from" format:"date" extensions:"x-nullable"`
	To   string  `json:"to" format:"date"`
	CycleFigures
	Groups []CycleGroupFigures `json:"groups,omitempty"`
} //	@name	DraftingCycle

func toCycleFigures(st standard.CycleStats) CycleFigures {
	f := CycleFigures{Count: st.Count, WithinTargetShare: st.WithinShare}
	if st.Count > 0 {
		mean, median, p90 := st.Mean, st.Median, st.P90
		f.MeanMonths, f.MedianMonths, f.P90Months = &mean, &median, &p90
	}
	if target, ok := st.Target(); ok {
		f.TargetMonths = &target
	}
	if met, known := st.Met(); known {
		f.TargetMet = &met
	}
	return f
}

// listFilterParams are the list's filters, which the measures accept too.
var listFilterParams = []string{
	"q", "kind", "stage", "nature", "designation", "zhejiang_role", "organization_id", "region", "ics",
	"published_from", "published_to", "approved_from", "approved_to",
}

// draftingCycle measures drafting cycles.
//
//	@Summary			Drafting-cycle figures
//	@Description		Roles: anyone. Over the standards whose cycle ended between `from` and `to` (default today) — publication, or submission for approval where the configured rule for the kind and nature ends the cycle there — filtered like the list: count, mean, median and 90th percentile in months, the share within target, the target and whether the mean meets it. Percentiles interpolate linearly between the closest ranks (PERCENTILE_CONT; Excel's PERCENTILE.INC): the p-th percentile of n sorted values is v[k] + f·(v[k+1] − v[k]) with k + f = p·(n − 1). `target_months` is given when every standard in the set has the same target. `group_by` adds one row per year (of the cycle's end), kind, organization or region.
//	@Tags				metrics
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				from			query		string	false	"cycles ended on or after"					format(date)
//	@Param				to				query		string	false	"cycles ended on or before (default today)"	format(date)
//	@Param				group_by		query		string	false	"adds one row per group"					Enums(year,kind,organization,region)
//	@Param				q				query		string	false	"text in the number, titles or drafting units"
//	@Param				kind			query		string	false	"kind"					Enums(national,industry,local,group,enterprise,international)
//	@Param				stage			query		string	false	"stage"					Enums(preliminary,proposal,drafting,consultation,review,approval,published,periodic_review,withdrawn,terminated)
//	@Param				nature			query		string	false	"nature"				Enums(mandatory,recommended,guidance)
//	@Param				designation		query		string	false	"designation"			Enums(zhejiang_standard,made_in_zhejiang,forerunner)
//	@Param				zhejiang_role	query		string	false	"Zhejiang's role"		Enums(lead,participant,none)
//	@Param				organization_id	query		string	false	"owning organization"	format(uuid)
//	@Param				region			query		string	false	"administrative division code"
//	@Param				ics				query		string	false	"beginning of an ICS class"
//	@Param				published_from	query		string	false	"published on or after"			format(date)
//	@Param				published_to	query		string	false	"published on or before"		format(date)
//	@Param				approved_from	query		string	false	"project approved on or after"	format(date)
//	@Param				approved_to		query		string	false	"project approved on or before"	format(date)
//	@Success			200				{object}	DraftingCycleResponse
//	@Failure			400				{object}	Problem		"invalid parameter"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getDraftingCycle
//	@Router				/api/v1/metrics/drafting-cycle [get]
func (s *Server) draftingCycle(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, append([]string{"from", "to", "group_by"}, listFilterParams...)...)
	q := standard.CycleQuery{
		Filter:  parseStandardFilter(params, &fe),
		From:    parseDate(&fe, "from", params.Get("from")),
		To:      parseDate(&fe, "to", params.Get("to")),
		GroupBy: enumParam(params, &fe, "group_by", standard.CycleGroups),
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		fe.Add("to", "%s is before from %s", q.To, q.From)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if q.To.IsZero() {
		q.To = s.registry.Today()
	}
	all, groups, err := s.registry.DraftingCycle(c.Request().Context(), q)
	if err != nil {
		return err
	}
	out := DraftingCycleResponse{From: optional(q.From.String()), To: q.To.String(), CycleFigures: toCycleFigures(all)}
	if q.GroupBy != standard.GroupNone {
		out.Groups = make([]CycleGroupFigures, len(groups))
		for i, g := range groups {
			out.Groups[i] = CycleGroupFigures{Key: g.Key, CycleFigures: toCycleFigures(g)}
		}
	}
	return c.JSON(http.StatusOK, out)
}

// OverdueItem is a running draft past (or near) its target.
type OverdueItem struct {
	ID            string  `json:"id" format:"uuid"`
	Code          string  `json:"code"`
	TitleZH       string  `json:"title_zh" example:"未来社区 建设规范"`
	Stage         string  `json:"stage" example:"review"`
	ApprovedOn    string  `json:"approved_on" format:"date" example:"2023-01-10"`
	MonthsElapsed float64 `json:"months_elapsed" example:"16.2"` // on as_of
	TargetMonths  int     `json:"target_months" example:"15"`
	Deadline      string  `json:"deadline" format:"date" example:"2024-04-10"` // the last day within target
	EndsWith      string  `json:"ends_with" enums:"published,approval"`
} //	@name	OverdueItem

// OverdueList is one page of overdue drafts, the longest-running first.
type OverdueList struct {
	AsOf          string        `json:"as_of" format:"date"`
	Items         []OverdueItem `json:"items"`
	NextPageToken string        `json:"next_page_token"`
} //	@name	OverdueList

// overdue lists drafts past their target.
//
//	@Summary			Drafts past their target
//	@Description		Roles: anyone. Drafts whose cycle runs (drafting to approval; for a rule that ends with submission for approval, drafting to review) and is past its target on `as_of` (default today), or will be within `within_days`: those whose deadline — the approval day plus the target months, a missing day counting as the month's last — is before `as_of` + `within_days`. Oldest approval first, in keyset pages; filtered like the list.
//	@Tags				metrics
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				as_of			query		string	false	"the day to judge on (default today)"								format(date)
//	@Param				within_days		query		int		false	"also drafts that will be past their target within this many days"	minimum(0)	maximum(3650)	default(0)
//	@Param				q				query		string	false	"text in the number, titles or drafting units"
//	@Param				kind			query		string	false	"kind"					Enums(national,industry,local,group,enterprise,international)
//	@Param				stage			query		string	false	"stage"					Enums(drafting,consultation,review,approval)
//	@Param				nature			query		string	false	"nature"				Enums(mandatory,recommended,guidance)
//	@Param				designation		query		string	false	"designation"			Enums(zhejiang_standard,made_in_zhejiang,forerunner)
//	@Param				zhejiang_role	query		string	false	"Zhejiang's role"		Enums(lead,participant,none)
//	@Param				organization_id	query		string	false	"owning organization"	format(uuid)
//	@Param				region			query		string	false	"administrative division code"
//	@Param				ics				query		string	false	"beginning of an ICS class"
//	@Param				published_from	query		string	false	"published on or after"			format(date)
//	@Param				published_to	query		string	false	"published on or before"		format(date)
//	@Param				approved_from	query		string	false	"project approved on or after"	format(date)
//	@Param				approved_to		query		string	false	"project approved on or before"	format(date)
//	@Param				page_size		query		int		false	"items per page"				minimum(1)	maximum(200)	default(20)
//	@Param				page_token		query		string	false	"next_page_token of the previous page"
//	@Success			200				{object}	OverdueList
//	@Failure			400				{object}	Problem		"invalid parameter or page token"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listOverdue
//	@Router				/api/v1/metrics/overdue [get]
func (s *Server) overdue(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, append([]string{"as_of", "within_days", "page_size", "page_token"}, listFilterParams...)...)
	q := standard.OverdueQuery{Filter: parseStandardFilter(params, &fe), AsOf: parseDate(&fe, "as_of", params.Get("as_of"))}
	if v := params.Get("within_days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 3650 {
			fe.Add("within_days", "must be a whole number from 0 to 3650")
		}
		q.WithinDays = n
	}
	q.Limit, q.After = s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	if q.AsOf.IsZero() {
		q.AsOf = s.registry.Today()
	}
	page, err := s.registry.Overdue(c.Request().Context(), q)
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := OverdueList{AsOf: q.AsOf.String(), Items: make([]OverdueItem, len(page.Items)), NextPageToken: next}
	for i, o := range page.Items {
		st := o.Standard
		out.Items[i] = OverdueItem{
			ID: st.ID, Code: st.Code, TitleZH: st.TitleZH, Stage: string(st.Stage), ApprovedOn: st.ApprovedOn.String(),
			MonthsElapsed: standard.Months(st.ApprovedOn, q.AsOf), TargetMonths: o.TargetMonths,
			Deadline: standard.Deadline(st.ApprovedOn, o.TargetMonths).String(), EndsWith: string(o.EndsWith),
		}
	}
	return c.JSON(http.StatusOK, out)
}

// IndicatorBody is one of the plan's figures.
type IndicatorBody struct {
	Key    string   `json:"key" enums:"national_led,international,zhejiang_standard,made_in_zhejiang,forerunner,local_cycle_months,tech_projects_share,city_pilots,technical_bodies" example:"local_cycle_months"`
	Name   string   `json:"name" example:"地方标准平均制定周期"`
	Target float64  `json:"target" example:"15"`
	Bound  string   `json:"bound" enums:"at_least,at_most"`                // whether actual must reach the target or stay under it
	Actual *float64 `json:"actual" extensions:"x-nullable" example:"13.4"` // null when the registry holds no data for it
	Met    *bool    `json:"met" extensions:"x-nullable"`
	Note   string   `json:"note"` // how actual was counted, or why it is null
	// Records is the list URL of the records an indicator counted from
	// the projects, pilots or technical bodies counts (for
	// tech_projects_share, the projects it divides by).
	Records string `json:"records,omitempty" example:"/api/v1/pilots?approved_from=2023-01-01&approved_to=2025-12-31&kind=city%2Ccounty&status=building%2Caccepted"`
	// RecordsProducing, for tech_projects_share, is the list URL of the
	// projects counted as producing a standard.
	RecordsProducing string `json:"records_producing,omitempty"`
} //	@name	Indicator

// PlanTargetsResponse answers the plan's indicators on a day.
type PlanTargetsResponse struct {
	AsOf       string          `json:"as_of" format:"date"`
	Indicators []IndicatorBody `json:"indicators"`
} //	@name	PlanTargets

// planTargets reports the plan's indicators.
//
//	@Summary			The work plan's targets on a day
//	@Description		Roles: anyone. The nine indicators of Zhejiang's work plan for the national standardization innovation pilot (2023–2025) on `as_of` (default today), counted from the records the caller may see over the plan period from 2023-01-01: national standards Zhejiang led; international standards it led or took part in; 浙江标准 certifications; 浙江制造 standards (cumulative); 领跑者 entries; the mean drafting cycle of local standards; the share of key generic and application science and technology projects accepted that produced a standard at drafting or later (percent); city and county pilots approved and not revoked; international and national technical bodies settled. The last three link the records behind them (`records`, `records_producing`). For indicators the registry holds no data on, `actual` is null and `note` says so.
//	@Tags				metrics
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				as_of	query		string	false	"the day (default today)"	format(date)
//	@Success			200		{object}	PlanTargetsResponse
//	@Failure			400		{object}	Problem		"invalid parameter"
//	@Failure			401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429		{object}	Problem		"rate limit exceeded"
//	@Header				429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getPlanTargets
//	@Router				/api/v1/metrics/plan-targets [get]
func (s *Server) planTargets(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "as_of")
	asOf := parseDate(&fe, "as_of", params.Get("as_of"))
	if err := fe.Err(); err != nil {
		return err
	}
	if asOf.IsZero() {
		asOf = s.registry.Today()
	}
	indicators, err := s.registry.PlanTargets(c.Request().Context(), asOf)
	if err != nil {
		return err
	}
	out := PlanTargetsResponse{AsOf: asOf.String(), Indicators: make([]IndicatorBody, len(indicators))}
	for i, ind := range indicators {
		bound := "at_least"
		if ind.AtMost {
			bound = "at_most"
		}
		out.Indicators[i] = IndicatorBody{Key: ind.Key, Name: ind.Name, Target: ind.Target, Bound: bound, Actual: ind.Actual, Met: ind.Met(), Note: ind.Reason}
		out.Indicators[i].Records, out.Indicators[i].RecordsProducing = registryIndicatorLinks(ind.Key, planStart, asOf)
	}
	return c.JSON(http.StatusOK, out)
}
