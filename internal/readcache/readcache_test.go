package readcache_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/fault"
	"stdreg/internal/readcache"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
	"stdreg/internal/tabular"
)

func TestRepeatedReadsComeFromMemory(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		for _, tc := range []struct {
			name string
			read func() (any, error)
		}{
			{"lookup of a number typed loosely", func() (any, error) { return f.registry.LookupStandard(f.ctx, "db33/t1234—2024") }},
			{"lookup of a number not registered", func() (any, error) { return f.registry.LookupStandard(f.ctx, "DB33/T 9999-2024") }},
			{"one standard", func() (any, error) { return f.registry.GetStandard(f.ctx, f.anji.ID) }},
			{"search for 茶叶", func() (any, error) { return f.registry.ListStandards(f.ctx, teaSearch()) }},
			{"local standards by number, second page", func() (any, error) {
				q := standard.ListQuery{Filter: standard.Filter{Kind: standard.KindLocal}, Sort: standard.Sort{Key: standard.SortCode}, Limit: 1}
				first, err := f.registry.ListStandards(f.ctx, q)
				if err != nil {
					return nil, err
				}
				q.After = first.Next
				return f.registry.ListStandards(f.ctx, q)
			}},
			{"facets of 茶叶", func() (any, error) {
				return f.registry.Facets(f.ctx, standard.Filter{Q: "茶叶"}, []string{"kind", "year", "designation"})
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := f.reads()
				first, firstErr := tc.read()
				fromDB := f.reads() - before
				second, secondErr := tc.read()
				if again := f.reads() - before - fromDB; again != 0 {
					t.Errorf("repeating the read reached the database %d more times, want none", again)
				}
				if fromDB == 0 {
					t.Error("the first read never reached the database")
				}
				if diff := cmp.Diff(first, second); diff != "" {
					t.Errorf("the repeated answer differs (-first +second):\n%s", diff)
				}
				if fault.CodeOf(firstErr) != fault.CodeOf(secondErr) || (firstErr == nil) != (secondErr == nil) {
					t.Errorf("errors differ: %v, then %v", firstErr, secondErr)
				}
			})
		}
	})
}

