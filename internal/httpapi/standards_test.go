package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// gb17761 is a real mandatory national standard: 电动自行车安全技术规范.
func gb17761() map[string]any {
	return map[string]any{
		"code": "GB 17761—2018", "kind": "national", "title_zh": "电动自行车安全技术规范",
		"title_en": "Safety technical specification for electric bicycle", "stage": "published",
		"ics": []string{"43.150"}, "ccs": "Y14", "replaces": []string{"GB 17761—1999"},
		"drafting_units": []string{"天津市自行车研究院", "中国标准化研究院"},
		"approved_on":    "2016-05-10", "published_on": "2018-05-15", "effective_on": "2019-04-15",
	}
}

// db33 is a Zhejiang local standard: 数字化改革 术语定义.
func db33() map[string]any {
	return map[string]any{
		"code": "DB33/T 2349—2021", "kind": "local", "title_zh": "数字化改革 术语定义", "stage": "published",
		"zhejiang_role": "lead", "region": "330000", "approved_on": "2021-03-01", "published_on": "2021-06-20",
		"designations": []map[string]any{{"type": "zhejiang_standard", "year": 2022, "reference": "浙江标准 2022-017"}},
	}
}

func create(t *testing.T, c *client, body map[string]any) httpapi.StandardResponse {
	t.Helper()
	r := c.do(http.MethodPost, "/api/v1/standards", body)
	if r.Code != http.StatusCreated {
		t.Fatalf("create %v: %d %s", body["code"], r.Code, r.Body)
	}
	var st httpapi.StandardResponse
	r.decode(t, &st)
	return st
}

func TestCreateAndReadStandard(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		r := c.do(http.MethodPost, "/api/v1/standards", gb17761())
		if r.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Code, r.Body)
		}
		var created httpapi.StandardResponse
		r.decode(t, &created)
		if got, want := r.Header.Get("Location"), "/api/v1/standards/"+created.ID; got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
		if r.Header.Get("ETag") != `"1"` {
			t.Errorf("ETag = %q, want \"1\"", r.Header.Get("ETag"))
		}
		checks := []struct{ field, got, want string }{
			{"code", created.Code, "GB 17761—2018"},
			{"normalized_code", created.NormalizedCode, "GB 17761-2018"},
			{"nature (from the number)", deref(created.Nature), "mandatory"},
			{"stage_code", created.StageCode, "60"},
			{"zhejiang_role default", created.ZhejiangRole, "none"},
			{"published_on", deref(created.PublishedOn), "2018-05-15"},
			{"approved_on", deref(created.ApprovedOn), "2016-05-10"},
		}
		for _, ch := range checks {
			if ch.got != ch.want {
				t.Errorf("%s = %q, want %q", ch.field, ch.got, ch.want)
			}
		}

		got := c.do(http.MethodGet, "/api/v1/standards/"+created.ID, nil)
		if got.Code != http.StatusOK || got.Header.Get("ETag") != `"1"` {
			t.Fatalf("get: %d etag %q", got.Code, got.Header.Get("ETag"))
		}
		var read httpapi.StandardResponse
		got.decode(t, &read)
		if diff := cmp.Diff(created, read); diff != "" {
			t.Errorf("read differs from created (-created +read):\n%s", diff)
		}
	})
}

func TestLookupFindsAnyWrittenForm(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		gb := create(t, c, gb17761())
		iso := gb17761()
		iso["code"], iso["title_zh"], iso["stage"] = "GB/T 19001—2016/ISO 9001:2015", "质量管理体系 要求", "published"
		delete(iso, "replaces")
		qms := create(t, c, iso)
		if len(qms.Adopts) != 1 || qms.Adopts[0] != (httpapi.AdoptionBody{Code: "ISO 9001:2015", Degree: "IDT"}) {
			t.Errorf("a double number adopts its international number as IDT, got %+v", qms.Adopts)
		}
		for _, tc := range []struct{ written, id string }{
			{"GB 17761—2018", gb.ID},
			{"gb17761-2018", gb.ID},
			{"ＧＢ　１７７６１－２０１８", gb.ID},
			{"GB 17761–2018", gb.ID},
			{"GB/T 19001-2016", qms.ID},
			{"gb/t 19001—2016/iso 9001:2015", qms.ID},
		} {
			t.Run(tc.written, func(t *testing.T) {
				r := c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape(tc.written), nil)
				if r.Code != http.StatusOK {
					t.Fatalf("%d %s", r.Code, r.Body)
				}
				var st httpapi.StandardResponse
				r.decode(t, &st)
				if st.ID != tc.id {
					t.Errorf("found %s (%s), want %s", st.ID, st.Code, tc.id)
				}
			})
		}
		if r := c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("GB 17761-1999"), nil); r.Code != http.StatusNotFound {
			t.Errorf("unregistered number: %d, want 404", r.Code)
		}
		if r := c.do(http.MethodGet, "/api/v1/standards/lookup?code=hello", nil); r.Code != http.StatusBadRequest {
			t.Errorf("not a number: %d, want 400", r.Code)
		}
	})
}

