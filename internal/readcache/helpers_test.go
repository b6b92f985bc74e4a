package readcache_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/paging"
	"stdreg/internal/readcache"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// counting is the real store with a count of the reads that reach it, so a
// test can tell an answer from memory from one from the database.
type counting struct {
	registry.Store
	reads atomic.Int64
	// replacedBy counts the ReplacedBy lookups that reach the store.
	replacedBy atomic.Int64
	// after, when set, runs after a lookup by number has read the
	// database and before it answers: a test holds a load there.
	after atomic.Pointer[func()]
}

func (c *counting) GetStandard(ctx context.Context, id string) (standard.Standard, error) {
	c.reads.Add(1)
	return c.Store.GetStandard(ctx, id)
}

func (c *counting) GetStandardByCode(ctx context.Context, normalized string) (standard.Standard, error) {
	c.reads.Add(1)
	st, err := c.Store.GetStandardByCode(ctx, normalized)
	if after := c.after.Load(); after != nil {
		(*after)()
	}
	return st, err
}

func (c *counting) ReplacedBy(ctx context.Context, codes []string) (map[string][]string, error) {
	c.replacedBy.Add(1)
	return c.Store.ReplacedBy(ctx, codes)
}

func (c *counting) ListStandards(ctx context.Context, q standard.ListQuery) (paging.Page[standard.Standard], error) {
	c.reads.Add(1)
	return c.Store.ListStandards(ctx, q)
}

func (c *counting) Facets(ctx context.Context, f standard.Filter, names []string) (map[string][]standard.FacetCount, error) {
	c.reads.Add(1)
	return c.Store.Facets(ctx, f, names)
}

// fixture is a registry reading through the cache, on a database with a
// few of Zhejiang's tea standards.
type fixture struct {
	db       storetest.Database
	inner    *counting
	cache    registry.Store
	registry *registry.Service
	ctx      context.Context // the operator's
	org      standard.Organization
	longjing standard.Standard // DB33/T 1234-2024, published
	anji     standard.Standard // DB33/T 2100-2023, published
}

func newFixture(t *testing.T, db storetest.Database) *fixture {
	t.Helper()
	f := &fixture{db: db, inner: &counting{Store: db.Store}, ctx: access.WithCaller(context.Background(), access.Operator())}
	f.cache = readcache.Wrap(f.inner, db.Store, readcache.Options{MaxBytes: 4 << 20})
	f.registry = registry.New(f.cache, time.Now, standard.DefaultCycleRules())
	var err error
	f.org, err = f.registry.CreateOrganization(f.ctx, standard.Organization{Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, Region: "330000"})
	if err != nil {
		t.Fatal(err)
	}
	f.longjing = f.create(t, f.ctx, standard.Standard{Code: "DB33/T 1234-2024", Kind: standard.KindLocal, TitleZH: "西湖龙井茶叶 加工技术规程",
		ICS: []string{"67.140.10"}, Stage: standard.StagePublished, ApprovedOn: day("2023-12-20"), PublishedOn: day("2024-01-15"),
		DraftingUnits: []string{"杭州市农业科学研究院"}, Designations: []standard.Designation{{Type: standard.DesignationZhejiangStandard, Year: 2025, Reference: "浙江标准 2025-003"}}})
	f.anji = f.create(t, f.ctx, standard.Standard{Code: "DB33/T 2100-2023", Kind: standard.KindLocal, TitleZH: "地理标志产品 安吉白茶 茶叶加工",
		ICS: []string{"67.140.10"}, Stage: standard.StagePublished, ApprovedOn: day("2023-05-10"), PublishedOn: day("2023-06-01")})
	db.WaitSignalled(t) // the signals of the writes above are in: the next reads are remembered
	return f
}

func (f *fixture) create(t *testing.T, ctx context.Context, in standard.Standard) standard.Standard {
	t.Helper()
	in.OrganizationID = f.org.ID
	st, err := f.registry.CreateStandard(ctx, in)
	if err != nil {
		t.Fatalf("register %s %s: %v", in.Code, in.TitleZH, err)
	}
	return st
}

// renameLongjing changes the Chinese title of DB33/T 1234-2024 through
// reg: this process's cached registry, or another's.
func (f *fixture) renameLongjing(t *testing.T, reg *registry.Service, title string) {
	t.Helper()
	if _, err := reg.UpdateStandard(f.ctx, f.longjing.ID, nil, func(s standard.Standard) (standard.Standard, error) {
		s.TitleZH = title
		return s, nil
	}); err != nil {
		t.Fatalf("rename %s: %v", f.longjing.Code, err)
	}
}

// lookupAsync looks code up on a goroutine of its own; the answer comes on
// the channel.
// registerAssociation registers 浙江省茶叶产业协会 through the cache.
func (f *fixture) registerAssociation(t *testing.T) {
	t.Helper()
	if _, err := f.registry.CreateOrganization(f.ctx, standard.Organization{Name: "浙江省茶叶产业协会", Kind: standard.OrgAssociation, Region: "330100"}); err != nil {
		t.Fatal(err)
	}
}

// renameOrganization renames the fixture's organization through the cache.
func (f *fixture) renameOrganization(t *testing.T) {
	t.Helper()
	_, err := f.registry.UpdateOrganization(f.ctx, f.org.ID, nil, func(o standard.Organization) (standard.Organization, error) {
		o.Name = "浙江省标准化研究院（浙江省产品质量安全检测研究院）"
		return o, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) lookupAsync(t *testing.T, code string) <-chan standard.Standard {
	answer := make(chan standard.Standard, 1)
	go func() {
		st, err := f.registry.LookupStandard(f.ctx, code)
		if err != nil {
			t.Errorf("lookup %s: %v", code, err)
		}
		answer <- st
	}()
	return answer
}

// reads is how many reads reached the database so far.
func (f *fixture) reads() int64 { return f.inner.reads.Load() }

// teaSearch is the first page of a search for 茶叶 as the operator asks.
func teaSearch() standard.ListQuery {
	return standard.ListQuery{Filter: standard.Filter{Q: "茶叶"}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: 20}
}

func titles(p paging.Page[standard.Standard]) []string {
	out := []string{}
	for _, s := range p.Items {
		out = append(out, s.TitleZH)
	}
	return out
}

func day(s string) standard.Date {
	d, err := standard.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// signalWait is how long a change in another process may take to be
// signalled: nothing on SQLite, a notification's trip on PostgreSQL.
const signalWait = 5 * time.Second

// eventually retries check until it passes, at once on SQLite and within
// signalWait on PostgreSQL, and fails with its last complaint.
func eventually(t *testing.T, db storetest.Database, check func() string) {
	t.Helper()
	wait := signalWait
	if db.Config.Driver == "sqlite" {
		wait = 0
	}
	deadline := time.Now().Add(wait)
	for {
		complaint := check()
		if complaint == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(complaint)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
