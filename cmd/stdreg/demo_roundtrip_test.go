package main

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"stdreg/internal/access"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestDemoExportImportsIntoEmptyRegistry: the demo registry exported in
// each format imports into an empty registry with --create-organizations,
// every row, and the empty registry then holds the same standards (every
// field but the ids and the times of the writes), owned by organizations
// of the same names and credit codes, with the same drafting cycles.
func TestDemoExportImportsIntoEmptyRegistry(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			source := newCLIDatabase(t, driver)
			if r := runCLI(t, source.vars, nil, "seed", "--demo"); r.err != nil {
				t.Fatalf("seed --demo: %v\n%s", r.err, r.stderr)
			}
			want := source.comparable(t)
			if len(want.standards) != 800 {
				t.Fatalf("%d standards in the demo registry, want 800", len(want.standards))
			}
			for _, format := range []string{"csv", "xlsx", "ndjson"} {
				t.Run(format, func(t *testing.T) {
					file := filepath.Join(t.TempDir(), "demo."+format)
					if r := runCLI(t, source.vars, nil, "export", "--output", file); r.err != nil {
						t.Fatalf("export: %v\n%s", r.err, r.stderr)
					}
					empty := newCLIDatabase(t, driver)
					if format == "csv" { // the refusal does not depend on the format
						r := runCLI(t, empty.vars, nil, "import", file)
						if r.err == nil || reportCounts(t, r.stdout)[4] != want.owned {
							t.Errorf("without --create-organizations every row names an organization the empty registry does not know: %v\n%.600s", r.err, r.stdout)
						}
					}
					r := runCLI(t, empty.vars, nil, "import", file, "--create-organizations")
					if r.err != nil {
						t.Fatalf("import: %v\n%.2000s", r.err, r.stdout)
					}
					if got := reportCounts(t, r.stdout); got != [5]int{800, 800, 0, 0, 0} {
						t.Errorf("import: %v\n%.2000s", got, r.stdout)
					}
					got := empty.comparable(t)
					if diff := cmp.Diff(want.organizations, got.organizations); diff != "" {
						t.Errorf("the organizations that own standards differ (-demo +imported):\n%s", diff)
					}
					if diff := cmp.Diff(want.standards, got.standards, cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("the imported standards differ from the demo's (-demo +imported):\n%s", diff)
					}
					if diff := cmp.Diff(want.cycles, got.cycles, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
						t.Errorf("the drafting cycles differ (-demo +imported):\n%s", diff)
					}
					r = runCLI(t, empty.vars, nil, "import", file, "--create-organizations")
					if got := reportCounts(t, r.stdout); r.err != nil || got != [5]int{800, 0, 0, 800, 0} {
						t.Errorf("a second import changed something: %v %v\n%.600s", r.err, got, r.stdout)
					}
				})
			}
		})
	}
}

// registryContents is what two registries of the same standards share.
type registryContents struct {
	standards     map[string]standard.Standard // by number, or kind, owner and title for a draft without one
	organizations []string                     // "name|credit code" of the owners, sorted
	owned         int                          // standards with an organization
	cycles        map[string]cycleFigures
}

type cycleFigures struct {
	Started      bool
	EndsWith     standard.EndEvent
	EndedOn      standard.Date
	Months       float64
	Target       int
	WithinTarget *bool
}

// comparable reads the registry as the operator sees it, without what
// differs between registries (ids, the times and versions of writes).
func (d cliDatabase) comparable(t *testing.T) registryContents {
	t.Helper()
	ctx := access.WithCaller(context.Background(), access.Operator())
	out := registryContents{standards: map[string]standard.Standard{}, cycles: map[string]cycleFigures{}}
	owners := map[string]bool{}
	for _, s := range d.standards(t) {
		key := s.NormalizedCode
		if key == "" {
			key = string(s.Kind) + "|" + s.OrganizationName + "|" + s.TitleZH
		}
		if _, dup := out.standards[key]; dup {
			t.Fatalf("two standards are %s", key)
		}
		if s.OrganizationID != "" {
			out.owned++
			owners[s.OrganizationName+"|"+s.OrganizationCreditCode] = true
		}
		if s.Stage != standard.StageTerminated { // the day of a termination is not in a file
			c, err := d.reg.Cycle(ctx, s.ID)
			if err != nil {
				t.Fatalf("cycle of %s: %v", key, err)
			}
			out.cycles[key] = cycleFigures{c.Started, c.EndsWith, c.EndedOn, c.Months, c.Target, c.WithinTarget}
		}
		s.ID, s.OrganizationID, s.CreatedAt, s.UpdatedAt, s.Version = "", "", time.Time{}, time.Time{}, 0
		out.standards[key] = s
	}
	for o := range owners {
		out.organizations = append(out.organizations, o)
	}
	sort.Strings(out.organizations)
	return out
}