// TestOwnWritesAreSeenAtOnce: after a write through the cache, the next
// read goes to the database, whatever the store's signal is doing.
func TestOwnWritesAreSeenAtOnce(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		for _, tc := range []struct {
			name  string
			write func(t *testing.T)
			check func() string // reads that must show the write; what is wrong if they do not
		}{
			{"title changed", func(t *testing.T) {
				f.renameLongjing(t, f.registry, "龙井茶 加工技术规程 茶叶")
			}, func() string {
				st, err := f.registry.LookupStandard(f.ctx, "DB33/T 1234-2024")
				if err != nil || st.TitleZH != "龙井茶 加工技术规程 茶叶" {
					return fmt.Sprintf("lookup after the change: %q, %v", st.TitleZH, err)
				}
				return ""
			}},
			{"standard registered", func(t *testing.T) {
				f.create(t, f.ctx, standard.Standard{Code: "DB33/T 3001-2025", Kind: standard.KindLocal, TitleZH: "茶叶 感官审评方法",
					Stage: standard.StagePublished, ApprovedOn: day("2025-03-01"), PublishedOn: day("2025-04-01")})
			}, func() string {
				page, err := f.registry.ListStandards(f.ctx, teaSearch())
				if err != nil || len(page.Items) != 3 {
					return fmt.Sprintf("search after registering: %q, %v; want three", titles(page), err)
				}
				if _, err := f.registry.LookupStandard(f.ctx, "DB33/T 3001-2025"); err != nil {
					return fmt.Sprintf("lookup of the new number: %v", err)
				}
				return ""
			}},
			{"standard withdrawn", func(t *testing.T) {
				_, _, err := f.registry.MoveStandard(f.ctx, f.anji.ID, nil, registry.Move{To: standard.StageWithdrawn, OccurredOn: f.registry.Today(), Note: "被 DB33/T 3001-2025 代替"})
				if err != nil {
					t.Fatal(err)
				}
			}, func() string {
				st, err := f.registry.GetStandard(f.ctx, f.anji.ID)
				if err != nil || st.Stage != standard.StageWithdrawn {
					return fmt.Sprintf("after withdrawal: stage %s, %v", st.Stage, err)
				}
				facets, err := f.registry.Facets(f.ctx, standard.Filter{Q: "茶叶"}, []string{"stage"})
				if err != nil || !cmp.Equal(facets["stage"], []standard.FacetCount{{Value: "published", Count: 2}, {Value: "withdrawn", Count: 1}}) {
					return fmt.Sprintf("stage facet after withdrawal: %v, %v", facets, err)
				}
				return ""
			}},
			{"draft deleted", func(t *testing.T) {
				draft := f.create(t, f.ctx, standard.Standard{Kind: standard.KindLocal, TitleZH: "茶叶 冷链物流规范", Stage: standard.StageProposal})
				if page, _ := f.registry.ListStandards(f.ctx, teaSearch()); len(page.Items) != 4 {
					t.Fatalf("search with the draft: %q, want four", titles(page))
				}
				if err := f.registry.DeleteStandard(f.ctx, draft.ID, nil); err != nil {
					t.Fatal(err)
				}
			}, func() string {
				if page, err := f.registry.ListStandards(f.ctx, teaSearch()); err != nil || len(page.Items) != 3 {
					return fmt.Sprintf("search after deleting the draft: %q, %v; want three", titles(page), err)
				}
				return ""
			}},
			{"organization registered", f.registerAssociation, nil},
			{"organization renamed", f.renameOrganization, nil},
			{"import that writes nothing", func(t *testing.T) {
				if err := f.cache.Import(f.ctx, func(registry.ImportWriter) error { return nil }); err != nil {
					t.Fatal(err)
				}
			}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// The reads the check makes, and one more, remembered
				// before the write (the check fails then).
				reads := func() string {
					complaint := ""
					if tc.check != nil {
						complaint = tc.check()
					}
					if _, err := f.registry.LookupStandard(f.ctx, "DB33/T 1234-2024"); err != nil {
						t.Fatal(err)
					}
					return complaint
				}
				db.WaitSignalled(t)
				reads()
				tc.write(t)
				before := f.reads()
				if complaint := reads(); complaint != "" {
					t.Error(complaint)
				}
				if f.reads() == before {
					t.Error("no read after the write reached the database")
				}
				db.WaitSignalled(t) // the store's own signal of the write, if any, is in
				reads()
				before = f.reads()
				reads()
				if again := f.reads() - before; again != 0 {
					t.Errorf("reads repeated after the write reached the database %d times, want none", again)
				}
			})
		}
	})
}

// TestOwnWritesNeedNoSignal: with the database's change signal silenced,
// a write through the cache is still seen by the next read (the cache
// counts its own writes), while another process's write is not (so the
// answers do come from memory).
func TestOwnWritesNeedNoSignal(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		db.SilenceChangeSignal(t)
		db.WaitSignalled(t)
		lookup := func() string {
			st, err := f.registry.LookupStandard(f.ctx, "DB33/T 1234-2024")
			if err != nil {
				t.Fatal(err)
			}
			return st.TitleZH
		}
		lookup()
		if _, err := db.Raw(t).Exec("UPDATE standards SET title_zh = '另一进程改的标题' WHERE normalized_code = 'DB33/T 1234-2024'"); err != nil {
			t.Fatal(err)
		}
		if got := lookup(); got != "西湖龙井茶叶 加工技术规程" {
			t.Fatalf("lookup answers %q, want the remembered title (the signal is silenced)", got)
		}
		f.renameLongjing(t, f.registry, "西湖龙井茶 加工技术规程（2026）")
		if got := lookup(); got != "西湖龙井茶 加工技术规程（2026）" {
			t.Errorf("lookup after our own change answers %q", got)
		}
	})
}

