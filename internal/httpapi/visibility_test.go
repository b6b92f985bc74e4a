package httpapi_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// The rule these tests hold the service to: a record a caller may not see
// answers exactly as a record that does not exist. Each test asks the same
// questions twice, while another organization's unapproved drafts exist and
// again after an admin deleted them, and wants the same answers, byte for
// byte but the request id; and no answer names a hidden draft's id or title
// unless the caller's own request did.

const (
	hiddenCode      = "DB33/T 1234—2026"
	hiddenTitle     = "茶叶加工技术规程"
	numberlessTitle = "龙井茶 栽培技术规范"
)

// hiddenDrafts is a registry where 浙江省农业科学院 has two unapproved
// drafts, one numbered and one not, among public records, and the editor of
// 杭州市标准化研究院 and anonymous callers may not see them.
type hiddenDrafts struct {
	c          *client
	mine       string // 杭州市标准化研究院, the editor's organization
	theirs     string // 浙江省农业科学院, the drafts' owner
	editor     string // an editor's key of mine
	numbered   string // DB33/T 1234—2026 茶叶加工技术规程, a proposal with a 浙江标准 designation
	numberless string // 龙井茶 栽培技术规范, preliminary, no number yet
}

func newHiddenDrafts(t *testing.T, c *client) *hiddenDrafts {
	t.Helper()
	h := &hiddenDrafts{c: c}
	h.mine = createOrganization(t, c, map[string]any{"name": "杭州市标准化研究院", "kind": "institute", "region": "330100"}).ID
	h.theirs = createOrganization(t, c, map[string]any{"name": "浙江省农业科学院", "kind": "institute", "region": "330100"}).ID
	h.editor = c.newKey(access.RoleEditor, h.mine)
	// Public records around them, so that lists, facets, exports and
	// figures have something to show.
	create(t, c, map[string]any{
		"code": "DB33/T 1001—2020", "kind": "local", "title_zh": "西湖龙井茶 加工技术规程", "stage": "published",
		"approved_on": "2019-03-01", "published_on": "2020-05-01", "organization_id": h.theirs,
		"designations": []map[string]any{{"type": "zhejiang_standard", "year": 2024}},
	})
	running := create(t, c, map[string]any{"kind": "local", "title_zh": "茶叶 地理标志产品 管理规范", "stage": "proposal", "organization_id": h.theirs}).ID
	mustDo(t, c, http.StatusCreated, http.MethodPost, "/api/v1/standards/"+running+"/transitions", map[string]any{"to": "drafting", "occurred_on": "2024-01-10"})
	h.hide(t)
	return h
}

// hide registers the hidden drafts (again, after remove).
func (h *hiddenDrafts) hide(t *testing.T) {
	t.Helper()
	c := h.c
	h.numbered = create(t, c, map[string]any{
		"code": hiddenCode, "kind": "local", "title_zh": hiddenTitle, "stage": "proposal", "organization_id": h.theirs,
		"ics": []string{"67.140.10"}, "drafting_units": []string{"浙江省农业科学院茶叶研究所"},
		"designations": []map[string]any{{"type": "zhejiang_standard", "year": 2025}},
	}).ID
	h.numberless = create(t, c, map[string]any{"kind": "local", "title_zh": numberlessTitle, "stage": "preliminary", "organization_id": h.theirs}).ID
}

// remove deletes the hidden drafts, as an admin may.
func (h *hiddenDrafts) remove(t *testing.T) {
	t.Helper()
	for _, id := range []string{h.numbered, h.numberless} {
		mustDo(t, h.c, http.StatusNoContent, http.MethodDelete, "/api/v1/standards/"+id, nil)
	}
}

// secrets are what no answer may show of the hidden drafts.
func (h *hiddenDrafts) secrets() []string {
	return []string{h.numbered, h.numberless, hiddenTitle, numberlessTitle}
}

// question is one request of one caller.
type question struct {
	name         string
	key          string // "" for anonymous
	method, path string
	body         any
	headers      []string
}

// answer is what a question got: all of it but the request id.
type answer struct {
	Status int
	Header http.Header
	Body   string
}

