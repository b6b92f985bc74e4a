package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/region"
)

// listRegions lists Zhejiang's administrative divisions.
//
//	@Summary			Zhejiang's administrative divisions
//	@Description		Roles: anyone. The province, its 11 cities and their 90 county-level divisions (districts, county-level cities, counties) by GB/T 2260 code, with their Chinese names, in code order, each city followed by its counties; the whole table at once, never paged. `level` keeps one tier; `parent` the divisions directly under one. A county's figures roll up into its `city` where the metrics are grouped or filtered by city.
//	@Tags				regions
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				level	query		string	false	"only this tier"					Enums(province,city,county)
//	@Param				parent	query		string	false	"only the divisions directly under this one"	example(330100)
//	@Success			200		{object}	RegionList
//	@Failure			400		{object}	Problem		"invalid parameter"
//	@Failure			401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429		{object}	Problem		"rate limit exceeded"
//	@Header				429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listRegions
//	@Router				/api/v1/regions [get]
func (s *Server) listRegions(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "level", "parent")
	level := queryparam.Enum(params, &fe, "level", region.Levels)
	parent := params.Get("parent")
	if parent != "" {
		if _, ok := region.Lookup(parent); !ok {
			fe.Add("parent", "%q is not a division of Zhejiang", parent)
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	out := RegionList{Items: []RegionResponse{}}
	for _, d := range region.All() {
		if (level == "" || d.Level == level) && (parent == "" || d.Parent == parent) {
			out.Items = append(out.Items, toRegionResponse(d))
		}
	}
	return c.JSON(http.StatusOK, out)
}
