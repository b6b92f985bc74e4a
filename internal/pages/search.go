package pages

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// searchPageSize is how many standards one page of results shows.
const searchPageSize = 20

// organizationChoices bounds the organization filter's list.
const organizationChoices = 200

// pageState is what the search page's token carries: where the next page
// starts, and the fingerprint of the filters it belongs to.
type pageState struct {
	Filters string `json:"f"`
	Value   string `json:"v,omitempty"`
	Null    bool   `json:"n,omitempty"`
	ID      string `json:"i"`
}

// searchData is what search.html shows.
type searchData struct {
	Params        url.Values
	Kinds, Stages []option
	Years         []string
	Organizations []option
	Extra         []chip // filters without a control of their own
	Results       []result
	Searched      bool // any filter given
	FirstPage     bool
	NextURL       string
	FirstURL      string
}

// chip is an applied filter the form has no control for, with the
// address of the same search without it.
type chip struct {
	Name, Value, Without string
}

// result is one standard in the results.
type result struct {
	standard.Standard
	Organization string
}

// search answers /: the search box, the filters, one page of results and
// the link to the next, read through the registry as the list API reads.
func (p *Pages) search(c echo.Context) (view, error) {
	ctx := c.Request().Context()
	params := c.QueryParams()
	filter, err := parseFilter(params)
	if err != nil {
		return view{}, err
	}
	after, err := p.readToken(params)
	if err != nil {
		return view{}, err
	}
	sortBy := "-published_on"
	if strings.TrimSpace(filter.Q) != "" {
		sortBy = string(standard.SortRelevance)
	}
	order, err := standard.ParseSort(sortBy)
	if err != nil {
		return view{}, err
	}
	page, err := p.registry.ListStandards(ctx, standard.ListQuery{Filter: filter, Sort: order, After: after, Limit: searchPageSize})
	if err != nil {
		return view{}, err
	}
	orgs, err := p.registry.OrganizationsOf(ctx, page.Items)
	if err != nil {
		return view{}, err
	}
	data := searchData{
		Params: params, Kinds: optionsOf(standard.Kinds, kindNames), Years: p.years(),
		FirstPage: after == nil, FirstURL: searchURL(params),
	}
	// Drafts not yet approved are never public: offering them as a filter
	// would only ever find nothing.
	for _, o := range optionsOf(standard.Stages, stageNames) {
		if !standard.Stage(o.Value).IsPrivateDraft() {
			data.Stages = append(data.Stages, o)
		}
	}
	if data.Organizations, err = p.organizationOptions(c, filter.OrganizationID); err != nil {
		return view{}, err
	}
	for k := range params {
		if k != "page_token" && params.Get(k) != "" {
			data.Searched = true
		}
		if slices.Contains(formParams, k) || k == "page_token" || params.Get(k) == "" {
			continue
		}
		without := url.Values{}
		for k2, v := range params {
			if k2 != k && k2 != "page_token" {
				without[k2] = v
			}
		}
		data.Extra = append(data.Extra, chip{Name: k, Value: params.Get(k), Without: searchURL(without)})
	}
	slices.SortFunc(data.Extra, func(a, b chip) int { return strings.Compare(a.Name, b.Name) })
	for _, st := range page.Items {
		data.Results = append(data.Results, result{Standard: st, Organization: orgs[st.OrganizationID].Name})
	}
	if data.NextURL, err = p.nextURL(params, page.Next); err != nil {
		return view{}, err
	}
	title := "标准检索"
	if filter.Q != "" {
		title = filter.Q + " · 标准检索"
	}
	return view{Name: "search", Title: title, Data: data}, nil
}

// readToken returns where the page starts, nil for the first page.
func (p *Pages) readToken(params url.Values) (*paging.Cursor, error) {
	token := params.Get("page_token")
	if token == "" {
		return nil, nil
	}
	var st pageState
	if err := p.tokens.Decode(token, &st); err != nil || st.Filters != fingerprint(params) {
		return nil, fault.Invalid(fault.FieldError{Field: "page_token", Message: fault.Msg("this page link has expired; start the search again from its first page")})
	}
	return &paging.Cursor{Value: st.Value, Null: st.Null, ID: st.ID}, nil
}

// nextURL is the address of the next page, "" on the last.
func (p *Pages) nextURL(params url.Values, next *paging.Cursor) (string, error) {
	if next == nil {
		return "", nil
	}
	token, err := p.tokens.Encode(pageState{Filters: fingerprint(params), Value: next.Value, Null: next.Null, ID: next.ID})
	if err != nil {
		return "", fmt.Errorf("page token: %w", err)
	}
	q := url.Values{}
	for k, v := range params {
		if k != "page_token" {
			q[k] = v
		}
	}
	q.Set("page_token", token)
	return "/?" + q.Encode(), nil
}

// years are the years of publication offered, the latest first.
func (p *Pages) years() []string {
	this := p.registry.Today().Year
	out := make([]string, 0, 40)
	for y := this; y > this-40; y-- {
		out = append(out, fmt.Sprint(y))
	}
	return out
}

// organizationOptions lists organizations by name for the filter, and the
// one selected even when it is beyond the list's bound.
func (p *Pages) organizationOptions(c echo.Context, selected string) ([]option, error) {
	ctx := c.Request().Context()
	page, err := p.registry.ListOrganizations(ctx, standard.OrganizationQuery{Limit: organizationChoices})
	if err != nil {
		return nil, err
	}
	out := make([]option, 0, len(page.Items)+1)
	found := selected == ""
	for _, o := range page.Items {
		out = append(out, option{Value: o.ID, Label: o.Name})
		found = found || o.ID == selected
	}
	if !found {
		o, err := p.registry.GetOrganization(ctx, selected)
		if err != nil {
			return nil, err
		}
		out = append([]option{{Value: o.ID, Label: o.Name}}, out...)
	}
	return out, nil
}
