package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/fault"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// zhejiangCSV is a catalogue as an institute keeps it: Chinese headers,
// Chinese labels for kind and stage, drafting units separated by ；.
const zhejiangCSV = "\ufeff标准号,标准名称,标准类别,状态,发布日期,实施日期,起草单位\r\n" +
	"DB33/T 2349—2021,数字化改革 术语定义,地方标准,现行,2021-06-20,2021-07-20,浙江省标准化研究院；浙江大学\r\n" +
	"DB33/T 2350—2021,数字化改革 公共数据目录编制规范,地方标准,现行,2021-06-20,2021-07-20,浙江省大数据发展管理局\r\n" +
	"GB 17761—2018,电动自行车安全技术规范,国家标准,现行,2018-05-15,2019-04-15,中国标准化研究院\r\n"

// cliDatabase is a database of driver as a command sees it (its STDREG_*
// variables), and a registry on it to check what the commands stored.
type cliDatabase struct {
	vars map[string]string
	reg  *registry.Service
}

// newCLIDatabase is an empty, migrated database from the test pool: a
// command's own migration then finds nothing to do, where a new database
// would cost a creation and every migration.
func newCLIDatabase(t *testing.T, driver config.Driver) cliDatabase {
	t.Helper()
	return cliDatabaseOn(storetest.New(t, driver))
}

// newUnmigratedCLIDatabase is a new database no migration has touched,
// for a test that a command migrates first.
func newUnmigratedCLIDatabase(t *testing.T, driver config.Driver) cliDatabase {
	t.Helper()
	return cliDatabaseOn(storetest.NewUnmigrated(t, driver))
}

func cliDatabaseOn(db storetest.Database) cliDatabase {
	url := db.Config.DSN
	if db.Config.Driver == config.DriverSQLite {
		url = "sqlite:" + url
	}
	return cliDatabase{
		vars: map[string]string{"STDREG_DATABASE_URL": url, "STDREG_LOG_FORMAT": "text"},
		reg:  registry.New(db.Store, time.Now, standard.DefaultCycleRules()),
	}
}

// standards reads every standard in the database, by number, as the
// operator sees them.
func (d cliDatabase) standards(t *testing.T) []standard.Standard {
	t.Helper()
	var all []standard.Standard
	ctx := access.WithCaller(context.Background(), access.Operator())
	if err := d.reg.ExportStandards(ctx, standard.ListQuery{Sort: standard.DefaultSort}, func(s standard.Standard) error {
		all = append(all, s)
		return nil
	}); err != nil {
		t.Fatalf("read the registry: %v", err)
	}
	return all
}

// codes are the numbers of the standards in the database.
func (d cliDatabase) codes(t *testing.T) []string {
	t.Helper()
	var codes []string
	for _, s := range d.standards(t) {
		codes = append(codes, s.Code)
	}
	return codes
}

// cli is what one command printed and how it ended.
type cli struct {
	stdout, stderr string
	err            error
}

