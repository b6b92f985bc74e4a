package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"stdreg/internal/fault"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// exportFlags are the list's filters, as GET /api/v1/standards/export takes
// them.
type exportFlags struct {
	q, kind, stage, nature, designation, zhejiangRole, organization, region, ics string
	publishedFrom, publishedTo, approvedFrom, approvedTo, sort                   string
}

// exportCommand writes the standards a list query selects to a file, as
// GET /api/v1/standards/export does, acting as the operator.
func exportCommand(getenv func(string) string, stdout, stderr io.Writer) *cobra.Command {
	var format, output, kind string
	var fl exportFlags
	cmd := &cobra.Command{
		Use:   "export [--format csv|xlsx|ndjson] [--output FILE|-] [--q TEXT] [--kind KIND] [--stage STAGE] [--sort ORDER] …",
		Short: "Write the standards a query selects to a CSV, XLSX or NDJSON file",
		Long: `export writes every standard the filters select, from the database
STDREG_DATABASE_URL names (migrating it first), exactly as
GET /api/v1/standards/export does, acting as the operator (an admin: drafts
not yet approved are included). The columns are the API's field names, so
the file imports again as it is (stdreg import).

The file goes to --output (written whole or not at all), or to standard
output without it or with "-". The format is --format, else the output file's
extension, else csv. The filters are those of the list: --q searches numbers,
titles and drafting units; dates are YYYY-MM-DD. --sort is code by default
(relevance with --q), or published_on, approved_on, created_at, each
optionally prefixed by "-" for descending order.

--registry projects, pilots, technical-bodies or organizations exports every
record of the plan's other registries (or every organization) instead, in
files their imports read again (stdreg import --registry …).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case !slices.Contains(registries, kind):
				return fmt.Errorf("--registry must be one of %s, not %q", strings.Join(registries, ", "), kind)
			case kind != "standards" && fl != (exportFlags{}):
				return fmt.Errorf("the filters are the standards' list's: --registry %s exports every record", kind)
			}
			q, err := fl.query()
			if err != nil {
				return err
			}
			f, err := exportFormat(format, output)
			if err != nil {
				return err
			}
			toStdout := output == "" || output == "-"
			if toStdout && f == tabular.XLSX && isTerminal(stdout) {
				return errors.New("an XLSX workbook is not for a terminal: name a file with --output, or redirect standard output")
			}

			session, err := openOperatorSession(cmd.Context(), getenv, stderr)
			if err != nil {
				return err
			}
			defer session.close()

			out := &exportOutput{w: stdout}
			if !toStdout {
				if out, err = createExport(output); err != nil {
					return err
				}
			}
			defer out.abort()
			p := newProgress(stderr, "exported", 0)
			switch kind {
			case "projects":
				err = exportRecords(out.w, f, tabular.Projects, p.set, func(each func(standard.Project) error) error {
					return session.registry.ExportProjects(session.ctx, standard.ProjectQuery{}, each)
				})
			case "pilots":
				err = exportRecords(out.w, f, tabular.Pilots, p.set, func(each func(standard.Pilot) error) error {
					return session.registry.ExportPilots(session.ctx, standard.PilotQuery{}, each)
				})
			case "technical-bodies":
				err = exportRecords(out.w, f, tabular.TechnicalBodies, p.set, func(each func(standard.TechnicalBody) error) error {
					return session.registry.ExportTechnicalBodies(session.ctx, standard.TechnicalBodyQuery{}, each)
				})
			case "organizations":
				err = exportRecords(out.w, f, tabular.Organizations, p.set, func(each func(standard.Organization) error) error {
					return session.registry.ExportOrganizations(session.ctx, standard.OrganizationQuery{}, each)
				})
			default:
				err = export(session.ctx, session.registry, q, f, out.w, p.set)
			}
			p.done()
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			return out.commit()
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&format, "format", "", "csv, xlsx or ndjson (default: from --output's extension, else csv)")
	flags.StringVar(&kind, "registry", "standards", "what to export: "+strings.Join(registries, ", ")+" (the filters are the standards')")
	flags.StringVarP(&output, "output", "o", "", `the file to write; "-" or none: standard output`)
	flags.StringVar(&fl.q, "q", "", "search numbers, titles and drafting units")
	flags.StringVar(&fl.kind, "kind", "", enumHelp("kind", standard.Kinds))
	flags.StringVar(&fl.stage, "stage", "", enumHelp("current stage", standard.Stages))
	flags.StringVar(&fl.nature, "nature", "", enumHelp("nature", standard.Natures))
	flags.StringVar(&fl.designation, "designation", "", enumHelp("designation", standard.DesignationTypes))
	flags.StringVar(&fl.zhejiangRole, "zhejiang-role", "", enumHelp("Zhejiang's role", standard.ZhejiangRoles))
	flags.StringVar(&fl.organization, "organization", "", "the owning organization's id")
	flags.StringVar(&fl.region, "region", "", "6-digit administrative division code")
	flags.StringVar(&fl.ics, "ics", "", "ICS class or its beginning, such as 43.150 or 43")
	flags.StringVar(&fl.publishedFrom, "published-from", "", "published on or after (YYYY-MM-DD)")
	flags.StringVar(&fl.publishedTo, "published-to", "", "published on or before (YYYY-MM-DD)")
	flags.StringVar(&fl.approvedFrom, "approved-from", "", "project approved on or after (YYYY-MM-DD)")
	flags.StringVar(&fl.approvedTo, "approved-to", "", "project approved on or before (YYYY-MM-DD)")
	flags.StringVar(&fl.sort, "sort", "", "code (default; relevance with --q), published_on, approved_on, created_at, each optionally -prefixed")
	// The API's parameter names work too: --published_from, --zhejiang_role.
	flags.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		return pflag.NormalizedName(strings.ReplaceAll(name, "_", "-"))
	})
	return cmd
}

// export streams the standards q selects into a file of format f on w,
// telling progress how many it has written.
func export(ctx context.Context, reg *registry.Service, q standard.ListQuery, f tabular.Format, w io.Writer, progress func(int)) error {
	return exportFile(w, func(out io.Writer) (tabular.Writer, error) {
		return tabular.NewWriter(out, f, tabular.WithCycles(reg.Rules()))
	},
		progress, func(each func(standard.Standard) error) error { return reg.ExportStandards(ctx, q, each) })
}

// exportRecords streams the records all gives into a file of format f
// on w, telling progress how many it has written.
func exportRecords[T any](w io.Writer, f tabular.Format, s tabular.Schema[T], progress func(int), all func(func(T) error) error) error {
	return exportFile(w, func(out io.Writer) (tabular.RecordWriter[T], error) { return tabular.NewRecordWriter(out, f, s) }, progress, all)
}

// exportFile writes the records all gives with the writer open starts on
// w, buffered, telling progress how many it has written.
func exportFile[T any](w io.Writer, open func(io.Writer) (tabular.RecordWriter[T], error), progress func(int), all func(func(T) error) error) error {
	buf := bufio.NewWriterSize(w, 64<<10)
	tw, err := open(buf)
	if err != nil {
		return err
	}
	n := 0
	err = all(func(r T) error {
		if err := tw.Write(r); err != nil {
			return err
		}
		n++
		progress(n)
		return nil
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return buf.Flush()
}

// exportFormat is the format --format names, else the one the output
// file's extension implies, else CSV.
func exportFormat(format, output string) (tabular.Format, error) {
	if format != "" {
		return tabular.FormatOf(format, "")
	}
	if output == "" || output == "-" {
		return tabular.CSV, nil
	}
	f, err := tabular.FormatOfPath(output)
	if err != nil {
		return "", fmt.Errorf("%w, or name the format with --format", err)
	}
	return f, nil
}

// exportOutput is where an export goes: standard output, or a temporary
// file beside the named one that takes its name only when the export is
// complete, so that a failed export leaves no file that looks whole.
type exportOutput struct {
	w         io.Writer
	file      *os.File // nil for standard output
	name      string
	committed bool
}

func createExport(name string) (*exportOutput, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &exportOutput{w: f, file: f, name: name}, nil
}

// commit gives the complete file its name.
func (o *exportOutput) commit() error {
	if o.file == nil {
		return nil
	}
	err := o.file.Chmod(0o644)
	if cerr := o.file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.file.Name(), o.name)
	}
	if err != nil {
		_ = os.Remove(o.file.Name())
		o.file = nil
		return err
	}
	o.committed, o.file = true, nil
	return nil
}

// abort removes the temporary file of an export that did not finish.
func (o *exportOutput) abort() {
	if o.file != nil && !o.committed {
		_ = o.file.Close()
		_ = os.Remove(o.file.Name())
	}
}

// query checks the flags as the HTTP layer checks the list's parameters.
func (fl exportFlags) query() (standard.ListQuery, error) {
	var problems []string
	bad := func(flag, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("--%s: %s", flag, fmt.Sprintf(format, args...)))
	}
	date := func(flag, v string) standard.Date {
		if v == "" {
			return standard.Date{}
		}
		d, err := standard.ParseDate(v)
		if err != nil {
			bad(flag, "%s", err)
		}
		return d
	}
	filter := standard.Filter{
		Q:              fl.q,
		Kind:           enumFlag(bad, "kind", fl.kind, standard.Kinds),
		Stage:          enumFlag(bad, "stage", fl.stage, standard.Stages),
		Nature:         enumFlag(bad, "nature", fl.nature, standard.Natures),
		Designation:    enumFlag(bad, "designation", fl.designation, standard.DesignationTypes),
		ZhejiangRoles:  roles(enumFlag(bad, "zhejiang-role", fl.zhejiangRole, standard.ZhejiangRoles)),
		OrganizationID: fl.organization,
		Region:         fl.region,
		ICS:            fl.ics,
		PublishedFrom:  date("published-from", fl.publishedFrom),
		PublishedTo:    date("published-to", fl.publishedTo),
		ApprovedFrom:   date("approved-from", fl.approvedFrom),
		ApprovedTo:     date("approved-to", fl.approvedTo),
	}
	var fe fault.FieldErrors
	filter.Check(&fe) // as the HTTP layer checks the list's parameters
	for _, e := range fe {
		bad(filterFlag(e.Field), "%s", e.Message)
	}
	order := fl.sort
	if order == "" && strings.TrimSpace(filter.Q) != "" {
		order = string(standard.SortRelevance) // the best matches first, as in the list
	}
	sort, err := standard.ParseSort(order)
	if err != nil {
		bad("sort", "must be one of code, published_on, approved_on, created_at (each optionally prefixed by -) or relevance")
	}
	if sort.Key == standard.SortRelevance && strings.TrimSpace(filter.Q) == "" {
		bad("sort", "relevance ranks the matches of --q; give --q")
	}
	if len(problems) > 0 {
		return standard.ListQuery{}, fmt.Errorf("invalid flags:\n  %s", strings.Join(problems, "\n  "))
	}
	return standard.ListQuery{Filter: filter, Sort: sort}, nil
}

// filterFlag is the flag of a filter the domain names by its parameter.
func filterFlag(param string) string {
	if param == "organization_id" {
		return "organization"
	}
	return strings.ReplaceAll(param, "_", "-")
}

// enumFlag reads a flag that takes one of a fixed set of values.
func enumFlag[T ~string](bad func(flag, format string, args ...any), flag, v string, allowed []T) T {
	if v != "" && !slices.Contains(allowed, T(v)) {
		bad(flag, "%q is not one of %s", v, joinValues(allowed))
	}
	return T(v)
}

func enumHelp[T ~string](what string, values []T) string {
	return what + ": " + joinValues(values)
}

func joinValues[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// roles is the one role a flag names, or none.
func roles(r standard.ZhejiangRole) []standard.ZhejiangRole {
	if r == "" {
		return nil
	}
	return []standard.ZhejiangRole{r}
}
