package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"stdreg/internal/registry"
	"stdreg/internal/tabular"
)

// maxPrintedProblems caps the rejected rows an import prints; the count
// says how many were rejected in all.
const maxPrintedProblems = 50

// importCommand registers the standards of a file, as POST /api/v1/imports
// does, acting as the operator.
func importCommand(getenv func(string) string, stdout, stderr io.Writer) *cobra.Command {
	var format, mode, onConflict, reportPath, kind string
	var dryRun, createOrgs bool
	cmd := &cobra.Command{
		Use:   "import FILE [--registry standards|projects|pilots|technical-bodies|organizations] [--format csv|xlsx|ndjson] [--dry-run] [--mode all_or_nothing|skip_invalid] [--on-conflict skip|update] [--create-organizations] [--report FILE]",
		Short: "Register the standards of a CSV, XLSX or NDJSON file",
		Long: `import registers the standards of a file in the database STDREG_DATABASE_URL
names (migrating it first), exactly as POST /api/v1/imports does, acting as
the operator (an admin; audited as "stdreg command line").

The file is CSV (UTF-8 or GB18030), XLSX (the first sheet) or NDJSON, its
format named by --format or else by its extension; FILE "-" reads standard
input, and then --format is required. The first row names the columns by the
API's field names or the Chinese names people use (标准号, 标准名称,
标准类别, 状态, 发布日期…); GET /api/v1/imports/template gives a template.

Every row is checked as a POST would check it. A row whose standard is
registered already is left as it is, or with --on-conflict update changed
(as a PATCH); so running the same file twice changes nothing. By default the
import is all or nothing: one bad row and nothing is written, the bad rows
are listed and the command fails. --mode skip_invalid writes the good rows;
--dry-run checks everything and writes nothing. The terminal shows the first
50 problems; --report problems.csv (or .xlsx) writes every one of them.

A row names its organization by organization_id, else by its credit code
(统一社会信用代码), else by its exact name (组织名称), as exports carry them;
--create-organizations registers the ones the registry does not know, so an
export of another registry imports as it is.

--registry projects, pilots or technical-bodies imports the plan's other
registries instead, as POST /api/v1/projects/import and the like do: their
columns are theirs (项目名称, 科技计划…; 试点名称, 试点类型…; 技术组织编号…),
and a row is the same record as a registered one by its id, or a project's
programme and name, a pilot's kind and name, a body's code.
--registry organizations imports organizations (组织名称, 统一社会信用代码,
组织类型, 行政区划), the same as a registered one by its id, else its credit
code, else its exact name; as creating organizations, admins only.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := registry.ImportOptions{DryRun: dryRun, CreateOrganizations: createOrgs}
			switch mode {
			case "all_or_nothing":
			case "skip_invalid":
				opts.SkipInvalid = true
			default:
				return fmt.Errorf("--mode must be all_or_nothing or skip_invalid, not %q", mode)
			}
			switch onConflict {
			case "skip":
			case "update":
				opts.Update = true
			default:
				return fmt.Errorf("--on-conflict must be skip or update, not %q", onConflict)
			}
			if !slices.Contains(registries, kind) {
				return fmt.Errorf("--registry must be one of %s, not %q", strings.Join(registries, ", "), kind)
			}
			name := args[0]
			f, err := importFormat(name, format)
			if err != nil {
				return err
			}
			in, size, err := openImport(cmd, name, f)
			if err != nil {
				return err
			}
			defer in.Close()

			session, err := openOperatorSession(cmd.Context(), getenv, stderr)
			if err != nil {
				return err
			}
			defer session.close()

			p := newProgress(stderr, "read", size)
			file, err := newFileImport(session.ctx, session.registry, kind, p.reader(in), f)
			if err != nil {
				p.stop()
				return importFailed(name, err)
			}
			defer file.close()
			opts.Progress = p.set
			report, err := file.run(opts)
			p.done()
			if err != nil {
				return importFailed(name, err)
			}
			printIgnoredColumns(stdout, file.ignored())
			printImportReport(stdout, report, dryRun, reportPath)
			if reportPath != "" {
				if err := writeProblems(reportPath, report.Problems); err != nil {
					return err
				}
			}
			if !report.Written && !dryRun {
				return fmt.Errorf("%d of %d rows were refused, so nothing was written: fix them, or import with --mode skip_invalid to write the good rows",
					report.Rejected, report.Rows)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "the file's format: csv, xlsx or ndjson (default: from the file's extension)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check every row and write nothing")
	cmd.Flags().BoolVar(&createOrgs, "create-organizations", false, "register the organizations the rows name by name and credit code that the registry does not know")
	cmd.Flags().StringVar(&mode, "mode", "all_or_nothing", "all_or_nothing: one bad row and nothing is written; skip_invalid: the good rows are written")
	cmd.Flags().StringVar(&reportPath, "report", "", "write every problem, with its row and column, to this file (.csv or .xlsx)")
	cmd.Flags().StringVar(&onConflict, "on-conflict", "skip", "a row whose record is registered: skip leaves it, update changes it")
	cmd.Flags().StringVar(&kind, "registry", "standards", "what the file holds: "+strings.Join(registries, ", "))
	return cmd
}

// importFormat is the format --format names, else the one name's
// extension implies.
func importFormat(name, format string) (tabular.Format, error) {
	if format != "" {
		return tabular.FormatOf(format, "")
	}
	if name == "-" {
		return "", errors.New("reading standard input, name its format: --format csv, xlsx or ndjson")
	}
	f, err := tabular.FormatOfPath(name)
	if err != nil {
		return "", fmt.Errorf("%w, or name the format with --format", err)
	}
	return f, nil
}

// openImport opens the file to import ("-": standard input) and says its
// size when a bar of bytes read can show the import's progress: a regular
// file in a format read as a stream (an XLSX workbook is read whole first).
func openImport(cmd *cobra.Command, name string, f tabular.Format) (io.ReadCloser, int64, error) {
	if name == "-" {
		return io.NopCloser(cmd.InOrStdin()), 0, nil
	}
	file, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	var size int64
	if info, err := file.Stat(); err == nil && info.Mode().IsRegular() && f != tabular.XLSX {
		size = info.Size()
	}
	return file, size, nil
}

// importFailed explains an import that stopped: a file that cannot be read
// (with where), or whatever the registry said.
func importFailed(name string, err error) error {
	var fe *tabular.FileError
	if errors.As(err, &fe) {
		if name == "-" {
			name = "standard input"
		}
		return fmt.Errorf("cannot import %s, nothing was written: %s", name, fe.Reason)
	}
	return explain(err)
}

// printIgnoredColumns names the file's columns the import did not read.
func printIgnoredColumns(w io.Writer, ignored []string) {
	if len(ignored) > 0 {
		fmt.Fprintf(w, "ignored columns: %s\n", strings.Join(ignored, ", "))
	}
}

// printImportReport prints what an import did and why rows were refused.
func printImportReport(w io.Writer, r registry.ImportReport, dryRun bool, reportPath string) {
	fmt.Fprintf(w, "rows:      %d\ncreated:   %d\nupdated:   %d\nunchanged: %d\nrejected:  %d\n",
		r.Rows, r.Created, r.Updated, r.Unchanged, r.Rejected)
	if r.OrganizationsCreated > 0 {
		fmt.Fprintf(w, "organizations created: %d\n", r.OrganizationsCreated)
	}
	for i, p := range r.Problems {
		if i == maxPrintedProblems {
			more := fmt.Sprintf("and %d more", len(r.Problems)-i)
			if reportPath != "" {
				fmt.Fprintf(w, "  … %s problems, all of them in %s\n", more, reportPath)
			} else {
				fmt.Fprintf(w, "  … %s problems (--report FILE writes them all)\n", more)
			}
			break
		}
		if p.Field == "" {
			fmt.Fprintf(w, "  row %d: %s\n", p.Row, p.Message)
		} else {
			fmt.Fprintf(w, "  row %d, %s: %s\n", p.Row, p.Field, p.Message)
		}
	}
	switch {
	case dryRun:
		fmt.Fprintln(w, "dry run: nothing was written")
	case r.Written:
		fmt.Fprintln(w, "written")
	}
}

// registries are what an import or an export may hold.
var registries = []string{"standards", "projects", "pilots", "technical-bodies", "organizations"}

// fileImport is the import of a file whose header is read.
type fileImport struct {
	run     func(registry.ImportOptions) (registry.ImportReport, error)
	ignored func() []string
	close   func() error
}

// newFileImport reads the header of a file of the registry kind names.
func newFileImport(ctx context.Context, reg *registry.Service, kind string, r io.Reader, f tabular.Format) (fileImport, error) {
	switch kind {
	case "projects":
		return recordImport(ctx, r, f, tabular.Projects, reg.ImportProjects)
	case "pilots":
		return recordImport(ctx, r, f, tabular.Pilots, reg.ImportPilots)
	case "technical-bodies":
		return recordImport(ctx, r, f, tabular.TechnicalBodies, reg.ImportTechnicalBodies)
	case "organizations":
		return recordImport(ctx, r, f, tabular.Organizations, reg.ImportOrganizations)
	}
	reader, err := tabular.NewReader(r, f)
	if err != nil {
		return fileImport{}, err
	}
	return fileImport{
		run: func(opts registry.ImportOptions) (registry.ImportReport, error) {
			return reg.Import(ctx, reader.Next, opts)
		},
		ignored: reader.IgnoredColumns, close: reader.Close,
	}, nil
}

func recordImport[T any](ctx context.Context, r io.Reader, f tabular.Format, s tabular.Schema[T],
	run func(context.Context, func() (tabular.Record[T], error), registry.ImportOptions) (registry.ImportReport, error)) (fileImport, error) {
	reader, err := tabular.NewRecordReader(r, f, s)
	if err != nil {
		return fileImport{}, err
	}
	return fileImport{
		run:     func(opts registry.ImportOptions) (registry.ImportReport, error) { return run(ctx, reader.Next, opts) },
		ignored: reader.IgnoredColumns, close: reader.Close,
	}, nil
}