// TestEveryInvalidatingWriteMissesTheCache: for each write methods.go
// classes as invalidating, a read remembered before it is not served after
// it. The database's change signal is silenced, so only the cache's count
// of this process's writes can tell it that the data changed: a write that
// forgot to count fails here.
func TestEveryInvalidatingWriteMissesTheCache(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		db.SilenceChangeSignal(t)
		db.WaitSignalled(t)
		var draft standard.Standard     // deleted by DeleteStandard
		var spare standard.Organization // deleted by DeleteOrganization
		cases := []struct {
			method string
			setup  func(t *testing.T) // before the reads are remembered
			write  func(t *testing.T) // through the registry, so through the cache
			check  func() string      // reads that must show the write; what is wrong if they do not
		}{
			{"CreateStandard", nil, func(t *testing.T) {
				f.create(t, f.ctx, standard.Standard{Code: "DB33/T 3001-2025", Kind: standard.KindLocal, TitleZH: "茶叶 感官审评方法",
					Stage: standard.StagePublished, ApprovedOn: day("2025-03-01"), PublishedOn: day("2025-04-01")})
			}, func() string {
				if _, err := f.registry.LookupStandard(f.ctx, "DB33/T 3001-2025"); err != nil {
					return fmt.Sprintf("lookup of the new number: %v", err)
				}
				return ""
			}},
			{"UpdateStandard", nil, func(t *testing.T) {
				f.renameLongjing(t, f.registry, "西湖龙井茶 加工技术规程（修订）")
			}, func() string {
				if st, err := f.registry.GetStandard(f.ctx, f.longjing.ID); err != nil || st.TitleZH != "西湖龙井茶 加工技术规程（修订）" {
					return fmt.Sprintf("after the rename: %q, %v", st.TitleZH, err)
				}
				return ""
			}},
			{"DeleteStandard", func(t *testing.T) {
				draft = f.create(t, f.ctx, standard.Standard{Kind: standard.KindLocal, TitleZH: "茶叶 冷链物流规范", Stage: standard.StageProposal})
			}, func(t *testing.T) {
				if err := f.registry.DeleteStandard(f.ctx, draft.ID, nil); err != nil {
					t.Fatal(err)
				}
			}, func() string {
				if _, err := f.registry.GetStandard(f.ctx, draft.ID); fault.CodeOf(err) != fault.CodeNotFound {
					return fmt.Sprintf("the deleted draft by id: %v, want not found", err)
				}
				return ""
			}},
			{"MoveStandard", nil, func(t *testing.T) {
				_, _, err := f.registry.MoveStandard(f.ctx, f.anji.ID, nil, registry.Move{To: standard.StageWithdrawn, OccurredOn: f.registry.Today()})
				if err != nil {
					t.Fatal(err)
				}
			}, func() string {
				facets, err := f.registry.Facets(f.ctx, standard.Filter{Q: "茶叶"}, []string{"stage"})
				if err != nil || !slices.ContainsFunc(facets["stage"], func(c standard.FacetCount) bool { return c.Value == "withdrawn" }) {
					return fmt.Sprintf("stage facet after the withdrawal: %v, %v", facets, err)
				}
				return ""
			}},
			{"CorrectStandard", nil, func(t *testing.T) {
				_, err := f.registry.CorrectStandard(f.ctx, f.anji.ID, nil, standard.Correction{Field: "approved_on", OccurredOn: day("2023-04-10"), Reason: "立项日期以计划文件为准"})
				if err != nil {
					t.Fatal(err)
				}
			}, func() string {
				st, err := f.registry.GetStandard(f.ctx, f.anji.ID)
				if err != nil || st.ApprovedOn != day("2023-04-10") {
					return fmt.Sprintf("approved_on after the correction: %v, %v", st.ApprovedOn, err)
				}
				return ""
			}},
			{"Import", nil, func(t *testing.T) {
				rows := []tabular.Row{{Number: 2, Standard: standard.Standard{Code: "DB33/T 3002-2025", Kind: standard.KindLocal, TitleZH: "茶叶 包装通用要求",
					Stage: standard.StagePublished, ApprovedOn: day("2025-05-01"), PublishedOn: day("2025-06-01"), OrganizationID: f.org.ID}}}
				report, err := f.registry.Import(f.ctx, func() (tabular.Row, error) {
					if len(rows) == 0 {
						return tabular.Row{}, io.EOF
					}
					row := rows[0]
					rows = rows[1:]
					return row, nil
				}, registry.ImportOptions{})
				if err != nil || report.Created != 1 {
					t.Fatalf("import: %+v, %v", report, err)
				}
			}, func() string {
				page, err := f.registry.ListStandards(f.ctx, teaSearch())
				if err != nil || !slices.Contains(titles(page), "茶叶 包装通用要求") {
					return fmt.Sprintf("search after the import: %q, %v", titles(page), err)
				}
				return ""
			}},
			// No cached answer shows an organization's fields: that the
			// lookup every case remembers misses after the write is the
			// check.
			{"CreateOrganization", nil, f.registerAssociation, nil},
			{"UpdateOrganization", nil, f.renameOrganization, nil},
			{"DeleteOrganization", func(t *testing.T) {
				var err error
				spare, err = f.registry.CreateOrganization(f.ctx, standard.Organization{Name: "宁波市标准化研究院", Kind: standard.OrgInstitute, Region: "330200"})
				if err != nil {
					t.Fatal(err)
				}
			}, func(t *testing.T) {
				if err := f.registry.DeleteOrganization(f.ctx, spare.ID, nil); err != nil {
					t.Fatal(err)
				}
			}, nil},
		}
		var covered []string
		for _, tc := range cases {
			covered = append(covered, tc.method)
		}
		slices.Sort(covered)
		if diff := cmp.Diff(readcache.Invalidating(), covered); diff != "" {
			t.Fatalf("the cases are not the methods classed invalidating (-classed +cases):\n%s", diff)
		}

		for _, tc := range cases {
			t.Run(tc.method, func(t *testing.T) {
				if tc.setup != nil {
					tc.setup(t)
				}
				// Every signal of the writes before (the setup's, the last
				// case's) is in, so none empties the cache between the
				// two reads below.
				db.WaitSignalled(t)
				// The check's reads and a lookup, remembered before the
				// write (the check fails then).
				reads := func() string {
					complaint := ""
					if tc.check != nil {
						complaint = tc.check()
					}
					if _, err := f.registry.LookupStandard(f.ctx, "DB33/T 1234-2024"); err != nil {
						t.Fatal(err)
					}
					return complaint
				}
				if complaint := reads(); tc.check != nil && complaint == "" {
					t.Fatal("the check passes before the write")
				}
				before := f.reads()
				reads()
				if f.reads() != before {
					t.Fatal("the reads are not served from memory before the write")
				}
				tc.write(t)
				before = f.reads()
				if complaint := reads(); complaint != "" {
					t.Error(complaint)
				}
				if f.reads() == before {
					t.Errorf("the reads remembered before %s were served after it", tc.method)
				}
			})
		}
	})
}