// runCLI runs the program as main does, with stdin as its standard input.
func runCLI(t *testing.T, vars map[string]string, stdin io.Reader, args ...string) cli {
	t.Helper()
	var stdout, stderr strings.Builder
	cmd := rootCommand(env(vars), &stdout, &stderr)
	if stdin != nil {
		cmd.SetIn(stdin)
	}
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return cli{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var reportLine = regexp.MustCompile(`(?m)^(rows|created|updated|unchanged|rejected):\s+(\d+)$`)

// reportCounts reads rows, created, updated, unchanged and rejected from
// an import's report; -1 for a figure it does not print.
func reportCounts(t *testing.T, out string) [5]int {
	t.Helper()
	got := [5]int{-1, -1, -1, -1, -1}
	index := map[string]int{"rows": 0, "created": 1, "updated": 2, "unchanged": 3, "rejected": 4}
	for _, m := range reportLine.FindAllStringSubmatch(out, -1) {
		got[index[m[1]]], _ = strconv.Atoi(m[2])
	}
	return got
}

var importedLine = regexp.MustCompile(`(?m)^read (\d+) rows in \S+ \((\d+|-) rows/s\)$`)

// TestImportCommand imports a catalogue with Chinese headers on each
// database: the report, what is stored, a second run that changes
// nothing, a file with a bad row that writes nothing, a dry run, skipping
// bad rows, an unreadable file and standard input.
func TestImportCommand(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			db := newUnmigratedCLIDatabase(t, driver)
			file := writeFile(t, "浙江标准目录.csv", zhejiangCSV)

			t.Run("a catalogue with Chinese headers", func(t *testing.T) {
				r := runCLI(t, db.vars, nil, "import", file)
				if r.err != nil {
					t.Fatalf("import: %v\n%s%s", r.err, r.stdout, r.stderr)
				}
				if got, want := reportCounts(t, r.stdout), [5]int{3, 3, 0, 0, 0}; got != want {
					t.Errorf("report %v, want rows/created/updated/unchanged/rejected %v:\n%s", got, want, r.stdout)
				}
				if !strings.Contains(r.stdout, "\nwritten\n") {
					t.Errorf("the report does not say it was written:\n%s", r.stdout)
				}
				if m := importedLine.FindStringSubmatch(r.stderr); m == nil || m[1] != "3" {
					t.Errorf("no final progress line for 3 rows on stderr:\n%s", r.stderr)
				}
				if !strings.Contains(r.stderr, "migration applied") {
					t.Error("import did not migrate the fresh database first")
				}
				all := db.standards(t)
				if got := db.codes(t); !cmp.Equal(got, []string{"DB33/T 2349—2021", "DB33/T 2350—2021", "GB 17761—2018"}) {
					t.Fatalf("stored %v", got)
				}
				gb := all[2]
				got := []string{string(gb.Kind), string(gb.Nature), string(gb.Stage), gb.TitleZH, gb.PublishedOn.String(), gb.EffectiveOn.String(), strings.Join(gb.DraftingUnits, "|")}
				want := []string{"national", "mandatory", "published", "电动自行车安全技术规范", "2018-05-15", "2019-04-15", "中国标准化研究院"}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("GB 17761—2018 as stored (-want +got):\n%s", diff)
				}
				if units := all[0].DraftingUnits; !cmp.Equal(units, []string{"浙江省标准化研究院", "浙江大学"}) {
					t.Errorf("drafting units of DB33/T 2349—2021: %q", units)
				}
			})

			t.Run("a second run changes nothing", func(t *testing.T) {
				for _, args := range [][]string{{"import", file}, {"import", file, "--on-conflict", "update"}} {
					r := runCLI(t, db.vars, nil, args...)
					if r.err != nil {
						t.Fatalf("%v: %v\n%s", args, r.err, r.stdout)
					}
					if got, want := reportCounts(t, r.stdout), [5]int{3, 0, 0, 3, 0}; got != want {
						t.Errorf("%v: report %v, want %v", args, got, want)
					}
				}
				if n := len(db.standards(t)); n != 3 {
					t.Errorf("%d standards after two runs, want 3", n)
				}
			})

			// A new standard and, on row 3, one published in the future.
			bad := writeFile(t, "bad.csv", "标准号,标准名称,标准类别,状态,发布日期\n"+
				"DB33/T 2351—2021,数字化改革 术语 补充,地方标准,现行,2021-06-20\n"+
				"DB33/T 9999—2030,未来的标准,地方标准,现行,2030-01-01\n")

			t.Run("a bad row: nothing is written", func(t *testing.T) {
				r := runCLI(t, db.vars, nil, "import", bad)
				if r.err == nil {
					t.Fatalf("an import with a bad row succeeded:\n%s", r.stdout)
				}
				if !strings.Contains(r.err.Error(), "nothing was written") || !strings.Contains(r.err.Error(), "--mode skip_invalid") {
					t.Errorf("error %q should say nothing was written and how to write the good rows", r.err)
				}
				if got, want := reportCounts(t, r.stdout), [5]int{2, 1, 0, 0, 1}; got != want {
					t.Errorf("report %v, want %v:\n%s", got, want, r.stdout)
				}
				if !regexp.MustCompile(`(?m)^  row 3, published_on: .+`).MatchString(r.stdout) {
					t.Errorf("the report does not name row 3's published_on:\n%s", r.stdout)
				}
				if strings.Contains(r.stdout, "written") {
					t.Errorf("the report of a refused import says written:\n%s", r.stdout)
				}
				if n := len(db.standards(t)); n != 3 {
					t.Errorf("%d standards after a refused import, want 3", n)
				}
			})

			t.Run("a dry run writes nothing", func(t *testing.T) {
				good := writeFile(t, "good.csv", "标准号,标准名称,标准类别,状态,发布日期\nDB33/T 2351—2021,数字化改革 术语 补充,地方标准,现行,2021-06-20\n")
				r := runCLI(t, db.vars, nil, "import", good, "--dry-run")
				if r.err != nil {
					t.Fatalf("dry run: %v", r.err)
				}
				if got, want := reportCounts(t, r.stdout), [5]int{1, 1, 0, 0, 0}; got != want || !strings.Contains(r.stdout, "dry run: nothing was written") {
					t.Errorf("dry run report %v, want %v and that nothing was written:\n%s", got, want, r.stdout)
				}
				if r := runCLI(t, db.vars, nil, "import", bad, "--dry-run"); r.err != nil || reportCounts(t, r.stdout)[4] != 1 {
					t.Errorf("a dry run with a bad row: %v, want success and the row rejected:\n%s", r.err, r.stdout)
				}
				if n := len(db.standards(t)); n != 3 {
					t.Errorf("%d standards after dry runs, want 3", n)
				}
			})

			t.Run("skip_invalid writes the good rows", func(t *testing.T) {
				r := runCLI(t, db.vars, nil, "import", bad, "--mode", "skip_invalid")
				if r.err != nil {
					t.Fatalf("skip_invalid: %v", r.err)
				}
				if got, want := reportCounts(t, r.stdout), [5]int{2, 1, 0, 0, 1}; got != want {
					t.Errorf("report %v, want %v", got, want)
				}
				if got := db.codes(t); !cmp.Equal(got, []string{"DB33/T 2349—2021", "DB33/T 2350—2021", "DB33/T 2351—2021", "GB 17761—2018"}) {
					t.Errorf("stored %v", got)
				}
			})

			t.Run("a file that cannot be read", func(t *testing.T) {
				unknown := writeFile(t, "unknown.csv", "标准号,标准名称,标准类别\nGB 17761—2018,电动自行车安全技术规范,国家标准,x\n")
				ragged := writeFile(t, "ragged.csv", "标准号,标准名称,标准类别\nDB33/T 2352—2021,数字化改革 样例,地方标准\nDB33/T 2353—2021,只有两格\n")
				for _, tc := range []struct{ file, reason string }{
					{unknown, "row 2 has 4 cells"},
					{ragged, "row 3"},
				} {
					r := runCLI(t, db.vars, nil, "import", tc.file)
					if r.err == nil || !strings.Contains(r.err.Error(), tc.reason) || !strings.Contains(r.err.Error(), "nothing was written") {
						t.Errorf("%s: %v, want an error with %q", filepath.Base(tc.file), r.err, tc.reason)
					}
				}
				if n := len(db.standards(t)); n != 4 {
					t.Errorf("%d standards after unreadable files, want 4", n)
				}
			})

			t.Run("standard input", func(t *testing.T) {
				ndjson := `{"code": "T/ZZB 0123—2019", "kind": "group", "title_zh": "绿茶 加工技术规程", "stage": "published", "published_on": "2019-05-30"}` + "\n"
				r := runCLI(t, db.vars, strings.NewReader(ndjson), "import", "-", "--format", "ndjson")
				if r.err != nil || reportCounts(t, r.stdout) != [5]int{1, 1, 0, 0, 0} {
					t.Errorf("import - --format ndjson: %v\n%s", r.err, r.stdout)
				}
				if r := runCLI(t, db.vars, strings.NewReader(ndjson), "import", "-"); r.err == nil || !strings.Contains(r.err.Error(), "--format") {
					t.Errorf("standard input without --format: %v, want an error naming --format", r.err)
				}
				if n := len(db.standards(t)); n != 5 {
					t.Errorf("%d standards, want 5", n)
				}
			})
		})
	}
}

