package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/config"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// TestCycleGroupsFollowWrites: the drafting-cycle figures by year and by
// organization, which PostgreSQL reads from the months it keeps by group
// (cycle_groups, migration 00062), stay those the reference computes from
// the standards after each way a cycle comes, changes or goes: standards
// registered, a draft moved through its stages to publication, a
// standard given to another organization, one deleted, rows imported.
// Each step is checked with the writers' changes not yet folded in and
// again after a fold; on PostgreSQL the folded rows are then exactly
// those a count of every standard makes.
func TestCycleGroupsFollowWrites(t *testing.T) {
	t.Parallel()
	submitted, err := standard.ParseCycleRules("local=15:approval,group=12:published")
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := access.WithCaller(context.Background(), access.Operator())
		now := time.Date(2026, 6, 30, 2, 0, 0, 0, time.UTC)
		svc := registry.New(db.Store, func() time.Time { return now }, standard.DefaultCycleRules())
		var orgs []string
		for _, name := range []string{"杭州市标准化研究院", "宁波市质量技术监督检测研究院"} {
			o, err := svc.CreateOrganization(ctx, standard.Organization{Name: name, Kind: standard.OrgInstitute, Region: "330100"})
			if err != nil {
				t.Fatal(err)
			}
			orgs = append(orgs, o.ID)
		}
		groupsAsked := 0
		check := func(step string) {
			t.Helper()
			for _, rules := range []standard.CycleRules{standard.DefaultCycleRules(), submitted} {
				for _, kind := range []standard.Kind{"", standard.KindLocal} {
					for _, by := range []standard.CycleGroup{standard.GroupYear, standard.GroupOrganization} {
						q := standard.CycleQuery{Filter: standard.Filter{Kind: kind, Visible: standard.Visibility{AllDrafts: true}, Rules: rules},
							To: standard.Date{Year: 2026, Month: 6, Day: 30}, GroupBy: []standard.CycleGroup{by}, Rules: rules}
						wantAll, wantGroups, err := db.Store.DraftingCycleReference(ctx, q)
						if err != nil {
							t.Fatal(err)
						}
						all, groups, err := db.Store.DraftingCycle(ctx, q)
						if err != nil {
							t.Fatalf("%s: kind %q by %s: %v", step, kind, by, err)
						}
						opts := cmp.Options{cmpopts.EquateApprox(0, 1e-12), cmpopts.EquateEmpty()}
						if diff := cmp.Diff(wantAll, all, opts); diff != "" {
							t.Errorf("%s: kind %q by %s: whole set (-reference +now):\n%s", step, kind, by, diff)
						}
						if diff := cmp.Diff(wantGroups, groups, opts); diff != "" {
							t.Errorf("%s: kind %q by %s: groups (-reference +now):\n%s", step, kind, by, diff)
						}
						groupsAsked += len(wantGroups)
					}
				}
			}
		}
		checkFolded := func(step string) {
			t.Helper()
			check(step + ", changes not folded")
			if db.Config.Driver != config.DriverPostgres {
				return
			}
			if err := db.Store.FoldCycleGroups(ctx); err != nil {
				t.Fatalf("%s: fold: %v", step, err)
			}
			var left, differ, kept int
			raw := db.Raw(t)
			if err := raw.QueryRow("SELECT count(*) FROM cycle_group_changes").Scan(&left); err != nil || left != 0 {
				t.Errorf("%s: %d changes left after a fold (%v)", step, left, err)
			}
			counted := store.CycleGroupsCounted()
			err := raw.QueryRow(`SELECT (SELECT count(*) FROM ((SELECT * FROM cycle_groups EXCEPT ALL (`+counted+`))
				UNION ALL ((`+counted+`) EXCEPT ALL SELECT * FROM cycle_groups)) AS d), (SELECT count(*) FROM cycle_groups)`).Scan(&differ, &kept)
			if err != nil || differ != 0 || kept == 0 {
				t.Errorf("%s: %d of the %d rows kept differ from a count of every standard (%v)", step, differ, kept, err)
			}
			check(step + ", folded")
		}

		// Registered: local standards of two organizations and of none,
		// over three years, and group standards.
		var ids []string
		for i, c := range []struct {
			kind           standard.Kind
			org            int
			approved, publ string
		}{
			{standard.KindLocal, 0, "2020-03-15", "2021-06-15"},
			{standard.KindLocal, 0, "2022-01-10", "2023-01-10"},
			{standard.KindLocal, 1, "2022-06-30", "2023-12-31"},
			{standard.KindLocal, 1, "2023-02-01", "2024-02-29"},
			{standard.KindLocal, -1, "2023-01-31", "2024-12-31"},
			{standard.KindGroup, 0, "2023-06-01", "2024-06-01"},
			{standard.KindGroup, 1, "2023-07-01", "2024-03-01"},
		} {
			st := standard.Standard{Kind: c.kind, TitleZH: fmt.Sprintf("茶园 管理规范 第%d部分", i+1), Stage: standard.StagePublished,
				ApprovedOn: day(c.approved), PublishedOn: day(c.publ)}
			st.Code = fmt.Sprintf("DB33/T %d—%s", 4100+i, c.publ[:4])
			if c.kind == standard.KindGroup {
				st.Code = fmt.Sprintf("T/ZS %04d—%s", 100+i, c.publ[:4])
			}
			if c.org >= 0 {
				st.OrganizationID = orgs[c.org]
			}
			created, err := svc.CreateStandard(ctx, st)
			if err != nil {
				t.Fatalf("register %s: %v", st.Code, err)
			}
			ids = append(ids, created.ID)
		}
		checkFolded("registered")

		// A draft moved through its stages: submitted (its cycle under a
		// rule that ends with approval), then published.
		draft, err := svc.CreateStandard(ctx, standard.Standard{Kind: standard.KindLocal, TitleZH: "茶叶 冷链物流 要求", Stage: standard.StageProposal, OrganizationID: orgs[1]})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct {
			to standard.Stage
			on string
		}{{standard.StageDrafting, "2024-01-15"}, {standard.StageConsultation, "2024-05-01"}, {standard.StageReview, "2024-08-01"}, {standard.StageApproval, "2025-02-10"}} {
			if _, _, err := svc.MoveStandard(ctx, draft.ID, nil, registry.Move{To: m.to, OccurredOn: day(m.on)}); err != nil {
				t.Fatalf("move to %s: %v", m.to, err)
			}
		}
		checkFolded("submitted")
		if _, err := svc.UpdateStandard(ctx, draft.ID, nil, func(st standard.Standard) (standard.Standard, error) {
			st.Code = "DB33/T 4190—2026"
			return st, nil
		}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.MoveStandard(ctx, draft.ID, nil, registry.Move{To: standard.StagePublished, OccurredOn: day("2026-01-20")}); err != nil {
			t.Fatalf("publish: %v", err)
		}
		checkFolded("published")

		// Given to another organization, then one deleted.
		if _, err := svc.UpdateStandard(ctx, ids[0], nil, func(st standard.Standard) (standard.Standard, error) {
			st.OrganizationID = orgs[1]
			return st, nil
		}); err != nil {
			t.Fatal(err)
		}
		checkFolded("moved to another organization")
		// (The registry deletes only proposals; a published standard's row
		// goes when the store is told to.)
		if err := db.Store.DeleteStandard(ctx, ids[3], func(standard.Standard) (audit.Event, error) { return event("standard.delete", ids[3]), nil }); err != nil {
			t.Fatal(err)
		}
		checkFolded("deleted")

		// Imported: two published standards, one of a year not seen yet.
		report, err := svc.Import(ctx, rowsOf(
			standard.Standard{Kind: standard.KindLocal, Code: "DB33/T 4201—2019", TitleZH: "桑蚕 饲养技术规程", Stage: standard.StagePublished,
				ApprovedOn: day("2018-04-04"), PublishedOn: day("2019-09-09"), OrganizationID: orgs[0]},
			standard.Standard{Kind: standard.KindLocal, Code: "DB33/T 4202—2024", TitleZH: "杨梅 采后处理规程", Stage: standard.StagePublished,
				ApprovedOn: day("2023-03-03"), PublishedOn: day("2024-03-03")},
		), registry.ImportOptions{})
		if err != nil || report.Created != 2 {
			t.Fatalf("import: %+v, %v", report, err)
		}
		checkFolded("imported")
		if groupsAsked < 100 {
			t.Errorf("only %d groups compared: the test proves little", groupsAsked)
		}
	})
}
