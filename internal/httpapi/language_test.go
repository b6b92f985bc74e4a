package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
	"stdreg/internal/locale"
	"stdreg/internal/store/storetest"
)

// said is what a problem says in one language: its title, its detail, and
// the message of each field it names.
type said struct {
	title, detail string
	fields        map[string]string
}

// languages are the Accept-Language headers a test sends and the language
// each must be answered in: Chinese when asked, English otherwise.
var languages = []struct {
	header  string // "" sends none
	chinese bool
}{
	{"zh-CN", true},
	{"", false},
	{"en", false},
	{"fr", false},
	{"fr-CH, zh;q=0.8, en;q=0.5", true},
}

// TestProblemsInTheClientsLanguage: the same failures, asked in Chinese,
// English, no language and French, on both databases, each answered in
// the language matched, with Content-Language saying which.
func TestProblemsInTheClientsLanguage(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		c := newClient(t, db)
		limited := newClientWith(t, db, limits).as("")
		st := create(t, c, db33())
		missing := "0190f0f1-8c5e-7a3b-9c1d-2e3f4a5b6c7d"
		cases := []struct {
			name    string
			status  int
			send    func(lang []string, i int) response
			zh, en  said
			dynamic func(r response) (zh, en string) // a detail that depends on the answer (Retry-After)
		}{{
			name: "a body of the wrong type", status: http.StatusBadRequest,
			send: func(lang []string, _ int) response {
				return c.do(http.MethodPost, "/api/v1/standards", `{"title_zh": 2349}`, lang...)
			},
			zh: said{"请求参数有误", "请求中有字段不符合要求", map[string]string{"title_zh": "必须是字符串，不能是数值"}},
			en: said{"Bad Request", "the request has invalid fields", map[string]string{"title_zh": "must be a string, not number"}},
		}, {
			name: "fields the registry refuses", status: http.StatusBadRequest,
			send: func(lang []string, _ int) response {
				body := db33()
				body["code"], body["region"], body["published_on"] = "DB33/T 3001—2026", "3301", "2030-01-01"
				return c.do(http.MethodPost, "/api/v1/standards", body, lang...)
			},
			zh: said{"请求参数有误", "请求中有字段不符合要求", map[string]string{
				"region":       `"3301" 不是 6 位行政区划代码，应形如 330100`,
				"published_on": "2030-01-01 是未来的日期",
			}},
			en: said{"Bad Request", "the request has invalid fields", map[string]string{
				"region":       `"3301" is not a 6-digit administrative division code such as 330100`,
				"published_on": "2030-01-01 is in the future",
			}},
		}, {
			name: "a number the parser cannot read", status: http.StatusBadRequest,
			send: func(lang []string, _ int) response {
				body := db33()
				body["code"] = "DB33/T 2349-21"
				return c.do(http.MethodPost, "/api/v1/standards", body, lang...)
			},
			zh: said{"请求参数有误", "请求中有字段不符合要求", map[string]string{"code": `两位年代号 "21" 含义不明，请写作 4 位年份`}},
			en: said{"Bad Request", "the request has invalid fields", map[string]string{"code": `2-digit year "21" is ambiguous; write the year with 4 digits`}},
		}, {
			name: "a credit code with a wrong check character", status: http.StatusBadRequest,
			send: func(lang []string, _ int) response {
				return c.do(http.MethodPost, "/api/v1/organizations", map[string]any{
					"name": "浙江省标准化研究院", "kind": "institute", "region": "330100", "credit_code": "12330000470002001X",
				}, lang...)
			},
			zh: said{"请求参数有误", "请求中有字段不符合要求", map[string]string{"credit_code": `校验码应为 'N'，而不是 'X'`}},
			en: said{"Bad Request", "the request has invalid fields", map[string]string{"credit_code": `check character should be 'N', not 'X'`}},
		}, {
			name: "a parameter out of range", status: http.StatusBadRequest,
			send: func(lang []string, _ int) response {
				return c.do(http.MethodGet, "/api/v1/standards?page_size=0", nil, lang...)
			},
			zh: said{"请求参数有误", "请求中有字段不符合要求", map[string]string{"page_size": "必须是 1 至 200 之间的整数"}},
			en: said{"Bad Request", "the request has invalid fields", map[string]string{"page_size": "must be a whole number from 1 to 200"}},
		}, {
			name: "a list filter naming a record by a bad id", status: http.StatusBadRequest,
			send: func(lang []string, _ int) response {
				return c.do(http.MethodGet, "/api/v1/projects?organization_id=yuhang", nil, lang...)
			},
			zh: said{"请求参数有误", "请求中有字段不符合要求", map[string]string{"organization_id": `"yuhang" 不是机构的 id`}},
			en: said{"Bad Request", "the request has invalid fields", map[string]string{"organization_id": `"yuhang" is not an organization id`}},
		}, {
			name: "a standard that does not exist", status: http.StatusNotFound,
			send: func(lang []string, _ int) response {
				return c.do(http.MethodGet, "/api/v1/standards/"+missing, nil, lang...)
			},
			zh: said{"未找到", "未找到标准 " + missing, nil},
			en: said{"Not Found", "standard " + missing + " not found", nil},
		}, {
			name: "a number already registered", status: http.StatusConflict,
			send: func(lang []string, _ int) response {
				return c.do(http.MethodPost, "/api/v1/standards", db33(), lang...)
			},
			zh: said{"与登记数据冲突", "标准号 DB33/T 2349—2021 已被占用", nil},
			en: said{"Conflict", "a standard numbered DB33/T 2349—2021 is already registered", nil},
		}, {
			name: "a stale If-Match", status: http.StatusPreconditionFailed,
			send: func(lang []string, _ int) response {
				return c.do(http.MethodPatch, "/api/v1/standards/"+st.ID, `{"title_en": "Digital reform"}`,
					append([]string{"Content-Type", "application/merge-patch+json", "If-Match", `"7"`}, lang...)...)
			},
			zh: said{"版本已变更", "标准 " + st.ID + " 在版本 7 之后已被修改，当前版本为 1", nil},
			en: said{"Precondition Failed", "standard " + st.ID + " has changed since version 7; it is now at version 1", nil},
		}, {
			name: "too many requests", status: http.StatusTooManyRequests,
			send: func(lang []string, i int) response {
				addr := fmt.Sprintf("192.0.2.%d:1234", 100+i) // a bucket of its own
				var r response
				for range limits.AnonymousBurst + 1 {
					r = limited.doFrom(addr, "/api/v1/standards", lang...)
				}
				return r
			},
			zh: said{title: "请求过于频繁"},
			en: said{title: "Too Many Requests"},
			dynamic: func(r response) (string, string) {
				s := r.Header.Get("Retry-After")
				return "请求过于频繁，请在 " + s + " 秒后重试", "too many requests; retry after " + s + " s"
			},
		}, {
			name: "a path that does not exist", status: http.StatusNotFound,
			send: func(lang []string, _ int) response {
				_, r := c.send(http.MethodGet, "/api/v1/standardz", nil, lang...)
				return r
			},
			zh: said{"未找到", "未找到", nil},
			en: said{"Not Found", "Not Found", nil},
		}}
		for _, tc := range cases {
			for i, l := range languages {
				t.Run(tc.name+"/"+l.header, func(t *testing.T) {
					r := tc.send(acceptLanguage(l.header), i)
					if r.Code != tc.status {
						t.Fatalf("%d, want %d: %s", r.Code, tc.status, r.Body)
					}
					want, tag := tc.en, "en"
					if l.chinese {
						want, tag = tc.zh, "zh-CN"
					}
					if tc.dynamic != nil {
						zh, en := tc.dynamic(r)
						want.detail = map[bool]string{true: zh, false: en}[l.chinese]
					}
					wantLanguage(t, r, tag)
					p := r.problem(t)
					if diff := cmp.Diff(want, saidBy(p), cmp.AllowUnexported(said{})); diff != "" {
						t.Errorf("problem (-want +got):\n%s", diff)
					}
				})
			}
		}
	})
}

