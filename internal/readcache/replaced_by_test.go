package readcache_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestReadOfOneStandardAsksNoReplacedBy: the registry's reads of one
// standard, by id and by number, and its lists and searches take each
// standard's replaced_by from the store's reads themselves, with no
// ReplacedBy lookup of their own.
func TestReadOfOneStandardAsksNoReplacedBy(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		f.create(t, f.ctx, standard.Standard{Code: "DB33/T 1234-2026", Kind: standard.KindLocal, TitleZH: "西湖龙井茶叶 加工技术规程",
			Stage: standard.StagePublished, ApprovedOn: day("2025-12-20"), PublishedOn: day("2026-01-15"), Replaces: []string{"DB33/T 1234—2024"}})
		f.db.WaitSignalled(t)
		want := []string{"DB33/T 1234—2026"}
		before := f.inner.replacedBy.Load()
		byID, err := f.registry.GetStandard(f.ctx, f.longjing.ID)
		if err != nil {
			t.Fatal(err)
		}
		byCode, err := f.registry.LookupStandard(f.ctx, "DB33/T 1234-2024")
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(byID.ReplacedBy, want) || !cmp.Equal(byCode.ReplacedBy, want) {
			t.Errorf("replaced_by by id %q, by number %q; want %q", byID.ReplacedBy, byCode.ReplacedBy, want)
		}
		for _, q := range []standard.ListQuery{
			{Sort: standard.DefaultSort, Limit: 10},
			{Filter: standard.Filter{Q: "龙井"}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: 10},
			{Filter: standard.Filter{Q: "DB33/T 1234-2024"}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: 10},
		} {
			page, err := f.registry.ListStandards(f.ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			listed := false
			for _, st := range page.Items {
				if st.ID == f.longjing.ID {
					listed = true
					if !cmp.Equal(st.ReplacedBy, want) {
						t.Errorf("q=%q sort %s: replaced_by %q, want %q", q.Filter.Q, q.Sort.Key, st.ReplacedBy, want)
					}
				} else if st.Code != "DB33/T 1234—2026" && len(st.ReplacedBy) > 0 {
					t.Errorf("q=%q sort %s: %s replaced by %q, which replace nothing of it", q.Filter.Q, q.Sort.Key, st.Code, st.ReplacedBy)
				}
			}
			if !listed {
				t.Errorf("q=%q sort %s: %s not on the page", q.Filter.Q, q.Sort.Key, f.longjing.Code)
			}
		}
		if n := f.inner.replacedBy.Load() - before; n != 0 {
			t.Errorf("%d ReplacedBy lookups for reads, lists and searches, want none", n)
		}
	})
}
