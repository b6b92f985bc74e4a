package httpapi_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
)

// change is what the tests compare of a feed item: all but its cursor and
// instant, which are checked apart.
type change struct {
	Type, ID, Action string
	Version          int64
}

// readFeed reads the whole feed from after on, page by page, and checks
// that each answer's next_cursor is its last item's cursor (or after, when
// it has none), and that the answer that ends the walk is short.
func readFeed(t *testing.T, c *client, after string, pageSize int) (items []httpapi.ChangeResponse, next string) {
	t.Helper()
	for range 1000 {
		q := url.Values{"page_size": {strconv.Itoa(pageSize)}}
		if after != "" {
			q.Set("after", after)
		}
		var page httpapi.ChangeList
		mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/changes?"+q.Encode(), nil).decode(t, &page)
		want := after
		if n := len(page.Items); n > 0 {
			want = page.Items[n-1].Cursor
		}
		if page.NextCursor != want {
			t.Fatalf("next_cursor %q, want %q (the last item's, or the one sent)", page.NextCursor, want)
		}
		items, after = append(items, page.Items...), page.NextCursor
		if len(page.Items) < pageSize {
			return items, after
		}
	}
	t.Fatal("the feed never ended")
	return nil, ""
}

func changesOf(items []httpapi.ChangeResponse) []change {
	out := make([]change, len(items))
	for i, it := range items {
		out[i] = change{it.ResourceType, it.ResourceID, it.Action, it.Version}
	}
	return out
}

// feedCSV registers two Zhejiang local standards; feedCSVChanged changes
// the English title of the first.
const (
	feedCSV = "\ufeff标准号,标准名称,英文名称,标准类别,状态,发布日期,立项日期\r\n" +
		"DB33/T 2350—2021,数字化改革 公共数据分类分级指南,Digital reform—Public data classification,地方标准,发布,2021-06-20,2020-03-01\r\n" +
		"DB33/T 1168—2019,茶园生态管理技术规范,,地方标准,发布,2019-08-30,2018-04-01\r\n"
	feedCSVChanged = "\ufeff标准号,标准名称,英文名称,标准类别,状态,发布日期,立项日期\r\n" +
		"DB33/T 2350—2021,数字化改革 公共数据分类分级指南,Digital reform—Guidelines for public data classification,地方标准,发布,2021-06-20,2020-03-01\r\n" +
		"DB33/T 1168—2019,茶园生态管理技术规范,,地方标准,发布,2019-08-30,2018-04-01\r\n"
)

