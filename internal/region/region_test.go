package region_test

import (
	"testing"

	"stdreg/internal/region"
)

func TestTable(t *testing.T) {
	t.Parallel()
	counts := map[region.Level]int{}
	seen := map[string]bool{}
	for _, d := range region.All() {
		counts[d.Level]++
		if seen[d.Code] {
			t.Errorf("%s twice", d.Code)
		}
		seen[d.Code] = true
		if !region.IsBelowProvince(d.Code) && d.Level != region.LevelProvince {
			t.Errorf("%s %s is not a Zhejiang code below the province", d.Code, d.Name)
		}
		if d.Level == region.LevelCounty && (region.CityOf(d.Code) != d.Parent || !region.IsCity(d.Parent)) {
			t.Errorf("%s %s: city %s, parent %s", d.Code, d.Name, region.CityOf(d.Code), d.Parent)
		}
	}
	if counts[region.LevelProvince] != 1 || counts[region.LevelCity] != 11 || counts[region.LevelCounty] != 90 {
		t.Errorf("levels: %v, want 1 province, 11 cities, 90 counties", counts)
	}
}

func TestCityOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ code, city, name string }{
		{"330102", "330100", "上城区"},
		{"330100", "330100", "杭州市"},
		{"331127", "331100", "景宁畲族自治县"},
		{"330383", "330300", "龙港市"},
		{"330104", "330100", ""}, // 江干区, merged in 2021: still Hangzhou's
		{"330000", "330000", "浙江省"},
		{"110105", "110105", ""}, // 朝阳区 of Beijing: not Zhejiang's
		{"", "", ""},
		{"33010x", "33010x", ""},
	} {
		if got := region.CityOf(tc.code); got != tc.city {
			t.Errorf("CityOf(%q) = %q, want %q", tc.code, got, tc.city)
		}
		if got := region.Name(tc.code); got != tc.name {
			t.Errorf("Name(%q) = %q, want %q", tc.code, got, tc.name)
		}
	}
}
