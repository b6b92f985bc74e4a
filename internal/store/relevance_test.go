package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/generate"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestRelevanceFollowsItsDefinition: whichever way a page's matches are
// found (the walk of the first window, the unordered read of a sparse
// tier, its adaptive wider read, the walk past the cap, each with its
// per-row or index form of the terms), paging through a search gives
// every match once, in the order relevance defines: tier by tier, each
// in id order. The queries are those people send, cut from a generated
// registry's titles and numbers: two-character words, title beginnings
// of four to six characters, several terms, numbers typed another way
// or without their year, characters found nowhere, and % and _.
func TestRelevanceFollowsItsDefinition(t *testing.T) {
	t.Parallel()
	queries := []string{
		"茶叶", "技术", "规范", "电动", "质量", // two-character words
		"电动自行", "智能电能表", "西湖龙井茶", "球阀质量", "医用口罩通用", // title beginnings
		"茶叶 规程", "技术 规范", "电能表 检定", "浙江 质量 评价", // several terms
		"鬣鼋", "龘", // found nowhere
		"%", "_", "%_", "茶%", "10%", // LIKE's own characters
		"db33／t", "gbt19001", "DB33/T 1", "q/crxt", "GH/T 1027", "t/zzb", "IEC 60005", // numbers
		"safety", "tea", "valv", // English words and prefixes
	}
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		// 700 standards reach every block of relevance.go that 1,500 did
		// (go test -coverprofile), at half the cost.
		if _, err := generate.Run(ctx, db.Config, generate.Config{Standards: 700, Organizations: 50, Seed: 7, Until: standard.Date{Year: 2026, Month: 6, Day: 30}}); err != nil {
			t.Fatal(err)
		}
		// The generated registry's own numbers too, as typed.
		page, err := db.Store.ListStandards(ctx, standard.ListQuery{Filter: standard.Filter{Kind: standard.KindLocal}, Sort: standard.DefaultSort, Limit: 3})
		if err != nil || len(page.Items) == 0 {
			t.Fatalf("local standards: %v (%d)", err, len(page.Items))
		}
		qs := slices.Clone(queries)
		for _, st := range page.Items {
			if st.Code != "" {
				qs = append(qs, st.Code, st.NormalizedCode)
			}
		}
		// Two words of one title as typed, across its space (the phrase
		// tier, read by the pairs across spaces on PostgreSQL), and the
		// same words in the other order (no title holds that phrase).
		some, err := db.Store.ListStandards(ctx, standard.ListQuery{Sort: standard.DefaultSort, Limit: 60})
		if err != nil {
			t.Fatal(err)
		}
		phrases := 0
		for _, st := range some.Items {
			before, after, ok := strings.Cut(st.TitleZH, " ")
			b, a := []rune(before), []rune(after)
			if !ok || len(b) < 3 || len(a) < 2 || phrases == 2 {
				continue
			}
			qs = append(qs, string(b[len(b)-3:])+" "+string(a[:2]), string(a[:2])+" "+string(b[len(b)-2:]))
			phrases++
		}
		if phrases == 0 {
			t.Fatal("no title with a space among the first 60")
		}
		// An international number under the other body's name (ISO for
		// IEC): its text matches the number's digits, and the body's word
		// must still be matched, row by row (indexedPrefix).
		intl, err := db.Store.ListStandards(ctx, standard.ListQuery{Filter: standard.Filter{Kind: standard.KindInternational}, Sort: standard.DefaultSort, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range intl.Items {
			undated, _, _ := strings.Cut(st.Code, ":")
			other := strings.NewReplacer("ISO ", "IEC ", "IEC ", "ISO ").Replace(undated)
			qs = append(qs, undated, other, strings.ToLower(other))
		}
		for _, visible := range []standard.Visibility{{AllDrafts: true}, {}} {
			for _, q := range qs {
				want, err := db.Store.RelevanceDefinition(ctx, q, visible)
				if err != nil {
					t.Fatalf("q=%s: %v", q, err)
				}
				// window, cap and the page sizes to read them in: the
				// defaults; walks only; caps of one; a window that ends
				// inside the first tier. Each page size meets small and
				// large bounds; every pair would double the test's time,
				// and pages of 7 cost seven times what pages of 50 do
				// (it is the slowest test of the module).
				for _, run := range []struct {
					window, cap int
					sizes       []int
				}{
					{5000, 2000, []int{7, 50}}, {1, 1, []int{7}}, {3, 2, []int{50}}, {50, 4, []int{50}}, {200, 30, []int{50}},
				} {
					bounds := [2]int{run.window, run.cap}
					restore := db.Store.SetRelevanceBounds(bounds[0], bounds[1])
					for _, size := range run.sizes {
						got := pageThrough(t, db, q, visible, size)
						if !slices.Equal(got, want) {
							t.Errorf("q=%q drafts %v, window %d, cap %d, pages of %d: %d matches %v…, want %d %v…",
								q, visible.AllDrafts, bounds[0], bounds[1], size, len(got), head(got), len(want), head(want))
						}
					}
					restore()
				}
				// Read window by window of ids (windowedTier), as the
				// statistics of a large registry choose it: windows of
				// about one bucket (each token in half the standards),
				// growing ones (in 1%), a first window of two thirds of
				// the ids (in 10%, pages of 50: read by every token when
				// the query has several terms), and the rest at once (in almost
				// none) past its cap of candidates, then read the other
				// ways. Only PostgreSQL keeps the statistics that choose
				// these reads; SQLite never makes them.
				if db.Config.Driver != config.DriverPostgres {
					continue
				}
				// Last, walks in windows of about 100 rows that the
				// histogram bounds (no statement to find their ends).
				for _, est := range []struct {
					share              float64
					window, candidates int
					size               int // small pages: more windows
					walkRows           int
				}{{0.5, 5000, 2000, 7, 0}, {0.1, 5000, 2000, 50, 0}, {0.01, 5000, 2000, 50, 0}, {0.0001, 5000, 1, 50, 0}, {0.5, 100, 2000, 20, 1 << 30}} {
					restoreBounds := db.Store.SetRelevanceBounds(est.window, est.candidates)
					restore, err := db.Store.SetSearchEstimates(est.share, 20, est.walkRows)
					if err != nil {
						t.Fatal(err)
					}
					for _, size := range []int{est.size} {
						got := pageThrough(t, db, q, visible, size)
						if !slices.Equal(got, want) {
							t.Errorf("q=%q drafts %v, estimated share %v, cap %d, pages of %d: %d matches %v…, want %d %v…",
								q, visible.AllDrafts, est.share, est.candidates, size, len(got), head(got), len(want), head(want))
						}
					}
					restore()
					restoreBounds()
				}
			}
		}
	})
}