func (h *hiddenDrafts) ask(q question) answer {
	r := h.c.as(q.key).do(q.method, q.path, q.body, q.headers...)
	header := r.Header.Clone()
	header.Del(echo.HeaderXRequestID)
	return answer{Status: r.Code, Header: header, Body: string(r.Body)}
}

// answersAsAbsent asks every question while the drafts exist, deletes them,
// asks again, and wants the same answers.
func answersAsAbsent(t *testing.T, h *hiddenDrafts, questions []question) {
	t.Helper()
	hidden := make([]answer, len(questions))
	for i, q := range questions {
		hidden[i] = h.ask(q)
	}
	h.remove(t)
	for i, q := range questions {
		t.Run(q.name, func(t *testing.T) {
			absent := h.ask(q)
			if diff := cmp.Diff(absent, hidden[i]); diff != "" {
				t.Errorf("%s %s: the answer while hidden drafts exist differs from the one once they do not (-absent +hidden):\n%s", q.method, q.path, diff)
			}
			for _, secret := range h.secrets() {
				if !strings.Contains(q.path, secret) && strings.Contains(hidden[i].Body, secret) {
					t.Errorf("%s %s: the answer shows %q of a hidden draft: %s", q.method, q.path, secret, hidden[i].Body)
				}
			}
		})
	}
}

// callersWhoMayNotSee are the callers the drafts are hidden from.
func (h *hiddenDrafts) callersWhoMayNotSee() map[string]string {
	return map[string]string{anonymous: "", editorOther: h.editor}
}

func TestHiddenDraftReadsAnswerAsAbsent(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		h := newHiddenDrafts(t, c)
		q := url.QueryEscape
		paths := []string{
			"/api/v1/standards/" + h.numbered,
			"/api/v1/standards/" + h.numberless,
			"/api/v1/standards/" + h.numbered + "/transitions",
			"/api/v1/standards/" + h.numberless + "/cycle",
			"/api/v1/standards/lookup?code=" + q(hiddenCode),
			"/api/v1/standards/lookup?code=" + q("db33/t 1234-2026"),
			"/api/v1/standards?page_size=200&sort=created_at&facets=kind,stage,year,designation",
			"/api/v1/standards?page_size=200&q=" + q("茶叶") + "&facets=stage,designation",
			"/api/v1/standards?page_size=200&sort=relevance&q=" + q(hiddenTitle),
			"/api/v1/standards?page_size=200&q=" + q(hiddenCode),
			"/api/v1/standards?page_size=200&stage=proposal&facets=stage",
			"/api/v1/standards?page_size=200&organization_id=" + h.theirs + "&facets=kind,stage,designation",
			"/api/v1/standards?page_size=200&designation=zhejiang_standard&facets=designation",
			"/api/v1/standards/export?format=csv&sort=created_at",
			"/api/v1/standards/export?format=ndjson&q=" + q("茶叶"),
			"/api/v1/metrics/overdue?within_days=3650",
			"/api/v1/metrics/drafting-cycle?from=2019-01-01&group_by=organization",
			"/api/v1/metrics/plan-targets",
			"/api/v1/audit-events?resource_id=" + h.numbered,
		}
		var questions []question
		for caller, key := range h.callersWhoMayNotSee() {
			for _, path := range paths {
				questions = append(questions, question{name: caller + " GET " + path, key: key, method: http.MethodGet, path: path})
			}
		}
		answersAsAbsent(t, h, questions)
	})
}