// TestOtherProcessesWritesAreSeen: a second store on the same database,
// with its own registry and no cache, stands for `stdreg import` or another
// instance of the service.
func TestOtherProcessesWritesAreSeen(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		other, err := store.Open(context.Background(), db.Config, storetest.Logger())
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = other.Close() }()
		elsewhere := registry.New(other, time.Now, standard.DefaultCycleRules())

		for _, tc := range []struct {
			name  string
			write func(t *testing.T)
			check func() string
		}{
			{"title changed", func(t *testing.T) {
				f.renameLongjing(t, elsewhere, "西湖龙井茶 加工技术规程（第2版）茶叶")
			}, func() string {
				st, err := f.registry.LookupStandard(f.ctx, "DB33/T 1234-2024")
				if err != nil || st.TitleZH != "西湖龙井茶 加工技术规程（第2版）茶叶" {
					return fmt.Sprintf("lookup still answers %q (%v)", st.TitleZH, err)
				}
				return ""
			}},
			{"standard registered", func(t *testing.T) {
				in := standard.Standard{Code: "T/ZZB 0345-2022", Kind: standard.KindGroup, TitleZH: "绿茶 茶叶 浙江制造", Stage: standard.StagePublished,
					ApprovedOn: day("2022-08-01"), PublishedOn: day("2022-09-01")}
				if _, err := elsewhere.CreateStandard(f.ctx, in); err != nil {
					t.Fatal(err)
				}
			}, func() string {
				if _, err := f.registry.LookupStandard(f.ctx, "T/ZZB 0345-2022"); err != nil {
					return fmt.Sprintf("lookup of the new number: %v", err)
				}
				if page, err := f.registry.ListStandards(f.ctx, teaSearch()); err != nil || len(page.Items) != 3 {
					return fmt.Sprintf("search for 茶叶 finds %q (%v), want three", titles(page), err)
				}
				return ""
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// Remember the answers as they stand, and make sure they
				// are remembered.
				db.WaitSignalled(t)
				if tc.check() == "" {
					t.Fatal("the check passes before the write")
				}
				before := f.reads()
				_ = tc.check()
				if f.reads() != before {
					t.Fatal("the reads are not served from memory before the write")
				}
				tc.write(t)
				eventually(t, db, tc.check)
			})
		}
	})
}

