package stdcode

import (
	"errors"
	"strings"
	"testing"

	"stdreg/internal/fault"

	"github.com/google/go-cmp/cmp"
)

// chinese builds the expected Code of a Chinese number from its parts.
func chinese(kind Kind, nature Nature, prefix, number string, year int) Code {
	c := Code{Kind: kind, Nature: nature, Prefix: prefix, Number: number, Year: year}
	c.Normalized = prefix + " " + number
	c.Display = c.Normalized
	if year != 0 {
		c.Normalized += "-" + itoa(year)
		c.Display += "—" + itoa(year)
	}
	return c
}

// international builds the expected Code of an ISO/IEC number.
func international(prefix, number string, year int) Code {
	c := Code{Kind: KindInternational, Prefix: prefix, Number: number, Year: year}
	c.Normalized = prefix + " " + number
	if year != 0 {
		c.Normalized += ":" + itoa(year)
	}
	c.Display = c.Normalized
	return c
}

// double builds the expected Code of an identical adoption's double number.
func double(cn, intl Code) Code {
	cn.Adopted = &intl
	cn.Display += "/" + intl.Display
	return cn
}

func itoa(y int) string {
	return string([]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)})
}

// TestParse checks every field of the result for real numbers and for the
// noisy ways people type them: every input of a case must give the same Code.
func TestParse(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want Code
	}{
		{"national mandatory GB 17761 (电动自行车安全技术规范)",
			[]string{"GB 17761—2018", "GB 17761-2018", "GB17761-2018", "gb 17761—2018", "GB 17761——2018", "GB 17761–2018",
				"GB 17761―2018", "GB 17761‐2018", "GB 17761‑2018", "GB 17761‒2018", "GB 17761−2018", "GB 17761－2018",
				"GB 17761 - 2018", "  GB  17761\t—  2018 \n", "ＧＢ　１７７６１—２０１８", "GB 17761:2018", "GB\u200b 17761-2018", "\ufeffGB 17761-2018"},
			chinese(KindNational, NatureMandatory, "GB", "17761", 2018)},
		{"national recommended GB/T 1.1",
			[]string{"GB/T 1.1—2020", "GB/T1.1-2020", "GB / T 1.1 - 2020", "gb/t 1.1-2020", "GB／T 1．1－2020", "GB/T 1.1 — 2020", "GB∕T 1.1—2020"},
			chinese(KindNational, NatureRecommended, "GB/T", "1.1", 2020)},
		{"national guidance GB/Z 20000.1",
			[]string{"GB/Z 20000.1—2014", "gb/z 20000.1-2014", "GB/Z20000.1—2014"},
			chinese(KindNational, NatureGuidance, "GB/Z", "20000.1", 2014)},
		{"national recommended GB/T 20000.1",
			[]string{"GB/T 20000.1—2014", "GB/T 20000.1-2014"},
			chinese(KindNational, NatureRecommended, "GB/T", "20000.1", 2014)},
		{"full-width GB/T 19001 with ideographic space",
			[]string{"ＧＢ／Ｔ　１９００１－２０１６", "GB/T 19001—2016", "ｇｂ／ｔ１９００１—２０１６"},
			chinese(KindNational, NatureRecommended, "GB/T", "19001", 2016)},
		{"national without year",
			[]string{"GB/T 19001", "gb/t19001", "GB/T 19001 "},
			chinese(KindNational, NatureRecommended, "GB/T", "19001", 0)},
		{"legacy 2-digit year 89 is 1989",
			[]string{"GB 1234-89", "GB 1234—89", "GB 1234-1989"},
			chinese(KindNational, NatureMandatory, "GB", "1234", 1989)},
		{"legacy 2-digit year 50 is 1950",
			[]string{"GB 3100-50"},
			chinese(KindNational, NatureMandatory, "GB", "3100", 1950)},
		{"occupational health GBZ is national",
			[]string{"GBZ 2.1—2019", "gbz 2.1-2019"},
			chinese(KindNational, NatureMandatory, "GBZ", "2.1", 2019)},
		{"occupational health GBZ/T is national recommended",
			[]string{"GBZ/T 229.1—2010"},
			chinese(KindNational, NatureRecommended, "GBZ/T", "229.1", 2010)},
		{"industry JB/T",
			[]string{"JB/T 10000—2018", "jb/t10000-2018", "JB / T 10000 — 2018"},
			chinese(KindIndustry, NatureRecommended, "JB/T", "10000", 2018)},
		{"industry HG/T",
			[]string{"HG/T 2000—2017", "HG/T 2000-2017"},
			chinese(KindIndustry, NatureRecommended, "HG/T", "2000", 2017)},
		{"industry mandatory YY with leading zero",
			[]string{"YY 0505—2012", "yy0505-2012"},
			chinese(KindIndustry, NatureMandatory, "YY", "0505", 2012)},
		{"industry part number YY/T 0322.3",
			[]string{"YY/T 0322.3—2016"},
			chinese(KindIndustry, NatureRecommended, "YY/T", "0322.3", 2016)},
		{"industry guidance SJ/Z",
			[]string{"SJ/Z 11362—2006"},
			chinese(KindIndustry, NatureGuidance, "SJ/Z", "11362", 2006)},
		{"industry 3-letter metrology JJF",
			[]string{"JJF 1001—2011", "jjf 1001-2011"},
			chinese(KindIndustry, NatureMandatory, "JJF", "1001", 2011)},
		{"local recommended DB33/T",
			[]string{"DB33/T 2349—2021", "db33/t 2349-2021", "DB33/T2349-2021", "DB 33/T 2349-2021", "DB33 / T 2349 - 2021", "ＤＢ３３／Ｔ　２３４９－２０２１"},
			chinese(KindLocal, NatureRecommended, "DB33/T", "2349", 2021)},
		{"local mandatory DB33",
			[]string{"DB33 1234—2020", "DB33/ 1234—2020", "DB33/1234-2020", "db33 1234-2020"},
			chinese(KindLocal, NatureMandatory, "DB33", "1234", 2020)},
		{"city local DB3301/T",
			[]string{"DB3301/T 0001—2022", "db3301/t0001-2022"},
			chinese(KindLocal, NatureRecommended, "DB3301/T", "0001", 2022)},
		{"construction local DBJ33/T",
			[]string{"DBJ33/T 1104—2022", "DBJ 33/T 1104-2022"},
			chinese(KindLocal, NatureRecommended, "DBJ33/T", "1104", 2022)},
		{"group Made in Zhejiang T/ZZB",
			[]string{"T/ZZB 0001—2018", "t/zzb 0001-2018", "T/ZZB0001-2018", "T / ZZB 0001 - 2018", "Ｔ／ＺＺＢ　０００１—２０１８"},
			chinese(KindGroup, "", "T/ZZB", "0001", 2018)},
		{"group T/CECS",
			[]string{"T/CECS 10001—2019"},
			chinese(KindGroup, "", "T/CECS", "10001", 2019)},
		{"group code with digits needs the space",
			[]string{"T/AB12 0001—2018", "t/ab12 0001-2018"},
			chinese(KindGroup, "", "T/AB12", "0001", 2018)},
		{"enterprise Q/ABC",
			[]string{"Q/ABC 001—2023", "q/abc001-2023"},
			chinese(KindEnterprise, "", "Q/ABC", "001", 2023)},
		{"enterprise food suffix S",
			[]string{"Q/XYZ 0001S—2020", "q/xyz 0001s-2020", "Q/XYZ0001S-2020", "Ｑ／ＸＹＺ　０００１Ｓ－２０２０"},
			chinese(KindEnterprise, "", "Q/XYZ", "0001S", 2020)},
		{"ISO with part number",
			[]string{"ISO 4210-2:2015", "iso 4210-2:2015", "ISO4210-2:2015", "ISO 4210‐2：2015", "ISO 4210-2 : 2015", "ISO 4210-2—2015", "ISO 4210-2-2015", "ISO 4210-2∶2015"},
			international("ISO", "4210-2", 2015)},
		{"ISO 9001",
			[]string{"ISO 9001:2015", "iso 9001:2015", "ISO 9001-2015", "ＩＳＯ　９００１：２０１５"},
			international("ISO", "9001", 2015)},
		{"IEC with part number",
			[]string{"IEC 60335-1:2020", "iec 60335-1:2020", "IEC 60335-1-2020"},
			international("IEC", "60335-1", 2020)},
		{"IEC part without year keeps the hyphen as a part",
			[]string{"IEC 60335-1", "iec60335-1"},
			international("IEC", "60335-1", 0)},
		{"ISO part numbers over a thousand are parts",
			[]string{"ISO 10303-1001"},
			international("ISO", "10303-1001", 0)},
		{"joint ISO/IEC",
			[]string{"ISO/IEC 27001:2022", "iso/iec 27001:2022", "ISO / IEC 27001 : 2022", "ISO/IEC27001:2022"},
			international("ISO/IEC", "27001", 2022)},
		{"ISO technical specification",
			[]string{"ISO/TS 16949:2009", "ISO TS 16949:2009", "iso/ts16949:2009"},
			international("ISO/TS", "16949", 2009)},
		{"IEC technical specification, old and new style",
			[]string{"IEC TS 62443-1-1:2009", "IEC/TS 62443-1-1:2009"},
			international("IEC TS", "62443-1-1", 2009)},
		{"joint technical report",
			[]string{"ISO/IEC TR 20000-11:2015", "ISO/IEC/TR 20000-11:2015"},
			international("ISO/IEC TR", "20000-11", 2015)},
		{"three publishers",
			[]string{"ISO/IEC/IEEE 29119-1:2022"},
			international("ISO/IEC/IEEE", "29119-1", 2022)},
		{"double number GB/T 19001/ISO 9001",
			[]string{"GB/T 19001—2016/ISO 9001:2015", "GB/T 19001-2016/ISO 9001:2015", "gb/t 19001-2016/iso 9001:2015",
				"GB/T 19001—2016 / ISO 9001:2015", "GB/T 19001-2016 idt ISO 9001:2015", "GB/T 19001-2016 IDT ISO 9001:2015",
				"GB/T 19001-2016(ISO 9001:2015,IDT)", "GB/T 19001—2016（ISO 9001：2015，IDT）", "GB/T 19001—2016/ISO 9001:2015 IDT",
				"GB/T 19001—2016/ISO 9001:2015(IDT)", "GB/T 19001-2016 ISO 9001:2015", "ＧＢ／Ｔ　１９００１－２０１６／ＩＳＯ　９００１：２０１５",
				"GB/T 19001-2016/ISO 9001-2015"},
			double(chinese(KindNational, NatureRecommended, "GB/T", "19001", 2016), international("ISO", "9001", 2015))},
		{"double number of a joint standard",
			[]string{"GB/T 22080—2016/ISO/IEC 27001:2013"},
			double(chinese(KindNational, NatureRecommended, "GB/T", "22080", 2016), international("ISO/IEC", "27001", 2013))},
		{"double number of an industry standard",
			[]string{"YY/T 0287—2017/ISO 13485:2016"},
			double(chinese(KindIndustry, NatureRecommended, "YY/T", "0287", 2017), international("ISO", "13485", 2016))},
		{"double number with IEC part",
			[]string{"GB 4706.1—2005/IEC 60335-1:2004"},
			double(chinese(KindNational, NatureMandatory, "GB", "4706.1", 2005), international("IEC", "60335-1", 2004))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range tc.in {
				got, err := Parse(in)
				if err != nil {
					t.Errorf("Parse(%q): %v", in, err)
					continue
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Parse(%q) mismatch (-want +got):\n%s", in, diff)
				}
			}
		})
	}
}