func TestHiddenDraftWritesAnswerAsAbsent(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		h := newHiddenDrafts(t, c)
		var questions []question
		for caller, key := range h.callersWhoMayNotSee() {
			for _, id := range []string{h.numbered, h.numberless} {
				path := "/api/v1/standards/" + id
				for _, w := range []struct {
					name, method, path string
					body               any
					headers            []string
				}{
					{"change", http.MethodPatch, path, map[string]any{"title_en": "Code of practice for tea processing"}, nil},
					{"change at version 1", http.MethodPatch, path, map[string]any{"title_en": "Code of practice for tea processing"}, []string{"If-Match", `"1"`}},
					{"change at a stale version", http.MethodPatch, path, map[string]any{"drafting_units": []string{"杭州市标准化研究院"}}, []string{"If-Match", `"7"`}},
					{"delete", http.MethodDelete, path, nil, nil},
					{"delete at version 1", http.MethodDelete, path, nil, []string{"If-Match", `"1"`}},
					{"move", http.MethodPost, path + "/transitions", map[string]any{"to": "drafting", "occurred_on": "2026-11-01", "note": "立项批复"}, nil},
					{"terminate", http.MethodPost, path + "/transitions", map[string]any{"to": "terminated", "occurred_on": "2026-11-01"}, []string{"If-Match", `"1"`}},
					{"move to a stage the procedure does not allow", http.MethodPost, path + "/transitions", map[string]any{"to": "published", "occurred_on": "2026-11-01"}, nil},
				} {
					questions = append(questions, question{name: caller + " " + w.name + " " + id, key: key, method: w.method, path: w.path, body: w.body, headers: w.headers})
				}
			}
		}
		answersAsAbsent(t, h, questions)
	})
}

// importFiles writes rows as a file of each format an import reads.
func importFiles(t *testing.T, rows []standard.Standard) map[tabular.Format][]byte {
	t.Helper()
	out := map[tabular.Format][]byte{}
	for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX, tabular.NDJSON} {
		var b bytes.Buffer
		w, err := tabular.NewWriter(&b, format)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			if err := w.Write(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out[format] = b.Bytes()
	}
	return out
}

// importModes are the ways an import may treat its rows; the ones that
// cannot write come first.
var importModes = []string{
	"dry_run=true",
	"dry_run=true&on_conflict=update",
	"dry_run=true&mode=skip_invalid&on_conflict=update",
	"",
	"on_conflict=skip",
	"on_conflict=update",
	"mode=skip_invalid",
	"mode=skip_invalid&on_conflict=update",
}

// TestImportOfHiddenDraftsAnswersAsAbsent: rows that name another
// organization's hidden draft, by id, by number or by its title, get the
// report rows naming nothing get, in every mode and format.
func TestImportOfHiddenDraftsAnswersAsAbsent(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		h := newHiddenDrafts(t, c)
		for i, tc := range []struct {
			name string
			rows func() []standard.Standard
			// writes: the file registers something when it may, so it is
			// asked only in the modes that cannot write, or the second
			// asking would find what the first wrote.
			writes bool
		}{
			{"their number", func() []standard.Standard { return []standard.Standard{theirNumber(h)} }, false},
			{"their id", func() []standard.Standard { return []standard.Standard{theirID(h)} }, false},
			{"their id and number", func() []standard.Standard { return []standard.Standard{theirIDAndNumber(h)} }, false},
			{"their numberless draft's title", func() []standard.Standard { return []standard.Standard{theirTitle(h)} }, false},
			{"their numberless draft's id", func() []standard.Standard { return []standard.Standard{theirNumberlessID(h)} }, false},
			{"all of them, twice over", func() []standard.Standard {
				return []standard.Standard{theirNumber(h), theirID(h), theirIDAndNumber(h), theirTitle(h), theirNumberlessID(h), theirNumber(h), theirTitle(h)}
			}, false},
			{"their id for my organization", func() []standard.Standard { return []standard.Standard{mineByTheirID(h)} }, true},
			{"their id for my organization among their rows", func() []standard.Standard {
				return []standard.Standard{theirNumber(h), mineByTheirID(h), theirNumberlessID(h)}
			}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if i > 0 {
					h.hide(t) // the last case deleted them
				}
				files := importFiles(t, tc.rows())
				var questions []question
				for _, mode := range importModes {
					if tc.writes && !strings.HasPrefix(mode, "dry_run=true") {
						continue
					}
					for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX, tabular.NDJSON} {
						questions = append(questions, question{
							name: string(format) + " " + mode, key: h.editor, method: http.MethodPost,
							path: "/api/v1/imports?" + mode, body: files[format], headers: []string{"Content-Type", format.ContentType()},
						})
					}
				}
				answersAsAbsent(t, h, questions)
			})
		}
	})
}

// The rows an editor of another organization might send about the hidden
// drafts.
func theirNumber(h *hiddenDrafts) standard.Standard {
	return standard.Standard{Code: hiddenCode, Kind: standard.KindLocal, TitleZH: hiddenTitle, Stage: standard.StageProposal, OrganizationID: h.theirs}
}