func TestNumberRegisteredTwiceIsAConflict(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		create(t, c, db33())
		again := db33()
		again["code"] = "db33/t2349-2021" // the same number, written otherwise
		r := c.do(http.MethodPost, "/api/v1/standards", again)
		if r.Code != http.StatusConflict {
			t.Fatalf("second registration: %d %s, want 409", r.Code, r.Body)
		}
		if p := r.problem(t); !strings.Contains(p.Detail, "DB33/T 2349—2021") {
			t.Errorf("detail should name the number: %q", p.Detail)
		}
		list := c.do(http.MethodGet, "/api/v1/standards", nil)
		var page httpapi.StandardList
		list.decode(t, &page)
		if len(page.Items) != 1 {
			t.Errorf("the refused registration changed the registry: %d standards", len(page.Items))
		}
	})
}

func TestCreateRejectsBadInput(t *testing.T) {
	t.Parallel()
	future := today.AddDate(0, 0, 1).Format("2006-01-02")
	with := func(change func(m map[string]any)) map[string]any {
		m := gb17761()
		change(m)
		return m
	}
	cases := []struct {
		name   string
		body   any
		status int
		fields []string
	}{
		{"unknown field", with(func(m map[string]any) { m["titel_zh"] = "x" }), 400, []string{"titel_zh"}},
		{"wrong type", with(func(m map[string]any) { m["ics"] = "43.150" }), 400, []string{"ics"}},
		{"wrong type in list", with(func(m map[string]any) {
			m["designations"] = []any{map[string]any{"type": "zhejiang_standard", "year": "二〇二四"}}
		}), 400, []string{"designations[0].year"}},
		{"impossible date", with(func(m map[string]any) { m["published_on"] = "2018-02-30" }), 400, []string{"published_on"}},
		{"malformed date", with(func(m map[string]any) { m["effective_on"] = "2019/04/15" }), 400, []string{"effective_on"}},
		{"unknown kind", with(func(m map[string]any) { m["kind"] = "provincial" }), 400, []string{"kind"}},
		{"unknown stage", with(func(m map[string]any) { m["stage"] = "done" }), 400, []string{"stage"}},
		{"stage reached only by transitions", with(func(m map[string]any) { m["stage"] = "drafting" }), 400, []string{"stage"}},
		{"malformed number", with(func(m map[string]any) { m["code"] = "GB/X 17761-2018" }), 400, []string{"code"}},
		{"number without year", with(func(m map[string]any) { m["code"] = "GB 17761" }), 400, []string{"code"}},
		{"number of another kind", with(func(m map[string]any) { m["kind"] = "local" }), 400, []string{"code"}},
		{"nature the number contradicts", with(func(m map[string]any) { m["nature"] = "recommended" }), 400, []string{"nature"}},
		{"published before approved", with(func(m map[string]any) { m["approved_on"] = "2018-06-01" }), 400, []string{"published_on"}},
		{"published in the future", with(func(m map[string]any) { m["published_on"] = future; m["effective_on"] = future }), 400, []string{"published_on"}},
		{"effective before published", with(func(m map[string]any) { m["effective_on"] = "2018-01-01" }), 400, []string{"effective_on"}},
		{"published without a day", with(func(m map[string]any) { delete(m, "published_on"); delete(m, "effective_on") }), 400, []string{"published_on"}},
		{"published without a number", with(func(m map[string]any) { delete(m, "code") }), 400, []string{"code"}},
		{"missing title", with(func(m map[string]any) { m["title_zh"] = "  " }), 400, []string{"title_zh"}},
		{"bad ICS", with(func(m map[string]any) { m["ics"] = []string{"43-150"} }), 400, []string{"ics[0]"}},
		{"bad CCS", with(func(m map[string]any) { m["ccs"] = "y14" }), 400, []string{"ccs"}},
		{"bad region", with(func(m map[string]any) { m["region"] = "浙江" }), 400, []string{"region"}},
		{"unknown role", with(func(m map[string]any) { m["zhejiang_role"] = "owner" }), 400, []string{"zhejiang_role"}},
		{"unknown degree", with(func(m map[string]any) {
			m["adopts"] = []any{map[string]any{"code": "ISO 4210-2:2015", "degree": "EQV"}}
		}), 400, []string{"adopts[0].degree"}},
		{"replaced number malformed", with(func(m map[string]any) { m["replaces"] = []string{"旧标准"} }), 400, []string{"replaces[0]"}},
		{"made in Zhejiang on a national standard", with(func(m map[string]any) { m["designations"] = []any{map[string]any{"type": "made_in_zhejiang"}} }), 400, []string{"designations[0].type"}},
		{"organization that does not exist", with(func(m map[string]any) { m["organization_id"] = "0193a1b2-0000-7000-8000-000000000000" }), 400, []string{"organization_id"}},
		{"organization id that cannot exist", with(func(m map[string]any) { m["organization_id"] = "浙江省标准化研究院" }), 400, []string{"organization_id"}},
		{"draft with a publication day", map[string]any{"kind": "local", "title_zh": "茶叶加工技术规程", "stage": "proposal", "published_on": "2024-01-01"}, 400, []string{"published_on"}},
		{"not JSON", "code=GB+17761-2018", 400, []string{""}},
		{"two JSON values", `{"kind":"local","title_zh":"茶叶"} {}`, 400, []string{""}},
		{"JSON array", `[]`, 400, []string{""}},
	}
	each(t, func(t *testing.T, c *client) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := c.do(http.MethodPost, "/api/v1/standards", tc.body)
				if r.Code != tc.status {
					t.Fatalf("status %d, want %d: %s", r.Code, tc.status, r.Body)
				}
				p := r.problem(t)
				var fields []string
				for _, f := range p.Errors {
					fields = append(fields, f.Field)
				}
				for _, want := range tc.fields {
					if !containsString(fields, want) {
						t.Errorf("errors name %q, want %q among them: %s", fields, want, r.Body)
					}
				}
			})
		}
		var page httpapi.StandardList
		c.do(http.MethodGet, "/api/v1/standards", nil).decode(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("refused requests registered %d standards", len(page.Items))
		}
	})
}

