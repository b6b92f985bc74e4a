package standard

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// today is the day the registry validates against in these tests.
var today = Date{Year: 2024, Month: 6, Day: 15}

// ebike is GB 17761—2018 电动自行车安全技术规范, registered as a published
// national standard with its full record. It is valid as is.
func ebike(t *testing.T) Standard {
	t.Helper()
	return Standard{
		Code:               "GB 17761-2018",
		Kind:               KindNational,
		TitleZH:            "电动自行车安全技术规范",
		TitleEN:            "Safety technical specification for electric bicycle",
		Stage:              StagePublished,
		ICS:                []string{"43.150"},
		CCS:                "Y14",
		Replaces:           []string{"GB 17761-1999"},
		ZhejiangRole:       RoleParticipant,
		DraftingUnits:      []string{"天津市产品质量监督检测技术研究院", "浙江省质量科学研究院"},
		TechnicalCommittee: "全国自行车标准化技术委员会（SAC/TC 155）",
		ApprovedOn:         day(t, "2016-03-01"),
		PublishedOn:        day(t, "2018-05-15"),
		EffectiveOn:        day(t, "2019-04-15"),
	}
}

// digitalDraft is a local draft of DB33/T 2349 数字化改革 术语定义 still in
// proposal: no number, no dates. It is valid as is.
func digitalDraft() Standard {
	return Standard{
		Kind:    KindLocal,
		TitleZH: "数字化改革 术语定义",
		Stage:   StageProposal,
		Region:  "330000",
	}
}