// TestImportReportInTheClientsLanguage: an import that refuses rows says
// why, row by row, in the language asked for, on both databases.
func TestImportReportInTheClientsLanguage(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		type problem struct {
			Row            int
			Field, Message string
		}
		zh := []problem{
			{3, "published_on", `"2020-13-01" 不是日期，请写作 YYYY-MM-DD`},
			{4, "kind", `"provincial" 不是可识别的 kind，请使用以下之一：national (国家标准), industry (行业标准), local (地方标准), group (团体标准), enterprise (企业标准), international (国际标准)`},
			{7, "title_zh", "必须填写"},
			{7, "published_on", "2099-01-01 是未来的日期"},
		}
		en := []problem{
			{3, "published_on", `"2020-13-01" is not a date; write it as YYYY-MM-DD`},
			{4, "kind", `"provincial" is not a known kind; use one of national (国家标准), industry (行业标准), local (地方标准), group (团体标准), enterprise (企业标准), international (国际标准)`},
			{7, "title_zh", "is required"},
			{7, "published_on", "2099-01-01 is in the future"},
		}
		for _, l := range languages {
			t.Run("refused/"+l.header, func(t *testing.T) {
				r := c.do(http.MethodPost, "/api/v1/imports", []byte(badRows), append([]string{"Content-Type", csvType}, acceptLanguage(l.header)...)...)
				if r.Code != http.StatusUnprocessableEntity {
					t.Fatalf("%d, want 422: %s", r.Code, r.Body)
				}
				var refused httpapi.ImportRefused
				r.decode(t, &refused)
				want, tag, title := en, "en", "Unprocessable Entity"
				if l.chinese {
					want, tag, title = zh, "zh-CN", "数据未通过校验"
				}
				wantLanguage(t, r, tag)
				if refused.Title != title {
					t.Errorf("title %q, want %q", refused.Title, title)
				}
				if got := hasHan(refused.Detail); got != l.chinese {
					t.Errorf("detail %q: Chinese = %v, want %v", refused.Detail, got, l.chinese)
				}
				var got []problem
				for _, p := range refused.Report.Problems {
					got = append(got, problem{p.Row, p.Field, p.Message})
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("report (-want +got):\n%s", diff)
				}
			})
			t.Run("dry run/"+l.header, func(t *testing.T) {
				r := c.do(http.MethodPost, "/api/v1/imports?dry_run=true&mode=skip_invalid", []byte(badRows), append([]string{"Content-Type", csvType}, acceptLanguage(l.header)...)...)
				var report httpapi.ImportReport
				r.decode(t, &report)
				tag := map[bool]string{true: "zh-CN", false: "en"}[l.chinese]
				wantLanguage(t, r, tag)
				if len(report.Problems) != 4 || hasHan(report.Problems[2].Message) != l.chinese {
					t.Errorf("dry run's problems %+v, want them in %s", report.Problems, tag)
				}
			})
		}
	})
}

