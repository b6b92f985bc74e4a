package generate_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"testing"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/generate"
	"stdreg/internal/paging"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestGeneratePlanRecords: a generated registry holds projects, pilots and
// technical bodies that the registry's own rules accept, across every
// programme, city and level the plan's indicators count, linked to its
// standards.
func TestGeneratePlanRecords(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := access.WithCaller(context.Background(), access.Operator())
		sum, err := generate.Run(ctx, db.Config, generate.Config{Standards: 2000, Organizations: 100, Seed: 11, Until: until})
		if err != nil {
			t.Fatalf("generate: %v", err)
		}
		if sum.Projects != 50 || sum.Pilots < 11 || sum.TechnicalBodies < 18 {
			t.Fatalf("summary %+v: want 50 projects, a pilot per city at least, every national and international body", sum)
		}
		svc := registry.New(db.Store, func() time.Time { return until.Time().Add(36 * time.Hour) }, standard.DefaultCycleRules())

		projects := all(t, func(after *paging.Cursor) (paging.Page[standard.Project], error) {
			return svc.ListProjects(ctx, standard.ProjectQuery{After: after, Limit: 200})
		})
		programmes, linked := map[string]int{}, 0
		for _, p := range projects {
			if err := p.Prepare(until); err != nil {
				t.Errorf("project %s: %v", p.Name, err)
			}
			programmes[p.Programme]++
			if len(p.StandardIDs) > 0 {
				linked++
			}
		}
		if len(projects) != sum.Projects || programmes["尖兵"] == 0 || programmes["领雁"] == 0 || linked < len(projects)/2 {
			t.Errorf("%d projects, by programme %v, %d naming standards", len(projects), programmes, linked)
		}

		pilots := all(t, func(after *paging.Cursor) (paging.Page[standard.Pilot], error) {
			return svc.ListPilots(ctx, standard.PilotQuery{After: after, Limit: 200})
		})
		cities := map[string]bool{}
		for _, p := range pilots {
			if err := p.Prepare(until); err != nil {
				t.Errorf("pilot %s: %v", p.Name, err)
			}
			if p.Kind == standard.PilotCity {
				cities[p.Region] = true
			}
		}
		if len(pilots) != sum.Pilots || len(cities) != 11 {
			t.Errorf("%d pilots, city pilots in %d cities, want all 11", len(pilots), len(cities))
		}

		bodies := all(t, func(after *paging.Cursor) (paging.Page[standard.TechnicalBody], error) {
			return svc.ListTechnicalBodies(ctx, standard.TechnicalBodyQuery{After: after, Limit: 200})
		})
		withStandards := 0
		for _, b := range bodies {
			if err := b.Prepare(until); err != nil {
				t.Errorf("body %s: %v", b.Code, err)
			}
			page, err := svc.ListStandards(ctx, standard.ListQuery{Filter: standard.Filter{TechnicalCommittee: b.Code}, Sort: standard.DefaultSort, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) > 0 {
				withStandards++
			}
		}
		if len(bodies) != sum.TechnicalBodies || withStandards < 5 {
			t.Errorf("%d bodies, %d with standards that name them", len(bodies), withStandards)
		}
	})
}

// all reads every page of a list.
func all[T any](t *testing.T, page func(*paging.Cursor) (paging.Page[T], error)) []T {
	t.Helper()
	var out []T
	var after *paging.Cursor
	for {
		p, err := page(after)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Items...)
		if p.Next == nil {
			return out
		}
		after = p.Next
	}
}

func TestPlanRecordsAreDeterministic(t *testing.T) {
	t.Parallel()
	fingerprint := func(seed uint64) uint64 {
		h := fnv.New64a()
		cfg := generate.Config{Standards: 1000, Organizations: 50, Seed: seed, Until: until, Plan: func(r generate.PlanRecords) error {
			fmt.Fprintf(h, "%+v", r)
			return nil
		}}
		if err := generate.Generate(context.Background(), cfg, func([]standard.Organization) error { return nil }, func([]generate.Record) error { return nil }); err != nil {
			t.Fatal(err)
		}
		return h.Sum64()
	}
	if a, b := fingerprint(3), fingerprint(3); a != b {
		t.Error("the same seed gave different plan records")
	}
	if fingerprint(3) == fingerprint(4) {
		t.Error("different seeds gave the same plan records")
	}
}