func theirID(h *hiddenDrafts) standard.Standard {
	return standard.Standard{ID: h.numbered, Kind: standard.KindLocal, TitleZH: "茶叶加工技术规程（修订）", Stage: standard.StageProposal, OrganizationID: h.theirs}
}

func theirIDAndNumber(h *hiddenDrafts) standard.Standard {
	st := theirNumber(h)
	st.ID = h.numbered
	return st
}

func theirTitle(h *hiddenDrafts) standard.Standard {
	return standard.Standard{Kind: standard.KindLocal, TitleZH: numberlessTitle, Stage: standard.StagePreliminary, OrganizationID: h.theirs}
}

func theirNumberlessID(h *hiddenDrafts) standard.Standard {
	st := theirTitle(h)
	st.ID = h.numberless
	return st
}

// mineByTheirID is a row for the editor's own organization with a hidden
// draft's id and no number: a new registration, as with an id no record has.
func mineByTheirID(h *hiddenDrafts) standard.Standard {
	return standard.Standard{ID: h.numbered, Kind: standard.KindLocal, TitleZH: "茶园 土壤 改良技术规程", Stage: standard.StageProposal}
}

// TestImportRowTakingAHiddenDraftsNumber: a row that registers, for the
// editor's own organization, the number another organization's hidden
// draft holds cannot be answered as one with a free number, since numbers
// are unique. It is refused with the conflict a POST of it gets, in every
// mode and format, and no answer names anything of the draft.
func TestImportRowTakingAHiddenDraftsNumber(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		h := newHiddenDrafts(t, c)
		editor := c.as(h.editor)
		const typed, title = "db33/t 1234-2026", "茶叶 加工 通用技术要求"
		post := editor.do(http.MethodPost, "/api/v1/standards", map[string]any{"code": typed, "kind": "local", "title_zh": title, "stage": "proposal"})
		if post.Code != http.StatusConflict {
			t.Fatalf("POST of a hidden draft's number: %d %s", post.Code, post.Body)
		}
		detail := post.problem(t).Detail
		if want := "a standard numbered " + hiddenCode + " is already registered"; detail != want {
			t.Errorf("POST: %q, want %q", detail, want)
		}
		before := string(c.do(http.MethodGet, "/api/v1/standards?page_size=200&sort=created_at", nil).Body)
		files := importFiles(t, []standard.Standard{{Code: typed, Kind: standard.KindLocal, TitleZH: title, Stage: standard.StageProposal}})
		for _, mode := range importModes {
			for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX, tabular.NDJSON} {
				t.Run(string(format)+" "+mode, func(t *testing.T) {
					r := importFile(t, editor, mode, format.ContentType(), files[format])
					dryRun := strings.Contains(mode, "dry_run=true")
					status := http.StatusOK
					if !dryRun && !strings.Contains(mode, "skip_invalid") {
						status = http.StatusUnprocessableEntity
					}
					if r.Code != status {
						t.Fatalf("%d %s, want %d", r.Code, r.Body, status)
					}
					var report httpapi.ImportReport
					if status == http.StatusOK {
						r.decode(t, &report)
					} else {
						var refused httpapi.ImportRefused
						r.decode(t, &refused)
						report = refused.Report
					}
					row := 2 // under the header
					if format == tabular.NDJSON {
						row = 1 // the line
					}
					want := httpapi.ImportReport{
						DryRun: dryRun, Written: !dryRun && strings.Contains(mode, "skip_invalid"), Rows: 1, Rejected: 1, Format: string(format), IgnoredColumns: []string{},
						Problems: []httpapi.ImportRowProblem{{Row: row, Message: detail}},
					}
					if diff := cmp.Diff(want, report); diff != "" {
						t.Errorf("report (-want +got):\n%s", diff)
					}
					for _, secret := range h.secrets() {
						if strings.Contains(string(r.Body), secret) {
							t.Errorf("the answer shows %q of a hidden draft: %s", secret, r.Body)
						}
					}
				})
			}
		}
		if after := string(c.do(http.MethodGet, "/api/v1/standards?page_size=200&sort=created_at", nil).Body); after != before {
			t.Errorf("the refused rows changed the registry")
		}
	})
}