// acceptLanguage is the header pair that asks for lang, or none.
func acceptLanguage(lang string) []string {
	if lang == "" {
		return nil
	}
	return []string{"Accept-Language", lang}
}

// wantLanguage checks that r says it is in tag and varies with the header.
func wantLanguage(t *testing.T, r response, tag string) {
	t.Helper()
	if got := r.Header.Get("Content-Language"); got != tag {
		t.Errorf("Content-Language %q, want %q", got, tag)
	}
	if !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Language") {
		t.Errorf("Vary %q does not name Accept-Language", r.Header.Values("Vary"))
	}
}

func saidBy(p httpapi.Problem) said {
	s := said{title: p.Title, detail: p.Detail}
	for _, f := range p.Errors {
		if s.fields == nil {
			s.fields = map[string]string{}
		}
		s.fields[f.Field] = f.Message
	}
	return s
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestEveryProblemTitleIsTranslated: each status the service answers with
// a problem has a Chinese title.
func TestEveryProblemTitleIsTranslated(t *testing.T) {
	t.Parallel()
	for _, pt := range httpapi.ProblemTypes() {
		if title := locale.Chinese.Title(pt.Status); !hasHan(title) {
			t.Errorf("status %d: Chinese title %q", pt.Status, title)
		}
	}
}