// TestPrivateDraftsStayPrivate: a draft remembered for the editor who owns
// it is not served to anyone who may not see it.
func TestPrivateDraftsStayPrivate(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		rival, err := f.registry.CreateOrganization(f.ctx, standard.Organization{Name: "宁波市标准化研究院", Kind: standard.OrgInstitute, Region: "330200"})
		if err != nil {
			t.Fatal(err)
		}
		owner := access.WithCaller(context.Background(), access.Caller{KeyID: "0190c2a4-0000-7000-8000-000000000001", KeyName: "浙江省标准化研究院 录入", Role: access.RoleEditor, OrganizationID: f.org.ID})
		draft := f.create(t, owner, standard.Standard{Code: "DB33/T 4001-2026", Kind: standard.KindLocal, TitleZH: "茶叶 数字化加工车间建设规范（征求意见稿）", Stage: standard.StageProposal})

		// The owner reads it, so the cache remembers it.
		for range 2 {
			if _, err := f.registry.GetStandard(owner, draft.ID); err != nil {
				t.Fatalf("owner reads its draft: %v", err)
			}
			if page, err := f.registry.ListStandards(owner, teaSearch()); err != nil || len(page.Items) != 3 {
				t.Fatalf("owner searches: %q, %v; want its draft among three", titles(page), err)
			}
		}
		for _, tc := range []struct {
			name   string
			caller access.Caller
			sees   bool
		}{
			{"anonymous", access.Caller{}, false},
			{"editor of another organization", access.Caller{KeyID: "0190c2a4-0000-7000-8000-000000000002", Role: access.RoleEditor, OrganizationID: rival.ID}, false},
			{"auditor", access.Caller{KeyID: "0190c2a4-0000-7000-8000-000000000003", Role: access.RoleAuditor}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx := access.WithCaller(context.Background(), tc.caller)
				for range 2 { // the second time from memory
					_, err := f.registry.GetStandard(ctx, draft.ID)
					if seen := err == nil; seen != tc.sees {
						t.Errorf("by id: seen %v (%v), want %v", seen, err, tc.sees)
					}
					_, err = f.registry.LookupStandard(ctx, "DB33/T 4001-2026")
					if seen := err == nil; seen != tc.sees {
						t.Errorf("by number: seen %v (%v), want %v", seen, err, tc.sees)
					}
					page, err := f.registry.ListStandards(ctx, teaSearch())
					if err != nil {
						t.Fatal(err)
					}
					if seen := len(page.Items) == 3; seen != tc.sees {
						t.Errorf("search finds %q; draft seen %v, want %v", titles(page), seen, tc.sees)
					}
				}
			})
		}
	})
}

