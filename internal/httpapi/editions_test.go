package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"stdreg/internal/httpapi"
)

// TestLookupWithoutYearOrSeparators: a number asked without its year
// answers the edition in force (the latest published and not withdrawn,
// else the latest), a number typed with no separators is found by lookup
// and by q, and DB33/T 5370 is not an edition of DB33/T 537.
func TestLookupWithoutYearOrSeparators(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		local := func(code, title, published string) string {
			return create(t, c, map[string]any{"code": code, "kind": "local", "title_zh": title, "stage": "published",
				"published_on": published, "region": "330000"}).ID
		}
		old := local("DB33/T 537—2012", "城镇生活垃圾分类管理规范", "2012-05-01")
		current := local("DB33/T 537—2019", "城镇生活垃圾分类管理规范", "2019-06-01")
		other := local("DB33/T 5370—2020", "农村生活垃圾分类处理规范", "2020-03-01")
		gb := create(t, c, map[string]any{"code": "GB/T 19001—2016", "kind": "national", "title_zh": "质量管理体系 要求",
			"stage": "published", "published_on": "2016-12-30"}).ID
		lookup := func(t *testing.T, code string, want string) {
			t.Helper()
			r := c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape(code), nil)
			if r.Code != http.StatusOK {
				t.Fatalf("lookup %s: %d %s", code, r.Code, r.Body)
			}
			var st httpapi.StandardResponse
			r.decode(t, &st)
			if st.ID != want {
				t.Errorf("lookup %s found %s (%s), want %s", code, st.Code, st.ID, want)
			}
		}
		for _, tc := range []struct{ code, want string }{
			{"DB33/T 537", current},
			{"db33/t537", current},
			{"DB33T537", current},
			{"db33t537-2012", old},
			{"DB33/T 5370", other},
			{"gbt19001", gb},
			{"GBT19001-2016", gb},
		} {
			t.Run(tc.code, func(t *testing.T) { lookup(t, tc.code, tc.want) })
		}
		t.Run("a standard names its other editions when asked", func(t *testing.T) {
			editions := func(id string, as *client) []string {
				var st httpapi.StandardResponse
				as.do(http.MethodGet, "/api/v1/standards/"+id+"?include=editions", nil).decode(t, &st)
				if st.Editions == nil {
					t.Fatalf("%s: no editions field", st.Code)
				}
				var codes []string
				for _, e := range *st.Editions {
					codes = append(codes, e.Code)
				}
				return codes
			}
			if got := editions(current, c); !slices.Equal(got, []string{"DB33/T 537—2012"}) {
				t.Errorf("editions of DB33/T 537—2019: %v", got)
			}
			if got := editions(other, c); len(got) != 0 {
				t.Errorf("DB33/T 5370 has editions %v; DB33/T 537 is another number", got)
			}
			// A revision still in proposal is an edition only to those who may see it.
			create(t, c, map[string]any{"code": "DB33/T 537—2026", "kind": "local", "title_zh": "城镇生活垃圾分类管理规范",
				"stage": "proposal", "region": "330000"})
			if got := editions(current, c); !slices.Equal(got, []string{"DB33/T 537—2012", "DB33/T 537—2026"}) {
				t.Errorf("editions an admin sees: %v", got)
			}
			if got := editions(current, c.as("")); !slices.Equal(got, []string{"DB33/T 537—2012"}) {
				t.Errorf("editions anyone sees: %v", got)
			}
			var plain httpapi.StandardResponse
			c.do(http.MethodGet, "/api/v1/standards/"+current, nil).decode(t, &plain)
			if plain.Editions != nil {
				t.Errorf("editions unasked: %v", *plain.Editions)
			}
			var both httpapi.StandardResponse
			c.do(http.MethodGet, "/api/v1/standards/lookup?include=editions,organization&code=DB33T537-2019", nil).decode(t, &both)
			if both.Editions == nil || len(*both.Editions) != 2 {
				t.Errorf("lookup with include=editions,organization: editions %v", both.Editions)
			}
			if r := c.do(http.MethodGet, "/api/v1/standards?include=editions", nil); r.Code != http.StatusBadRequest {
				t.Errorf("a list with include=editions: %d, want 400", r.Code)
			}
		})
		t.Run("the edition in force once the latest is withdrawn", func(t *testing.T) {
			move(t, c, current, "withdrawn", "2024-01-01", http.StatusCreated)
			lookup(t, "DB33/T 537", old)
			move(t, c, old, "withdrawn", "2024-01-02", http.StatusCreated)
			lookup(t, "DB33/T 537", current) // none in force: the latest
		})
		t.Run("a number nobody registered", func(t *testing.T) {
			if r := c.do(http.MethodGet, "/api/v1/standards/lookup?code=DB33T538", nil); r.Code != http.StatusNotFound {
				t.Errorf("DB33T538: %d, want 404", r.Code)
			}
		})
		t.Run("q finds a number typed with no separators", func(t *testing.T) {
			var page httpapi.StandardList
			c.do(http.MethodGet, "/api/v1/standards?q=DB33T537&sort=relevance", nil).decode(t, &page)
			found := map[string]bool{}
			for _, st := range page.Items {
				found[st.ID] = true
			}
			if !found[old] || !found[current] {
				t.Errorf("q=DB33T537 found %d standards, not both editions of DB33/T 537", len(page.Items))
			}
		})
	})
}
