package httpapi_test

// Findings 4, 5 and 6 of issue 12: text and days are checked where they
// come in (bodies, query parameters, imported files), on both databases,
// and JSON is read strictly. Every refusal is a 400 problem naming the
// field (422 with the rows' problems for an all-or-nothing import), and
// changes nothing.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"stdreg/internal/httpapi"
)

// tea is DB33/T 1234—2026 茶叶加工技术规程, a published Zhejiang local
// standard with every free-text field filled in.
func tea() map[string]any {
	return map[string]any{
		"code": "DB33/T 1234—2026", "kind": "local", "stage": "published",
		"title_zh": "茶叶加工技术规程", "title_en": "Code of practice for tea processing",
		"technical_committee": "浙江省农业标准化技术委员会",
		"drafting_units":      []any{"浙江省农业科学院茶叶研究所", "中华全国供销合作总社杭州茶叶研究所"},
		"region":              "330000", "ccs": "X55", "ics": []any{"67.140.10"},
		"designations": []any{map[string]any{"type": "zhejiang_standard", "year": 2026, "reference": "浙市监标〔2026〕5号"}},
		"adopts":       []any{map[string]any{"code": "ISO 3720:2011", "degree": "NEQ"}},
		"approved_on":  "2025-03-01", "published_on": "2026-06-30", "effective_on": "2026-07-30",
	}
}

// placeholder stands for a raw JSON literal in a body built from a map, so
// that bytes json.Marshal would repair (invalid UTF-8, a lone surrogate)
// can be sent as they are.
const placeholder = "\"@@raw@@\""

func withRaw(t *testing.T, body map[string]any, literal string) []byte {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(placeholder)) {
		t.Fatalf("no placeholder in %s", raw)
	}
	return bytes.Replace(raw, []byte(placeholder), []byte(literal), 1)
}

// badText are JSON string literals the text rule refuses, as clients send
// them: escapes for control characters, raw bytes for what is not UTF-8.
var badText = []struct{ name, literal string }{
	{"NUL", `"茶叶\u0000加工技术规程"`},
	{"BEL", `"茶叶\u0007加工技术规程"`},
	{"ESC", `"\u001b[31m茶叶加工技术规程"`},
	{"DEL", `"茶叶\u007f加工技术规程"`},
	{"C1 NEL", `"茶叶\u0085加工技术规程"`},
	{"line break", `"茶叶\n加工技术规程"`},
	{"bidi override", `"茶叶\u202e程规术技工加"`},
	{"invalid UTF-8", "\"茶叶\xff加工技术规程\""},
	{"GB18030 bytes", "\"\xb2\xe8\xd2\xb6\xbc\xd3\xb9\xa4\""},
	{"lone surrogate", `"茶叶\ud800加工技术规程"`},
}

// invisibleOnly is a value made only of zero-width and format characters
// and white space.
const invisibleOnly = `"\u200b\u200c\u200d\u2060\ufeff\u3000 "`

// textField is a free-text field of a standard's body: how to put a value
// in it, and the name errors give it.
type textField struct {
	field    string
	set      func(m map[string]any, v any)
	required bool
}

var standardTextFields = []textField{
	{"title_zh", func(m map[string]any, v any) { m["title_zh"] = v }, true},
	{"title_en", func(m map[string]any, v any) { m["title_en"] = v }, false},
	{"technical_committee", func(m map[string]any, v any) { m["technical_committee"] = v }, false},
	{"drafting_units[1]", func(m map[string]any, v any) {
		m["drafting_units"] = []any{"浙江省农业科学院茶叶研究所", v}
	}, true},
	{"code", func(m map[string]any, v any) { m["code"] = v }, true},
	{"designations[0].reference", func(m map[string]any, v any) {
		m["designations"] = []any{map[string]any{"type": "zhejiang_standard", "year": 2026, "reference": v}}
	}, false},
	{"adopts[0].code", func(m map[string]any, v any) { m["adopts"] = []any{map[string]any{"code": v, "degree": "NEQ"}} }, true},
	{"region", func(m map[string]any, v any) { m["region"] = v }, false},
	{"ccs", func(m map[string]any, v any) { m["ccs"] = v }, false},
}

// countStandards counts every record, drafts included (an admin's list).
func countStandards(t *testing.T, c *client) int {
	t.Helper()
	var page httpapi.StandardList
	r := c.do(http.MethodGet, "/api/v1/standards?page_size=200", nil)
	if r.Code != http.StatusOK {
		t.Fatalf("list: %d %s", r.Code, r.Body)
	}
	r.decode(t, &page)
	return len(page.Items)
}

