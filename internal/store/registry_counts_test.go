package store_test

import (
	"context"
	"testing"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestRegistryCounts: on a known set of projects, pilots and technical
// bodies, the counts behind tech_projects_share, city_pilots and
// technical_bodies, over the plan's period and a shorter one, with the
// issue's edges: accepted, approved or settled on the period's first and
// last days; a project with only a terminated draft, or only an
// unapproved one; revoked pilots; bodies settled before the period.
func TestRegistryCounts(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := access.WithCaller(context.Background(), access.Operator())
		now := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
		svc := registry.New(db.Store, func() time.Time { return now }, standard.DefaultCycleRules())
		org, err := svc.CreateOrganization(ctx, standard.Organization{Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, Region: "330100"})
		if err != nil {
			t.Fatal(err)
		}
		newStandard := func(title string, stage standard.Stage, moves ...standard.Stage) string {
			t.Helper()
			st := standard.Standard{Kind: standard.KindLocal, TitleZH: title, Stage: stage, OrganizationID: org.ID}
			if stage == standard.StagePublished {
				st.Code, st.ApprovedOn, st.PublishedOn = "DB33/T 2349—2021", day("2020-05-01"), day("2021-06-20")
			}
			created, err := svc.CreateStandard(ctx, st)
			if err != nil {
				t.Fatalf("%s: %v", title, err)
			}
			for i, to := range moves {
				if _, _, err := svc.MoveStandard(ctx, created.ID, nil, registry.Move{To: to, OccurredOn: standard.AddDays(day("2024-01-01"), i)}); err != nil {
					t.Fatalf("%s to %s: %v", title, to, err)
				}
			}
			return created.ID
		}
		published := newStandard("数字化改革 术语定义", standard.StagePublished)
		drafting := newStandard("柔性直流输电 换流阀 技术规范", standard.StageProposal, standard.StageDrafting)
		terminated := newStandard("氢燃料电池 加氢站 运营规范", standard.StageProposal, standard.StageDrafting, standard.StageTerminated)
		unapproved := newStandard("未来社区 建设规范", standard.StageProposal)

		for _, p := range []struct {
			name     string
			category standard.ProjectCategory
			accepted string
			ids      []string
		}{
			{"accepted on the plan's last day", standard.ProjectKeyGeneric, "2025-12-31", []string{published}},
			{"accepted on its first day", standard.ProjectApplication, "2023-01-01", []string{drafting}},
			{"only a terminated draft", standard.ProjectKeyGeneric, "2024-05-05", []string{terminated}},
			{"only an unapproved draft", standard.ProjectApplication, "2024-06-06", []string{unapproved}},
			{"a terminated draft and a standard", standard.ProjectApplication, "2025-03-03", []string{terminated, published}},
			{"nothing at all", standard.ProjectKeyGeneric, "2025-04-04", nil},
			{"accepted the day before the plan", standard.ProjectKeyGeneric, "2022-12-31", []string{published}},
			{"accepted after it", standard.ProjectKeyGeneric, "2026-01-01", []string{published}},
			{"another category", standard.ProjectOther, "2024-07-07", []string{published}},
			{"not accepted", standard.ProjectKeyGeneric, "", []string{published}},
		} {
			pr := standard.Project{Name: p.name, Programme: "尖兵", Category: p.category, OrganizationID: org.ID, StandardIDs: p.ids}
			if p.accepted != "" {
				pr.AcceptedOn = day(p.accepted)
			}
			if _, err := svc.CreateProject(ctx, pr); err != nil {
				t.Fatalf("project %s: %v", p.name, err)
			}
		}
		for _, p := range []struct {
			name     string
			kind     standard.PilotKind
			approved string
			status   standard.PilotStatus
		}{
			{"湖州市 approved on the first day", standard.PilotCity, "2023-01-01", standard.PilotBuilding},
			{"安吉县 approved on the last day, accepted", standard.PilotCounty, "2025-12-31", standard.PilotAccepted},
			{"义乌市 revoked", standard.PilotCity, "2024-03-01", standard.PilotRevoked},
			{"衢州市 approved before the plan", standard.PilotCity, "2022-12-31", standard.PilotBuilding},
			{"西湖龙井 a domain", standard.PilotDomain, "2024-04-01", standard.PilotBuilding},
			{"德清县 approved after the plan", standard.PilotCounty, "2026-02-01", standard.PilotBuilding},
		} {
			pi := standard.Pilot{Name: p.name, Kind: p.kind, Level: standard.PilotProvincial, Region: "330500", ApprovedOn: day(p.approved), Status: p.status}
			if p.status == standard.PilotAccepted {
				pi.AcceptedOn = day("2026-06-30")
			}
			if _, err := svc.CreatePilot(ctx, pi); err != nil {
				t.Fatalf("pilot %s: %v", p.name, err)
			}
		}
		for _, b := range []struct {
			code    string
			level   standard.BodyLevel
			settled string
		}{
			{"SAC/TC 22/SC 3", standard.BodyNational, "2023-06-01"},
			{"ISO/TC 207/SC 1", standard.BodyInternational, "2025-12-31"},
			{"ZJ/TC 33", standard.BodyProvincial, "2024-01-01"},
			{"SAC/TC 46", standard.BodyNational, "2022-12-31"},
		} {
			if _, err := svc.CreateTechnicalBody(ctx, standard.TechnicalBody{Code: b.code, Name: "技术组织 " + b.code, Level: b.level,
				SecretariatOrganizationID: org.ID, SettledOn: day(b.settled)}); err != nil {
				t.Fatalf("body %s: %v", b.code, err)
			}
		}

		for _, tc := range []struct {
			from, to string
			want     standard.RegistryCounts
		}{
			{"2023-01-01", "2025-12-31", standard.RegistryCounts{TechProjects: 6, TechProjectsProducing: 3, CityPilots: 2, TechnicalBodies: 2, Projects: 10, Pilots: 6, Bodies: 4}},
			{"2023-01-01", "2024-12-31", standard.RegistryCounts{TechProjects: 3, TechProjectsProducing: 1, CityPilots: 1, TechnicalBodies: 1, Projects: 10, Pilots: 6, Bodies: 4}},
			{"2026-01-01", "2026-11-28", standard.RegistryCounts{TechProjects: 1, TechProjectsProducing: 1, CityPilots: 1, Projects: 10, Pilots: 6, Bodies: 4}},
		} {
			got, err := db.Store.RegistryCounts(ctx, day(tc.from), day(tc.to))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s to %s: %+v, want %+v", tc.from, tc.to, got, tc.want)
			}
		}
	})
}
