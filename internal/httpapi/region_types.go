package httpapi

import "stdreg/internal/region"

// RegionResponse is one administrative division of Zhejiang.
type RegionResponse struct {
	Code   string  `json:"code" example:"330102"`
	Name   string  `json:"name" example:"上城区"`
	Level  string  `json:"level" enums:"province,city,county" example:"county"`
	Parent *string `json:"parent" extensions:"x-nullable" example:"330100"` // the city of a county, the province of a city; null for the province
	City   *string `json:"city" extensions:"x-nullable" example:"330100"`   // the city the division rolls up into (a city's own code); null for the province
} //	@name	Region

// RegionList is every division asked for, never paged (the table is small
// and fixed).
type RegionList struct {
	Items []RegionResponse `json:"items"`
} //	@name	RegionList

func toRegionResponse(d region.Division) RegionResponse {
	r := RegionResponse{Code: d.Code, Name: d.Name, Level: string(d.Level)}
	if d.Level != region.LevelProvince {
		r.Parent, r.City = optional(d.Parent), optional(region.CityOf(d.Code))
	}
	return r
}