// TestTextRuleInStandardBodies: finding 4 (NUL was a 500 on PostgreSQL,
// and stored by SQLite) and finding 6 (invalid UTF-8 was replaced; an
// invisible title passed as present), for every free-text field of a POST
// and a PATCH.
func TestTextRuleInStandardBodies(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, f := range standardTextFields {
			for _, bad := range badText {
				t.Run("POST/"+f.field+"/"+bad.name, func(t *testing.T) {
					body := tea()
					f.set(body, "@@raw@@")
					wantFieldError(t, c.do(http.MethodPost, "/api/v1/standards", withRaw(t, body, bad.literal)), f.field)
				})
			}
			if f.required {
				t.Run("POST/"+f.field+"/invisible only", func(t *testing.T) {
					body := tea()
					f.set(body, "@@raw@@")
					wantFieldError(t, c.do(http.MethodPost, "/api/v1/standards", withRaw(t, body, invisibleOnly)), f.field)
				})
			}
		}
		if n := countStandards(t, c); n != 0 {
			t.Fatalf("refused bodies registered %d standards", n)
		}

		// An optional field of only invisible characters is absent.
		body := tea()
		body["title_en"], body["technical_committee"] = "@@raw@@", "\u200b"
		body["designations"] = []any{map[string]any{"type": "zhejiang_standard", "year": 2026, "reference": "\ufeff"}}
		body["title_zh"] = "\ufeff茶叶加工技术规程\u200b"
		r := c.do(http.MethodPost, "/api/v1/standards", withRaw(t, body, invisibleOnly))
		if r.Code != http.StatusCreated {
			t.Fatalf("invisible optional fields: %d %s", r.Code, r.Body)
		}
		var st httpapi.StandardResponse
		r.decode(t, &st)
		if st.TitleEN != "" || st.TechnicalCommittee != "" || st.Designations[0].Reference != "" || st.TitleZH != "茶叶加工技术规程" {
			t.Errorf("stored %q %q %q %q; want the invisible values absent and the title trimmed",
				st.TitleEN, st.TechnicalCommittee, st.Designations[0].Reference, st.TitleZH)
		}

		path := "/api/v1/standards/" + st.ID
		for _, f := range standardTextFields {
			for _, bad := range append(badText, struct{ name, literal string }{"invisible only", invisibleOnly}) {
				if bad.name == "invisible only" && !f.required {
					continue
				}
				t.Run("PATCH/"+f.field+"/"+bad.name, func(t *testing.T) {
					patch := map[string]any{}
					f.set(patch, "@@raw@@")
					wantFieldError(t, c.do(http.MethodPatch, path, withRaw(t, patch, bad.literal), "Content-Type", "application/merge-patch+json"), f.field)
				})
			}
		}
		var after httpapi.StandardResponse
		c.do(http.MethodGet, path, nil).decode(t, &after)
		if after.UpdatedAt != st.UpdatedAt || after.TitleZH != "茶叶加工技术规程" {
			t.Errorf("refused patches changed the standard: %+v", after)
		}
		if n := countStandards(t, c); n != 1 {
			t.Errorf("%d standards, want 1", n)
		}
	})
}