// TestPrepareNormalizesCode checks the display and normalized forms of the
// number, the nature the number shows, and that a nature the number does not
// show is kept as given.
func TestPrepareNormalizesCode(t *testing.T) {
	type view struct {
		Code, NormalizedCode string
		Nature               Nature
	}
	cases := []struct {
		name   string
		code   string
		kind   Kind
		nature Nature
		want   view
	}{
		{"mandatory national GB 17761 typed with a hyphen", "GB 17761-2018", KindNational, "",
			view{"GB 17761—2018", "GB 17761-2018", NatureMandatory}},
		{"recommended national GB/T 1.1 typed without spaces in lower case", "gb/t1.1-2020", KindNational, "",
			view{"GB/T 1.1—2020", "GB/T 1.1-2020", NatureRecommended}},
		{"recommended national GB/T 1.1 with the nature stated and agreeing", "GB/T 1.1—2020", KindNational, NatureRecommended,
			view{"GB/T 1.1—2020", "GB/T 1.1-2020", NatureRecommended}},
		{"local DB33/T 2349 full-width", "ＤＢ３３／Ｔ　２３４９－２０２１", KindLocal, "",
			view{"DB33/T 2349—2021", "DB33/T 2349-2021", NatureRecommended}},
		{"surrounding spaces are trimmed", "  GB/Z 20000.1—2014 \t", KindNational, "",
			view{"GB/Z 20000.1—2014", "GB/Z 20000.1-2014", NatureGuidance}},
		{"group T/ZZB 0001 shows no nature and none is given", "t/zzb 0001-2018", KindGroup, "",
			view{"T/ZZB 0001—2018", "T/ZZB 0001-2018", ""}},
		{"group T/ZZB 0001 keeps the nature given", "T/ZZB 0001—2018", KindGroup, NatureRecommended,
			view{"T/ZZB 0001—2018", "T/ZZB 0001-2018", NatureRecommended}},
		{"enterprise food standard Q/XYZ 0001S keeps the nature given", "q/xyz 0001s-2020", KindEnterprise, NatureMandatory,
			view{"Q/XYZ 0001S—2020", "Q/XYZ 0001S-2020", NatureMandatory}},
		{"international ISO 9001", "iso 9001-2015", KindInternational, "",
			view{"ISO 9001:2015", "ISO 9001:2015", ""}},
		{"double number normalizes to the Chinese number", "GB/T 19001-2016/ISO 9001:2015", KindNational, "",
			view{"GB/T 19001—2016/ISO 9001:2015", "GB/T 19001-2016", NatureRecommended}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := ebike(t)
			s.Code, s.Kind, s.Nature = tc.code, tc.kind, tc.nature
			s.Replaces = nil
			if err := s.Prepare(today); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			got := view{s.Code, s.NormalizedCode, s.Nature}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrepareDraftWithoutCode checks that a draft without a number keeps both
// forms empty and derives no nature.
func TestPrepareDraftWithoutCode(t *testing.T) {
	for _, stage := range []Stage{StagePreliminary, StageProposal, StageDrafting} {
		t.Run(string(stage), func(t *testing.T) {
			s := digitalDraft()
			s.Stage = stage
			s.NormalizedCode = "stale"
			if err := s.Prepare(today); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			if s.Code != "" || s.NormalizedCode != "" || s.Nature != "" {
				t.Errorf("Code, NormalizedCode, Nature = %q, %q, %q; want all empty", s.Code, s.NormalizedCode, s.Nature)
			}
		})
	}
}

// TestPrepareDoubleNumberAdopts checks that GB/T 19001—2016/ISO 9001:2015
// records its ISO number as an identical adoption exactly once.
func TestPrepareDoubleNumberAdopts(t *testing.T) {
	iso9001 := Adoption{Code: "ISO 9001:2015", Degree: DegreeIdentical}
	cases := []struct {
		name   string
		code   string
		adopts []Adoption
		want   []Adoption
	}{
		{"added when the client lists nothing", "GB/T 19001—2016/ISO 9001:2015", nil,
			[]Adoption{iso9001}},
		{"added for the written-out IDT form", "GB/T 19001—2016（ISO 9001：2015，IDT）", nil,
			[]Adoption{iso9001}},
		{"not repeated when the client lists it", "GB/T 19001—2016/ISO 9001:2015",
			[]Adoption{{Code: "ISO 9001:2015", Degree: DegreeIdentical}},
			[]Adoption{iso9001}},
		{"not repeated when the client lists it in another spelling", "GB/T 19001-2016/ISO 9001:2015",
			[]Adoption{{Code: " iso 9001-2015 ", Degree: DegreeIdentical}},
			[]Adoption{iso9001}},
		{"appended after other adoptions", "GB/T 19001—2016/ISO 9001:2015",
			[]Adoption{{Code: "ISO 9000:2015", Degree: DegreeNotEquivalent}},
			[]Adoption{{Code: "ISO 9000:2015", Degree: DegreeNotEquivalent}, iso9001}},
		{"joint ISO/IEC number", "GB/T 22080—2016/ISO/IEC 27001:2013", nil,
			[]Adoption{{Code: "ISO/IEC 27001:2013", Degree: DegreeIdentical}}},
		{"a single number adds nothing", "GB/T 19001—2016", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Standard{
				Code: tc.code, Kind: KindNational, TitleZH: "质量管理体系 要求", Stage: StagePublished,
				Adopts: tc.adopts, PublishedOn: day(t, "2016-12-30"), EffectiveOn: day(t, "2017-07-01"),
			}
			if err := s.Prepare(today); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			if diff := cmp.Diff(tc.want, s.Adopts); diff != "" {
				t.Errorf("Adopts mismatch (-want +got):\n%s", diff)
			}
			// Preparing the stored record again (as a PATCH does) must not
			// add the adoption a second time.
			if err := s.Prepare(today); err != nil {
				t.Fatalf("second Prepare: %v", err)
			}
			if diff := cmp.Diff(tc.want, s.Adopts); diff != "" {
				t.Errorf("Adopts after a second Prepare (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrepareTrimsAndDefaults checks the whole record after Prepare: free
// text and list entries trimmed, the role defaulted, numbers in display form.
func TestPrepareTrimsAndDefaults(t *testing.T) {
	cases := []struct {
		name string
		in   func(*Standard)
		want func(*Standard)
		bug  string // set for a case that exposes a known defect
	}{
		{"zhejiang_role defaults to none",
			func(s *Standard) { s.ZhejiangRole = "" },
			func(s *Standard) { s.ZhejiangRole = RoleNone }, ""},
		{"a given zhejiang_role is kept",
			func(s *Standard) { s.ZhejiangRole = RoleLead },
			func(s *Standard) { s.ZhejiangRole = RoleLead }, ""},
		{"titles and technical committee are trimmed",
			func(s *Standard) {
				s.TitleZH = "\u3000 电动自行车安全技术规范 \n"
				s.TitleEN = "  Safety technical specification for electric bicycle\t"
				s.TechnicalCommittee = " 全国自行车标准化技术委员会（SAC/TC 155） "
			},
			func(s *Standard) {}, ""},
		{"ics and drafting units entries are trimmed",
			func(s *Standard) {
				s.ICS = []string{" 43.150 "}
				s.DraftingUnits = []string{" 天津市产品质量监督检测技术研究院", "浙江省质量科学研究院\u3000"}
			},
			func(s *Standard) {}, ""},
		{"replaced numbers are trimmed and put in display form",
			func(s *Standard) { s.Replaces = []string{"  gb 17761-1999 "} },
			func(s *Standard) { s.Replaces = []string{"GB 17761—1999"} }, ""},
		{"adopted numbers are trimmed and put in display form",
			func(s *Standard) { s.Adopts = []Adoption{{Code: " iso 4210-2-2015 ", Degree: DegreeNotEquivalent}} },
			func(s *Standard) { s.Adopts = []Adoption{{Code: "ISO 4210-2:2015", Degree: DegreeNotEquivalent}} }, ""},
		{"adopted ASTM number is kept as written, trimmed",
			func(s *Standard) { s.Adopts = []Adoption{{Code: " ASTM F2641-08 ", Degree: DegreeNotEquivalent}} },
			func(s *Standard) { s.Adopts = []Adoption{{Code: "ASTM F2641-08", Degree: DegreeNotEquivalent}} }, ""},
		{"adopted JIS number is kept as written, trimmed",
			func(s *Standard) { s.Adopts = []Adoption{{Code: "JIS D 9111:2016\t", Degree: DegreeNotEquivalent}} },
			func(s *Standard) { s.Adopts = []Adoption{{Code: "JIS D 9111:2016", Degree: DegreeNotEquivalent}} }, ""},
		{"adopted European EN number is kept as written, trimmed",
			func(s *Standard) { s.Adopts = []Adoption{{Code: " EN 15194:2017 ", Degree: DegreeNotEquivalent}} },
			func(s *Standard) { s.Adopts = []Adoption{{Code: "EN 15194:2017", Degree: DegreeNotEquivalent}} }, ""},
		{"designation references are trimmed",
			func(s *Standard) {
				s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: 2019, Reference: " 浙江标准认证 2019-001 "}}
			},
			func(s *Standard) {
				s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: 2019, Reference: "浙江标准认证 2019-001"}}
			}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" {
				t.Skip(tc.bug)
			}
			got := ebike(t)
			tc.in(&got)
			if err := got.Prepare(today); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			want := ebike(t)
			want.Code, want.NormalizedCode, want.Nature = "GB 17761—2018", "GB 17761-2018", NatureMandatory
			want.Replaces = []string{"GB 17761—1999"}
			tc.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrepareAcceptsValid lists records that are valid at the edges of the
// rules.
func TestPrepareAcceptsValid(t *testing.T) {
	cases := []struct {
		name string
		base func(*testing.T) Standard
		edit func(*Standard)
	}{
		{"published national standard", ebike, func(s *Standard) {}},
		{"draft in proposal without number or days", func(*testing.T) Standard { return digitalDraft() }, func(s *Standard) {}},
		{"draft in preliminary without number or days", func(*testing.T) Standard { return digitalDraft() },
			func(s *Standard) { s.Stage = StagePreliminary }},
		{"draft in proposal with its number", func(*testing.T) Standard { return digitalDraft() },
			func(s *Standard) { s.Code = "DB33/T 2349—2021" }},
		{"draft in drafting with the approval day", func(*testing.T) Standard { return digitalDraft() },
			func(s *Standard) { s.Stage, s.ApprovedOn = StageDrafting, Date{2021, 3, 1} }},
		{"terminated draft with its approval day", func(*testing.T) Standard { return digitalDraft() },
			func(s *Standard) { s.Stage, s.ApprovedOn = StageTerminated, Date{2021, 3, 1} }},
		{"effective day in the future", ebike,
			func(s *Standard) { s.PublishedOn, s.EffectiveOn = today, Date{2025, 1, 1} }},
		{"approved and published today", ebike,
			func(s *Standard) { s.ApprovedOn, s.PublishedOn, s.EffectiveOn = today, today, today }},
		{"published without approval day", ebike, func(s *Standard) { s.ApprovedOn = Date{} }},
		{"published without effective day", ebike, func(s *Standard) { s.EffectiveOn = Date{} }},
		{"published the day it was approved", ebike, func(s *Standard) { s.ApprovedOn = s.PublishedOn }},
		{"periodic review", ebike, func(s *Standard) { s.Stage = StagePeriodicReview }},
		{"withdrawn with its withdrawal day", ebike,
			func(s *Standard) { s.Stage, s.WithdrawnOn = StageWithdrawn, Date{2024, 6, 1} }},
		{"withdrawn on the day of publication", ebike,
			func(s *Standard) { s.Stage, s.WithdrawnOn = StageWithdrawn, s.PublishedOn }},
		{"withdrawn without a withdrawal day", ebike, func(s *Standard) { s.Stage = StageWithdrawn }},
		{"title of 500 Chinese characters", ebike,
			func(s *Standard) { s.TitleZH = strings.Repeat("标", 500) }},
		{"ics at all three levels", ebike,
			func(s *Standard) { s.ICS = []string{"43", "43.150", "43.150.10"} }},
		{"every degree of equivalence", ebike,
			func(s *Standard) {
				s.Adopts = []Adoption{{"ISO 4210-2:2015", DegreeModified}, {"ISO 4210-1:2014", DegreeNotEquivalent}, {"EN 15194:2017", DegreeIdentical}}
			}},
		{"replaces more than one number and a number without year", ebike,
			func(s *Standard) { s.Replaces = []string{"GB 17761-1999", "GB 17761"} }},
		{"zhejiang_standard on a local standard, years 1949 and this year", func(*testing.T) Standard { return digitalDraft() },
			func(s *Standard) {
				s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: 1949}}
				s.Stage, s.Code, s.PublishedOn = StagePublished, "DB33/T 2349—2021", Date{2021, 8, 1}
			}},
		{"zhejiang_standard in this year", ebike,
			func(s *Standard) {
				s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: today.Year}}
			}},
		{"designation without year", ebike,
			func(s *Standard) { s.Designations = []Designation{{Type: DesignationZhejiangStandard}} }},
		{"made_in_zhejiang on T/ZZB 0001", ebike,
			func(s *Standard) {
				s.Code, s.Kind, s.Replaces = "T/ZZB 0001—2018", KindGroup, nil
				s.Designations = []Designation{{Type: DesignationMadeInZhejiang, Year: 2018}, {Type: DesignationZhejiangStandard, Year: 2019}}
			}},
		{"forerunner on the enterprise food standard Q/XYZ 0001S", ebike,
			func(s *Standard) {
				s.Code, s.Kind, s.Replaces = "Q/XYZ 0001S—2020", KindEnterprise, nil
				s.Designations = []Designation{{Type: DesignationForerunner, Year: 2021, Reference: "食品"}}
			}},
		{"region of a city", func(*testing.T) Standard { return digitalDraft() },
			func(s *Standard) { s.Region = "330100" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.base(t)
			tc.edit(&s)
			if err := s.Prepare(today); err != nil {
				t.Errorf("Prepare: %v, want nil", err)
			}
		})
	}
}

// TestPrepareFieldErrors makes one record bad in one way at a time and checks
// that exactly the expected fields are reported, as a fault.Invalid error.
func TestPrepareFieldErrors(t *testing.T) {
	draft := func(*testing.T) Standard { return digitalDraft() }
	long := func(n int) string { return strings.Repeat("浙", n) }
	cases := []struct {
		name    string
		base    func(*testing.T) Standard
		edit    func(*Standard)
		want    []string // the fields reported, in order
		message string   // a part of the first error's message, if given
	}{
		// kind, nature, stage
		{"kind missing", draft, func(s *Standard) { s.Kind = "" }, []string{"kind"}, "must be one of"},
		{"kind unknown", draft, func(s *Standard) { s.Kind = "provincial" }, []string{"kind"}, "national"},
		{"nature unknown", draft, func(s *Standard) { s.Nature = "binding" }, []string{"nature"}, "mandatory"},
		{"nature contradicts the number", ebike, func(s *Standard) { s.Nature = NatureRecommended }, []string{"nature"}, "mandatory"},
		{"nature guidance contradicts GB/T", ebike,
			func(s *Standard) { s.Code, s.Nature, s.Replaces = "GB/T 1.1—2020", NatureGuidance, nil }, []string{"nature"}, ""},
		{"stage missing", draft, func(s *Standard) { s.Stage = "" }, []string{"stage"}, ""},
		{"stage unknown", draft, func(s *Standard) { s.Stage = "draft" }, []string{"stage"}, ""},

		// code
		{"code malformed", ebike, func(s *Standard) { s.Code = "GBT 17761-2018" }, []string{"code"}, "did you mean GB/T?"},
		{"code with trailing text", ebike, func(s *Standard) { s.Code = "GB 17761—2018 电动自行车安全技术规范" }, []string{"code"}, "unexpected"},
		{"code without year", ebike, func(s *Standard) { s.Code = "GB 17761" }, []string{"code"}, "no year"},
		{"code without year on a draft", draft, func(s *Standard) { s.Code = "DB33/T 2349" }, []string{"code"}, "no year"},
		{"code of a local standard on a national one", ebike,
			func(s *Standard) { s.Code, s.Replaces = "DB33/T 2349—2021", nil }, []string{"code"}, "local"},
		{"code of a group standard on an enterprise one", ebike,
			func(s *Standard) { s.Code, s.Kind, s.Replaces = "T/ZZB 0001—2018", KindEnterprise, nil }, []string{"code"}, "group"},
		{"code of an international standard on a national one", ebike,
			func(s *Standard) { s.Code, s.Replaces = "ISO 9001:2015", nil }, []string{"code"}, "international"},
		{"code required when published", ebike, func(s *Standard) { s.Code, s.Replaces = "", nil }, []string{"code"}, "required"},
		{"code of spaces only when published", ebike, func(s *Standard) { s.Code, s.Replaces = " \u3000 ", nil }, []string{"code"}, "required"},
		{"code required in periodic review", ebike,
			func(s *Standard) { s.Code, s.Replaces, s.Stage = "", nil, StagePeriodicReview }, []string{"code"}, "required"},
		{"code required when withdrawn", ebike,
			func(s *Standard) { s.Code, s.Replaces, s.Stage = "", nil, StageWithdrawn }, []string{"code"}, "required"},

		// free text
		{"title_zh missing", draft, func(s *Standard) { s.TitleZH = "" }, []string{"title_zh"}, "required"},
		{"title_zh only spaces", draft, func(s *Standard) { s.TitleZH = " \u3000\n" }, []string{"title_zh"}, "required"},
		{"title_zh of 501 Chinese characters", draft, func(s *Standard) { s.TitleZH = long(501) }, []string{"title_zh"}, "500"},
		{"title_en of 501 characters", draft, func(s *Standard) { s.TitleEN = strings.Repeat("a", 501) }, []string{"title_en"}, "500"},
		{"technical_committee of 201 characters", draft, func(s *Standard) { s.TechnicalCommittee = long(201) }, []string{"technical_committee"}, "200"},

		// classifications, region, role
		{"ics malformed", ebike, func(s *Standard) { s.ICS = []string{"43.150", "43.15"} }, []string{"ics[1]"}, "43.15"},
		{"ics empty entry", ebike, func(s *Standard) { s.ICS = []string{" ", "43.150"} }, []string{"ics[0]"}, "empty"},
		{"ics duplicate", ebike, func(s *Standard) { s.ICS = []string{"43.150", " 43.150"} }, []string{"ics[1]"}, "twice"},
		{"ics list too long", ebike, func(s *Standard) { s.ICS = make([]string, 51) }, []string{"ics"}, "50"},
		{"ccs lower case", ebike, func(s *Standard) { s.CCS = "y14" }, []string{"ccs"}, "Y14"},
		{"ccs without letter", ebike, func(s *Standard) { s.CCS = "143" }, []string{"ccs"}, ""},
		{"region of 4 digits", draft, func(s *Standard) { s.Region = "3301" }, []string{"region"}, "6-digit"},
		{"region with a letter", draft, func(s *Standard) { s.Region = "33010A" }, []string{"region"}, ""},
		{"zhejiang_role unknown", draft, func(s *Standard) { s.ZhejiangRole = "leader" }, []string{"zhejiang_role"}, "lead"},

		// drafting units
		{"drafting_units empty entry", ebike,
			func(s *Standard) { s.DraftingUnits = []string{"浙江省标准化研究院", ""} }, []string{"drafting_units[1]"}, "empty"},
		{"drafting_units duplicate after trimming", ebike,
			func(s *Standard) {
				s.DraftingUnits = []string{"浙江省标准化研究院", " 浙江省标准化研究院 "}
			}, []string{"drafting_units[1]"}, "twice"},
		{"drafting_units entry of 201 characters", ebike,
			func(s *Standard) { s.DraftingUnits = []string{long(201)} }, []string{"drafting_units[0]"}, "200"},

		// replaces
		{"replaces malformed", ebike, func(s *Standard) { s.Replaces = []string{"GB 17761-1999", "GBT 17761-1999"} }, []string{"replaces[1]"}, "GB/T"},
		{"replaces itself", ebike, func(s *Standard) { s.Replaces = []string{"gb17761-2018"} }, []string{"replaces[0]"}, "itself"},
		{"replaces itself through a double number", ebike,
			func(s *Standard) {
				s.Code, s.Replaces = "GB/T 19001—2016/ISO 9001:2015", []string{"GB/T 19001-2016"}
			}, []string{"replaces[0]"}, "itself"},
		{"replaces duplicate", ebike, func(s *Standard) { s.Replaces = []string{"GB 17761-1999", "GB 17761-1999"} }, []string{"replaces[1]"}, "twice"},

		// adopts
		{"adopts code missing", ebike,
			func(s *Standard) { s.Adopts = []Adoption{{Code: " ", Degree: DegreeIdentical}} }, []string{"adopts[0].code"}, "required"},
		{"adopts code of 201 characters", ebike,
			func(s *Standard) { s.Adopts = []Adoption{{Code: strings.Repeat("X", 201), Degree: DegreeIdentical}} }, []string{"adopts[0].code"}, "200"},
		{"adopts degree missing", ebike,
			func(s *Standard) { s.Adopts = []Adoption{{Code: "ISO 4210-2:2015"}} }, []string{"adopts[0].degree"}, "IDT"},
		{"adopts degree EQV of the old GB/T 1.1", ebike,
			func(s *Standard) {
				s.Adopts = []Adoption{{Code: "ISO 4210-1:2014", Degree: DegreeModified}, {Code: "ISO 4210-2:2015", Degree: "EQV"}}
			}, []string{"adopts[1].degree"}, ""},
		{"adopts degree in lower case", ebike,
			func(s *Standard) { s.Adopts = []Adoption{{Code: "ISO 4210-2:2015", Degree: "idt"}} }, []string{"adopts[0].degree"}, ""},
		{"adopts list too long", ebike, func(s *Standard) { s.Adopts = make([]Adoption, 51) }, []string{"adopts"}, "50"},

		// designations
		{"designation type unknown", ebike,
			func(s *Standard) { s.Designations = []Designation{{Type: "zhejiang_brand"}} }, []string{"designations[0].type"}, "zhejiang_standard"},
		{"designation type missing", ebike,
			func(s *Standard) { s.Designations = []Designation{{Year: 2020}} }, []string{"designations[0].type"}, ""},
		{"designation given twice", ebike,
			func(s *Standard) {
				s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: 2019}, {Type: DesignationZhejiangStandard, Year: 2020}}
			}, []string{"designations[1].type"}, "twice"},
		{"made_in_zhejiang on a national standard", ebike,
			func(s *Standard) { s.Designations = []Designation{{Type: DesignationMadeInZhejiang, Year: 2019}} }, []string{"designations[0].type"}, "group"},
		{"made_in_zhejiang on an enterprise standard", ebike,
			func(s *Standard) {
				s.Code, s.Kind, s.Replaces = "Q/XYZ 0001S—2020", KindEnterprise, nil
				s.Designations = []Designation{{Type: DesignationMadeInZhejiang}}
			}, []string{"designations[0].type"}, "group"},
		{"forerunner on a group standard", ebike,
			func(s *Standard) {
				s.Code, s.Kind, s.Replaces = "T/ZZB 0001—2018", KindGroup, nil
				s.Designations = []Designation{{Type: DesignationMadeInZhejiang}, {Type: DesignationForerunner, Year: 2020}}
			}, []string{"designations[1].type"}, "enterprise"},
		{"designation year before 1949", ebike,
			func(s *Standard) { s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: 1948}} }, []string{"designations[0].year"}, "1949"},
		{"designation year after this year", ebike,
			func(s *Standard) {
				s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: today.Year + 1}}
			}, []string{"designations[0].year"}, "2024"},
		{"designation reference of 201 characters", ebike,
			func(s *Standard) {
				s.Designations = []Designation{{Type: DesignationZhejiangStandard, Reference: long(201)}}
			}, []string{"designations[0].reference"}, "200"},
		{"designations list too long", ebike, func(s *Standard) { s.Designations = make([]Designation, 51) }, []string{"designations"}, "50"},

		// dates against today
		{"approved_on in the future", ebike, func(s *Standard) { s.ApprovedOn = Date{2024, 6, 16} }, []string{"approved_on", "published_on"}, "future"},
		{"published_on in the future", ebike,
			func(s *Standard) { s.PublishedOn, s.EffectiveOn = Date{2024, 6, 16}, Date{2024, 12, 1} }, []string{"published_on"}, "future"},
		{"withdrawn_on in the future", ebike,
			func(s *Standard) { s.Stage, s.WithdrawnOn = StageWithdrawn, Date{2025, 1, 1} }, []string{"withdrawn_on"}, "future"},

		// dates against each other and the stage
		{"published before approved", ebike, func(s *Standard) { s.ApprovedOn = Date{2018, 5, 16} }, []string{"published_on"}, "2018-05-16"},
		{"effective before published", ebike, func(s *Standard) { s.EffectiveOn = Date{2018, 5, 14} }, []string{"effective_on"}, "2018-05-15"},
		{"published without published_on", ebike, func(s *Standard) { s.PublishedOn = Date{} }, []string{"published_on"}, "required"},
		{"periodic review without published_on", ebike,
			func(s *Standard) { s.Stage, s.PublishedOn = StagePeriodicReview, Date{} }, []string{"published_on"}, "required"},
		{"withdrawn without published_on", ebike,
			func(s *Standard) { s.Stage, s.PublishedOn, s.EffectiveOn = StageWithdrawn, Date{}, Date{} }, []string{"published_on"}, "required"},
		{"drafting with published_on", draft,
			func(s *Standard) { s.Stage, s.PublishedOn = StageDrafting, Date{2021, 8, 1} }, []string{"published_on"}, "not published"},
		{"approval with published_on", draft,
			func(s *Standard) { s.Stage, s.PublishedOn = StageApproval, Date{2021, 8, 1} }, []string{"published_on"}, "not published"},
		{"terminated with published_on", draft,
			func(s *Standard) { s.Stage, s.PublishedOn = StageTerminated, Date{2021, 8, 1} }, []string{"published_on"}, "not published"},
		{"withdrawn_on on a published standard", ebike, func(s *Standard) { s.WithdrawnOn = Date{2024, 1, 1} }, []string{"withdrawn_on"}, "only a withdrawn"},
		{"withdrawn_on on a draft in drafting", draft,
			func(s *Standard) { s.Stage, s.WithdrawnOn = StageDrafting, Date{2024, 1, 1} }, []string{"withdrawn_on"}, "only a withdrawn"},
		{"withdrawn before published", ebike,
			func(s *Standard) { s.Stage, s.WithdrawnOn = StageWithdrawn, Date{2018, 5, 14} }, []string{"withdrawn_on"}, "before publication"},
		{"proposal with approved_on", draft, func(s *Standard) { s.ApprovedOn = Date{2021, 3, 1} }, []string{"approved_on"}, "proposal"},
		{"proposal with published_on", draft, func(s *Standard) { s.PublishedOn = Date{2021, 8, 1} }, []string{"published_on"}, "proposal"},
		{"preliminary with effective_on", draft,
			func(s *Standard) { s.Stage, s.EffectiveOn = StagePreliminary, Date{2021, 9, 1} }, []string{"effective_on"}, "preliminary"},
		{"preliminary with withdrawn_on", draft,
			func(s *Standard) { s.Stage, s.WithdrawnOn = StagePreliminary, Date{2021, 9, 1} }, []string{"withdrawn_on"}, "preliminary"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.base(t)
			tc.edit(&s)
			fields := invalidFields(t, s.Prepare(today))
			if diff := cmp.Diff(tc.want, fieldNames(fields)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s\nerrors: %+v", diff, fields)
			}
			if tc.message != "" && len(fields) > 0 && !strings.Contains(fields[0].Message.String(), tc.message) {
				t.Errorf("message %q does not contain %q", fields[0].Message, tc.message)
			}
		})
	}
}

