package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// parsed is what /api/v1/codes/parse should answer for a number, less the
// input echoed back.
type parsed struct {
	normalized, display, kind, nature, prefix, number string
	year                                              int // 0: null
	adopts                                            *parsed
}

func (p parsed) response(input string) httpapi.ParsedCode {
	r := httpapi.ParsedCode{
		Input: input, Display: p.display, Normalized: p.normalized, Kind: p.kind,
		Prefix: p.prefix, Number: p.number,
	}
	if p.nature != "" {
		nature := p.nature
		r.Nature = &nature
	}
	if p.year != 0 {
		year := p.year
		r.Year = &year
	}
	if p.adopts != nil {
		a := p.adopts.response(p.adopts.display)
		r.Adopts = &a
	}
	return r
}

func parseCodePath(code string) string {
	return "/api/v1/codes/parse?code=" + url.QueryEscape(code)
}

// TestParseCodeEveryForm takes apart every form of number in docs/domain.md, each
// written as people really type it: full-width characters, any dash, spaces
// dropped or doubled, any case.
func TestParseCodeEveryForm(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		inputs []string
		want   parsed
	}{
		{"national mandatory GB (电动自行车安全技术规范)",
			[]string{"GB 17761—2018", "GB 17761-2018", "gb17761-2018", "ＧＢ　１７７６１－２０１８", "GB 17761–2018", "  GB  17761 — 2018 "},
			parsed{"GB 17761-2018", "GB 17761—2018", "national", "mandatory", "GB", "17761", 2018, nil}},
		{"national recommended GB/T with a part number",
			[]string{"GB/T 1.1—2020", "GB/T1.1-2020", "gb/t 1.1-2020", "GB／T 1．1－2020", "GB / T 1.1 - 2020"},
			parsed{"GB/T 1.1-2020", "GB/T 1.1—2020", "national", "recommended", "GB/T", "1.1", 2020, nil}},
		{"national guidance GB/Z",
			[]string{"GB/Z 20000.1—2014", "gb/z 20000.1-2014", "GB/Z20000.1—2014"},
			parsed{"GB/Z 20000.1-2014", "GB/Z 20000.1—2014", "national", "guidance", "GB/Z", "20000.1", 2014, nil}},
		{"national without a year",
			[]string{"GB/T 19001", "gb/t19001"},
			parsed{"GB/T 19001", "GB/T 19001", "national", "recommended", "GB/T", "19001", 0, nil}},
		{"industry JB/T",
			[]string{"JB/T 10000—2018", "jb/t10000-2018", "JB / T 10000 — 2018"},
			parsed{"JB/T 10000-2018", "JB/T 10000—2018", "industry", "recommended", "JB/T", "10000", 2018, nil}},
		{"industry HG/T",
			[]string{"HG/T 2000—2017", "hg/t 2000-2017", "ＨＧ／Ｔ　２０００－２０１７"},
			parsed{"HG/T 2000-2017", "HG/T 2000—2017", "industry", "recommended", "HG/T", "2000", 2017, nil}},
		{"Zhejiang local recommended DB33/T (数字化改革 术语定义)",
			[]string{"DB33/T 2349—2021", "db33/t 2349-2021", "DB33/T2349-2021", "DB 33/T 2349-2021", "ＤＢ３３／Ｔ　２３４９－２０２１"},
			parsed{"DB33/T 2349-2021", "DB33/T 2349—2021", "local", "recommended", "DB33/T", "2349", 2021, nil}},
		{"Zhejiang local mandatory DB33",
			[]string{"DB33 1234—2020", "db33 1234-2020", "DB33/1234-2020"},
			parsed{"DB33 1234-2020", "DB33 1234—2020", "local", "mandatory", "DB33", "1234", 2020, nil}},
		{"Hangzhou city local DB3301/T",
			[]string{"DB3301/T 0001—2022", "db3301/t0001-2022", "ＤＢ３３０１／Ｔ　０００１－２０２２"},
			parsed{"DB3301/T 0001-2022", "DB3301/T 0001—2022", "local", "recommended", "DB3301/T", "0001", 2022, nil}},
		{"group, Made in Zhejiang T/ZZB",
			[]string{"T/ZZB 0001—2018", "t/zzb 0001-2018", "T/ZZB0001-2018", "T / ZZB 0001 - 2018", "Ｔ／ＺＺＢ　０００１—２０１８"},
			parsed{"T/ZZB 0001-2018", "T/ZZB 0001—2018", "group", "", "T/ZZB", "0001", 2018, nil}},
		{"enterprise Q/",
			[]string{"Q/ABC 001—2023", "q/abc001-2023", "Ｑ／ＡＢＣ　００１－２０２３"},
			parsed{"Q/ABC 001-2023", "Q/ABC 001—2023", "enterprise", "", "Q/ABC", "001", 2023, nil}},
		{"enterprise food standard with S",
			[]string{"Q/XYZ 0001S—2020", "q/xyz 0001s-2020", "Q/XYZ0001S-2020", "Ｑ／ＸＹＺ　０００１Ｓ－２０２０"},
			parsed{"Q/XYZ 0001S-2020", "Q/XYZ 0001S—2020", "enterprise", "", "Q/XYZ", "0001S", 2020, nil}},
		{"ISO with a part number",
			[]string{"ISO 4210-2:2015", "iso 4210-2:2015", "ISO4210-2:2015", "ISO 4210‐2：2015", "ISO 4210-2 : 2015"},
			parsed{"ISO 4210-2:2015", "ISO 4210-2:2015", "international", "", "ISO", "4210-2", 2015, nil}},
		{"IEC with a part number",
			[]string{"IEC 60335-1:2020", "iec 60335-1:2020", "IEC 60335-1-2020"},
			parsed{"IEC 60335-1:2020", "IEC 60335-1:2020", "international", "", "IEC", "60335-1", 2020, nil}},
		{"joint ISO/IEC",
			[]string{"ISO/IEC 27001:2022", "iso/iec 27001:2022", "ISO/IEC27001:2022"},
			parsed{"ISO/IEC 27001:2022", "ISO/IEC 27001:2022", "international", "", "ISO/IEC", "27001", 2022, nil}},
		{"double number of an identical adoption",
			[]string{"GB/T 19001—2016/ISO 9001:2015", "gb/t 19001-2016/iso 9001:2015", "GB/T 19001—2016 / ISO 9001:2015",
				"GB/T 19001-2016 idt ISO 9001:2015", "GB/T 19001—2016（ISO 9001：2015，IDT）",
				"ＧＢ／Ｔ　１９００１－２０１６／ＩＳＯ　９００１：２０１５"},
			parsed{"GB/T 19001-2016", "GB/T 19001—2016/ISO 9001:2015", "national", "recommended", "GB/T", "19001", 2016,
				&parsed{"ISO 9001:2015", "ISO 9001:2015", "international", "", "ISO", "9001", 2015, nil}}},
	}
	each(t, func(t *testing.T, c *client) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for _, in := range tc.inputs {
					r := c.do(http.MethodGet, parseCodePath(in), nil)
					if r.Code != http.StatusOK {
						t.Errorf("%q: %d %s", in, r.Code, r.Body)
						continue
					}
					var got httpapi.ParsedCode
					r.decode(t, &got)
					if diff := cmp.Diff(tc.want.response(in), got); diff != "" {
						t.Errorf("%q (-want +got):\n%s", in, diff)
					}
					// null, not an empty string, where the number does not show it.
					var raw map[string]any
					r.decode(t, &raw)
					if v, ok := raw["nature"]; !ok || (tc.want.nature == "") != (v == nil) {
						t.Errorf("%q: nature is %#v, want %q or null", in, v, tc.want.nature)
					}
					if v, ok := raw["year"]; !ok || (tc.want.year == 0) != (v == nil) {
						t.Errorf("%q: year is %#v, want %d or null", in, v, tc.want.year)
					}
					if _, ok := raw["adopts"]; ok != (tc.want.adopts != nil) {
						t.Errorf("%q: adopts present is %v", in, ok)
					}
				}
			})
		}
	})
}

