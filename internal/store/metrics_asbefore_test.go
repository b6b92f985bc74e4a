package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"stdreg/internal/config"
	"stdreg/internal/generate"
	"stdreg/internal/standard"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// cycleQueriesAsked are drafting-cycle requests people send: every kind or
// one, each grouping and two at once, windows, rules that end some natures
// of a kind with submission and others with publication, and list filters.
func cycleQueriesAsked(t *testing.T) []standard.CycleQuery {
	t.Helper()
	mixed, err := standard.ParseCycleRules("local=15:published,national/recommended=18:approval,national/mandatory=24:approval,industry/mandatory=12:approval,group=0:approval,enterprise=9:published")
	if err != nil {
		t.Fatal(err)
	}
	d := func(y, m, dd int) standard.Date { return standard.Date{Year: y, Month: time.Month(m), Day: dd} }
	today := d(2026, 6, 30)
	var out []standard.CycleQuery
	defer func() { // as the registry asks: every record, and its rules
		for i := range out {
			out[i].Filter.Visible, out[i].Filter.Rules = standard.Visibility{AllDrafts: true}, out[i].Rules
		}
	}()
	for _, rules := range []standard.CycleRules{standard.DefaultCycleRules(), mixed} {
		for _, kind := range []standard.Kind{"", standard.KindLocal, standard.KindNational, standard.KindIndustry, standard.KindGroup} {
			for _, by := range [][]standard.CycleGroup{nil, {standard.GroupYear}, {standard.GroupKind}, {standard.GroupOrganization},
				{standard.GroupRegion}, {standard.GroupCity}, {standard.GroupCity, standard.GroupYear}} {
				out = append(out, standard.CycleQuery{Filter: standard.Filter{Kind: kind}, To: today, GroupBy: by, Rules: rules})
			}
			out = append(out,
				standard.CycleQuery{Filter: standard.Filter{Kind: kind}, From: d(2021, 1, 1), To: d(2025, 12, 31), Rules: rules},
				standard.CycleQuery{Filter: standard.Filter{Kind: kind}, From: d(2024, 2, 29), To: d(2024, 2, 29), Rules: rules},
				standard.CycleQuery{Filter: standard.Filter{Kind: kind, Q: "质量"}, To: today, GroupBy: []standard.CycleGroup{standard.GroupYear}, Rules: rules},
				standard.CycleQuery{Filter: standard.Filter{Kind: kind, Nature: standard.NatureMandatory}, To: today, Rules: rules},
				standard.CycleQuery{Filter: standard.Filter{Kind: kind, City: "330100"}, From: d(2020, 1, 1), To: today, Rules: rules},
				standard.CycleQuery{Filter: standard.Filter{Kind: kind, Designation: standard.DesignationZhejiangStandard}, To: today, Rules: rules},
				standard.CycleQuery{Filter: standard.Filter{Kind: kind, CycleWithin: standard.CycleWithinMet, Rules: rules}, To: today, Rules: rules},
				standard.CycleQuery{Filter: standard.Filter{Kind: kind, Q: "鬣鼋"}, To: today, GroupBy: []standard.CycleGroup{standard.GroupKind}, Rules: rules},
			)
		}
	}
	return out
}