// TestPrepareReportsAllErrorsTogether checks that one call reports every bad
// field, not only the first.
func TestPrepareReportsAllErrorsTogether(t *testing.T) {
	cases := []struct {
		name string
		in   Standard
		want []string
	}{
		{"a published record wrong everywhere",
			Standard{
				Code:          "GB 17761",
				Kind:          KindNational,
				Nature:        "binding",
				TitleZH:       "  ",
				Stage:         StagePublished,
				ICS:           []string{"43,150"},
				CCS:           "Y1",
				Region:        "33",
				ZhejiangRole:  "leader",
				DraftingUnits: []string{"浙江省标准化研究院", "浙江省标准化研究院"},
				Replaces:      []string{"GBT 17761-1999"},
				Adopts:        []Adoption{{Code: "ISO 4210-2:2015", Degree: "EQV"}},
				Designations:  []Designation{{Type: DesignationForerunner, Year: 2030}},
				ApprovedOn:    Date{2030, 1, 1},
				EffectiveOn:   Date{2018, 1, 1},
			},
			[]string{"nature", "code", "title_zh", "zhejiang_role", "ccs", "region", "ics[0]", "drafting_units[1]",
				"replaces[0]", "adopts[0].degree", "designations[0].year", "designations[0].type", "approved_on", "published_on"}},
		{"a draft with days and a bad kind and stage-independent errors",
			Standard{
				Kind:        "county",
				TitleZH:     "数字化改革 术语定义",
				Stage:       StageProposal,
				Region:      "3300000",
				ApprovedOn:  Date{2021, 3, 1},
				PublishedOn: Date{2030, 8, 1},
			},
			[]string{"kind", "region", "published_on", "approved_on", "published_on"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.in
			fields := invalidFields(t, s.Prepare(today))
			if diff := cmp.Diff(tc.want, fieldNames(fields), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s\nerrors: %+v", diff, fields)
			}
		})
	}
}