func TestParseCodeRejectsWhatIsNotANumber(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, query, field, reason string
	}{
		{"GBT without the slash", parseCodePath("GBT 19001-2016"), "code", "did you mean GB/T?"},
		{"unknown nature", parseCodePath("GB/X 17761-2018"), "code", `unknown "X" after GB/`},
		{"unknown province", parseCodePath("DB99/T 2349-2021"), "code", `unknown province code "99"`},
		{"year out of range", parseCodePath("GB 17761-3025"), "code", "year 3025 out of range"},
		{"ambiguous 2-digit year", parseCodePath("GB 1234-05"), "code", "ambiguous"},
		{"no prefix", parseCodePath("17761-2018"), "code", "missing prefix"},
		{"group without the slash", parseCodePath("T ZZB 0001-2018"), "code", "T must be followed by /"},
		{"a title after the number", parseCodePath("GB/T 19001—2016 质量管理体系 要求"), "code", "unexpected character '质'"},
		{"a modified adoption is no double number", parseCodePath("GB/T 19001-2016 MOD ISO 9001:2015"), "code", "only an identical (IDT) adoption"},
		{"a title", parseCodePath("电动自行车安全技术规范"), "code", "unexpected character"},
		{"only spaces", parseCodePath(" \u3000 "), "code", "empty"},
		{"invalid UTF-8", parseCodePath("GB \xff17761-2018"), "code", "UTF-8"},
		{"too long", parseCodePath(strings.Repeat("GB/T 1.1-2020 ", 30)), "code", "too long"},
		{"missing code", "/api/v1/codes/parse", "code", "required"},
		{"empty code", "/api/v1/codes/parse?code=", "code", "required"},
		{"unknown parameter", parseCodePath("GB 17761-2018") + "&kind=national", "kind", "not a parameter"},
		{"misspelt parameter", "/api/v1/codes/parse?cod=" + url.QueryEscape("GB 17761-2018"), "cod", "not a parameter"},
	}
	each(t, func(t *testing.T, c *client) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := c.do(http.MethodGet, tc.query, nil)
				if r.Code != http.StatusBadRequest {
					t.Fatalf("%d, want 400: %s", r.Code, r.Body)
				}
				p := r.problem(t)
				if p.Status != 400 || p.Type == "" || p.Title == "" || p.Detail == "" {
					t.Errorf("incomplete problem: %+v", p)
				}
				msg := wantFieldError(t, r, tc.field)
				if !strings.Contains(msg, tc.reason) {
					t.Errorf("the error for %s says %q, want it to say %q", tc.field, msg, tc.reason)
				}
			})
		}
	})
}
