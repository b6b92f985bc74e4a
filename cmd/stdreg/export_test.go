package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"stdreg/internal/access"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// richNDJSON holds what a catalogue's columns can carry beyond the CSV's:
// English titles, classes, designations, replaced standards, Zhejiang's
// role, the region, and a draft without a number yet.
const richNDJSON = `{"code": "DB33/T 2349—2021", "kind": "local", "stage": "published", "title_zh": "数字化改革 术语定义", "title_en": "Digital reform—Terms and definitions", "ics": ["01.040.35"], "ccs": "A00", "zhejiang_role": "lead", "region": "330000", "approved_on": "2021-03-01", "published_on": "2021-06-20", "effective_on": "2021-07-20", "designations": [{"type": "zhejiang_standard", "year": 2022}], "drafting_units": ["浙江省标准化研究院", "浙江大学"]}
{"code": "GB 17761—2018", "kind": "national", "stage": "published", "title_zh": "电动自行车安全技术规范", "title_en": "Safety technical specification for electric bicycle", "ics": ["43.150"], "ccs": "Y14", "replaces": ["GB 17761—1999"], "published_on": "2018-05-15", "effective_on": "2019-04-15"}
{"code": "DB33/T 2350—2021", "kind": "local", "stage": "published", "title_zh": "数字化改革 公共数据目录编制规范", "published_on": "2021-06-20", "region": "330000"}
{"kind": "local", "stage": "proposal", "title_zh": "西湖龙井茶 加工技术规程", "region": "330100"}
`

var exportedLine = regexp.MustCompile(`(?m)^exported (\d+) rows in \S+ \((\d+|-) rows/s\)$`)

// TestExportImportRoundTrip exports a registry in each format and imports
// the file into a fresh database, which then holds the same standards.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	// What differs between two registries of the same standards.
	sameStandards := cmp.Options{
		cmpopts.IgnoreFields(standard.Standard{}, "ID", "CreatedAt", "UpdatedAt", "Version"),
		cmpopts.EquateEmpty(),
	}
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			source := newCLIDatabase(t, driver)
			if r := runCLI(t, source.vars, strings.NewReader(richNDJSON), "import", "-", "--format", "ndjson"); r.err != nil {
				t.Fatalf("import: %v\n%s", r.err, r.stdout)
			}
			want := source.standards(t)
			if len(want) != 4 {
				t.Fatalf("%d standards in the source, want 4", len(want))
			}
			for _, format := range []string{"csv", "xlsx", "ndjson"} {
				t.Run(format, func(t *testing.T) {
					file := filepath.Join(t.TempDir(), "standards."+format)
					r := runCLI(t, source.vars, nil, "export", "--output", file)
					if r.err != nil {
						t.Fatalf("export: %v\n%s", r.err, r.stderr)
					}
					if m := exportedLine.FindStringSubmatch(r.stderr); m == nil || m[1] != "4" {
						t.Errorf("no final progress line for 4 rows on stderr:\n%s", r.stderr)
					}
					if r.stdout != "" {
						t.Errorf("an export to a file printed %q", r.stdout)
					}
					if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*")); len(leftovers) > 0 {
						t.Errorf("temporary files left behind: %v", leftovers)
					}

					fresh := newCLIDatabase(t, driver)
					r = runCLI(t, fresh.vars, nil, "import", file)
					if r.err != nil {
						t.Fatalf("import of the export: %v\n%s", r.err, r.stdout)
					}
					if got := reportCounts(t, r.stdout); got != [5]int{4, 4, 0, 0, 0} {
						t.Errorf("import of the export: %v\n%s", got, r.stdout)
					}
					if diff := cmp.Diff(want, fresh.standards(t), sameStandards); diff != "" {
						t.Errorf("the imported registry differs from the exported one (-want +got):\n%s", diff)
					}
					// The export carries ids: imported again into the source,
					// every row is its own standard, unchanged.
					if r := runCLI(t, source.vars, nil, "import", file, "--on-conflict", "update"); r.err != nil || reportCounts(t, r.stdout) != [5]int{4, 0, 0, 4, 0} {
						t.Errorf("re-import into the source: %v\n%s", r.err, r.stdout)
					}
				})
			}

			t.Run("filters, order and standard output", func(t *testing.T) {
				r := runCLI(t, source.vars, nil, "export", "--kind", "local", "--published_from", "2021-01-01", "--sort", "-code", "--format", "ndjson")
				if r.err != nil {
					t.Fatalf("export: %v", r.err)
				}
				var codes []string
				for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
					m := regexp.MustCompile(`"code":"([^"]*)"`).FindStringSubmatch(line)
					if m == nil {
						t.Fatalf("an NDJSON line without a code: %s", line)
					}
					codes = append(codes, m[1])
				}
				if want := []string{"DB33/T 2350—2021", "DB33/T 2349—2021"}; !cmp.Equal(codes, want) {
					t.Errorf("exported %v, want %v", codes, want)
				}
				r = runCLI(t, source.vars, nil, "export", "--q", "电动自行车")
				if r.err != nil || !strings.HasPrefix(r.stdout, "\ufeffid,code,") || strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stdout, "GB 17761—2018") {
					t.Errorf("export --q to standard output, csv by default: %v\n%s", r.err, r.stdout)
				}
			})
		})
	}
}

