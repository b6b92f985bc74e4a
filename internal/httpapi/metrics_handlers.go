package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/region"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// listFilterParams are the list's filters, which the measures accept too.
var listFilterParams = []string{
	"q", "kind", "stage", "nature", "designation", "zhejiang_role", "organization_id", "region", "ics",
	"published_from", "published_to", "approved_from", "approved_to",
	"designated_from", "designated_to", "city", "cycle_ended_from", "cycle_ended_to", "cycle_within_target",
}

// overdueFilterParams are the list's filters but those of finished
// cycles: the overdue drafts' cycles run.
var overdueFilterParams = slices.DeleteFunc(slices.Clone(listFilterParams), func(p string) bool {
	return strings.HasPrefix(p, "cycle_")
})

// draftingCycle measures drafting cycles.
//
//	@Summary			Drafting-cycle figures
//	@Description		Roles: anyone. Over the standards whose cycle ended between `from` and `to` (default today) — publication, or submission for approval where the configured rule for the kind and nature ends the cycle there — filtered like the list: count, mean, median and 90th percentile in months, the share within target, the target and whether the mean meets it. Percentiles interpolate linearly between the closest ranks (PERCENTILE_CONT; Excel's PERCENTILE.INC): the p-th percentile of n sorted values is v[k] + f·(v[k+1] − v[k]) with k + f = p·(n − 1). `target_months` is given when every standard in the set has the same target. `group_by` adds one row per group: by year (of the cycle's end), kind, organization, region or city (a county counts in its city), or by two of them at once (`city,year`). Each group has its `key`, its `name` (杭州市, 2024年, an organization's name) and `standards`, the list URL that selects exactly the standards behind it (their `cycle_months` average the group's `mean_months`); so has the whole set.
//	@Tags				metrics
//	@Produce			json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				format			query		string	false	"download the groups (or the whole set) as a file, one row per group; JSON without"	Enums(csv,xlsx)
//	@Param				from			query		string	false	"cycles ended on or after"					format(date)
//	@Param				to				query		string	false	"cycles ended on or before (default today)"	format(date)
//	@Param				group_by		query		string	false	"adds one row per group: one or two of year, kind, organization, region, city, separated by a comma"	example(city,year)
//	@Param				q				query		string	false	"text in the number, titles or drafting units"
//	@Param				kind			query		string	false	"kind"					Enums(national,industry,local,group,enterprise,international)
//	@Param				stage			query		string	false	"stage"					Enums(preliminary,proposal,drafting,consultation,review,approval,published,periodic_review,withdrawn,terminated)
//	@Param				nature			query		string	false	"nature"				Enums(mandatory,recommended,guidance)
//	@Param				designation		query		string	false	"designation"			Enums(zhejiang_standard,made_in_zhejiang,forerunner)
//	@Param	zhejiang_role	query	[]string	false	"Zhejiang's role: any of these, separated by commas"	collectionFormat(csv)	Enums(lead,participant,none)
//	@Param				organization_id	query		string	false	"owning organization; none: standards without one"
//	@Param				region			query		string	false	"administrative division code; none: standards without one"
//	@Param				ics				query		string	false	"beginning of an ICS class"
//	@Param				published_from	query		string	false	"published on or after"			format(date)
//	@Param				published_to	query		string	false	"published on or before"		format(date)
//	@Param				approved_from	query		string	false	"project approved on or after"	format(date)
//	@Param				approved_to		query		string	false	"project approved on or before"	format(date)
//	@Param				designated_from		query		int		false	"a designation (of the type designation names) granted in this year or later"	example(2023)
//	@Param				designated_to		query		int		false	"a designation granted in this year or earlier"	example(2025)
//	@Param				city				query		string	false	"a city's code: the standards of the city and of its counties"	example(330100)
//	@Param				cycle_ended_from	query		string	false	"drafting cycle (under the configured rule) ended on or after"	format(date)
//	@Param				cycle_ended_to		query		string	false	"drafting cycle ended on or before"	format(date)
//	@Param				cycle_within_target	query		string	false	"finished cycles that met (true) or missed (false) their target"	Enums(true,false)
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
	checkParams(params, &fe, append([]string{"from", "to", "group_by", "format"}, listFilterParams...)...)
	format := parseDownload(params, &fe)
	q := standard.CycleQuery{
		Filter: queryparam.Filter(params, &fe),
		From:   queryparam.Date(&fe, "from", params.Get("from")),
		To:     queryparam.Date(&fe, "to", params.Get("to")),
	}
	groupBy, err := standard.ParseCycleGroups(params.Get("group_by"))
	if err != nil {
		fe.Add("group_by", "%s", err)
	}
	q.GroupBy = groupBy
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
	out := toDraftingCycleResponse(q, all, groups)
	if format != "" {
		return s.sendTable(c, "drafting-cycle", format, cycleTable(out, q.GroupBy))
	}
	return c.JSON(http.StatusOK, out)
}