// TestTextRuleInOtherBodies: organizations, keys and transitions' notes
// are held to the same rule; a note may have several lines.
func TestTextRuleInOtherBodies(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		org := createOrganization(t, c, zjInstitute())
		draft := draftOf(t, c, "茶叶 绿茶加工技术规程")
		for _, bad := range badText {
			t.Run("organization name/"+bad.name, func(t *testing.T) {
				body := map[string]any{"name": "@@raw@@", "kind": "institute", "region": "330100"}
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/organizations", withRaw(t, body, bad.literal)), "name")
				wantFieldError(t, c.do(http.MethodPatch, "/api/v1/organizations/"+org.ID, withRaw(t, map[string]any{"name": "@@raw@@"}, bad.literal),
					"Content-Type", "application/merge-patch+json"), "name")
			})
			t.Run("key name/"+bad.name, func(t *testing.T) {
				body := map[string]any{"role": "auditor", "name": "@@raw@@"}
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/keys", withRaw(t, body, bad.literal)), "name")
			})
			if bad.name == "line break" {
				continue // a note may have several lines
			}
			t.Run("transition note/"+bad.name, func(t *testing.T) {
				body := map[string]any{"to": "drafting", "occurred_on": "2026-01-05", "note": "@@raw@@"}
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/standards/"+draft+"/transitions", withRaw(t, body, bad.literal)), "note")
			})
		}
		wantFieldError(t, c.do(http.MethodPost, "/api/v1/organizations", withRaw(t, map[string]any{"name": "@@raw@@", "kind": "institute"}, invisibleOnly)), "name")

		var history httpapi.TransitionList
		c.do(http.MethodGet, "/api/v1/standards/"+draft+"/transitions", nil).decode(t, &history)
		if len(history.Items) != 1 {
			t.Fatalf("refused moves were recorded: %+v", history.Items)
		}
		orgs := listOrganizations(t, c, "")
		if len(orgs.Items) != 1 || orgs.Items[0].Name != "浙江省标准化研究院" {
			t.Errorf("refused bodies changed the organizations: %+v", orgs.Items)
		}
		var keys httpapi.KeyList
		c.do(http.MethodGet, "/api/v1/keys", nil).decode(t, &keys)
		if len(keys.Items) != 1 {
			t.Errorf("refused bodies created keys: %d keys, want the admin's", len(keys.Items))
		}

		move(t, c, draft, "drafting", "2026-01-05", http.StatusCreated)
		r := c.do(http.MethodPost, "/api/v1/standards/"+draft+"/transitions",
			map[string]any{"to": "consultation", "occurred_on": "2026-03-01", "note": "浙市监标〔2026〕5号\r\n征求意见稿\t第二版\n"})
		var tr httpapi.TransitionResponse
		if r.decode(t, &tr); r.Code != http.StatusCreated || tr.Note != "浙市监标〔2026〕5号\r\n征求意见稿\t第二版" {
			t.Errorf("a note of several lines: %d %q", r.Code, tr.Note)
		}
	})
}

// badParams are query values (escaped) the text rule refuses in every
// parameter.
var badParams = []struct{ name, escaped string }{
	{"NUL", "%00"},
	{"NUL inside", "%E8%8C%B6%00%E5%8F%B6"},
	{"BEL", "%07"},
	{"ESC", "%1B"},
	{"DEL", "%7F"},
	{"C1 NEL", "%C2%85"},
	{"invalid UTF-8", "%FF"},
	{"GB18030 bytes", "%B2%E8%D2%B6"},
	{"bidi override", "%E8%8C%B6%E2%80%AE%E5%8F%B6"},
}

// TestTextRuleInQueryParameters: finding 4's GET /api/v1/standards?q=%00
// without a key was a 500; every parameter that reaches the database is
// held to the text rule, anonymous or not.
func TestTextRuleInQueryParameters(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		create(t, c, tea())
		anonymous := c.as("")
		for _, tc := range []struct {
			who    *client
			path   string // ends where the bad value goes
			params []string
		}{
			{anonymous, "/api/v1/standards?", []string{"q", "region", "ics", "organization_id", "kind", "sort", "facets", "page_token"}},
			{anonymous, "/api/v1/standards/export?format=csv&", []string{"q", "region", "ics"}},
			{anonymous, "/api/v1/standards/lookup?", []string{"code"}},
			{anonymous, "/api/v1/codes/parse?", []string{"code"}},
			{anonymous, "/api/v1/metrics/drafting-cycle?", []string{"q", "region", "group_by"}},
			{anonymous, "/api/v1/metrics/overdue?", []string{"q", "region", "ics"}},
			{anonymous, "/api/v1/metrics/plan-targets?", []string{"as_of"}},
			{anonymous, "/api/v1/organizations?", []string{"region", "kind"}},
			{c, "/api/v1/audit-events?", []string{"resource_id", "actor"}},
		} {
			for _, param := range tc.params {
				for _, bad := range badParams {
					t.Run(strings.TrimSuffix(tc.path, "?")+"/"+param+"/"+bad.name, func(t *testing.T) {
						wantFieldError(t, tc.who.do(http.MethodGet, tc.path+param+"="+bad.escaped, nil), param)
					})
				}
			}
		}
		// q may hold any white space, which separates terms, and a q of
		// only invisible characters is no q.
		if got := listCodes(t, anonymous, "q="+url.QueryEscape("茶叶\n加工\t技术规程")); len(got) != 1 {
			t.Errorf("a search over lines found %v", got)
		}
		if got := listCodes(t, anonymous, "q="+url.QueryEscape("\u200b\ufeff")); len(got) != 1 {
			t.Errorf("an invisible q found %v, want the whole list", got)
		}
		wantFieldError(t, anonymous.do(http.MethodGet, "/api/v1/standards?region=330000%0A", nil), "region")
	})
}