// TestExportFlags: bad filters are refused with the flag named, before
// the database is touched.
func TestExportFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	database := filepath.Join(dir, "stdreg.db")
	vars := map[string]string{"STDREG_DATABASE_URL": "sqlite:" + database}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--kind", "provincial", "--stage", "current"}, []string{`--kind: "provincial" is not one of national,`, `--stage: "current"`}},
		{[]string{"--published-from", "2021/06/20"}, []string{`--published-from: "2021/06/20" is not a date in the form YYYY-MM-DD`}},
		{[]string{"--approved_to", "2023-02-29"}, []string{"--approved-to"}},
		{[]string{"--published-from", "0000-01-01", "--approved-to", "2101-01-01"}, []string{
			"--published-from: 0000-01-01 is outside the days the registry keeps, 1949-01-01 to 2100-12-31", "--approved-to: 2101-01-01 is outside"}},
		{[]string{"--q", "茶叶\x01加工", "--region", "330100\xff"}, []string{"--q: holds the control character U+0001", "--region: is not valid UTF-8"}},
		{[]string{"--organization", "浙江省标准化研究院"}, []string{"--organization: "}},
		{[]string{"--ics", "abc"}, []string{"--ics: "}},
		{[]string{"--sort", "title"}, []string{"--sort: must be one of"}},
		{[]string{"--sort", "relevance"}, []string{"--sort: relevance ranks the matches of --q"}},
		{[]string{"--format", "pdf"}, []string{`unknown format "pdf"`}},
		{[]string{"--output", filepath.Join(dir, "standards.txt")}, []string{"--format"}},
		{[]string{"extra"}, []string{"unknown command"}},
	} {
		r := runCLI(t, vars, nil, append([]string{"export"}, tc.args...)...)
		for _, w := range tc.want {
			if r.err == nil || !strings.Contains(r.err.Error(), w) {
				t.Errorf("%v: %v, want an error with %q", tc.args, r.err, w)
			}
		}
	}
	if _, err := os.Stat(database); !os.IsNotExist(err) {
		t.Errorf("a refused export created the database (%v)", err)
	}
}

