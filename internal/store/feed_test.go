package store_test

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/config"
	"stdreg/internal/feed"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
	"stdreg/internal/tabular"
)

// follower reads the feed as a client that keeps its last cursor does.
type follower struct {
	svc     *registry.Service
	ctx     context.Context // the caller it reads as
	limit   int
	after   feed.Position
	items   []feed.Change
	reads   int // answers that brought something
	pending int // of them, while the writers were still at work
}

// poll reads one answer and reports whether it was short (caught up).
func (f *follower) poll(t *testing.T, writing bool) bool {
	t.Helper()
	page, err := f.svc.ListChanges(f.ctx, f.after, f.limit)
	if err != nil {
		t.Errorf("read the feed: %v", err)
		return true
	}
	want := f.after
	if n := len(page.Items); n > 0 {
		want = page.Items[n-1].Position
		f.reads++
		if writing {
			f.pending++
		}
	}
	if page.Next != want {
		t.Errorf("next %+v, want %+v", page.Next, want)
	}
	f.items, f.after = append(f.items, page.Items...), page.Next
	return len(page.Items) < f.limit
}

// checkOrder fails unless the items come in strictly increasing positions,
// no change comes twice, and each record's versions come in order, one
// after the other from its first: the order in which its changes committed.
func checkOrder(t *testing.T, who string, items []feed.Change, fromOne bool) {
	t.Helper()
	last := map[string]int64{}
	for i, it := range items {
		if i > 0 && !items[i-1].Position.Before(it.Position) {
			t.Fatalf("%s: item %d at %+v does not come after %+v", who, i, it.Position, items[i-1].Position)
		}
		prev, seen := last[it.ResourceID]
		switch {
		case !seen && fromOne && it.Version != 1:
			t.Fatalf("%s: %s %s first appears at version %d (%s)", who, it.ResourceType, it.ResourceID, it.Version, it.Action)
		case seen && it.Version != prev+1:
			t.Fatalf("%s: %s %s at version %d after version %d", who, it.ResourceType, it.ResourceID, it.Version, prev)
		}
		last[it.ResourceID] = it.Version
	}
}

