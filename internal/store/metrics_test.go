package store_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/uuid"

	"stdreg/internal/config"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestCycleFiguresAgree: the dialects compute the drafting-cycle figures
// with different SQL (percentile_cont on PostgreSQL; ranks by window
// functions on SQLite, interpolated in Go), and must give the same count,
// mean, median, 90th percentile, share within target and target, equal to
// PERCENTILE_CONT's as computed here, for the same cycles: per region an
// odd count, an even count, a group of one, a group mixing a cycle with a
// target and one without, a group with no target at all; and over them all.
func TestCycleFiguresAgree(t *testing.T) {
	t.Parallel()
	cycles := []cycle{
		{"330100", "local", "2023-03-15", "2024-06-15"}, // odd: 3
		{"330100", "local", "2023-01-10", "2024-01-10"},
		{"330100", "local", "2022-06-30", "2024-02-29"},
		{"330200", "local", "2023-02-01", "2023-11-16"}, // even: 4
		{"330200", "local", "2024-01-31", "2024-12-31"},
		{"330200", "local", "2021-05-20", "2023-08-01"},
		{"330200", "local", "2022-09-09", "2023-10-10"},
		{"330300", "local", "2023-04-01", "2024-05-17"}, // one
		{"330400", "local", "2022-02-02", "2023-01-02"}, // with and without a target
		{"330400", "group", "2023-06-01", "2024-06-01"},
		{"330500", "group", "2023-07-01", "2024-03-01"}, // without a target
		{"330500", "group", "2023-07-01", "2024-09-30"},
	}
	rules := standard.DefaultCycleRules()
	want := map[string]standard.CycleStats{"": figuresOf(rules, "", cycles)}
	byRegion := map[string][]cycle{}
	for _, c := range cycles {
		byRegion[c.region] = append(byRegion[c.region], c)
	}
	for region, in := range byRegion {
		want[region] = figuresOf(rules, region, in)
	}
	// Every group the test means to have is there, with the counts meant.
	counts := map[string]int{}
	for k, w := range want {
		counts[k] = w.Count
	}
	if !cmp.Equal(counts, map[string]int{"": 12, "330100": 3, "330200": 4, "330300": 1, "330400": 2, "330500": 2}) {
		t.Fatalf("the groups' counts are %v", counts)
	}

	got := map[config.Driver][]standard.CycleStats{}
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		for i, c := range cycles {
			st := teaStandard()
			st.ID = uuid.Must(uuid.NewV7()).String()
			st.Code, st.NormalizedCode = fmt.Sprintf("DB33/T %d—2024", 7000+i), fmt.Sprintf("DB33/T %d-2024", 7000+i)
			st.Kind, st.Region = standard.Kind(c.kind), c.region
			st.ApprovedOn, st.PublishedOn, st.EffectiveOn = day(c.approved), day(c.published), day(c.published)
			register(t, db, st)
		}
		all, groups, err := db.Store.DraftingCycle(context.Background(), standard.CycleQuery{GroupBy: []standard.CycleGroup{standard.GroupRegion}, Rules: rules})
		if err != nil {
			t.Fatal(err)
		}
		figures := append([]standard.CycleStats{all}, groups...)
		for _, f := range figures {
			key := strings.Join(f.Keys, ",")
			if diff := cmp.Diff(want[key], f, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("group %q (-computed here +%s):\n%s", key, db.Config.Driver, diff)
			}
		}
		if len(groups) != len(want)-1 {
			t.Errorf("%d groups, want %d", len(groups), len(want)-1)
		}
		got[db.Config.Driver] = figures
	})
	pg, sqlite := got[config.DriverPostgres], got[config.DriverSQLite]
	if pg != nil && sqlite != nil {
		if diff := cmp.Diff(pg, sqlite, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Errorf("the dialects disagree (-postgres +sqlite):\n%s", diff)
		}
	}
}

// cycle is a published local or group standard's drafting cycle.
type cycle struct{ region, kind, approved, published string }

// figuresOf computes the figures of cycles, with PERCENTILE_CONT's
// interpolation, as the store must.
func figuresOf(rules standard.CycleRules, key string, cycles []cycle) standard.CycleStats {
	var months []float64
	var within, targeted int
	targets := map[int]bool{}
	for _, c := range cycles {
		m := standard.Months(day(c.approved), day(c.published))
		months = append(months, m)
		target := rules.For(standard.Kind(c.kind), standard.NatureRecommended).TargetMonths
		targets[target] = true
		if target > 0 {
			targeted++
			if m <= float64(target) {
				within++
			}
		}
	}
	slices.Sort(months)
	st := standard.CycleStats{Count: len(months)}
	if key != "" {
		st.Keys = []string{key}
	}
	for _, m := range months {
		st.Mean += m / float64(len(months))
	}
	st.Median, st.P90 = percentileCont(months, 0.5), percentileCont(months, 0.9)
	if targeted > 0 {
		share := float64(within) / float64(targeted)
		st.WithinShare = &share
	}
	if len(targets) == 1 {
		for m := range targets {
			st.TargetMonths = m
		}
	}
	return st
}

// percentileCont is PERCENTILE_CONT(p) of sorted values.
func percentileCont(sorted []float64, p float64) float64 {
	pos := float64(len(sorted)-1) * p
	lo := int(math.Floor(pos))
	if lo+1 >= len(sorted) {
		return sorted[lo]
	}
	return sorted[lo] + (pos-float64(lo))*(sorted[lo+1]-sorted[lo])
}
