package pages_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stdreg/internal/store/storetest"
)

// resultLinks are the standards a search page lists, in order.
var resultLinks = regexp.MustCompile(`<a href="/standards/([0-9a-f-]{36})">`)

func TestPages(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)

		t.Run("search finds a two-character word, public records only", func(t *testing.T) {
			// An admin's key changes nothing: the pages are the public's.
			status, body, h := f.get(t, "/?q="+url.QueryEscape("茶叶"), "Authorization", "Bearer whatever")
			if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Fatalf("GET /?q=茶叶: %d %s", status, h.Get("Content-Type"))
			}
			if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
				t.Errorf("Content-Security-Policy %q", h.Get("Content-Security-Policy"))
			}
			if !strings.Contains(body, "茶叶 绿色生产技术规范") || !strings.Contains(body, "DB33/T 2901—2025") {
				t.Errorf("the tea standard is not listed")
			}
			if strings.Contains(body, f.draft.ID) || strings.Contains(body, "保密草案") {
				t.Errorf("an unapproved draft is shown to the public")
			}
		})

		t.Run("pages through every match once", func(t *testing.T) {
			seen := map[string]bool{}
			next := "/?q=" + url.QueryEscape("茶叶")
			for pages := 0; next != ""; pages++ {
				if pages > 3 {
					t.Fatal("more pages than matches")
				}
				status, body, _ := f.get(t, next)
				if status != http.StatusOK {
					t.Fatalf("GET %s: %d", next, status)
				}
				for _, m := range resultLinks.FindAllStringSubmatch(body, -1) {
					if seen[m[1]] {
						t.Errorf("%s listed twice", m[1])
					}
					seen[m[1]] = true
				}
				next = ""
				if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(body); m != nil {
					next = html.UnescapeString(m[1])
				}
			}
			if len(seen) != f.teaCount {
				t.Errorf("the pages list %d standards, want %d", len(seen), f.teaCount)
			}
		})

		t.Run("filters", func(t *testing.T) {
			for _, c := range []struct {
				query     string
				want, not []string
			}{
				{"kind=group", []string{"T/ZZB 9001—2024"}, []string{"DB33/T 2901—2025"}},
				{"year=2025&kind=local", []string{"DB33/T 2901—2025"}, []string{"DB33/T 3000—2023"}},
				{"stage=drafting", []string{"未来社区 建设规范"}, []string{"DB33/T 2901—2025"}},
				{"organization_id=" + f.org.ID + "&q=" + url.QueryEscape("未来社区"), []string{"未来社区 建设规范"}, []string{"茶叶"}},
				{"region=330200", []string{"T/ZZB 9001—2024"}, []string{"DB33/T 2901—2025"}},
			} {
				status, body, _ := f.get(t, "/?"+c.query)
				if status != http.StatusOK {
					t.Errorf("%s: %d", c.query, status)
				}
				for _, w := range c.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: %q not listed", c.query, w)
					}
				}
				results := body[strings.Index(body, `aria-label="检索结果"`):]
				for _, n := range c.not {
					if strings.Contains(results, n) {
						t.Errorf("%s: %q listed", c.query, n)
					}
				}
			}
		})

		t.Run("bad filters are a 400 page", func(t *testing.T) {
			for _, q := range []string{"kind=planet", "year=20x5", "page_token=forged", "published_from=2024-13-01", "colour=red"} {
				status, body, h := f.get(t, "/?"+q)
				if status != http.StatusBadRequest || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(body, "查询条件有误") {
					t.Errorf("/?%s: %d %s", q, status, h.Get("Content-Type"))
				}
			}
		})

		t.Run("titles are escaped on every page", func(t *testing.T) {
			for _, path := range []string{"/?q=" + url.QueryEscape("茶叶"), "/standards/" + f.hostile.ID, "/?q=" + url.QueryEscape(hostileTitle)} {
				status, body, _ := f.get(t, path)
				if status != http.StatusOK {
					t.Fatalf("GET %s: %d", path, status)
				}
				if strings.Contains(body, `<script>alert`) {
					t.Errorf("%s prints the title unescaped", path)
				}
				if !strings.Contains(body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;茶叶`) {
					t.Errorf("%s does not show the title, escaped", path)
				}
			}
		})

		t.Run("a standard with its timeline and cycle", func(t *testing.T) {
			status, body, _ := f.get(t, "/standards/"+f.tea.ID)
			if status != http.StatusOK {
				t.Fatalf("%d", status)
			}
			for _, want := range []string{
				"茶叶 绿色生产技术规范", "浙江省标准化研究院", "浙江省农业科学院",
				`<time datetime="2024-01-10">`, `<time datetime="2025-03-03">`, "批准发布",
				"在起草阶段 145 天", // 2024-01-10 to 2024-06-03
				"13.8 个月",     // 2024-01-10 to 2025-03-03
				"15 个月", "达标",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
		})

		t.Run("an unapproved draft is not found", func(t *testing.T) {
			for _, path := range []string{"/standards/" + f.draft.ID, "/standards/not-an-id", "/standards/0190a3c6-0000-7000-8000-000000000000"} {
				status, body, _ := f.get(t, path, "Authorization", "Bearer whatever")
				if status != http.StatusNotFound || !strings.Contains(body, "未找到") || strings.Contains(body, "保密草案") {
					t.Errorf("GET %s: %d", path, status)
				}
			}
		})

		t.Run("the dashboard", func(t *testing.T) {
			status, body, _ := f.get(t, "/audit?from_year=2023&to_year=2026")
			if status != http.StatusOK {
				t.Fatalf("%d", status)
			}
			for _, want := range []string{
				"牵头制定国家标准", "地方标准平均制定周期", "无数据", // the plan's indicators
				`href="/?cycle_ended_from=2025-01-01&amp;cycle_ended_to=2025-12-31&amp;kind=local"`,                                // the standards whose cycle ended in 2025
				`/api/v1/standards/export?cycle_ended_from=2025-01-01&amp;cycle_ended_to=2025-12-31&amp;format=csv&amp;kind=local`, // and their download
				`href="/standards/` + f.overdue.ID + `"`, "未来社区 建设规范", "2025-04-05",                                                // overdue, with its deadline
				`src="/assets/echarts.min.js"`, `data-charts="{`,
				`<td class="num">13–14</td><td class="num">3</td>`, // the tea standard (13.8 months) and the two parts published 2023-03-01 (13.7)
			} {
				if !strings.Contains(body, want) {
					t.Errorf("the dashboard lacks %q", want)
				}
			}
			if strings.Contains(body, "保密草案") {
				t.Errorf("the dashboard names an unapproved draft")
			}
			if status, _, _ := f.get(t, "/audit?from_year=2026&to_year=2020"); status != http.StatusBadRequest {
				t.Errorf("a year range backwards: %d", status)
			}
		})

		t.Run("assets are embedded", func(t *testing.T) {
			for _, path := range []string{"/assets/echarts.min.js", "/assets/audit.js", "/assets/style.css"} {
				status, body, _ := f.get(t, path)
				if status != http.StatusOK || len(body) < 1000 {
					t.Errorf("GET %s: %d, %d bytes", path, status, len(body))
				}
			}
		})
	})
}