// TestChangeFeedUnderConcurrentWriters: 20 writers commit at once —
// registrations, changes of the same few standards, drafts moved into
// drafting or deleted, imports of 30 rows — while two readers (one seeing
// everything, one anonymous) follow the feed throughout. Each gets every
// change it may see exactly once, in positions that only grow, and each
// record's changes in the order they committed; the anonymous reader gets
// exactly the public ones, a draft from the move that made it public.
func TestChangeFeedUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		admin := access.WithCaller(context.Background(), access.Operator())
		svc := registry.New(db.Store, time.Now, standard.DefaultCycleRules())
		org, err := svc.CreateOrganization(admin, standard.Organization{Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, Region: "330100"})
		if err != nil {
			t.Fatal(err)
		}
		published := func(code, title string) standard.Standard {
			return standard.Standard{Code: code, Kind: standard.KindLocal, TitleZH: title, Stage: standard.StagePublished,
				OrganizationID: org.ID, ApprovedOn: day("2023-03-01"), PublishedOn: day("2024-06-20")}
		}
		var shared []string
		for i, title := range []string{"西湖龙井茶 加工技术规程", "杭白菊 生产技术规程", "绍兴黄酒 酿造技术规范", "安吉白茶 栽培技术规程"} {
			st, err := svc.CreateStandard(admin, published(fmt.Sprintf("DB33/T %d—2024", 100+i), title))
			if err != nil {
				t.Fatal(err)
			}
			shared = append(shared, st.ID)
		}

		const rounds, importRows = 5, 30
		// SQLite runs one writer at a time whatever the count, and more
		// than a few queued behind imports under the race detector wait
		// past the busy timeout; PostgreSQL's commit order is the point.
		writers := 20
		if db.Config.Driver == config.DriverSQLite {
			writers = 6
		}
		var (
			wrote   atomic.Int64 // changes committed by the writers
			private sync.Map     // ids of drafts never made public (deleted)
			drafts  sync.Map     // ids of drafts made public by a move
			wg      sync.WaitGroup
			start   = make(chan struct{})
		)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for r := range rounds {
					code := fmt.Sprintf("DB33/T %d—2025", 1000+w*rounds+r)
					var err error
					switch (w + r) % 5 {
					case 0:
						if _, err = svc.CreateStandard(admin, published(code, fmt.Sprintf("海岛旅游 服务规范 第%d部分", w*rounds+r))); err == nil {
							wrote.Add(1)
						}
					case 1:
						_, err = svc.UpdateStandard(admin, shared[(w+r)%len(shared)], nil, func(cur standard.Standard) (standard.Standard, error) {
							cur.DraftingUnits = append(cur.DraftingUnits, fmt.Sprintf("起草单位 %d-%d", w, r))
							return cur, nil
						})
						if err == nil {
							wrote.Add(1)
						}
					case 2:
						var d standard.Standard
						if d, err = svc.CreateStandard(admin, standard.Standard{Kind: standard.KindLocal, Stage: standard.StageProposal,
							TitleZH: fmt.Sprintf("茶叶 冷链物流 要求 第%d部分", w*rounds+r), OrganizationID: org.ID}); err == nil {
							wrote.Add(1)
							drafts.Store(d.ID, true)
							if _, _, err = svc.MoveStandard(admin, d.ID, nil, registry.Move{To: standard.StageDrafting, OccurredOn: svc.Today()}); err == nil {
								wrote.Add(1)
							}
						}
					case 3:
						var d standard.Standard
						if d, err = svc.CreateStandard(admin, standard.Standard{Kind: standard.KindLocal, Stage: standard.StagePreliminary,
							TitleZH: fmt.Sprintf("竹木 制品 通用技术要求 第%d部分", w*rounds+r), OrganizationID: org.ID}); err == nil {
							wrote.Add(1)
							private.Store(d.ID, true)
							if err = svc.DeleteStandard(admin, d.ID, nil); err == nil {
								wrote.Add(1)
							}
						}
					case 4:
						n := 0
						var report registry.ImportReport
						report, err = svc.Import(admin, func() (tabular.Row, error) {
							if n == importRows {
								return tabular.Row{}, io.EOF
							}
							n++
							return tabular.Row{Number: n + 1, Standard: published(fmt.Sprintf("DB33/T %d—2023", 10000+(w*rounds+r)*importRows+n), "数字化改革 术语定义 第"+fmt.Sprint(n)+"部分")}, nil
						}, registry.ImportOptions{})
						if err == nil && report.Created != importRows {
							err = fmt.Errorf("import created %d of %d", report.Created, importRows)
						}
						if err == nil {
							wrote.Add(importRows)
						}
					}
					if err != nil {
						t.Errorf("writer %d, round %d: %v", w, r, err)
					}
				}
			}()
		}

		everything := &follower{svc: svc, ctx: admin, limit: 7}
		anonymous := &follower{svc: svc, ctx: context.Background(), limit: 5}
		var writing atomic.Bool
		writing.Store(true)
		done := make(chan struct{})
		go func() {
			wg.Wait()
			writing.Store(false)
			close(done)
		}()
		close(start)
		for {
			select {
			case <-done:
			default:
				for _, f := range []*follower{everything, anonymous} {
					f.poll(t, true)
				}
				time.Sleep(time.Millisecond)
				continue
			}
			break
		}
		for _, f := range []*follower{everything, anonymous} {
			for !f.poll(t, false) {
			}
		}
		if t.Failed() {
			return
		}

		setup := 1 + len(shared) // the organization and the shared standards
		if got, want := len(everything.items), setup+int(wrote.Load()); got != want {
			t.Fatalf("the feed gave %d changes, the writers committed %d", got, want)
		}
		var stored int64
		if err := db.Raw(t).QueryRow("SELECT count(*) FROM changes").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != int64(len(everything.items)) {
			t.Fatalf("the feed gave %d changes, the changes table holds %d", len(everything.items), stored)
		}
		checkOrder(t, "everything", everything.items, true)
		checkOrder(t, "anonymous", anonymous.items, false)
		if everything.pending < 2 || anonymous.pending < 2 {
			t.Errorf("the readers got changes %d and %d times while writers were at work; the test wants them to follow throughout", everything.pending, anonymous.pending)
		}

		// What the anonymous reader may see: all but the drafts' changes
		// while they were private.
		var public []feed.Change
		for _, ch := range everything.items {
			_, deleted := private.Load(ch.ResourceID)
			_, draft := drafts.Load(ch.ResourceID)
			if !deleted && !(draft && ch.Action == feed.Create) {
				public = append(public, ch)
			}
		}
		if diff := cmp.Diff(public, anonymous.items); diff != "" {
			t.Errorf("anonymous reader (-want +got):\n%s", diff)
		}

		// Each record's last change carries its current version.
		last := map[string]feed.Change{}
		for _, ch := range everything.items {
			last[ch.ResourceID] = ch
		}
		for _, id := range shared {
			st, err := svc.GetStandard(admin, id)
			if err != nil {
				t.Fatal(err)
			}
			if last[id].Version != st.Version {
				t.Errorf("shared standard %s: version %d, last in the feed %d", id, st.Version, last[id].Version)
			}
		}
		t.Logf("%d changes; the full reader got some in %d answers (%d while writing), the anonymous one %d of them in %d (%d)",
			len(everything.items), everything.reads, everything.pending, len(anonymous.items), anonymous.reads, anonymous.pending)
	})
}