// TestAnswersAreCopies: what one caller does to the answer it got does not
// change what the next one gets.
func TestAnswersAreCopies(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		st, err := f.registry.GetStandard(f.ctx, f.longjing.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.ICS[0] = "00.000"
		st.DraftingUnits = append(st.DraftingUnits[:0], "篡改单位")
		st.Designations[0].Reference = "篡改"
		page, err := f.registry.ListStandards(f.ctx, teaSearch())
		if err != nil {
			t.Fatal(err)
		}
		page.Items[0].TitleZH = "篡改标题"
		page.Items[0].ICS[0] = "00.000"
		facets, err := f.registry.Facets(f.ctx, standard.Filter{Q: "茶叶"}, []string{"kind"})
		if err != nil {
			t.Fatal(err)
		}
		facets["kind"][0].Count = 999
		delete(facets, "kind")

		before := f.reads()
		again, err := f.registry.GetStandard(f.ctx, f.longjing.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(f.longjing.ICS, again.ICS); diff != "" || again.DraftingUnits[0] != "杭州市农业科学研究院" || again.Designations[0].Reference != "浙江标准 2025-003" {
			t.Errorf("the remembered standard changed: %+v", again)
		}
		page, err = f.registry.ListStandards(f.ctx, teaSearch())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Items {
			if s.TitleZH == "篡改标题" || s.ICS[0] == "00.000" {
				t.Errorf("the remembered page changed: %+v", s)
			}
		}
		facets, err = f.registry.Facets(f.ctx, standard.Filter{Q: "茶叶"}, []string{"kind"})
		if err != nil || !cmp.Equal(facets["kind"], []standard.FacetCount{{Value: "local", Count: 2}}) {
			t.Errorf("the remembered facets changed: %v, %v", facets, err)
		}
		if f.reads() != before {
			t.Error("the reads were not served from memory")
		}
	})
}

// TestWhatIsNotRemembered: failures other than "not found" go to the
// database every time.
func TestWhatIsNotRemembered(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		for _, tc := range []struct {
			name string
			read func() error
		}{
			{"a failure", func() error {
				_, err := f.cache.ListStandards(f.ctx, standard.ListQuery{Sort: standard.Sort{Key: "标准号"}, Limit: 20})
				if err == nil {
					return fmt.Errorf("an unknown sort was accepted")
				}
				return nil
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := f.reads()
				for range 2 {
					if err := tc.read(); err != nil {
						t.Fatal(err)
					}
				}
				if n := f.reads() - before; n != 2 {
					t.Errorf("two reads reached the database %d times, want 2", n)
				}
			})
		}
	})
}