// TestRegistriesImportExportCommands: --registry imports a pilots'
// spreadsheet headed in Chinese and exports the registry's pilots in a
// file that imports again, every row registered already.
func TestRegistriesImportExportCommands(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			t.Parallel()
			d := newCLIDatabase(t, driver)
			if r := runCLI(t, d.vars, nil, "migrate"); r.err != nil {
				t.Fatalf("migrate: %v", r.err)
			}
			ctx := access.WithCaller(context.Background(), access.Operator())
			org, err := d.reg.CreateOrganization(ctx, standard.Organization{Name: "丽水市标准化研究院", Kind: standard.OrgInstitute, Region: "331100"})
			if err != nil {
				t.Fatal(err)
			}
			file := writeFile(t, "试点.csv", "试点名称,试点类型,试点级别,行政区划,承担单位ID,批准日期,状态\r\n"+
				"丽水市 城市标准化试点,城市,省级,331100,"+org.ID+",2024-06-01,建设中\r\n"+
				"景宁畲族自治县 县域标准化试点,县域,省级,331127,,2023-09-15,已撤销\r\n")
			if r := runCLI(t, d.vars, nil, "import", file, "--registry", "pilots"); r.err != nil || reportCounts(t, r.stdout) != [5]int{2, 2, 0, 0, 0} {
				t.Fatalf("import: %v\n%s", r.err, r.stdout)
			}
			out := filepath.Join(t.TempDir(), "pilots.ndjson")
			if r := runCLI(t, d.vars, nil, "export", "--registry", "pilots", "-o", out); r.err != nil {
				t.Fatalf("export: %v\n%s", r.err, r.stderr)
			}
			if r := runCLI(t, d.vars, nil, "import", out, "--registry", "pilots"); r.err != nil || reportCounts(t, r.stdout) != [5]int{2, 0, 0, 2, 0} {
				t.Errorf("the export imported again: %v\n%s", r.err, r.stdout)
			}
			for _, args := range [][]string{{"export", "--registry", "pilots", "--kind", "local"}, {"export", "--registry", "plans"}, {"import", file, "--registry", "plans"}} {
				if r := runCLI(t, d.vars, nil, args...); r.err == nil {
					t.Errorf("%q: no error", args)
				}
			}
		})
	}
}

// TestOrganizationsImportExportCommands: --registry organizations exports
// a registry's organizations in every format, and each file imports into
// an empty registry as the same organizations, a second time changing
// nothing.
func TestOrganizationsImportExportCommands(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			t.Parallel()
			from := newCLIDatabase(t, driver)
			if r := runCLI(t, from.vars, nil, "migrate"); r.err != nil {
				t.Fatalf("migrate: %v", r.err)
			}
			ctx := access.WithCaller(context.Background(), access.Operator())
			for _, o := range []standard.Organization{
				{Name: "丽水市标准化研究院", Kind: standard.OrgInstitute, Region: "331100"},
				{Name: "阿里巴巴（中国）网络技术有限公司", Kind: standard.OrgEnterprise, Region: "330100", CreditCode: "91330100716105852F"},
			} {
				if _, err := from.reg.CreateOrganization(ctx, o); err != nil {
					t.Fatal(err)
				}
			}
			for _, format := range []string{"csv", "xlsx", "ndjson"} {
				out := filepath.Join(t.TempDir(), "组织."+format)
				if r := runCLI(t, from.vars, nil, "export", "--registry", "organizations", "-o", out); r.err != nil {
					t.Fatalf("export %s: %v\n%s", format, r.err, r.stderr)
				}
				to := newCLIDatabase(t, driver)
				if r := runCLI(t, to.vars, nil, "migrate"); r.err != nil {
					t.Fatalf("migrate: %v", r.err)
				}
				for _, want := range [][5]int{{2, 2, 0, 0, 0}, {2, 0, 0, 2, 0}} {
					if r := runCLI(t, to.vars, nil, "import", out, "--registry", "organizations"); r.err != nil || reportCounts(t, r.stdout) != want {
						t.Errorf("import %s: %v\n%s", format, r.err, r.stdout)
					}
				}
				page, err := to.reg.ListOrganizations(ctx, standard.OrganizationQuery{Limit: 10})
				if err != nil || len(page.Items) != 2 || page.Items[0].CreditCode != "" || page.Items[1].CreditCode != "91330100716105852F" {
					t.Errorf("%s: imported %+v, %v", format, page.Items, err)
				}
			}
		})
	}
}