// TestChangeFeedFollowsCommitsNotTransactionIDs: an import takes its
// transaction id with its first rows, another request then changes a
// standard and commits, and the import, reading the standard as that
// request left it, changes it again and commits last. The feed lists the
// two changes in the order they committed (versions 2, then 3), although
// the import's transaction id is the smaller: an order by transaction id
// would list version 3 before version 2, and a reader following the
// record would end at the wrong version.
func TestChangeFeedFollowsCommitsNotTransactionIDs(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres) // SQLite runs one writer at a time: no two commits overlap
	ctx := context.Background()
	raw := db.Raw(t)
	st := teaStandard()
	register(t, db, st)

	err := db.Store.Import(ctx, func(w registry.ImportWriter) error {
		first := teaStandard()
		first.Code, first.NormalizedCode, first.TitleZH = "DB33/T 2501—2025", "DB33/T 2501-2025", "茶叶 冷链物流 要求"
		if err := w.Create([]registry.NewStandard{{Standard: first, History: []standard.Transition{registered(first)}, Event: event("standard.create", first.ID)}}); err != nil {
			return err
		}
		// The import's rows go to the database on a goroutine of their
		// own: wait until its transaction holds an id.
		deadline := time.Now().Add(10 * time.Second)
		for {
			var n int
			if err := raw.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL").Scan(&n); err != nil {
				return err
			}
			if n == 1 {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("the import's transaction has no id after 10 s")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if _, err := db.Store.UpdateStandard(ctx, st.ID, func(cur standard.Standard) (standard.Standard, audit.Event, error) {
			cur.TechnicalCommittee = "SAC/TC 339"
			return cur, event("standard.update", st.ID), nil
		}); err != nil {
			return err
		}
		found, err := w.Existing(nil, []string{st.ID}, nil)
		if err != nil || len(found) != 1 || found[0].Version != 2 {
			return fmt.Errorf("the import reads %+v (%v), want the standard at version 2", found, err)
		}
		next := found[0]
		next.TitleEN, next.Version = "Technical code of processing for Xihu Longjing tea (2025)", 3
		return w.Update(next, 2, event("standard.update", st.ID))
	})
	if err != nil {
		t.Fatalf("import: %v", err)
	}

	page, err := db.Store.ListChanges(ctx, feed.Query{Limit: 10, Visible: standard.Visibility{AllDrafts: true}})
	if err != nil {
		t.Fatal(err)
	}
	var versions []int64
	for _, ch := range page.Items {
		if ch.ResourceID == st.ID {
			versions = append(versions, ch.Version)
		}
	}
	if diff := cmp.Diff([]int64{1, 2, 3}, versions); diff != "" {
		t.Errorf("the standard's versions in the feed (-want +got):\n%s", diff)
	}
	var importXID, otherXID int64
	if err := raw.QueryRow("SELECT xid::text::bigint FROM changes WHERE resource_id = $1 AND version = 3", st.ID).Scan(&importXID); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("SELECT xid::text::bigint FROM changes WHERE resource_id = $1 AND version = 2", st.ID).Scan(&otherXID); err != nil {
		t.Fatal(err)
	}
	if importXID >= otherXID {
		t.Errorf("the import's transaction id %d is not below the other request's %d: the test did not make the case it is about", importXID, otherXID)
	}
}