// overdue lists drafts past their target.
//
//	@Summary			Drafts past their target
//	@Description		Roles: anyone. Drafts whose cycle runs (drafting to approval; for a rule that ends with submission for approval, drafting to review) and is past its target on `as_of` (default today), or will be within `within_days`: those whose deadline — the approval day plus the target months, a missing day counting as the month's last — is before `as_of` + `within_days`. Oldest approval first, in keyset pages; filtered like the list.
//	@Tags				metrics
//	@Produce			json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				format			query		string	false	"download every overdue draft (not one page) as a file; JSON without"	Enums(csv,xlsx)
//	@Param				as_of			query		string	false	"the day to judge on (default today)"								format(date)
//	@Param				within_days		query		int		false	"also drafts that will be past their target within this many days"	minimum(0)	maximum(3650)	default(0)
//	@Param				q				query		string	false	"text in the number, titles or drafting units"
//	@Param				kind			query		string	false	"kind"					Enums(national,industry,local,group,enterprise,international)
//	@Param				stage			query		string	false	"stage"					Enums(drafting,consultation,review,approval)
//	@Param				nature			query		string	false	"nature"				Enums(mandatory,recommended,guidance)
//	@Param				designation		query		string	false	"designation"			Enums(zhejiang_standard,made_in_zhejiang,forerunner)
//	@Param	zhejiang_role	query	[]string	false	"Zhejiang's role: any of these, separated by commas"	collectionFormat(csv)	Enums(lead,participant,none)
//	@Param				organization_id	query		string	false	"owning organization; none: standards without one"
//	@Param				region			query		string	false	"administrative division code; none: standards without one"
//	@Param				ics				query		string	false	"beginning of an ICS class"
//	@Param				published_from	query		string	false	"published on or after"			format(date)
//	@Param				published_to	query		string	false	"published on or before"		format(date)
//	@Param				approved_from	query		string	false	"project approved on or after"	format(date)
//	@Param				approved_to		query		string	false	"project approved on or before"	format(date)
//	@Param				designated_from		query		int		false	"a designation (of the type designation names) granted in this year or later"	example(2023)
//	@Param				designated_to		query		int		false	"a designation granted in this year or earlier"	example(2025)
//	@Param				city				query		string	false	"a city's code: the standards of the city and of its counties"	example(330100)
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
	checkParams(params, &fe, append([]string{"as_of", "within_days", "page_size", "page_token", "format"}, overdueFilterParams...)...)
	format := parseDownload(params, &fe)
	q := standard.OverdueQuery{Filter: queryparam.Filter(params, &fe), AsOf: queryparam.Date(&fe, "as_of", params.Get("as_of"))}
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
	if format != "" {
		return s.downloadOverdue(c, q, format)
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
	if err := s.toOverdueItems(c, q.AsOf, page.Items, out.Items); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// downloadOverdue answers every overdue draft q selects (not one page) as
// a file, written as the database reads them: one statement that also
// names each draft's organization, so a province's late drafts neither
// wait for the whole list nor cost a query per page.
func (s *Server) downloadOverdue(c echo.Context, q standard.OverdueQuery, format tabular.Format) error {
	res := c.Response()
	file := fmt.Sprintf("overdue-%s.%s", s.registry.Today().Time().Format("20060102"), format.Extension())
	res.Header().Set(echo.HeaderContentType, format.ContentType())
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+file+`"`)
	res.WriteHeader(http.StatusOK)
	w, err := tabular.NewTableWriter(&progressDeadline{w: res, rc: http.NewResponseController(res.Writer), stall: s.exportStall}, format, overdueSheet, overdueColumns)
	if err == nil {
		err = s.registry.ExportOverdue(c.Request().Context(), q, func(o standard.Overdue) error {
			return w.Write(overdueCells(overdueItem(o, o.Standard.OrganizationName, q.AsOf)))
		})
		if err == nil {
			err = w.Close()
		} else {
			w.Discard()
		}
	}
	if err != nil {
		// The status is sent: end the answer early, so the client sees it
		// incomplete rather than a file that looks whole.
		s.log.ErrorContext(c.Request().Context(), "overdue download failed midway", "error", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// toOverdueItems fills out with the overdue drafts, their organizations'
// names read in one query.
func (s *Server) toOverdueItems(c echo.Context, asOf standard.Date, overdue []standard.Overdue, out []OverdueItem) error {
	standards := make([]standard.Standard, len(overdue))
	for i, o := range overdue {
		standards[i] = o.Standard
	}
	orgs, err := s.registry.OrganizationsOf(c.Request().Context(), standards)
	if err != nil {
		return err
	}
	for i, o := range overdue {
		out[i] = overdueItem(o, orgs[o.Standard.OrganizationID].Name, asOf)
	}
	return nil
}

// overdueItem is one overdue draft as the API shows it on asOf.
func overdueItem(o standard.Overdue, organization string, asOf standard.Date) OverdueItem {
	st := o.Standard
	return OverdueItem{
		ID: st.ID, Code: st.Code, TitleZH: st.TitleZH, Kind: string(st.Kind), Stage: string(st.Stage),
		OrganizationID: optional(st.OrganizationID), OrganizationName: optional(organization),
		Region: st.Region, RegionName: optional(region.Name(st.Region)),
		ApprovedOn: st.ApprovedOn.String(), MonthsElapsed: standard.Months(st.ApprovedOn, asOf), TargetMonths: o.TargetMonths,
		Deadline: standard.Deadline(st.ApprovedOn, o.TargetMonths).String(), EndsWith: string(o.EndsWith),
	}
}

// planTargets reports the plan's indicators.
//
//	@Summary			A work plan's targets on a day
//	@Description		Roles: anyone. The indicators of a work plan (`plan`, default the 2023–2025 pilot plan: GET /api/v1/plans) against its targets on `as_of` — by default the earlier of today and the plan's last day, so an ended plan is judged on its last day — counted from the records the caller may see over the plan's period from its first day: national standards Zhejiang led; international standards it led or took part in; 浙江标准 certifications; 浙江制造 standards (cumulative); 领跑者 entries; the mean drafting cycle of local standards. For indicators the registry holds no data on, `actual` is null and `note` says so. Where a list can select exactly the standards counted, `standards` is its URL.
//	@Tags				metrics
//	@Produce			json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				plan	query		string	false	"the plan's id (default the pilot plan)"	format(uuid)
//	@Param				format	query		string	false	"download the indicators as a file; JSON without"	Enums(csv,xlsx)
//	@Param				as_of	query		string	false	"the day (default the earlier of today and the plan's last day)"	format(date)
//	@Success			200		{object}	PlanTargetsResponse
//	@Failure			400		{object}	Problem		"invalid parameter"
//	@Failure			404		{object}	Problem		"no such plan"
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
	checkParams(params, &fe, "plan", "as_of", "format")
	format := parseDownload(params, &fe)
	asOf := queryparam.Date(&fe, "as_of", params.Get("as_of"))
	if err := fe.Err(); err != nil {
		return err
	}
	standing, err := s.registry.PlanTargets(c.Request().Context(), params.Get("plan"), asOf)
	if err != nil {
		return err
	}
	plan := standing.Plan
	out := PlanTargetsResponse{
		PlanID: plan.ID, PlanName: plan.Name, From: plan.StartsOn.String(), AsOf: standing.AsOf.String(),
		Indicators: make([]IndicatorBody, len(standing.Indicators)),
	}
	for i, ind := range standing.Indicators {
		out.Indicators[i] = IndicatorBody{Key: string(ind.Key), Name: ind.Name, Target: ind.Target, Bound: bound(ind.Key), Actual: ind.Actual, Met: ind.Met(), Note: ind.Reason}
		if ind.Selects != nil {
			out.Indicators[i].Standards = optional(listURL(*ind.Selects))
		}
		out.Indicators[i].Records, out.Indicators[i].RecordsProducing = registryIndicatorLinks(string(ind.Key), plan.StartsOn, standing.AsOf)
	}
	if format != "" {
		return s.sendTable(c, "plan-targets", format, planTable(out))
	}
	return c.JSON(http.StatusOK, out)
}