// outsideTheCalendar are days the registry refuses, with the reason.
var outsideTheCalendar = []string{"0000-01-01", "1800-01-01", "1948-12-31", "2101-01-01", "9999-12-31"}

// TestDaysOutsideTheCalendarInFilters: finding 4's filters in year 0000
// were a 500, and an export's a dropped connection; every dated filter is
// a 400 naming it, before an export starts.
func TestDaysOutsideTheCalendarInFilters(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		create(t, c, tea())
		anonymous := c.as("")
		listFilters := []string{"published_from", "published_to", "approved_from", "approved_to"}
		for _, tc := range []struct {
			path   string
			params []string
		}{
			{"/api/v1/standards?", listFilters},
			{"/api/v1/standards/export?format=csv&", listFilters},
			{"/api/v1/standards/export?format=ndjson&", listFilters},
			{"/api/v1/standards/export?format=xlsx&", listFilters},
			{"/api/v1/metrics/drafting-cycle?", append([]string{"from", "to"}, listFilters...)},
			{"/api/v1/metrics/overdue?", append([]string{"as_of"}, listFilters...)},
			{"/api/v1/metrics/plan-targets?", []string{"as_of"}},
		} {
			for _, param := range tc.params {
				for _, day := range outsideTheCalendar {
					t.Run(strings.TrimSuffix(tc.path, "?")+"/"+param+"/"+day, func(t *testing.T) {
						msg := wantFieldError(t, anonymous.do(http.MethodGet, tc.path+param+"="+day, nil), param)
						if !strings.Contains(msg, "1949-01-01 to 2100-12-31") {
							t.Errorf("%s: %q does not name the registry's calendar", param, msg)
						}
					})
				}
			}
		}
		// The bounds themselves are days like any other.
		if got := listCodes(t, anonymous, "published_from=1949-01-01&published_to=2100-12-31"); len(got) != 1 {
			t.Errorf("the whole calendar found %v", got)
		}
	})
}

// TestDaysOutsideTheCalendarInBodies: finding 5. A published local
// standard approved on 0000-01-01 was accepted, its cycle 24,244 months,
// and the year's mean 12,125 months.
func TestDaysOutsideTheCalendarInBodies(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		cycles(t, c)
		before := figures(t, c, "kind=local")
		count := countStandards(t, c)
		for _, field := range []string{"approved_on", "published_on", "effective_on"} {
			for _, day := range outsideTheCalendar {
				t.Run("POST/"+field+"/"+day, func(t *testing.T) {
					body := tea()
					body[field] = day
					wantFieldError(t, c.do(http.MethodPost, "/api/v1/standards", body), field)
				})
			}
		}
		st := create(t, c, tea())
		draft := draftOf(t, c, "茶叶 红茶加工技术规程")
		for _, day := range outsideTheCalendar {
			t.Run("PATCH/effective_on/"+day, func(t *testing.T) {
				wantFieldError(t, c.do(http.MethodPatch, "/api/v1/standards/"+st.ID, map[string]any{"effective_on": day},
					"Content-Type", "application/merge-patch+json"), "effective_on")
			})
			t.Run("transition/occurred_on/"+day, func(t *testing.T) {
				wantFieldError(t, c.do(http.MethodPost, "/api/v1/standards/"+draft+"/transitions",
					map[string]any{"to": "drafting", "occurred_on": day}), "occurred_on")
			})
		}
		if n := countStandards(t, c); n != count+2 {
			t.Errorf("%d standards, want %d", n, count+2)
		}
		var d httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/"+draft, nil).decode(t, &d)
		if d.Stage != "proposal" || d.ApprovedOn != nil {
			t.Errorf("refused moves changed the draft: %s approved %v", d.Stage, deref(d.ApprovedOn))
		}
		if after := figures(t, c, "kind=local&to=2025-12-31"); after.Count != before.Count || !near(after.MeanMonths, deref(before.MeanMonths)) {
			t.Errorf("local cycles to 2025: count %d mean %v; want %d, %v", after.Count, deref(after.MeanMonths), before.Count, deref(before.MeanMonths))
		}
		if all := figures(t, c, "kind=local"); all.Count != before.Count+1 || deref(all.MeanMonths) > 24 {
			t.Errorf("local cycles: count %d mean %v; want DB33/T 1234 (16 months) added to the five", all.Count, deref(all.MeanMonths))
		}
	})
}