// TestPrepareInvalidErrorShape checks the error a client sees: code invalid,
// a message, and an fault.Error() naming the first field.
func TestPrepareInvalidErrorShape(t *testing.T) {
	cases := []struct {
		name      string
		edit      func(*Standard)
		wantError string
	}{
		{"one field", func(s *Standard) { s.CCS = "y14" },
			`invalid: the request has invalid fields (1 field errors, first ccs: "y14" is not a CCS class such as Y14)`},
		{"two fields", func(s *Standard) { s.Kind, s.Region = "", "3301" },
			`invalid: the request has invalid fields (2 field errors, first kind: must be one of national, industry, local, group, enterprise, international)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := ebike(t)
			tc.edit(&s)
			err := s.Prepare(today)
			invalidFields(t, err)
			if got := err.Error(); got != tc.wantError {
				t.Errorf("Error() = %q, want %q", got, tc.wantError)
			}
		})
	}
}

// TestPrepareListDuplicates: lists of numbers are compared in normalized
// form, and each bad entry is reported once.
func TestPrepareListDuplicates(t *testing.T) {
	cases := []struct {
		name string
		bug  string
		edit func(*Standard)
		want []string
	}{
		{"replaces: the same number written in two forms is a duplicate", "",
			func(s *Standard) { s.Replaces = []string{"GB 17761-1999", "GB 17761—1999"} },
			[]string{"replaces[1]"}},
		{"replaces: an empty entry is reported once", "",
			func(s *Standard) { s.Replaces = []string{""} },
			[]string{"replaces[0]"}},
		{"adopts: the same international number listed twice is a duplicate", "",
			func(s *Standard) {
				s.Adopts = []Adoption{{"ISO 4210-2:2015", DegreeModified}, {"iso 4210-2-2015", DegreeModified}}
			},
			[]string{"adopts[1].code"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := ebike(t)
			tc.edit(&s)
			err := s.Prepare(today)
			var got []string
			if err != nil {
				got = fieldNames(invalidFields(t, err))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrepareRefusesDaysOutsideTheCalendar: a day in year 0000 made a
// cycle of 24,244 months; each dated field is held to the calendar and
// named, without the comparisons the slip would set off.
func TestPrepareRefusesDaysOutsideTheCalendar(t *testing.T) {
	fields := []struct {
		field string
		set   func(*Standard, Date)
	}{
		{"approved_on", func(s *Standard, d Date) { s.ApprovedOn = d }},
		{"submitted_on", func(s *Standard, d Date) { s.SubmittedOn = d }},
		{"published_on", func(s *Standard, d Date) { s.PublishedOn = d }},
		{"effective_on", func(s *Standard, d Date) { s.EffectiveOn = d }},
		{"withdrawn_on", func(s *Standard, d Date) { s.Stage, s.WithdrawnOn = StageWithdrawn, d }},
	}
	for _, f := range fields {
		for _, d := range []Date{{0, 1, 1}, {1800, 1, 1}, {1948, 12, 31}, {2101, 1, 1}, {9999, 12, 31}} {
			t.Run(f.field+"/"+d.String(), func(t *testing.T) {
				s := ebike(t)
				f.set(&s, d)
				got := invalidFields(t, s.Prepare(today))
				if len(got) != 1 || got[0].Field != f.field || !strings.Contains(got[0].Message.String(), "1949-01-01 to 2100-12-31") {
					t.Errorf("errors %v, want only %s outside the calendar", got, f.field)
				}
			})
		}
	}
	s := ebike(t)
	s.ApprovedOn = Date{1949, 1, 1}
	if err := s.Prepare(today); err != nil {
		t.Errorf("approved on the first day of the calendar: %v", err)
	}
}
