package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/uuid"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/config"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
	"stdreg/internal/tabular"
)

// planWorld is a registry with an organization, two standards, and the
// plan's other records naming them.
type planWorld struct {
	db        storetest.Database
	svc       *registry.Service
	org       standard.Organization
	standards []standard.Standard
}

var importNow = time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)

func operatorCtx() context.Context { return access.WithCaller(context.Background(), access.Operator()) }

func newPlanWorld(t *testing.T, driver config.Driver) planWorld {
	t.Helper()
	db := storetest.New(t, driver)
	return planWorld{db: db, svc: registry.New(db.Store, func() time.Time { return importNow }, standard.DefaultCycleRules())}
}

// seedStandards registers the organization and the standards the records
// name.
func (w *planWorld) seedStandards(t *testing.T) {
	t.Helper()
	ctx := operatorCtx()
	org, err := w.svc.CreateOrganization(ctx, standard.Organization{Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, Region: "330100"})
	if err != nil {
		t.Fatal(err)
	}
	w.org = org
	for _, st := range []standard.Standard{
		{Code: "DB33/T 2349—2021", Kind: standard.KindLocal, TitleZH: "数字化改革 术语定义", Stage: standard.StagePublished,
			ApprovedOn: day("2020-05-01"), PublishedOn: day("2021-06-20"), OrganizationID: org.ID},
		{Kind: standard.KindGroup, TitleZH: "海上风电 运维船 技术条件", Stage: standard.StageProposal, OrganizationID: org.ID},
	} {
		created, err := w.svc.CreateStandard(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		w.standards = append(w.standards, created)
	}
}

// copyStandards registers in w the organization and standards of from,
// with their ids, as a registry restored from the same catalogue would
// hold them: what the plan's records name by id.
func (w *planWorld) copyStandards(t *testing.T, from planWorld) {
	t.Helper()
	ctx := operatorCtx()
	ev := func(action access.Action, kind, id string) audit.Event {
		return audit.Event{ID: uuid.Must(uuid.NewV7()).String(), OccurredAt: importNow, KeyName: "test", Action: action, ResourceType: kind, ResourceID: id,
			Before: json.RawMessage("null"), After: json.RawMessage("null")}
	}
	if err := w.db.Store.CreateOrganization(ctx, from.org, ev(access.CreateOrganization, "organization", from.org.ID)); err != nil {
		t.Fatal(err)
	}
	for _, st := range from.standards {
		reg := standard.Transition{ID: uuid.Must(uuid.NewV7()).String(), StandardID: st.ID, To: st.Stage, OccurredOn: st.PublishedOn, RecordedAt: importNow, Actor: "test"}
		if err := w.db.Store.CreateStandard(ctx, st, reg, ev(access.CreateStandard, "standard", st.ID)); err != nil {
			t.Fatal(err)
		}
	}
	w.org, w.standards = from.org, from.standards
}

// files are a registry's projects, pilots and bodies exported in one
// format.
type files struct{ projects, pilots, bodies []byte }

func exportAll(t *testing.T, w planWorld, f tabular.Format) files {
	t.Helper()
	ctx := operatorCtx()
	return files{
		projects: export(t, f, tabular.Projects, func(each func(standard.Project) error) error {
			return w.svc.ExportProjects(ctx, standard.ProjectQuery{}, each)
		}),
		pilots: export(t, f, tabular.Pilots, func(each func(standard.Pilot) error) error {
			return w.svc.ExportPilots(ctx, standard.PilotQuery{}, each)
		}),
		bodies: export(t, f, tabular.TechnicalBodies, func(each func(standard.TechnicalBody) error) error {
			return w.svc.ExportTechnicalBodies(ctx, standard.TechnicalBodyQuery{}, each)
		}),
	}
}

func export[T any](t *testing.T, f tabular.Format, s tabular.Schema[T], all func(func(T) error) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := tabular.NewRecordWriter(&buf, f, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := all(w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importFile imports a file of records of schema s with opts.
func importFile[T any](t *testing.T, data []byte, f tabular.Format, s tabular.Schema[T], opts registry.ImportOptions,
	run func(context.Context, func() (tabular.Record[T], error), registry.ImportOptions) (registry.ImportReport, error)) registry.ImportReport {
	t.Helper()
	r, err := tabular.NewRecordReader(bytes.NewReader(data), f, s)
	if err != nil {
		t.Fatal(err)
	}
	report, err := run(operatorCtx(), r.Next, opts)
	if err != nil {
		t.Fatal(err)
	}
	return report
}

func (w planWorld) records(t *testing.T) ([]standard.Project, []standard.Pilot, []standard.TechnicalBody) {
	t.Helper()
	ctx := operatorCtx()
	var ps []standard.Project
	var pi []standard.Pilot
	var bs []standard.TechnicalBody
	if err := w.svc.ExportProjects(ctx, standard.ProjectQuery{}, func(p standard.Project) error { ps = append(ps, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.ExportPilots(ctx, standard.PilotQuery{}, func(p standard.Pilot) error { pi = append(pi, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.ExportTechnicalBodies(ctx, standard.TechnicalBodyQuery{}, func(b standard.TechnicalBody) error { bs = append(bs, b); return nil }); err != nil {
		t.Fatal(err)
	}
	return ps, pi, bs
}

// sameRecords compares records but for what a registration makes anew.
var sameRecords = cmp.Options{
	cmpopts.IgnoreFields(standard.Project{}, "ID", "CreatedAt", "UpdatedAt", "Version", "Links"),
	cmpopts.IgnoreFields(standard.Pilot{}, "ID", "CreatedAt", "UpdatedAt", "Version"),
	cmpopts.IgnoreFields(standard.TechnicalBody{}, "ID", "CreatedAt", "UpdatedAt", "Version"),
}

// TestRecordsExportImportRoundTrip exports a registry's projects, pilots
// and technical bodies in each format and imports the files into a
// registry that has none (but the organization and standards they name):
// it then holds the same records. A second import of the same files
// changes nothing.
func TestRecordsExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			t.Parallel()
			source := newPlanWorld(t, driver)
			source.seedStandards(t)
			ctx := operatorCtx()
			published, draft := source.standards[0].ID, source.standards[1].ID
			for _, p := range []standard.Project{
				{Name: "数字化改革 共性关键技术 标准研制", Programme: "尖兵", Category: standard.ProjectKeyGeneric, StartedOn: day("2022-03-01"),
					AcceptedOn: day("2025-12-31"), StandardIDs: []string{published, draft}},
				{Name: "=海洋牧场 生态监测 应用示范", Programme: "领雁", Category: standard.ProjectApplication, StartedOn: day("2024-01-08")},
			} {
				p.OrganizationID = source.org.ID
				if _, err := source.svc.CreateProject(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range []standard.Pilot{
				{Name: "湖州市 城市标准化试点", Kind: standard.PilotCity, Level: standard.PilotProvincial, Region: "330500", ApprovedOn: day("2023-05-18"),
					AcceptedOn: day("2025-11-30"), Status: standard.PilotAccepted},
				{Name: "义乌市 国际贸易 标准化试点", Kind: standard.PilotCity, Level: standard.PilotNational, Region: "330782", ApprovedOn: day("2024-03-01"),
					Status: standard.PilotRevoked, OrganizationID: source.org.ID},
				{Name: "安吉白茶 农业标准化示范区", Kind: standard.PilotDomain, Level: standard.PilotProvincial, ApprovedOn: day("2024-04-01"), Status: standard.PilotBuilding},
			} {
				if _, err := source.svc.CreatePilot(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			for _, b := range []standard.TechnicalBody{
				{Code: "SAC/TC 22/SC 3", Name: "全国信息技术标准化技术委员会 信息安全分技术委员会", Level: standard.BodyNational, SettledOn: day("2024-05-18")},
				{Code: "ZJ/TC 33", Name: "浙江省茶叶标准化技术委员会", Level: standard.BodyProvincial, SettledOn: day("2023-01-10")},
			} {
				b.SecretariatOrganizationID = source.org.ID
				if _, err := source.svc.CreateTechnicalBody(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			wantProjects, wantPilots, wantBodies := source.records(t)

			for _, f := range tabular.Formats {
				t.Run(string(f), func(t *testing.T) {
					file := exportAll(t, source, f)
					target := newPlanWorld(t, driver)
					target.copyStandards(t, source)
					for pass, want := range []registry.ImportReport{
						{Rows: 7, Created: 7, Written: true},
						{Rows: 7, Unchanged: 7, Written: true}, // the same files again: the records are registered
					} {
						var got registry.ImportReport
						for _, r := range []registry.ImportReport{
							importFile(t, file.projects, f, tabular.Projects, registry.ImportOptions{}, target.svc.ImportProjects),
							importFile(t, file.pilots, f, tabular.Pilots, registry.ImportOptions{}, target.svc.ImportPilots),
							importFile(t, file.bodies, f, tabular.TechnicalBodies, registry.ImportOptions{}, target.svc.ImportTechnicalBodies),
						} {
							if len(r.Problems) > 0 || !r.Written {
								t.Errorf("pass %d: %+v", pass, r)
							}
							got.Rows, got.Created, got.Unchanged = got.Rows+r.Rows, got.Created+r.Created, got.Unchanged+r.Unchanged
						}
						got.Written = true
						if d := cmp.Diff(want, got); d != "" {
							t.Errorf("pass %d (-want +got):\n%s", pass, d)
						}
					}
					projects, pilots, bodies := target.records(t)
					for what, d := range map[string]string{
						"projects": cmp.Diff(wantProjects, projects, sameRecords),
						"pilots":   cmp.Diff(wantPilots, pilots, sameRecords),
						"bodies":   cmp.Diff(wantBodies, bodies, sameRecords),
					} {
						if d != "" {
							t.Errorf("%s (-exported +imported):\n%s", what, d)
						}
					}
				})
			}
		})
	}
}

// TestRecordsImportModes: an all-or-nothing import with a bad row writes
// nothing and names every bad row's cells; skip_invalid writes the good
// rows; a dry run writes nothing; on_conflict=update changes a registered
// record (by its identity) as a PATCH would, with its audit event; a
// repeat within the file is refused.
func TestRecordsImportModes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		w := planWorld{db: db, svc: registry.New(db.Store, func() time.Time { return importNow }, standard.DefaultCycleRules())}
		w.seedStandards(t)
		ctx := operatorCtx()
		if _, err := w.svc.CreatePilot(ctx, standard.Pilot{Name: "衢州市 城市标准化试点", Kind: standard.PilotCity, Level: standard.PilotProvincial,
			Region: "330800", ApprovedOn: day("2023-02-01"), Status: standard.PilotBuilding}); err != nil {
			t.Fatal(err)
		}
		pilots := func(rows ...string) []byte {
			return []byte("试点名称,试点类型,级别,行政区划,批准日期,验收日期,状态\r\n" + strings.Join(rows, "\r\n") + "\r\n")
		}
		good := "丽水市 城市标准化试点,城市,省级,331100,2024-06-01,,建设中"
		bad := "德清县 县域标准化试点,县域,国家级,,2030-01-01,,已验收" // no region, a day ahead, accepted without its day
		revoke := "衢州市 城市标准化试点,城市,省级,330800,2023-02-01,,已撤销"
		count := func() int {
			_, ps, _ := w.records(t)
			return len(ps)
		}
		for _, tc := range []struct {
			name     string
			file     []byte
			opts     registry.ImportOptions
			want     registry.ImportReport
			problems []string // row:field
			pilots   int      // registered afterwards
		}{
			{"all or nothing", pilots(good, bad), registry.ImportOptions{},
				registry.ImportReport{Rows: 2, Created: 1, Rejected: 1}, []string{"3:region", "3:approved_on", "3:accepted_on"}, 1},
			{"dry run", pilots(good), registry.ImportOptions{DryRun: true}, registry.ImportReport{Rows: 1, Created: 1}, nil, 1},
			{"skip invalid", pilots(good, bad), registry.ImportOptions{SkipInvalid: true},
				registry.ImportReport{Rows: 2, Created: 1, Rejected: 1, Written: true}, []string{"3:region", "3:approved_on", "3:accepted_on"}, 2},
			{"a repeat", pilots(revoke, revoke), registry.ImportOptions{Update: true},
				registry.ImportReport{Rows: 2, Updated: 1, Rejected: 1}, []string{"3:"}, 2},
			{"update", pilots(good, revoke), registry.ImportOptions{Update: true},
				registry.ImportReport{Rows: 2, Unchanged: 1, Updated: 1, Written: true}, nil, 2},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := importFile(t, tc.file, tabular.CSV, tabular.Pilots, tc.opts, w.svc.ImportPilots)
				var problems []string
				for _, p := range got.Problems {
					problems = append(problems, strconv.Itoa(p.Row)+":"+p.Field)
				}
				got.Problems = nil
				if d := cmp.Diff(tc.want, got); d != "" {
					t.Errorf("report (-want +got):\n%s", d)
				}
				if d := cmp.Diff(tc.problems, problems, cmpopts.SortSlices(func(a, b string) bool { return a < b })); d != "" {
					t.Errorf("problems (-want +got):\n%s", d)
				}
				if n := count(); n != tc.pilots {
					t.Errorf("%d pilots registered, want %d", n, tc.pilots)
				}
			})
		}
		page, err := w.svc.ListPilots(ctx, standard.PilotQuery{Filter: standard.PilotFilter{Statuses: []standard.PilotStatus{standard.PilotRevoked}}, Limit: 10})
		if err != nil || len(page.Items) != 1 || page.Items[0].Name != "衢州市 城市标准化试点" || page.Items[0].Version != 2 {
			t.Fatalf("the revoked pilot: %+v, %v", page.Items, err)
		}
		events, err := db.Store.ListAuditEvents(ctx, audit.Filter{ResourceID: page.Items[0].ID, Action: access.UpdatePilot}, nil, 10)
		if err != nil || len(events.Items) != 1 {
			t.Errorf("the pilot's update events: %+v, %v", events.Items, err)
		}

		// A row the database refuses (an organization that does not exist:
		// its foreign key) is refused alone, in its savepoint: the rows
		// after it are written in the same transaction.
		projects := []byte("项目名称,科技计划,项目类别,承担单位ID\r\n" +
			"未来工厂 共性关键技术,尖兵,共性关键技术,0190a1b2-0000-7000-8000-0000000000aa\r\n" +
			"未来工厂 应用示范,领雁,应用类," + w.org.ID + "\r\n")
		got := importFile(t, projects, tabular.CSV, tabular.Projects, registry.ImportOptions{SkipInvalid: true}, w.svc.ImportProjects)
		if got.Created != 1 || got.Rejected != 1 || !got.Written || len(got.Problems) != 1 || got.Problems[0].Field != "organization_id" {
			t.Errorf("projects: %+v", got)
		}
		if ps, _, _ := w.records(t); len(ps) != 1 || ps[0].Name != "未来工厂 应用示范" {
			t.Errorf("projects registered: %+v", ps)
		}
	})
}