// TestImportFlags: bad flags and files are refused before the database is
// touched.
func TestImportFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	database := filepath.Join(dir, "stdreg.db")
	vars := map[string]string{"STDREG_DATABASE_URL": "sqlite:" + database}
	file := writeFile(t, "standards.csv", zhejiangCSV)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "accepts 1 arg"},
		{[]string{"import", file, "--mode", "some"}, "--mode"},
		{[]string{"import", file, "--on-conflict", "replace"}, "--on-conflict"},
		{[]string{"import", file, "--format", "xls"}, "unknown format"},
		{[]string{"import", writeFile(t, "standards.xls", "")}, ".xls workbooks are not supported"},
		{[]string{"import", writeFile(t, "standards.txt", "")}, "--format"},
		{[]string{"import", filepath.Join(dir, "missing.csv")}, "no such file"},
	} {
		r := runCLI(t, vars, nil, tc.args...)
		if r.err == nil || !strings.Contains(r.err.Error(), tc.want) {
			t.Errorf("%v: %v, want an error with %q", tc.args[1:], r.err, tc.want)
		}
	}
	if _, err := os.Stat(database); !os.IsNotExist(err) {
		t.Errorf("a refused import created the database (%v)", err)
	}
}

// TestImportReportCapsProblems: a long list of refused rows is cut, and
// says how many more there are.
func TestImportReportCapsProblems(t *testing.T) {
	t.Parallel()
	r := registry.ImportReport{Rows: 80, Rejected: 80}
	for i := range 80 {
		r.Problems = append(r.Problems, registry.RowProblem{Row: i + 2, Field: "kind", Message: fault.Msg("is required")})
	}
	r.Problems[0].Field = ""
	var out strings.Builder
	printImportReport(&out, r, false, "")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if n := strings.Count(out.String(), "  row "); n != maxPrintedProblems {
		t.Errorf("%d problems printed, want %d", n, maxPrintedProblems)
	}
	if last := lines[len(lines)-1]; last != "  … and 30 more problems (--report FILE writes them all)" {
		t.Errorf("last line %q", last)
	}
	if !strings.Contains(out.String(), "  row 2: is required\n") || !strings.Contains(out.String(), "  row 3, kind: is required\n") {
		t.Errorf("problems with and without a field:\n%s", out.String())
	}
}