// TestStrictJSON: finding 6. Names matched case-insensitively and the last
// of a repeated name won, so {"stage":"proposal","Stage":"published"}
// registered a published standard and {"role":"auditor","Role":"admin"} an
// admin's key; text that was not UTF-8 was replaced.
func TestStrictJSON(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		st := create(t, c, tea())
		org := createOrganization(t, c, zjInstitute())
		draft := draftOf(t, c, "茶叶 白茶加工技术规程")
		const (
			published  = `"code":"DB33/T 1235—2026","kind":"local","title_zh":"茶叶 黄茶加工技术规程","published_on":"2026-06-30"`
			mergePatch = "application/merge-patch+json"
		)
		for _, tc := range []struct {
			name, method, path, body, contentType, field string
		}{
			{"a miscased stage beside the real one", "POST", "/api/v1/standards", `{` + published + `,"stage":"proposal","Stage":"published"}`, "", "Stage"},
			{"an upper-case title", "POST", "/api/v1/standards", `{"code":"DB33/T 1235—2026","kind":"local","TITLE_ZH":"茶叶 黄茶加工技术规程","stage":"published","published_on":"2026-06-30"}`, "", "TITLE_ZH"},
			{"stage given twice", "POST", "/api/v1/standards", `{` + published + `,"stage":"proposal","stage":"published"}`, "", "stage"},
			{"a designation's type given twice", "POST", "/api/v1/standards", `{` + published + `,"stage":"published","designations":[{"type":"made_in_zhejiang","type":"zhejiang_standard","year":2026}]}`, "", "designations[0].type"},
			{"a miscased field of an adoption", "POST", "/api/v1/standards", `{` + published + `,"stage":"published","adopts":[{"code":"ISO 3720:2011","Degree":"NEQ"}]}`, "", "adopts[0].Degree"},
			{"invalid UTF-8", "POST", "/api/v1/standards", "{" + published + ",\"stage\":\"published\",\"title_en\":\"Tea\xff\"}", "", "title_en"},
			{"a lone surrogate", "POST", "/api/v1/standards", `{` + published + `,"stage":"published","title_en":"Tea\udfff"}`, "", "title_en"},
			{"invalid UTF-8 in a name", "POST", "/api/v1/standards", "{" + published + ",\"stage\":\"published\",\"title_\xffen\":\"Tea\"}", "", ""},
			{"a title given twice", "PATCH", "/api/v1/standards/" + st.ID, `{"title_zh":"茶叶加工技术规程（修订）","title_zh":"茶叶"}`, mergePatch, "title_zh"},
			{"an upper-case title in a patch", "PATCH", "/api/v1/standards/" + st.ID, `{"TITLE_ZH":"茶叶"}`, mergePatch, "TITLE_ZH"},
			{"a miscased stage in a patch", "PATCH", "/api/v1/standards/" + st.ID, `{"Stage":"withdrawn"}`, mergePatch, "Stage"},
			{"a designation's type given twice in a patch", "PATCH", "/api/v1/standards/" + st.ID, `{"designations":[{"type":"zhejiang_standard","type":"made_in_zhejiang"}]}`, mergePatch, "designations[0].type"},
			{"invalid UTF-8 in a patch", "PATCH", "/api/v1/standards/" + st.ID, "{\"title_en\":\"\xb2\xe8\"}", mergePatch, "title_en"},
			{"arrays nested 5,000 deep in a patch", "PATCH", "/api/v1/standards/" + st.ID, `{"ics":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`, mergePatch, "ics"},
			{"objects nested 9 deep in a patch", "PATCH", "/api/v1/organizations/" + org.ID, `{"name":` + strings.Repeat(`{"a":`, 9) + `1` + strings.Repeat("}", 9) + `}`, mergePatch, "name"},
			{"a role given in two cases", "POST", "/api/v1/keys", `{"role":"auditor","Role":"admin"}`, "", "Role"},
			{"a role given twice", "POST", "/api/v1/keys", `{"role":"auditor","role":"admin"}`, "", "role"},
			{"a miscased organization name", "POST", "/api/v1/organizations", `{"name":"浙江省茶叶集团","kind":"enterprise","NAME":"x"}`, "", "NAME"},
			{"an organization name given twice in a patch", "PATCH", "/api/v1/organizations/" + org.ID, `{"name":"浙江省茶叶集团","name":"x"}`, mergePatch, "name"},
			{"a miscased move", "POST", "/api/v1/standards/" + draft + "/transitions", `{"to":"drafting","occurred_on":"2026-01-05","TO":"terminated"}`, "", "TO"},
			{"a move given twice", "POST", "/api/v1/standards/" + draft + "/transitions", `{"to":"drafting","to":"terminated","occurred_on":"2026-01-05"}`, "", "to"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var headers []string
				if tc.contentType != "" {
					headers = []string{"Content-Type", tc.contentType}
				}
				r := c.do(tc.method, tc.path, tc.body, headers...)
				msg := wantFieldError(t, r, tc.field)
				if strings.Contains(tc.name, "nested") && !strings.Contains(msg, "nests deeper than 8 levels") {
					t.Errorf("%s: %q, want the nesting named before the merge is tried", tc.field, msg)
				}
				if strings.HasPrefix(tc.name, "a miscased") || strings.Contains(tc.name, "upper-case") {
					if msg != "is not a field of this resource" {
						t.Errorf("%s: %q", tc.field, msg)
					}
				}
			})
		}
		if n := countStandards(t, c); n != 2 {
			t.Errorf("%d standards, want the 2 registered", n)
		}
		var keys httpapi.KeyList
		c.do(http.MethodGet, "/api/v1/keys", nil).decode(t, &keys)
		if len(keys.Items) != 1 {
			t.Errorf("%d keys, want only the admin's", len(keys.Items))
		}
		var after httpapi.StandardResponse
		c.do(http.MethodGet, "/api/v1/standards/"+st.ID, nil).decode(t, &after)
		if after.UpdatedAt != st.UpdatedAt {
			t.Errorf("refused patches changed the standard: %+v", after)
		}
	})
}

