package standard

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/fault"
)

// TestParseSort checks every whitelisted key in both directions, the default,
// and that String gives back the input.
func TestParseSort(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want Sort
	}{
		{"code ascending", "code", Sort{Key: SortCode}},
		{"code descending", "-code", Sort{Key: SortCode, Desc: true}},
		{"published_on ascending", "published_on", Sort{Key: SortPublishedOn}},
		{"published_on descending", "-published_on", Sort{Key: SortPublishedOn, Desc: true}},
		{"approved_on ascending", "approved_on", Sort{Key: SortApprovedOn}},
		{"approved_on descending", "-approved_on", Sort{Key: SortApprovedOn, Desc: true}},
		{"created_at ascending", "created_at", Sort{Key: SortCreatedAt}},
		{"created_at descending", "-created_at", Sort{Key: SortCreatedAt, Desc: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSort(tc.in)
			if err != nil {
				t.Fatalf("ParseSort(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseSort(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
			if s := got.String(); s != tc.in {
				t.Errorf("String() = %q, want %q", s, tc.in)
			}
		})
	}
}

// TestParseSortCoversWhitelist checks the table above against SortKeys, so a
// key added to the whitelist without a test is noticed.
func TestParseSortCoversWhitelist(t *testing.T) {
	want := []SortKey{SortCode, SortPublishedOn, SortApprovedOn, SortCreatedAt, SortRelevance}
	if diff := cmp.Diff(want, SortKeys); diff != "" {
		t.Errorf("SortKeys changed (-want +got):\n%s", diff)
	}
	for _, k := range SortKeys {
		for _, desc := range []bool{false, true} {
			if k == SortRelevance && desc {
				continue // relevance only ranks best first
			}
			s := Sort{Key: k, Desc: desc}
			t.Run(s.String(), func(t *testing.T) {
				got, err := ParseSort(s.String())
				if err != nil {
					t.Fatalf("ParseSort(%q): %v", s.String(), err)
				}
				if got != s {
					t.Errorf("ParseSort(%q) = %+v, want %+v", s.String(), got, s)
				}
			})
		}
	}
}

// TestParseSortDefault checks that no sort lists by number, ascending.
func TestParseSortDefault(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		{"empty parameter", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSort(tc.in)
			if err != nil {
				t.Fatalf("ParseSort(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(Sort{Key: SortCode}, got); diff != "" {
				t.Errorf("ParseSort(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
			if diff := cmp.Diff(DefaultSort, got); diff != "" {
				t.Errorf("ParseSort(%q) is not DefaultSort (-want +got):\n%s", tc.in, diff)
			}
			if s := got.String(); s != "code" {
				t.Errorf("String() = %q, want %q", s, "code")
			}
		})
	}
}

// TestParseSortInvalid checks that anything off the whitelist is a fault.Invalid
// error naming the field sort, with no Sort returned.
func TestParseSortInvalid(t *testing.T) {
	cases := []struct {
		name, in string
	}{
		{"unknown key", "title_zh"},
		{"SQL injection", "code; DROP TABLE standards"},
		{"upper case", "CODE"},
		{"plus prefix", "+code"},
		{"double minus", "--code"},
		{"minus alone", "-"},
		{"surrounding space", " code"},
		{"trailing space", "published_on "},
		{"column of another table", "name"},
		{"two keys", "code,-published_on"},
		{"camel case", "publishedOn"},
		{"effective_on is not sortable", "effective_on"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSort(tc.in)
			fields := invalidFields(t, err)
			if diff := cmp.Diff([]string{"sort"}, fieldNames(fields)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
			if got != (Sort{}) {
				t.Errorf("ParseSort(%q) = %+v with its error, want the zero Sort", tc.in, got)
			}
		})
	}
}

// TestParseSortRelevance: relevance ranks best first only.
func TestParseSortRelevance(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want Sort
	}{
		{"relevance", "relevance", Sort{Key: "relevance"}},
	}
	if _, err := ParseSort("-relevance"); fault.CodeOf(err) != fault.CodeInvalid {
		t.Errorf("-relevance: %v, want invalid", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSort(tc.in)
			if err != nil {
				t.Fatalf("ParseSort(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseSort(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestFilterCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		filter Filter
		field  string // "" for none
	}{
		{"a Chinese search", Filter{Q: "茶叶 加工"}, ""},
		{"a search over lines", Filter{Q: "茶叶\n加工\t技术"}, ""},
		{"NUL in q", Filter{Q: "\x00"}, "q"},
		{"DEL in q", Filter{Q: "茶叶\x7f"}, "q"},
		{"invalid UTF-8 in q", Filter{Q: "\xb2\xe8\xd2\xb6"}, "q"},
		{"q too long", Filter{Q: strings.Repeat("茶", 201)}, "q"},
		{"NUL in region", Filter{Region: "330100\x00"}, "region"},
		{"a tab in region", Filter{Region: "330100\t"}, "region"},
		{"NUL in ics", Filter{ICS: "43\x00"}, "ics"},
		{"not an ICS class", Filter{ICS: "abc"}, "ics"},
		{"NUL in organization_id", Filter{OrganizationID: "\x00"}, "organization_id"},
		{"not an id", Filter{OrganizationID: "浙江省标准化研究院"}, "organization_id"},
		{"published_from in year 0000", Filter{PublishedFrom: Date{0, 1, 1}}, "published_from"},
		{"published_to in 2101", Filter{PublishedTo: Date{2101, 1, 1}}, "published_to"},
		{"approved_from in 1800", Filter{ApprovedFrom: Date{1800, 1, 1}}, "approved_from"},
		{"approved_to in 9999", Filter{ApprovedTo: Date{9999, 12, 31}}, "approved_to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fe fault.FieldErrors
			tc.filter.Check(&fe)
			switch {
			case tc.field == "" && len(fe) > 0:
				t.Errorf("errors %v, want none", fe)
			case tc.field != "" && (len(fe) != 1 || fe[0].Field != tc.field):
				t.Errorf("errors %v, want one for %s", fe, tc.field)
			}
		})
	}
	f := Filter{Q: "\u200b\ufeff"}
	var fe fault.FieldErrors
	if f.Check(&fe); len(fe) != 0 || f.Q != "" {
		t.Errorf("an invisible q is no q: %q, %v", f.Q, fe)
	}
}