// feedOf reads the whole feed as the visibility shows it.
func feedOf(t *testing.T, db storetest.Database, v standard.Visibility) []feed.Change {
	t.Helper()
	var out []feed.Change
	var after feed.Position
	for {
		page, err := db.Store.ListChanges(context.Background(), feed.Query{After: after, Limit: 2, Visible: v})
		if err != nil {
			t.Fatal(err)
		}
		out, after = append(out, page.Items...), page.Next
		if len(page.Items) < 2 {
			return out
		}
	}
}

// created is the change list of records entered as created at their
// current versions: organizations, then standards.
type created struct {
	Type, ID string
	Action   feed.Action
	Version  int64
}

func createdOf(items []feed.Change) []created {
	out := make([]created, len(items))
	for i, it := range items {
		out[i] = created{it.ResourceType, it.ResourceID, it.Action, it.Version}
	}
	return out
}

// TestChangeFeedOfEarlierRecords: the records registered before the feed
// existed enter it as created, at their versions, when the migration that
// adds it runs (organizations first, each kind in the order registered),
// a draft's only for those who may see it; what is written afterwards
// follows them.
func TestChangeFeedOfEarlierRecords(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.NewUnmigrated(t, driver)
			if err := db.Store.MigrateTo(ctx, storetest.Logger(), 9); err != nil {
				t.Fatal(err)
			}
			raw := db.Raw(t)
			p := bindParameter(driver)
			const (
				org       = "01936f3e-7a52-7cc1-8d1e-000000000001"
				published = "01936f3e-7a52-7cc1-8d1e-000000000002"
				draft     = "01936f3e-7a52-7cc1-8d1e-000000000003"
			)
			if _, err := raw.ExecContext(ctx, `INSERT INTO organizations (id, name, kind, region, created_at, updated_at, version)
				VALUES (`+p(1)+`, '浙江省标准化研究院', 'institute', '330100', '2024-01-02 08:00:00+00:00', '2024-05-06 08:00:00+00:00', 3)`, org); err != nil {
				t.Fatal(err)
			}
			for _, row := range []struct{ id, code, normalized, title, stage, created string }{
				{draft, "", "", "西湖龙井茶 加工技术规程", "proposal", "2024-03-01 08:00:00+00:00"},
				{published, "DB33/T 2349—2021", "DB33/T 2349-2021", "数字化改革 术语定义", "published", "2024-02-01 08:00:00+00:00"},
			} {
				_, err := raw.ExecContext(ctx, `INSERT INTO standards (id, code, normalized_code, kind, nature, title_zh, stage, zhejiang_role,
					organization_id, created_at, updated_at, version)
					VALUES (`+p(1)+`, NULLIF(`+p(2)+`, ''), NULLIF(`+p(3)+`, ''), 'local', 'recommended', `+p(4)+`, `+p(5)+`, 'lead', `+p(6)+`, `+p(7)+`, `+p(8)+`, 2)`,
					row.id, row.code, row.normalized, row.title, row.stage, org, row.created, row.created)
				if err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Store.Migrate(ctx, storetest.Logger()); err != nil {
				t.Fatal(err)
			}
			st := teaStandard()
			register(t, db, st)

			all := []created{
				{feed.Organization, org, feed.Create, 3},
				{feed.Standard, published, feed.Create, 2},
				{feed.Standard, draft, feed.Create, 2},
				{feed.Standard, st.ID, feed.Create, 1},
			}
			for _, tc := range []struct {
				name    string
				visible standard.Visibility
				want    []created
			}{
				{"everything", standard.Visibility{AllDrafts: true}, all},
				{"the owner's editor", standard.Visibility{DraftsOf: org}, all},
				{"another editor", standard.Visibility{DraftsOf: "01936f3e-7a52-7cc1-8d1e-000000000009"}, []created{all[0], all[1], all[3]}},
				{"the public", standard.Visibility{}, []created{all[0], all[1], all[3]}},
			} {
				if diff := cmp.Diff(tc.want, createdOf(feedOf(t, db, tc.visible))); diff != "" {
					t.Errorf("%s (-want +got):\n%s", tc.name, diff)
				}
			}
		})
	}
}

