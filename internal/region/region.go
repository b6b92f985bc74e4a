// Package region holds Zhejiang's administrative divisions (GB/T 2260):
// the province, its 11 cities (地级市) and their county-level divisions
// (市辖区, 县级市, 县), with their names, and how a county rolls up into
// its city. The table is data in the code: divisions change rarely, by
// decision of the State Council, and a change is a commit here.
package region

import "slices"

// Level is the tier of a division.
type Level string

const (
	LevelProvince Level = "province" // 省
	LevelCity     Level = "city"     // 地级市
	LevelCounty   Level = "county"   // 县级: district, county-level city or county
)

// Levels lists the tiers, from the top.
var Levels = []Level{LevelProvince, LevelCity, LevelCounty}

// Division is one administrative division.
type Division struct {
	Code   string // six digits, 330102
	Name   string // 上城区
	Level  Level
	Parent string // the city of a county, the province of a city; "" for the province
}

// Province is Zhejiang's own code.
const Province = "330000"

// All returns every division, the province first, each city followed by its
// counties in code order.
func All() []Division { return slices.Clone(divisions) }

// Lookup returns the division with a code.
func Lookup(code string) (Division, bool) {
	i, ok := byCode[code]
	if !ok {
		return Division{}, false
	}
	return divisions[i], true
}

// Name is the name of a division, or "" for a code the table does not hold.
func Name(code string) string {
	d, _ := Lookup(code)
	return d.Name
}

// CityOf is the city a division belongs to: its own code for a city, its
// city's for a county. The rule is the code's, not the table's — a
// Zhejiang code (33…) below the province names its city in its first four
// digits — so that a county since merged or renamed (330104, the old
// 江干区) still rolls up into its city. Any other code is its own.
func CityOf(code string) string {
	if IsBelowProvince(code) {
		return code[:4] + "00"
	}
	return code
}

// IsBelowProvince reports whether code is a six-digit Zhejiang code of a
// city or county: 33, then a city's two digits other than 00, then two
// more. The store's SQL for the city of a region spells the same rule.
func IsBelowProvince(code string) bool {
	if len(code) != 6 || code[:2] != "33" || code[2:4] == "00" {
		return false
	}
	for _, c := range []byte(code) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// IsCity reports whether code is one of the table's cities.
func IsCity(code string) bool {
	d, ok := Lookup(code)
	return ok && d.Level == LevelCity
}

var byCode = func() map[string]int {
	m := make(map[string]int, len(divisions))
	for i, d := range divisions {
		m[d.Code] = i
	}
	return m
}()
