package readcache_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestReadOfOneStandardAsksNoReplacedBy: the registry's reads of one
// standard, by id and by number, take its replaced_by from the read
// itself, with no ReplacedBy lookup; a list still asks it, in one.
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
		if n := f.inner.replacedBy.Load() - before; n != 0 {
			t.Errorf("%d ReplacedBy lookups for reads of one standard, want none", n)
		}
		if _, err := f.registry.ListStandards(f.ctx, standard.ListQuery{Sort: standard.DefaultSort, Limit: 10}); err != nil {
			t.Fatal(err)
		}
		if n := f.inner.replacedBy.Load() - before; n != 1 {
			t.Errorf("%d ReplacedBy lookups for a list, want 1", n)
		}
	})
}