// TestChangeFeedOfBulkLoads: what a bulk load (`stdreg generate`) writes
// enters the feed as created when it finishes, organizations first, and
// a later write follows it.
func TestChangeFeedOfBulkLoads(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
		orgs := []standard.Organization{
			{ID: "01936f3e-7a52-7cc1-8d1e-00000000000a", Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, CreatedAt: now, UpdatedAt: now, Version: 1},
			{ID: "01936f3e-7a52-7cc1-8d1e-00000000000b", Name: "浙江省茶叶学会", Kind: standard.OrgAssociation, CreatedAt: now.Add(time.Second), UpdatedAt: now.Add(time.Second), Version: 1},
		}
		tea, draft := teaStandard(), teaStandard()
		tea.OrganizationID = orgs[1].ID
		draft.Code, draft.NormalizedCode, draft.Stage, draft.PublishedOn, draft.EffectiveOn = "", "", standard.StageProposal, standard.Date{}, standard.Date{}
		draft.ApprovedOn, draft.CreatedAt, draft.OrganizationID = standard.Date{}, tea.CreatedAt.Add(time.Second), orgs[0].ID
		load, err := db.Store.NewBulkLoader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer load.Close()
		if err := load.Organizations(orgs); err != nil {
			t.Fatal(err)
		}
		if err := load.Standards([]store.BulkRecord{{Standard: draft, History: []standard.Transition{registered(draft)}}, {Standard: tea, History: []standard.Transition{registered(tea)}}}); err != nil {
			t.Fatal(err)
		}
		if err := load.Finish(); err != nil {
			t.Fatal(err)
		}
		later := teaStandard()
		later.Code, later.NormalizedCode = "DB33/T 2601—2026", "DB33/T 2601-2026"
		register(t, db, later)

		all := []created{
			{feed.Organization, orgs[0].ID, feed.Create, 1},
			{feed.Organization, orgs[1].ID, feed.Create, 1},
			{feed.Standard, tea.ID, feed.Create, 1},
			{feed.Standard, draft.ID, feed.Create, 1},
			{feed.Standard, later.ID, feed.Create, 1},
		}
		if diff := cmp.Diff(all, createdOf(feedOf(t, db, standard.Visibility{AllDrafts: true}))); diff != "" {
			t.Errorf("everything (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]created{all[0], all[1], all[2], all[4]}, createdOf(feedOf(t, db, standard.Visibility{}))); diff != "" {
			t.Errorf("the public (-want +got):\n%s", diff)
		}
	})
}