// TestImportReportFile: --report writes every problem, past the 50 the
// terminal shows and the 1000 a report lists, as CSV and as XLSX, each with
// its row, column and the cell's text.
func TestImportReportFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("标准号,标准名称,标准类别,标准状态,发布日期\n")
	for i := range 1200 {
		fmt.Fprintf(&b, "DB33/T %d—2021,茶叶 加工技术规程 %d,地方标准,现行,2099-01-01\n", 3000+i, i)
	}
	file := writeFile(t, "浙江标准目录.csv", b.String())
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			db := newCLIDatabase(t, driver)
			for _, ext := range []string{"csv", "xlsx"} {
				report := filepath.Join(t.TempDir(), "problems."+ext)
				r := runCLI(t, db.vars, nil, "import", file, "--report", report)
				if r.err == nil {
					t.Fatalf("an import with bad rows succeeded:\n%s", r.stdout)
				}
				if !strings.Contains(r.stdout, "all of them in "+report) {
					t.Errorf("the terminal does not say where the rest went:\n%s", r.stdout)
				}
				rows, err := tabularRows(report)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != 1201 || rows[1200][0] != "1201" || rows[1200][1] != "published_on" || rows[1200][2] != "2099-01-01" || rows[0][2] != "单元格 cell" {
					t.Errorf("%s: %d rows, last %q; want 1200 problems and the header", ext, len(rows), rows[len(rows)-1])
				}
			}
			if n := len(db.standards(t)); n != 0 {
				t.Errorf("%d standards written", n)
			}
		})
	}
}

// tabularRows reads a problems file back.
func tabularRows(path string) ([][]string, error) {
	if strings.HasSuffix(path, ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return f.GetRows(f.GetSheetName(0))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
}