// TestParseInvalid checks that garbage is refused with a reason a client can act on.
func TestParseInvalid(t *testing.T) {
	cases := []struct {
		name, in, reason string
	}{
		{"empty", "", "empty"},
		{"only spaces", " \t\u3000 ", "empty"},
		{"only invisible characters", "\u200b\ufeff", "empty"},
		{"unknown long prefix", "ABCDE 123-2020", `unknown prefix "ABCDE"`},
		{"single letter prefix", "X 123-2020", `unknown prefix "X"`},
		{"GBT without slash", "GBT 19001-2016", "did you mean GB/T?"},
		{"no prefix", "19001-2016", "missing prefix"},
		{"punctuation first", "/T 1.1-2020", "unexpected"},
		{"missing number", "GB/T", "missing number"},
		{"missing number before year", "GB/T -2016", "expected the number"},
		{"missing number ISO", "ISO", "missing number"},
		{"missing number ISO before year", "ISO :2015", "expected the number"},
		{"year out of range high", "GB 17761-3025", "year 3025 out of range 1950-2100"},
		{"year out of range low", "GB 17761-1949", "year 1949 out of range"},
		{"ISO year out of range", "ISO 9001:2999", "year 2999 out of range"},
		{"ambiguous 2-digit year", "GB 1234-05", `2-digit year "05" is ambiguous`},
		{"3-digit year", "GB 1234-201", "must have 4 digits"},
		{"5-digit year", "GB 1234-20160", "must have 4 digits"},
		{"missing year after dash", "GB/T 1.1-", "missing year"},
		{"missing year after colon", "ISO 9001:", "missing year"},
		{"letters as year", "GB/T 1.1-ABCD", "expected a year"},
		{"dot without digits", "GB/T 1.-2020", "digits after the dot"},
		{"unknown nature", "GB/X 1-2020", `unknown "X" after GB/`},
		{"slash without nature", "GB/ 1-2020", "expected /T or /Z"},
		{"local guidance", "DB33/Z 1-2020", "expected /T"},
		{"DB without code", "DB/T 1-2020", "province code"},
		{"unknown province", "DB99/T 1-2020", `unknown province code "99"`},
		{"province code 00 city", "DB3300/T 1-2020", "not a city code"},
		{"3-digit DB code", "DB331/T 1-2020", "2-digit province code or a 4-digit city code"},
		{"6-digit DB code without space", "DB331234-2020", "2-digit province code or a 4-digit city code"},
		{"DBJ city code", "DBJ3301/T 1-2020", "DBJ must be followed by a 2-digit province code"},
		{"T without slash", "T ZZB 0001-2018", "T must be followed by /"},
		{"Q without slash", "Q 001-2023", "Q must be followed by /"},
		{"group without code", "T/ 0001-2018", "missing the association code"},
		{"group code starting with a digit", "T/1AB 0001-2018", "must start with a letter"},
		{"enterprise without code", "Q/001-2023", "missing the enterprise code"},
		{"group without number", "T/ZZB", "missing number"},
		{"suffix letter outside enterprise", "GB 1234A-2018", `unexpected "A-2018"`},
		{"two suffix letters", "Q/XYZ 0001SS-2020", `unexpected "S-2020"`},
		{"Chinese text", "GB/T 19001—2016 质量管理体系", "unexpected character '质'"},
		{"tilde", "GB 1~2020", "unexpected character '~'"},
		{"full-width tilde", "GB 1～2020", "unexpected character"},
		{"underscore", "GB_T 1-2020", "unexpected character '_'"},
		{"control character", "GB\x00 1-2020", "unexpected character"},
		{"invalid UTF-8", "GB \xff1-2020", "UTF-8"},
		{"too long", strings.Repeat("GB/T 1.1-2020 ", 30), "too long"},
		{"trailing garbage", "GB/T 1.1-2020 XYZ", `unexpected "XYZ"`},
		{"trailing garbage after ISO", "ISO 9001:2015 IDT", `unexpected "IDT"`},
		{"amendment", "ISO 9001:2015/Amd 1:2020", "unexpected"},
		{"double number without the international half", "GB/T 19001—2016/", "double number is written as"},
		{"double number with a Chinese second half", "GB/T 19001—2016/GB 1-2020", `unexpected "GB 1-2020"`},
		{"modified adoption", "GB/T 19001-2016 MOD ISO 9001:2015", "only an identical (IDT) adoption"},
		{"not equivalent adoption", "GB/T 19001-2016(ISO 9001:2015,NEQ)", "NEQ adoption"},
		{"two adopted numbers", "GB/T 1-2016/ISO 1:2015/ISO 2:2015", "more than one international number"},
		{"bad adopted number", "GB/T 19001-2016/ISO 9001:3015", "in the adopted international number: year 3015"},
		{"ISO unknown co-publisher", "ISO/XYZ 1:2020", `unknown "XYZ" after ISO/`},
		{"ISO slash without anything", "ISO/ 9001:2015", "expected IEC, TS or TR"},
		{"ISO part without digits", "ISO 4210-:2015", "expected a part number"},
		{"long number", "GB/T 1234567890123456789012345", "too long"},
		{"long org code", "T/ABCDEFGHIJKLMNOPQRS 1-2020", "too long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tc.in, got)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T, want *ParseError", tc.in, err)
			}
			if pe.Input != tc.in {
				t.Errorf("Input = %q, want %q", pe.Input, tc.in)
			}
			if !strings.Contains(pe.Reason.String(), tc.reason) {
				t.Errorf("Reason = %q, want it to contain %q", pe.Reason, tc.reason)
			}
			if !strings.Contains(err.Error(), pe.Reason.String()) {
				t.Errorf("Error() = %q does not carry the reason", err.Error())
			}
			if diff := cmp.Diff(Code{}, got); diff != "" {
				t.Errorf("failed parse returned a non-zero Code:\n%s", diff)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	t.Run("short input quoted whole", func(t *testing.T) {
		e := &ParseError{Input: "GB 1-3025", Reason: fault.Msg("year 3025 out of range 1950-2100")}
		want := `invalid standard number "GB 1-3025": year 3025 out of range 1950-2100`
		if got := e.Error(); got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
	t.Run("long input cut at a character boundary", func(t *testing.T) {
		e := &ParseError{Input: strings.Repeat("标", 100), Reason: fault.Msg("x")}
		got := e.Error()
		if !strings.Contains(got, "…") || len(got) > 200 {
			t.Errorf("Error() = %q, want a short message ending the input with …", got)
		}
	})
}

func TestKindValid(t *testing.T) {
	for _, k := range []Kind{KindNational, KindIndustry, KindLocal, KindGroup, KindEnterprise, KindInternational} {
		if !k.Valid() {
			t.Errorf("%q.Valid() = false", k)
		}
	}
	for _, k := range []Kind{"", "National", "regional"} {
		if k.Valid() {
			t.Errorf("%q.Valid() = true", k)
		}
	}
}

func TestCodeString(t *testing.T) {
	c, err := Parse("gb/t 19001-2016/iso 9001:2015")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.String(), "GB/T 19001—2016/ISO 9001:2015"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