// TestListenerLossBypassesTheCache: while PostgreSQL's listener is gone,
// every read goes to the database (and sees changes nobody signalled);
// once it is back, reads are remembered again.
func TestListenerLossBypassesTheCache(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres)
	f := newFixture(t, db)
	raw := db.Raw(t)
	if err := raw.Ping(); err != nil { // its session is open before the cut
		t.Fatal(err)
	}
	lookup := func() string {
		st, err := f.registry.LookupStandard(f.ctx, "DB33/T 1234-2024")
		if err != nil {
			t.Fatal(err)
		}
		return st.TitleZH
	}
	lookup()
	before := f.reads()
	lookup()
	if f.reads() != before {
		t.Fatal("the lookup is not served from memory")
	}

	reconnect := db.CutChangeListener(t)
	deadline := time.Now().Add(signalWait)
	for {
		if _, ok := db.Store.Generation(context.Background()); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the store still vouches for its generation with its listener gone")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := raw.Exec("UPDATE standards SET title_zh = '西湖龙井茶 加工技术规程（修订）' WHERE normalized_code = 'DB33/T 1234-2024'"); err != nil {
		t.Fatal(err)
	}
	before = f.reads()
	for range 2 {
		if got := lookup(); got != "西湖龙井茶 加工技术规程（修订）" {
			t.Errorf("lookup without a listener answers %q, want the changed title", got)
		}
	}
	if n := f.reads() - before; n != 2 {
		t.Errorf("two lookups without a listener reached the database %d times, want 2", n)
	}

	reconnect()
	db.WaitVouched(t)
	lookup()
	before = f.reads()
	lookup()
	if f.reads() != before {
		t.Error("the lookup is not served from memory once the listener is back")
	}
}

func TestZeroBytesIsNoCache(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverSQLite)
	var inner registry.Store = db.Store
	if got := readcache.Wrap(inner, db.Store, readcache.Options{MaxBytes: 0}); got != inner {
		t.Errorf("Wrap with no bytes returned %T, want the store itself", got)
	}
}

// TestConcurrentMissesShareOneRead: requests that miss the same key at
// once, after a change, wait for one read of the database, and each gets
// its own copy of the answer.
func TestConcurrentMissesShareOneRead(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		release := make(chan struct{})
		hold := func() { <-release }
		f.inner.after.Store(&hold)
		before := f.reads()

		const requests = 16
		answers := make(chan standard.Standard, requests)
		var wg sync.WaitGroup
		for range requests {
			wg.Go(func() {
				st, err := f.registry.LookupStandard(f.ctx, "db33/t1234-2024")
				if err != nil {
					t.Errorf("lookup: %v", err)
				}
				answers <- st
			})
		}
		// Let the requests reach the held read, then let it answer.
		deadline := time.Now().Add(5 * time.Second)
		for f.reads() == before && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		close(release)
		wg.Wait()
		close(answers)

		if got := f.reads() - before; got != 1 {
			t.Errorf("%d concurrent lookups read the database %d times, want once", requests, got)
		}
		seen := map[*string]bool{}
		for st := range answers {
			if st.TitleZH != f.longjing.TitleZH {
				t.Errorf("answer %q, want %q", st.TitleZH, f.longjing.TitleZH)
			}
			if len(st.ICS) > 0 {
				seen[&st.ICS[0]] = true
			}
		}
		if len(seen) != requests {
			t.Errorf("%d answers share their ICS lists; want %d copies", requests-len(seen), requests)
		}
	})
}

// TestReadAfterOwnWriteJoinsNoEarlierRead: a lookup that starts after this
// process changed the standard is not answered by a read that began before
// the change, even while that read is still under way.
func TestReadAfterOwnWriteJoinsNoEarlierRead(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		// Only the first read waits, after reading the old title.
		release, reached := make(chan struct{}), make(chan struct{})
		var first atomic.Bool
		hold := func() {
			if first.CompareAndSwap(false, true) {
				close(reached)
				<-release
			}
		}
		f.inner.after.Store(&hold)

		early := f.lookupAsync(t, "DB33/T 1234—2024")
		<-reached

		const renamed = "西湖龙井茶 加工技术规程"
		f.renameLongjing(t, f.registry, renamed)
		late := f.lookupAsync(t, "DB33/T 1234—2024")
		select {
		case st := <-late:
			if st.TitleZH != renamed {
				t.Errorf("lookup after the rename: %q, want %q", st.TitleZH, renamed)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("the lookup after the rename waited for the read begun before it")
		}
		close(release)
		if st := <-early; st.TitleZH != f.longjing.TitleZH {
			t.Errorf("lookup before the rename: %q, want the old %q", st.TitleZH, f.longjing.TitleZH)
		}
	})
}