func TestBodyLimitsAndMediaTypes(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		big := gb17761()
		big["title_en"] = strings.Repeat("x", 1<<20)
		if r := c.do(http.MethodPost, "/api/v1/standards", big); r.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("body over 1 MiB: %d, want 413", r.Code)
		}
		if r := c.do(http.MethodPost, "/api/v1/standards", "<standard/>", "Content-Type", "application/xml"); r.Code != http.StatusUnsupportedMediaType {
			t.Errorf("XML body: %d, want 415", r.Code)
		}
		if r := c.do(http.MethodPost, "/api/v1/standards", gb17761(), "Content-Type", "text/plain"); r.Code != http.StatusUnsupportedMediaType {
			t.Errorf("text/plain body: %d, want 415", r.Code)
		}
		if r := c.do(http.MethodPost, "/api/v1/standards", gb17761(), "Content-Type", "application/json; charset=utf-8"); r.Code != http.StatusCreated {
			t.Errorf("JSON with charset: %d, want 201: %s", r.Code, r.Body)
		}
	})
}

func TestGetUnknownStandard(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, id := range []string{"0193a1b2-0000-7000-8000-000000000000", "not-a-uuid", "1%27%20OR%201=1"} {
			r := c.do(http.MethodGet, "/api/v1/standards/"+id, nil)
			if r.Code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", id, r.Code)
			}
			if p := r.problem(t); p.Status != 404 || p.Type == "" || p.Title == "" {
				t.Errorf("%s: incomplete problem %+v", id, p)
			}
		}
	})
}