// TestDraftingCycleAsBefore: the drafting-cycle figures counted by months
// and computed in Go are the figures the one aggregate over the rules
// spelt out per row gave (DraftingCycleReference): the same groups in the
// same order, the same counts, medians, 90th percentiles and targets, the
// means and shares to the last bits a sum's order moves, for every
// request of cycleQueriesAsked, on both databases.
func TestDraftingCycleAsBefore(t *testing.T) {
	t.Parallel()
	// 3,000 standards: with 2,000 no cycle of the seed lasts exactly its
	// target, and a within-target count of m < t instead of m <= t passes.
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		if _, err := generate.Run(ctx, db.Config, generate.Config{Standards: 3000, Organizations: 60, Seed: 7, Until: standard.Date{Year: 2026, Month: 6, Day: 30}}); err != nil {
			t.Fatal(err)
		}
		checkCycleAsBefore(t, db.Store, cycleQueriesAsked(t))

		// Writes after the load: the counts the database keeps follow
		// them (cycle_months), folded in or not.
		raw := db.Raw(t)
		for _, stmt := range []string{
			"UPDATE standards SET months_to_publication = months_to_publication + 1 WHERE kind = 'local' AND months_to_publication < 10",
			"UPDATE standards SET kind = 'group', nature = '' WHERE kind = 'national' AND nature = 'recommended' AND region LIKE '3301%'",
			"UPDATE standards SET months_to_approval = NULL, submitted_on = NULL WHERE kind = 'national' AND nature = 'mandatory' AND months_to_publication > 12",
			"UPDATE standards SET published_on = '2026-09-30' WHERE kind = 'enterprise' AND months_to_publication > 12",
			"UPDATE standards SET title_en = title_en || ' ' WHERE kind = 'industry'",
			"DELETE FROM standard_transitions WHERE standard_id IN (SELECT id FROM standards WHERE kind = 'international' AND months_to_publication > 20)",
			"DELETE FROM standard_ics WHERE standard_id IN (SELECT id FROM standards WHERE kind = 'international' AND months_to_publication > 20)",
			"DELETE FROM standard_designations WHERE standard_id IN (SELECT id FROM standards WHERE kind = 'international' AND months_to_publication > 20)",
			"DELETE FROM project_standards WHERE standard_id IN (SELECT id FROM standards WHERE kind = 'international' AND months_to_publication > 20)",
			"DELETE FROM standards WHERE kind = 'international' AND months_to_publication > 20",
		} {
			res, err := raw.Exec(stmt)
			if err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
			if n, _ := res.RowsAffected(); n == 0 && (strings.HasPrefix(stmt, "UPDATE standards ") || strings.HasPrefix(stmt, "DELETE FROM standards ")) {
				t.Fatalf("%s changed nothing", stmt)
			}
		}
		checkCycleAsBefore(t, db.Store, cycleQueriesAsked(t))
		if db.Config.Driver == config.DriverPostgres {
			restore := store.SetCycleFoldAfter(0)
			checkCycleAsBefore(t, db.Store, cycleQueriesAsked(t))
			restore()
			var left int
			if err := raw.QueryRow("SELECT count(*) FROM cycle_month_changes").Scan(&left); err != nil || left != 0 {
				t.Errorf("%d changes left unfolded (%v)", left, err)
			}
		}

		// Drafts only their organization sees, with designations (the
		// generator gives none), so that the counts take some out.
		orgs := map[string]bool{}
		for i, role := range []standard.ZhejiangRole{standard.RoleLead, standard.RoleParticipant, standard.RoleLead} {
			st := teaStandard()
			st.Code, st.NormalizedCode = fmt.Sprintf("DB33/T %d—2024", 9100+i), fmt.Sprintf("DB33/T %d-2024", 9100+i)
			st.Stage, st.ZhejiangRole = standard.StageProposal, role
			st.ApprovedOn, st.PublishedOn, st.EffectiveOn = standard.Date{}, standard.Date{}, standard.Date{}
			st.Designations = []standard.Designation{
				{Type: standard.DesignationZhejiangStandard, Year: 2024, Reference: "浙江标准 2024-0" + fmt.Sprint(i)},
				{Type: standard.DesignationForerunner, Year: 2023, Reference: "领跑者 2023-0" + fmt.Sprint(i)},
				{Type: standard.DesignationMadeInZhejiang, Year: 2024, Reference: "浙江制造 2024-0" + fmt.Sprint(i)},
			}
			if i == 0 {
				st.OrganizationID = firstOrganization(t, db)
				orgs[st.OrganizationID] = true
			}
			register(t, db, st)
		}
		checkPlanCountsAsBefore(t, db.Store, []string{firstOrganization(t, db)})

		// The projects that produced a standard, as the join of every
		// standard's stage counted them.
		for _, period := range [][2]string{{"2023-01-01", "2025-12-31"}, {"2000-01-01", "2026-06-30"}} {
			var want int
			err := db.Raw(t).QueryRow(`SELECT count(*) FROM projects WHERE category IN ('key_generic', 'application')
				AND accepted_on >= '` + period[0] + `' AND accepted_on <= '` + period[1] + `'
				AND EXISTS (SELECT 1 FROM project_standards ps JOIN standards s ON s.id = ps.standard_id WHERE ps.project_id = projects.id
				AND s.stage IN ('drafting', 'consultation', 'review', 'approval', 'published', 'periodic_review', 'withdrawn'))`).Scan(&want)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.Store.RegistryCounts(context.Background(), day(period[0]), day(period[1]))
			if err != nil {
				t.Fatal(err)
			}
			if got.TechProjectsProducing != want || want == 0 {
				t.Errorf("%v: %d projects produced a standard, the join counted %d", period, got.TechProjectsProducing, want)
			}
		}
	})
}

