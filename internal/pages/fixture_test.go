package pages_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"stdreg/api"
	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestMain lends the tests pooled PostgreSQL databases (storetest.Main).
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// today is the fixed "now" of these tests.
var today = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// hostileTitle would run a script on every page that printed it unescaped.
const hostileTitle = `<script>alert("x")</script>茶叶 "引号" & 符号`

// registryFixture is a small registry: a local tea standard with its whole
// history, an unapproved draft (never public), a hostile title, an overdue
// draft, and enough tea standards to fill more than one page.
type registryFixture struct {
	handler  http.Handler
	svc      *registry.Service
	tea      standard.Standard // published, with its history
	draft    standard.Standard // proposal: not public
	hostile  standard.Standard
	overdue  standard.Standard // drafting since 2024-01-05, target 15 months
	org      standard.Organization
	teaCount int // public standards q=茶叶 finds
}

func day(s string) standard.Date {
	d, err := standard.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func newFixture(t *testing.T, db storetest.Database) *registryFixture {
	t.Helper()
	svc := registry.New(db.Store, func() time.Time { return today }, standard.DefaultCycleRules())
	ctx := access.WithCaller(context.Background(), access.Operator())
	f := &registryFixture{svc: svc}
	var err error
	f.org, err = svc.CreateOrganization(ctx, standard.Organization{Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, Region: "330100"})
	if err != nil {
		t.Fatal(err)
	}
	create := func(s standard.Standard) standard.Standard {
		t.Helper()
		if s.OrganizationID == "" {
			s.OrganizationID = f.org.ID
		}
		out, err := svc.CreateStandard(ctx, s)
		if err != nil {
			t.Fatalf("register %s: %v", s.TitleZH, err)
		}
		return out
	}
	move := func(id string, to standard.Stage, on, note string) {
		t.Helper()
		if _, _, err := svc.MoveStandard(ctx, id, nil, registry.Move{To: to, OccurredOn: day(on), Note: note}); err != nil {
			t.Fatalf("move %s to %s: %v", id, to, err)
		}
	}
	f.tea = create(standard.Standard{Code: "DB33/T 2901—2025", Kind: standard.KindLocal, TitleZH: "茶叶 绿色生产技术规范", TitleEN: "Tea—Green production", Stage: standard.StageProposal, Region: "330100", DraftingUnits: []string{"浙江省农业科学院"}})
	move(f.tea.ID, standard.StageDrafting, "2024-01-10", "立项")
	move(f.tea.ID, standard.StageConsultation, "2024-06-03", "征求意见")
	move(f.tea.ID, standard.StageReview, "2024-09-02", "技术审查")
	move(f.tea.ID, standard.StageApproval, "2024-12-02", "报批")
	move(f.tea.ID, standard.StagePublished, "2025-03-03", "批准发布")
	if f.tea, err = svc.GetStandard(ctx, f.tea.ID); err != nil {
		t.Fatal(err)
	}
	f.draft = create(standard.Standard{Kind: standard.KindLocal, TitleZH: "茶叶 未立项的保密草案", Stage: standard.StageProposal, Region: "330100"})
	f.hostile = create(standard.Standard{Code: "T/ZZB 9001—2024", Kind: standard.KindGroup, TitleZH: hostileTitle, Stage: standard.StagePublished,
		ApprovedOn: day("2023-02-01"), PublishedOn: day("2024-02-01"), Region: "330200"})
	f.overdue = create(standard.Standard{Kind: standard.KindLocal, TitleZH: "未来社区 建设规范", Stage: standard.StageProposal, Region: "330300"})
	move(f.overdue.ID, standard.StageDrafting, "2024-01-05", "立项")
	for i := range 22 {
		create(standard.Standard{Code: fmt.Sprintf("DB33/T %d—2023", 3000+i), Kind: standard.KindLocal, TitleZH: fmt.Sprintf("茶叶 第%d部分：加工", i+1),
			Stage: standard.StagePublished, ApprovedOn: day("2022-01-10"), PublishedOn: day(fmt.Sprintf("2023-%02d-01", i%12+1)), Region: "330100"})
	}
	f.teaCount = 1 + 1 + 22 // tea, hostile, the parts; not the draft
	f.handler = httpapi.New(svc, db.Store.Ping, storetest.Logger(), httpapi.Options{BodyLimit: 1 << 20, PageTokenKey: []byte("pages test"), OpenAPI: api.OpenAPI})
	return f
}

// get answers a GET of path, as a browser without credentials sends it.
func (f *registryFixture) get(t *testing.T, path string, headers ...string) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body), rec.Result().Header
}