func TestPatchStandard(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		st := create(t, c, db33())
		path := "/api/v1/standards/" + st.ID
		mergePatch := "application/merge-patch+json"

		r := c.do(http.MethodPatch, path, `{"title_en": "Digital reform - Terms and definitions", "region": null}`, "Content-Type", mergePatch, "If-Match", `"1"`)
		if r.Code != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Code, r.Body)
		}
		var patched httpapi.StandardResponse
		r.decode(t, &patched)
		if patched.TitleEN != "Digital reform - Terms and definitions" || patched.Region != "" || patched.TitleZH != st.TitleZH {
			t.Errorf("patch applied wrongly: %+v", patched)
		}
		if r.Header.Get("ETag") != `"2"` {
			t.Errorf("ETag after a change = %q, want \"2\"", r.Header.Get("ETag"))
		}
		if len(patched.Designations) != 1 || patched.Designations[0].Type != "zhejiang_standard" {
			t.Errorf("fields not in the patch must stay: %+v", patched.Designations)
		}

		// A stale ETag changes nothing.
		r = c.do(http.MethodPatch, path, `{"title_zh": "改"}`, "Content-Type", mergePatch, "If-Match", `"1"`)
		if r.Code != http.StatusPreconditionFailed {
			t.Errorf("stale If-Match: %d, want 412", r.Code)
		}
		// Changing the number to a recommended one changes the nature it implies.
		r = c.do(http.MethodPatch, path, `{"code": "DB33 2349-2021"}`, "Content-Type", mergePatch)
		r.decode(t, &patched)
		if r.Code != http.StatusOK || deref(patched.Nature) != "mandatory" || patched.Code != "DB33 2349—2021" {
			t.Errorf("renumbering: %d nature %q code %q", r.Code, deref(patched.Nature), patched.Code)
		}

		for _, tc := range []struct {
			name, body, contentType string
			status                  int
		}{
			{"stage changes only by transitions", `{"stage": "withdrawn"}`, mergePatch, 400},
			{"publication day follows the stage", `{"published_on": "2021-01-01"}`, mergePatch, 400},
			{"id is the registry's", `{"id": "x"}`, mergePatch, 400},
			{"unknown field", `{"colour": "red"}`, mergePatch, 400},
			{"wrong type", `{"ics": 43}`, mergePatch, 400},
			{"number of another kind", `{"code": "GB 17761-2018"}`, mergePatch, 400},
			{"clearing a required field", `{"title_zh": null}`, mergePatch, 400},
			{"not an object", `"x"`, mergePatch, 400},
			{"not JSON", `{`, mergePatch, 400},
			{"XML", `<x/>`, "application/xml", 415},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.do(http.MethodPatch, path, tc.body, "Content-Type", tc.contentType)
				if r.Code != tc.status {
					t.Errorf("%d, want %d: %s", r.Code, tc.status, r.Body)
				}
			})
		}
		var final httpapi.StandardResponse
		c.do(http.MethodGet, path, nil).decode(t, &final)
		if final.Stage != "published" || deref(final.PublishedOn) != "2021-06-20" || final.TitleZH != "数字化改革 术语定义" {
			t.Errorf("refused patches changed the standard: %+v", final)
		}
		if r := c.do(http.MethodPatch, "/api/v1/standards/0193a1b2-0000-7000-8000-000000000000", `{}`, "Content-Type", mergePatch); r.Code != http.StatusNotFound {
			t.Errorf("patch of an unknown standard: %d, want 404", r.Code)
		}
	})
}

func TestDeleteOnlyDraftsNotYetApproved(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		published := create(t, c, gb17761())
		draft := create(t, c, map[string]any{"kind": "local", "title_zh": "茶叶 绿茶加工技术规程", "stage": "proposal", "region": "330100"})
		if draft.Code != "" || draft.Stage != "proposal" || draft.StageCode != "10" {
			t.Errorf("draft: %+v", draft)
		}
		if r := c.do(http.MethodDelete, "/api/v1/standards/"+published.ID, nil); r.Code != http.StatusConflict {
			t.Errorf("delete a published standard: %d, want 409", r.Code)
		}
		if r := c.do(http.MethodDelete, "/api/v1/standards/"+draft.ID, nil, "If-Match", `"7"`); r.Code != http.StatusPreconditionFailed {
			t.Errorf("delete with a stale ETag: %d, want 412", r.Code)
		}
		if r := c.do(http.MethodDelete, "/api/v1/standards/"+draft.ID, nil, "If-Match", `"1"`); r.Code != http.StatusNoContent {
			t.Errorf("delete a proposal: %d, want 204: %s", r.Code, r.Body)
		}
		if r := c.do(http.MethodGet, "/api/v1/standards/"+draft.ID, nil); r.Code != http.StatusNotFound {
			t.Errorf("deleted draft still answers %d", r.Code)
		}
		if r := c.do(http.MethodGet, "/api/v1/standards/"+published.ID, nil); r.Code != http.StatusOK {
			t.Errorf("published standard gone after refused delete: %d", r.Code)
		}
	})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func containsString(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