// TestChangeFeedListsEveryChangeInOrder: creates, changes, moves and
// deletions of standards and organizations, by the API and by imports,
// are in the feed in the order they were made, with the record's version
// after each; each caller sees the changes of the records it may see, a
// draft's from the move that made it public on for everyone; reading on
// from any item's cursor gives exactly the items after it; and a caller
// that has caught up gets nothing more and keeps its cursor.
func TestChangeFeedListsEveryChangeInOrder(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		institute := createOrganization(t, c, map[string]any{"name": "浙江省标准化研究院", "kind": "institute", "region": "330100"}).ID
		academy := createOrganization(t, c, map[string]any{"name": "浙江省农业科学院", "kind": "institute", "region": "330100"}).ID
		ownEditor, otherEditor := c.newKey(access.RoleEditor, institute), c.newKey(access.RoleEditor, academy)
		auditor, reader := c.newKey(access.RoleAuditor, ""), c.newKey(access.RoleReader, "")

		gb := create(t, c, gb17761()).ID
		mustDo(t, c, http.StatusOK, http.MethodPatch, "/api/v1/standards/"+gb, map[string]any{"technical_committee": "SAC/TC 22"},
			"Content-Type", "application/merge-patch+json")
		longjing := create(t, c.as(ownEditor), map[string]any{"kind": "local", "stage": "proposal", "title_zh": "西湖龙井茶 加工技术规程",
			"organization_id": institute, "region": "330100"}).ID
		mustDo(t, c.as(ownEditor), http.StatusOK, http.MethodPatch, "/api/v1/standards/"+longjing, map[string]any{"title_en": "Technical code of processing for Xihu Longjing tea"},
			"Content-Type", "application/merge-patch+json")
		mustDo(t, c.as(ownEditor), http.StatusCreated, http.MethodPost, "/api/v1/standards/"+longjing+"/transitions",
			map[string]any{"to": "drafting", "occurred_on": "2026-03-15", "note": "浙市监标〔2026〕3号 下达计划"})
		mustDo(t, c, http.StatusOK, http.MethodPatch, "/api/v1/organizations/"+academy, map[string]any{"region": "330000"},
			"Content-Type", "application/merge-patch+json")
		chrysanthemum := create(t, c, map[string]any{"kind": "local", "stage": "preliminary", "title_zh": "杭白菊 生产技术规程", "organization_id": academy}).ID
		mustDo(t, c, http.StatusNoContent, http.MethodDelete, "/api/v1/standards/"+chrysanthemum, nil)
		if r := importReport(t, c, "", csvType, []byte(feedCSV)); r.Created != 2 {
			t.Fatalf("import created %d, want 2", r.Created)
		}
		if r := importReport(t, c, "on_conflict=update", csvType, []byte(feedCSVChanged)); r.Updated != 1 || r.Unchanged != 1 {
			t.Fatalf("second import: %+v, want 1 updated and 1 unchanged", r)
		}
		dataGuide := lookup(t, c, "DB33/T 2350—2021")
		teaGarden := lookup(t, c, "DB33/T 1168—2019")

		all := []change{
			{"organization", institute, "create", 1},
			{"organization", academy, "create", 1},
			{"standard", gb, "create", 1},
			{"standard", gb, "update", 2},
			{"standard", longjing, "create", 1},
			{"standard", longjing, "update", 2},
			{"standard", longjing, "move", 3},
			{"organization", academy, "update", 2},
			{"standard", chrysanthemum, "create", 1},
			{"standard", chrysanthemum, "delete", 2},
			{"standard", dataGuide, "create", 1},
			{"standard", teaGarden, "create", 1},
			{"standard", dataGuide, "update", 2},
		}
		public := []change{all[0], all[1], all[2], all[3], all[6], all[7], all[10], all[11], all[12]}
		for _, tc := range []struct {
			name string
			key  string
			want []change
		}{
			{"admin", c.key, all},
			{"auditor", auditor, all},
			{"the draft's own editor", ownEditor, []change{all[0], all[1], all[2], all[3], all[4], all[5], all[6], all[7], all[10], all[11], all[12]}},
			{"another organization's editor", otherEditor, []change{all[0], all[1], all[2], all[3], all[6], all[7], all[8], all[9], all[10], all[11], all[12]}},
			{"an application's reader key", reader, public},
			{"anonymous", "", public},
		} {
			t.Run(tc.name, func(t *testing.T) {
				caller := c.as(tc.key)
				caller.t = t
				for _, size := range []int{1, 3, 200} {
					items, last := readFeed(t, caller, "", size)
					if diff := cmp.Diff(tc.want, changesOf(items)); diff != "" {
						t.Fatalf("page_size %d: the feed (-want +got):\n%s", size, diff)
					}
					for i, it := range items {
						if it.At.IsZero() || it.At.After(time.Now().Add(time.Minute)) {
							t.Errorf("item %d at %v", i, it.At)
						}
						rest, _ := readFeed(t, caller, it.Cursor, 2)
						if diff := cmp.Diff(changesOf(items[i+1:]), changesOf(rest)); diff != "" {
							t.Fatalf("after item %d's cursor (-want +got):\n%s", i, diff)
						}
					}
					more, again := readFeed(t, caller, last, size)
					if len(more) != 0 || again != last {
						t.Errorf("caught up, the feed gives %d more items and next_cursor %q, want none and %q", len(more), again, last)
					}
				}
			})
		}

		// Each record's last version in the feed is its ETag.
		for _, id := range []string{gb, longjing, dataGuide, teaGarden} {
			r := mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/standards/"+id, nil)
			var last int64
			for _, ch := range all {
				if ch.ID == id {
					last = ch.Version
				}
			}
			if etag := r.Header.Get("ETag"); etag != `"`+strconv.FormatInt(last, 10)+`"` {
				t.Errorf("standard %s: ETag %s, last version in the feed %d", id, etag, last)
			}
		}
	})
}

// lookup finds a standard's id by its number.
func lookup(t *testing.T, c *client, code string) string {
	t.Helper()
	var st httpapi.StandardResponse
	mustDo(t, c, http.StatusOK, http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape(code), nil).decode(t, &st)
	return st.ID
}

// TestChangeFeedRefusesBadCursors: a cursor the feed did not give, and a
// page size out of range, are 400 problems naming the parameter.
func TestChangeFeedRefusesBadCursors(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		create(t, c, gb17761())
		items, _ := readFeed(t, c, "", 10)
		if len(items) != 1 {
			t.Fatalf("feed: %+v, want one change", items)
		}
		for _, tc := range []struct {
			name, query, field string
		}{
			{"not base64", "after=%E6%A0%87%E5%87%86", "after"},
			{"an audit page token", "after=eyJxIjoiIn0", "after"},
			{"a bare number", "after=17", "after"},
			{"position zero", "after=YzEuMC4w", "after"},   // c1.0.0
			{"negative", "after=YzEuLTEuMQ", "after"},      // c1.-1.1
			{"leading zero", "after=YzEuMDEuMQ", "after"},  // c1.01.1
			{"another version", "after=YzIuMS4x", "after"}, // c2.1.1
			{"padded", "after=" + url.QueryEscape(items[0].Cursor+"="), "after"},
			{"page_size 0", "page_size=0", "page_size"},
			{"page_size 201", "page_size=201", "page_size"},
			{"page_size in words", "page_size=twenty", "page_size"},
			{"an unknown parameter", "since=2026-01-01", "since"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.do(http.MethodGet, "/api/v1/changes?"+tc.query, nil)
				if r.Code != http.StatusBadRequest {
					t.Fatalf("%s: %d, want 400: %s", tc.query, r.Code, r.Body)
				}
				p := r.problem(t)
				if len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
					t.Errorf("%s: errors %+v, want one naming %s", tc.query, p.Errors, tc.field)
				}
			})
		}
	})
}
