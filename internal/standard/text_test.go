package standard

import (
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "茶叶加工技术规程", "茶叶加工技术规程"},
		{"spaces and a full-width space", " \u3000茶叶加工技术规程\t ", "茶叶加工技术规程"},
		{"a byte order mark pasted from a file", "\ufeff茶叶加工技术规程", "茶叶加工技术规程"},
		{"zero-width space, joiners, word joiner at both ends", "\u200b\u200c\u200d茶叶加工技术规程\u2060", "茶叶加工技术规程"},
		{"a Hangul filler", "\u3164茶叶加工技术规程", "茶叶加工技术规程"},
		{"inside a value, invisible characters stay", "茶叶\u200b加工技术规程", "茶叶\u200b加工技术规程"},
		{"a space inside stays", "数字化改革 术语定义", "数字化改革 术语定义"},
		{"only zero-width and format characters is absent", "\u200b\u200c\u200d\u2060\ufeff", ""},
		{"only white space and zero-width characters is absent", " \u200b \u3000\ufeff ", ""},
		{"a variation selector after a character stays", "茶☕\ufe0f", "茶☕\ufe0f"},
		{"C1 NEL is white space at the ends", "\u0085茶叶\u0085", "茶叶"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CleanText(tc.in); got != tc.want {
				t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		lines Lines
		want  string // a fragment of the problem; "" for none
	}{
		{"a Chinese title", "茶叶加工技术规程", Line, ""},
		{"a number", "DB33/T 1234—2026", Line, ""},
		{"an English title with punctuation", "Code of practice for tea processing (green tea)", Line, ""},
		{"a no-break space inside", "DB33/T\u00a01234—2026", Line, ""},
		{"a zero-width joiner inside", "茶叶\u200d加工", Line, ""},
		{"empty", "", Line, ""},
		{"NUL", "茶叶\x00加工技术规程", Line, "control character U+0000 at character 3"},
		{"NUL first", "\x00", Line, "U+0000 at character 1"},
		{"BEL", "茶叶\a加工技术规程", Line, "U+0007"},
		{"ESC", "\x1b[31m茶叶", Line, "U+001B"},
		{"vertical tab", "茶叶\v加工", Line, "U+000B"},
		{"DEL", "茶叶\x7f加工", Line, "U+007F"},
		{"C1 NEL inside", "茶叶\u0085加工", Line, "U+0085"},
		{"C1 CSI", "茶叶\u009b加工", Line, "U+009B"},
		{"a line feed in a title", "茶叶\n加工技术规程", Line, "line break (U+000A)"},
		{"a carriage return in a title", "茶叶\r加工技术规程", Line, "line break (U+000D)"},
		{"a line separator in a title", "茶叶\u2028加工技术规程", Line, "line break (U+2028)"},
		{"a tab in a title", "茶叶\t加工技术规程", Line, "tab"},
		{"a right-to-left override", "茶叶\u202e程规术技工加", Line, "bidirectional control U+202E"},
		{"a right-to-left isolate", "茶叶\u2067加工", Line, "U+2067"},
		{"invalid UTF-8", "茶叶\xff加工", Line, "not valid UTF-8"},
		{"a cut character", "茶叶\xe5\x8a", Line, "not valid UTF-8"},
		{"an encoded surrogate", "\xed\xa0\x80", Line, "not valid UTF-8"},
		{"GB18030 bytes read as UTF-8", "\xb2\xe8\xd2\xb6", Line, "not valid UTF-8"},
		{"a note of several lines", "浙市监标〔2024〕5号 立项\n第二行\r\n\t第三行", MultiLine, ""},
		{"NUL in a note", "立项\x00", MultiLine, "U+0000"},
		{"a lone carriage return in a note", "立项\r第二行", MultiLine, "U+000D"},
		{"a form feed in a note", "立项\f", MultiLine, "U+000C"},
		{"invalid UTF-8 in a note", "立项\xc0", MultiLine, "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := TextProblem(tc.in, tc.lines).String()
			switch {
			case tc.want == "" && got != "":
				t.Errorf("TextProblem(%q) = %q, want none", tc.in, got)
			case tc.want != "" && !strings.Contains(got, tc.want):
				t.Errorf("TextProblem(%q) = %q, want it to say %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestPrepareRefusesBadText: every free-text field of a standard is held
// to the text rule, named as the API names it, and a value of only
// invisible characters is absent.
func TestPrepareRefusesBadText(t *testing.T) {
	bad := []struct{ name, value, want string }{
		{"NUL", "茶叶\x00加工", "U+0000"},
		{"BEL", "茶叶\a加工", "U+0007"},
		{"DEL", "茶叶\x7f加工", "U+007F"},
		{"C1", "茶叶\u0085加工", "U+0085"},
		{"line break", "茶叶\n加工", "line break"},
		{"invalid UTF-8", "茶叶\xff加工", "UTF-8"},
		{"bidi override", "茶叶\u202e加工", "bidirectional"},
	}
	fields := []struct {
		field string
		set   func(*Standard, string)
	}{
		{"title_zh", func(s *Standard, v string) { s.TitleZH = v }},
		{"title_en", func(s *Standard, v string) { s.TitleEN = v }},
		{"technical_committee", func(s *Standard, v string) { s.TechnicalCommittee = v }},
		{"drafting_units[1]", func(s *Standard, v string) { s.DraftingUnits[1] = v }},
		{"code", func(s *Standard, v string) { s.Code = v }},
		{"ccs", func(s *Standard, v string) { s.CCS = v }},
		{"region", func(s *Standard, v string) { s.Region = v }},
		{"replaces[0]", func(s *Standard, v string) { s.Replaces[0] = v }},
		{"adopts[0].code", func(s *Standard, v string) { s.Adopts = []Adoption{{Code: v, Degree: DegreeIdentical}} }},
		{"designations[0].reference", func(s *Standard, v string) {
			s.Kind, s.Code = KindLocal, "DB33/T 1234—2023"
			s.Designations = []Designation{{Type: DesignationZhejiangStandard, Year: 2024, Reference: v}}
		}},
	}
	for _, f := range fields {
		for _, b := range bad {
			t.Run(f.field+"/"+b.name, func(t *testing.T) {
				s := ebike(t)
				f.set(&s, b.value)
				got := invalidFields(t, s.Prepare(today))
				for _, e := range got {
					if e.Field == f.field && strings.Contains(e.Message.String(), b.want) {
						return
					}
				}
				t.Errorf("errors %v, want %s: …%s…", got, f.field, b.want)
			})
		}
	}
}

func TestPrepareTreatsInvisibleValuesAsAbsent(t *testing.T) {
	const invisibleOnly = "\u200b\u200c\u200d\u2060\ufeff\u3000 "
	for _, tc := range []struct {
		name  string
		set   func(*Standard)
		field string // the field that is then missing
	}{
		{"title_zh is required", func(s *Standard) { s.TitleZH = invisibleOnly }, "title_zh"},
		{"a drafting unit must not be empty", func(s *Standard) { s.DraftingUnits[0] = "\u200b" }, "drafting_units[0]"},
		{"a published standard's number is required", func(s *Standard) { s.Code = "\ufeff" }, "code"},
		{"an adopted number is required", func(s *Standard) { s.Adopts = []Adoption{{Code: "\u2060", Degree: DegreeIdentical}} }, "adopts[0].code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ebike(t)
			tc.set(&s)
			got := invalidFields(t, s.Prepare(today))
			if len(got) != 1 || got[0].Field != tc.field {
				t.Errorf("errors %v, want only %s", got, tc.field)
			}
		})
	}
	t.Run("optional fields are absent", func(t *testing.T) {
		s := ebike(t)
		s.TitleEN, s.TechnicalCommittee = invisibleOnly, "\ufeff"
		if err := s.Prepare(today); err != nil || s.TitleEN != "" || s.TechnicalCommittee != "" {
			t.Errorf("title_en %q, technical_committee %q, %v; want both empty", s.TitleEN, s.TechnicalCommittee, err)
		}
	})
	t.Run("invisible ends are trimmed", func(t *testing.T) {
		s := ebike(t)
		s.TitleZH = "\ufeff 电动自行车安全技术规范\u200b"
		if err := s.Prepare(today); err != nil || s.TitleZH != "电动自行车安全技术规范" {
			t.Errorf("title_zh %q, %v; want it trimmed", s.TitleZH, err)
		}
	})
}

func TestOrganizationTextRule(t *testing.T) {
	for _, tc := range []struct {
		name  string
		org   Organization
		field string
	}{
		{"NUL in the name", Organization{Name: "浙江省标准化研究院\x00", Kind: OrgInstitute}, "name"},
		{"a name of only zero-width characters", Organization{Name: "\u200b\ufeff", Kind: OrgInstitute}, "name"},
		{"a line break in the name", Organization{Name: "浙江省\n标准化研究院", Kind: OrgInstitute}, "name"},
		{"invalid UTF-8 in the region", Organization{Name: "浙江省标准化研究院", Kind: OrgInstitute, Region: "3301\xff"}, "region"},
		{"a control character in the credit code", Organization{Name: "浙江省标准化研究院", Kind: OrgInstitute, CreditCode: "12330000\x0147000000X"}, "credit_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := invalidFields(t, tc.org.Prepare())
			if len(got) != 1 || got[0].Field != tc.field {
				t.Errorf("errors %v, want only %s", got, tc.field)
			}
		})
	}
}

func TestPrepareNote(t *testing.T) {
	if note, err := PrepareNote("\ufeff 浙市监标〔2024〕5号 立项\r\n专家评审通过\t(12 人)\n"); err != nil || note != "浙市监标〔2024〕5号 立项\r\n专家评审通过\t(12 人)" {
		t.Errorf("a note of several lines: %q, %v", note, err)
	}
	for _, bad := range []string{"立项\x00", "立项\x1b[2J", "立项\xff", "立项\u202e通过", strings.Repeat("茶", 1001)} {
		got := invalidFields(t, func() error { _, err := PrepareNote(bad); return err }())
		if len(got) != 1 || got[0].Field != "note" {
			t.Errorf("note %q: errors %v, want note", bad, got)
		}
	}
}