// TestCharsetOtherThanUTF8: finding 6. A body declared in GB18030 was read
// as UTF-8 and stored as mojibake; it is a 415 saying to send UTF-8.
func TestCharsetOtherThanUTF8(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		raw, _ := json.Marshal(tea())
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		st := create(t, c, db33())
		for _, tc := range []struct {
			name, method, path, contentType string
			body                            []byte
		}{
			{"GB18030", "POST", "/api/v1/standards", "application/json; charset=gb18030", gb},
			{"GBK, upper case", "POST", "/api/v1/standards", "application/json; charset=GBK", gb},
			{"UTF-16", "POST", "/api/v1/standards", "application/json; charset=utf-16", raw},
			{"Latin-1 declared, UTF-8 sent", "POST", "/api/v1/standards", "application/json;charset=ISO-8859-1", raw},
			{"a merge patch in GB18030", "PATCH", "/api/v1/standards/" + st.ID, "application/merge-patch+json; charset=gb18030", []byte(`{"title_en":"x"}`)},
			{"a move in GB2312", "POST", "/api/v1/standards/" + st.ID + "/transitions", "application/json; charset=gb2312", []byte(`{"to":"withdrawn","occurred_on":"2026-01-05"}`)},
			{"an organization in Big5", "POST", "/api/v1/organizations", "application/json; charset=big5", []byte(`{"name":"x","kind":"other"}`)},
			{"a key in GB18030", "POST", "/api/v1/keys", "application/json; charset=gb18030", []byte(`{"role":"auditor"}`)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.do(tc.method, tc.path, tc.body, "Content-Type", tc.contentType)
				if r.Code != http.StatusUnsupportedMediaType {
					t.Fatalf("%d %s, want 415", r.Code, r.Body)
				}
				if p := r.problem(t); !strings.Contains(p.Detail, "UTF-8") {
					t.Errorf("the problem does not say to send UTF-8: %q", p.Detail)
				}
			})
		}
		if n := countStandards(t, c); n != 1 {
			t.Errorf("%d standards, want 1", n)
		}
		for _, tc := range []struct{ contentType, code string }{
			{"application/json; charset=UTF-8", "DB33/T 1301—2026"},
			{`application/json; charset="utf-8"`, "DB33/T 1302—2026"},
			{"application/json;charset=Utf-8", "DB33/T 1303—2026"},
		} {
			body := tea()
			body["code"] = tc.code
			if r := c.do(http.MethodPost, "/api/v1/standards", body, "Content-Type", tc.contentType); r.Code != http.StatusCreated {
				t.Errorf("%s: %d %s, want 201", tc.contentType, r.Code, r.Body)
			}
		}
	})
}

