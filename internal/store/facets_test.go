package store_test

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/generate"
	"stdreg/internal/standard"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// TestFacetsCountTheList: the facets, counted in one pass, are the counts
// of the standards the list holds, exactly (the way every list under
// 10,000 is counted); and when a search's sample holds enough matches,
// they are the sample's counts scaled up and marked approximate, the same
// sample (the ids' last byte) on both databases.
func TestFacetsCountTheList(t *testing.T) {
	t.Parallel()
	names := []string{"kind", "stage", "year", "designation"}
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		if _, err := generate.Run(ctx, db.Config, generate.Config{Standards: 1500, Organizations: 100, Seed: 7, Until: standard.Date{Year: 2026, Month: 6, Day: 30}}); err != nil {
			t.Fatal(err)
		}
		numbered := listAll(t, db, standard.Filter{Kind: standard.KindLocal})[0].Code
		for _, f := range []standard.Filter{
			{},
			{Q: "技术"},
			{Q: "质量", Visible: standard.Visibility{AllDrafts: true}},
			{Q: "规范", Kind: standard.KindLocal},
			{Q: "茶叶 规程"},
			{Q: "%"},
			{Q: "鬣鼋"},
			{Q: "技术规范"},                                 // a term the index's pairs do not say alone: its literal is tested
			{Q: "技术 (", Stage: standard.StagePublished}, // a term of punctuation alone, and a filter
			{Q: numbered},                               // a number: its prefix tier matches outside the index
		} {
			list := listAll(t, db, f)
			got, err := db.Store.Facets(ctx, f, names)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(countByFacet(list, 1, 256), got); diff != "" {
				t.Errorf("q=%q kind=%q: facets (-counted from the list +got):\n%s", f.Q, f.Kind, diff)
			}
			if f.Q == "" {
				continue
			}
			restore := db.Store.SetFacetSample(64, 1) // a quarter of the ids
			got, err = db.Store.Facets(ctx, f, names)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			want := countByFacet(list, 4, 64)
			if len(want["kind"]) == 0 { // nothing sampled: counted exactly
				want = countByFacet(list, 1, 256)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("q=%q, sampled: facets (-counted from the list's sample +got):\n%s", f.Q, diff)
			}

			// The same sample walked (PostgreSQL; SQLite counts its index
			// and never walks): the same rows, q tested on each.
			restore = db.Store.SetFacetSample(64, 1)
			restoreWalk := db.Store.SetFacetWalkFrom(0)
			got, err = db.Store.Facets(ctx, f, names)
			restoreWalk()
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("q=%q, sample walked: facets (-counted from the list's sample +got):\n%s", f.Q, diff)
			}

			// A sample that cannot fill (a million of 1/64) is skipped or
			// counted and passed over, never scaled up: the answer is the
			// next sample's, or exact when that is skipped or cannot fill.
			restore = db.Store.SetFacetSamples([2]int{4, 1_000_000}, [2]int{64, 1})
			got, err = db.Store.Facets(ctx, f, names)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			exact, sampled := countByFacet(list, 1, 256), countByFacet(list, 4, 64)
			if !cmp.Equal(exact, got) && (len(sampled["kind"]) == 0 || !cmp.Equal(sampled, got)) {
				t.Errorf("q=%q, two samples: facets are neither the exact counts nor the second sample's:\n%v", f.Q, got)
			}
		}
	})
}

// listAll pages through the list f selects.
func listAll(t *testing.T, db storetest.Database, f standard.Filter) []standard.Standard {
	t.Helper()
	q := standard.ListQuery{Filter: f, Sort: standard.DefaultSort, Limit: 500}
	var all []standard.Standard
	for {
		page, err := db.Store.ListStandards(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Items...)
		if page.Next == nil {
			return all
		}
		q.After = page.Next
	}
}

// countByFacet counts the standards of list whose id's last byte is under
// share, each count times factor (marked approximate unless it is 1).
func countByFacet(list []standard.Standard, factor float64, share int) map[string][]standard.FacetCount {
	tally := map[string]map[string]int{"kind": {}, "stage": {}, "year": {}, "designation": {}}
	for _, st := range list {
		last, err := strconv.ParseUint(st.ID[34:], 16, 8)
		if err != nil {
			panic(err)
		}
		if int(last) >= share {
			continue
		}
		tally["kind"][string(st.Kind)]++
		tally["stage"][string(st.Stage)]++
		if !st.PublishedOn.IsZero() {
			tally["year"][fmt.Sprintf("%04d", st.PublishedOn.Year)]++
		}
		for _, d := range st.Designations {
			tally["designation"][string(d.Type)]++
		}
	}
	out := map[string][]standard.FacetCount{}
	for name, values := range tally {
		counts := []standard.FacetCount{}
		for v, n := range values {
			counts = append(counts, standard.FacetCount{Value: v, Count: int(math.Round(float64(n) * factor)), Approximate: factor != 1})
		}
		store.SortFacetCounts(counts)
		out[name] = counts
	}
	return out
}