// firstOrganization is the id of an organization of the registry.
func firstOrganization(t *testing.T, db storetest.Database) string {
	t.Helper()
	var id string
	if err := db.Raw(t).QueryRow("SELECT id FROM organizations ORDER BY id LIMIT 1").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// checkPlanCountsAsBefore: the plan's counts, read from the indexes of
// migration 00043, are those the joins counted (PlanCountsReference), for
// several periods and for each visibility.
func checkPlanCountsAsBefore(t *testing.T, st *store.Store, orgs []string) {
	t.Helper()
	ctx := context.Background()
	visibilities := []standard.Visibility{{}, {AllDrafts: true}}
	for _, o := range orgs {
		visibilities = append(visibilities, standard.Visibility{DraftsOf: o})
	}
	nonZero := 0
	for _, period := range [][2]standard.Date{
		{{Year: 2023, Month: 1, Day: 1}, {Year: 2025, Month: 12, Day: 31}},
		{{Year: 2021, Month: 1, Day: 1}, {Year: 2026, Month: 6, Day: 30}},
		{{Year: 2024, Month: 2, Day: 29}, {Year: 2024, Month: 2, Day: 29}},
	} {
		for _, v := range visibilities {
			want, err := st.PlanCountsReference(ctx, period[0], period[1], v)
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.PlanCounts(ctx, period[0], period[1], v)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%v–%v, visible %+v: counts %+v, before %+v", period[0], period[1], v, got, want)
			}
			if want.ZhejiangStandard > 0 && want.MadeInZhejiang > 0 && want.NationalLed > 0 {
				nonZero++
			}
		}
	}
	if nonZero == 0 {
		t.Error("no period counted every indicator: the comparison proves little")
	}
}

// TestDraftingCycleAsBeforeOnBench1m compares the two on the database
// STDREG_BENCH_DSN names (a registry `stdreg generate` filled; read only),
// for the requests without a text search.
func TestDraftingCycleAsBeforeOnBench1m(t *testing.T) {
	dsn := os.Getenv("STDREG_BENCH_DSN")
	if dsn == "" {
		t.Skip("STDREG_BENCH_DSN names no generated registry")
	}
	st, err := store.OpenMigrated(context.Background(), config.Database{Driver: config.DriverPostgres, DSN: dsn}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var asked []standard.CycleQuery
	for _, q := range cycleQueriesAsked(t) {
		if q.Filter.Q == "" && (q.Filter.Kind == "" || q.Filter.Kind == standard.KindLocal) {
			asked = append(asked, q)
		}
	}
	checkCycleAsBefore(t, st, asked)
}

func checkCycleAsBefore(t *testing.T, st *store.Store, asked []standard.CycleQuery) {
	t.Helper()
	ctx := context.Background()
	nonEmpty := 0
	for _, q := range asked {
		name := fmt.Sprintf("kind=%q group_by=%v from=%v to=%v filter=%+v rules=%v", q.Filter.Kind, q.GroupBy, q.From, q.To, q.Filter, q.Rules)
		wantAll, wantGroups, err := st.DraftingCycleReference(ctx, q)
		if err != nil {
			t.Fatalf("%s: reference: %v", name, err)
		}
		all, groups, err := st.DraftingCycle(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if wantAll.Count > 0 {
			nonEmpty++
		}
		opts := cmp.Options{cmpopts.EquateApprox(0, 1e-12), cmpopts.EquateEmpty()}
		if diff := cmp.Diff(wantAll, all, opts); diff != "" {
			t.Errorf("%s: whole set (-before +now):\n%s", name, diff)
		}
		if diff := cmp.Diff(wantGroups, groups, opts); diff != "" {
			t.Errorf("%s: groups (-before +now):\n%s", name, diff)
		}
	}
	if nonEmpty < len(asked)/2 {
		t.Errorf("only %d of %d requests found cycles: the comparison proves little", nonEmpty, len(asked))
	}
}