// TestImportsHoldTheSameRules: in every file format, a row with bad text
// or a day outside the calendar is refused, naming its row and field, and
// an all-or-nothing import writes nothing (finding 4: an NDJSON title
// with NUL was a 500 on PostgreSQL).
func TestImportsHoldTheSameRules(t *testing.T) {
	t.Parallel()
	type refusal struct {
		row   int
		field string
	}
	ndjsonLines := strings.Join([]string{
		`{"code":"DB33/T 1234—2026","kind":"local","title_zh":"茶叶加工技术规程","stage":"published","published_on":"2026-06-30"}`,
		`{"kind":"local","title_zh":"茶叶\u0000加工技术规程","stage":"proposal"}`,
		`{"kind":"local","title_zh":"\u200b\ufeff","stage":"proposal"}`,
		`{"code":"DB33/T 1236—2026","kind":"local","title_zh":"茶叶 红茶加工技术规程","stage":"published","approved_on":"1800-01-01","published_on":"2026-06-30"}`,
		`{"code":"DB33/T 1237—2026","kind":"local","title_zh":"茶叶 绿茶加工技术规程","stage":"published","published_on":"2026-06-30","effective_on":"2101-01-01"}`,
		`{"code":"DB33/T 1238—2026","kind":"local","title_zh":"茶叶 白茶加工技术规程","title_en":"White\u007ftea","stage":"published","published_on":"2026-06-30"}`,
		`{"kind":"group","title_zh":"茶叶 黄茶加工技术规程","designations":[{"TYPE":"made_in_zhejiang"}]}`,
		`{"kind":"local","title_zh":"茶叶 黑茶加工技术规程","drafting_units":["浙江省农业科学院","\u001b[2J"]}`,
	}, "\n") + "\n"
	ndjsonWant := []refusal{{2, "title_zh"}, {3, "title_zh"}, {4, "approved_on"}, {5, "effective_on"}, {6, "title_en"}, {7, "designations"}, {8, "drafting_units[1]"}}
	csv := "code,kind,title_zh,title_en,stage,approved_on,published_on,effective_on,drafting_units\r\n" +
		"DB33/T 1234—2026,local,茶叶加工技术规程,,published,2025-03-01,2026-06-30,2026-07-30,浙江省农业科学院茶叶研究所\r\n" +
		",local,茶叶\u0085加工技术规程,,proposal,,,,\r\n" +
		",local,\u200b\ufeff\u2060,,proposal,,,,\r\n" +
		"DB33/T 1236—2026,local,茶叶 红茶加工技术规程,,published,1800-01-01,2026-06-30,,\r\n" +
		"DB33/T 1237—2026,local,茶叶 绿茶加工技术规程,,published,,2026-06-30,2101-01-01,\r\n" +
		"DB33/T 1238—2026,local,茶叶 白茶加工技术规程,White\x7ftea,published,,2026-06-30,,\r\n" +
		"DB33/T 1239—2026,local,\"茶叶\n黄茶加工技术规程\",,published,,2026-06-30,,\r\n" +
		"DB33/T 1240—2026,local,茶叶 黑茶加工技术规程,,published,,2026-06-30,,浙江省农业科学院；茶叶\u202e研究所\r\n"
	csvWant := []refusal{{3, "title_zh"}, {4, "title_zh"}, {5, "approved_on"}, {6, "effective_on"}, {7, "title_en"}, {8, "title_zh"}, {9, "drafting_units"}}
	xlsx := func(t *testing.T) []byte {
		f := excelize.NewFile()
		defer f.Close()
		rows := [][]any{
			{"code", "kind", "title_zh", "title_en", "stage", "approved_on", "published_on", "effective_on"},
			{"DB33/T 1234—2026", "local", "茶叶加工技术规程", "", "published", "2025-03-01", "2026-06-30", "2026-07-30"},
			{"", "local", "茶叶\u009b加工技术规程", "", "proposal"},
			{"", "local", "\u200b\ufeff", "", "proposal"},
			{"DB33/T 1236—2026", "local", "茶叶 红茶加工技术规程", "", "published", time.Date(1927, 5, 18, 0, 0, 0, 0, time.UTC), "2026-06-30"},
			{"DB33/T 1237—2026", "local", "茶叶 绿茶加工技术规程", "", "published", "", "2026-06-30", time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC)},
			{"DB33/T 1238—2026", "local", "茶叶 白茶加工技术规程", "White\x7ftea", "published", "", "2026-06-30"},
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	xlsxWant := []refusal{{3, "title_zh"}, {4, "title_zh"}, {5, "approved_on"}, {6, "effective_on"}, {7, "title_en"}}

	each(t, func(t *testing.T, c *client) {
		for _, tc := range []struct {
			name, contentType string
			body              []byte
			want              []refusal
		}{
			{"NDJSON", ndjsonType, []byte(ndjsonLines), ndjsonWant},
			{"CSV", csvType, []byte(csv), csvWant},
			{"XLSX", xlsxType, xlsx(t), xlsxWant},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := importFile(t, c, "", tc.contentType, tc.body)
				if r.Code != http.StatusUnprocessableEntity {
					t.Fatalf("%d %s, want 422", r.Code, r.Body)
				}
				var refused httpapi.ImportRefused
				r.decode(t, &refused)
				for _, w := range tc.want {
					found := false
					for _, p := range refused.Report.Problems {
						found = found || p.Row == w.row && p.Field == w.field
					}
					if !found {
						t.Errorf("no problem for row %d %s: %+v", w.row, w.field, refused.Report.Problems)
					}
				}
				if refused.Report.Rejected != len(tc.want) {
					t.Errorf("%d rows rejected, want %d: %+v", refused.Report.Rejected, len(tc.want), refused.Report.Problems)
				}
				if n := countStandards(t, c); n != 0 {
					t.Errorf("%d standards written", n)
				}
			})
		}
		// With mode=skip_invalid only the good row is written.
		report := importReport(t, c, "mode=skip_invalid", ndjsonType, []byte(ndjsonLines))
		if report.Created != 1 || report.Rejected != len(ndjsonWant) {
			t.Errorf("skip_invalid: %+v", report)
		}
		if n := countStandards(t, c); n != 1 {
			t.Errorf("%d standards written, want 1", n)
		}

		// An NDJSON line that names a field twice, or is not UTF-8, is
		// unreadable: the file is refused whole.
		for _, line := range []string{
			`{"kind":"local","title_zh":"茶叶 花茶加工技术规程","stage":"proposal","stage":"published"}`,
			"{\"kind\":\"local\",\"title_zh\":\"\xb2\xe8\xd2\xb6\"}",
			`{"kind":"local","title_zh":"\ud800"}`,
			`{"kind":"local","TITLE_ZH":"茶叶 花茶加工技术规程"}`,
		} {
			r := importFile(t, c, "", ndjsonType, []byte(line+"\n"))
			wantFieldError(t, r, "row 1")
		}
		if n := countStandards(t, c); n != 1 {
			t.Errorf("%d standards, want 1", n)
		}
	})
}

// TestExportChecksItsFiltersBeforeStreaming: finding 4. An export whose
// filter PostgreSQL refused had already sent its 200, so the connection
// was dropped; over a real connection, every bad filter is a 400 problem.
func TestExportChecksItsFiltersBeforeStreaming(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		create(t, c, tea())
		srv := httptest.NewServer(c.handler)
		defer srv.Close()
		for _, query := range []string{
			"format=csv&published_from=0000-01-01",
			"format=xlsx&approved_to=0000-12-31",
			"format=ndjson&published_to=2101-01-01",
			"format=ndjson&q=%00",
			"format=csv&region=%FF",
		} {
			t.Run(query, func(t *testing.T) {
				res, err := srv.Client().Get(srv.URL + "/api/v1/standards/export?" + query)
				if err != nil {
					t.Fatalf("the connection failed: %v", err)
				}
				defer res.Body.Close()
				body, err := io.ReadAll(res.Body)
				if err != nil {
					t.Fatalf("the answer was cut: %d, %v", res.StatusCode, err)
				}
				if res.StatusCode != http.StatusBadRequest || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
					t.Errorf("%d %s (%d bytes), want a 400 problem", res.StatusCode, res.Header.Get("Content-Type"), len(body))
				}
			})
		}
	})
}