func pageThrough(t *testing.T, db storetest.Database, q string, visible standard.Visibility, size int) []string {
	t.Helper()
	query := standard.ListQuery{Filter: standard.Filter{Q: q, Visible: visible}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: size}
	var ids []string
	for range 2000 {
		page, err := db.Store.ListStandards(context.Background(), query)
		if err != nil {
			t.Fatalf("q=%s: %v", q, err)
		}
		for _, st := range page.Items {
			ids = append(ids, st.ID)
		}
		if query.After == nil && len(page.Items) > 0 {
			// The rows of a page come from the tier reads or a read of
			// their own (plannedRows, rowsByID): either way, each is the
			// standard as read by its id.
			last := page.Items[len(page.Items)-1]
			read, err := db.Store.GetStandard(context.Background(), last.ID)
			if err != nil {
				t.Fatalf("q=%s: read %s: %v", q, last.ID, err)
			}
			read.ReplacedBy = last.ReplacedBy // not read for lists
			if !reflect.DeepEqual(last, read) {
				t.Fatalf("q=%s: the page's last standard %+v, read by id %+v", q, last, read)
			}
		}
		if page.Next == nil {
			return ids
		}
		query.After = page.Next
	}
	t.Fatalf("q=%s: more than 2000 pages", q)
	return nil
}

func head(ids []string) []string { return ids[:min(3, len(ids))] }
