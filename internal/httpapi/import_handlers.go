package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/registry"
	"stdreg/internal/tabular"
)

// importPaths are the import routes; the general body limit skips them,
// since files have their own (Options.ImportLimit).
var importPaths = map[string]bool{
	"/api/v1/imports": true, "/api/v1/projects/import": true, "/api/v1/pilots/import": true, "/api/v1/technical-bodies/import": true,
}

// importStandards registers the standards of a file.
//
//	@Summary		Import standards from a spreadsheet, CSV or NDJSON file
//	@Description	Roles: admin; editor, for its own organization. The body is the file: XLSX (first sheet), CSV (UTF-8 with or without BOM, or GB18030) or NDJSON (one standard per line), its format from `format` or else from Content-Type. The first row names the columns by the API's field names or the Chinese names people use, the national, local, group and enterprise platforms' listing headers included (标准号, 标准名称, 标准状态, 发布日期, 实施日期, 废止日期, 立项日期, 代替标准, 归口单位, 起草单位, 中国标准分类号, 国际标准分类号…); a column it does not know (序号, 备注…) is ignored and named in the report's `ignored_columns`. Without a kind column the kind follows from the number. A row may hold a standard at any stage (the API's stage names, or 现行/即将实施 published, 废止/被代替 withdrawn, 立项/起草 drafting, 征求意见 consultation, 审查 review, 报批 approval); its days (approved_on 立项日期, submitted_on 报批日期, published_on, withdrawn_on) become its history, recorded as `imported`, along the procedure, each move dated where the file dates it. `GET /api/v1/imports/template` gives a template. Lists are separated by `;` `,` `；` `，` `、` or new lines (安吉县竹产业协会、浙江大学 is two drafting units), designations written `type|year|reference`, adoptions `code|degree`. Every row is checked exactly as a POST would check it (an update as a PATCH). A row whose standard is registered (same id, the same number in any written form, or for a draft without a number the same kind, owner and Chinese title) is left as it is, or with `on_conflict=update` updated; so a second run of the same file changes nothing. A record the caller may not see (another organization's draft in `preliminary` or `proposal`) is not registered as far as the import goes: a row naming it, by id, number or title, is judged as a new registration, exactly as if it did not exist; only a new registration of its very number is refused, as a POST of it is (`a standard numbered … is already registered`), since numbers are unique. By default the import is all or nothing, in one transaction: one bad row and nothing is written (422, with the report). `mode=skip_invalid` writes the good rows. `dry_run=true` checks everything and writes nothing. Cells that are spreadsheet formulas are refused. A row names its organization by `organization_id` (an id of this registry), else by `organization_credit_code` (统一社会信用代码), else by the exact `organization_name` (组织名称; a name two organizations share needs the credit code); an export carries all three, so it imports into another registry. An organization the registry does not know refuses the row, or with `create_organizations=true` (admin only) is registered, once, with its audit event and change, in the same transaction; its kind follows from the credit code's registering authority, else from its name. The report lists every problem.
//	@Tags			imports
//	@Accept			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body		body		string	true	"the file"
//	@Param			format		query		string	false	"the file's format, when Content-Type does not say"	Enums(csv,xlsx,ndjson)
//	@Param			dry_run		query		bool	false	"check every row and write nothing"	default(false)
//	@Param			mode		query		string	false	"all_or_nothing: one bad row and nothing is written; skip_invalid: the good rows are written"	Enums(all_or_nothing,skip_invalid)	default(all_or_nothing)
//	@Param			on_conflict	query		string	false	"a row whose standard is registered: skip leaves it, update changes it"	Enums(skip,update)	default(skip)
//	@Param			create_organizations	query	bool	false	"register the organizations the rows name (organization_name, organization_credit_code) that the registry does not know; admin only"	default(false)
//	@Success		200			{object}	ImportReport
//	@Failure		400			{object}	Problem			"a parameter is invalid, or the file cannot be read (not a spreadsheet, truncated, ragged rows, unknown columns)"
//	@Failure		422			{object}	ImportRefused	"rows were refused, so an all-or-nothing import wrote nothing"
//	@Failure		413			{object}	Problem			"the file is over the import size limit, or over a limit on what it holds once decompressed or read (a worksheet's size, the compression ratio, shared strings, rows, columns, a cell's or a row's length); the detail names the limit"
//	@Failure		415			{object}	Problem			"the format is neither csv, xlsx nor ndjson"
//	@Failure		401			{object}	Problem			"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem			"the key's role may not do this (create_organizations=true is an admin's)"
//	@Failure		409			{object}	Problem			"another request registered the same number meanwhile"
//	@Failure		429			{object}	Problem			"rate limit exceeded"
//	@Header			429			{integer}	Retry-After		"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	importStandards
//	@Router			/api/v1/imports [post]
func (s *Server) importStandards(c echo.Context) error {
	in, err := s.openImport(c, s.registry.AuthorizeImport)
	if err != nil {
		return err
	}
	defer in.close()
	reader, err := tabular.NewReader(in.file, in.format)
	if err != nil {
		return s.importError(err)
	}
	report, err := s.registry.Import(c.Request().Context(), reader.Next, in.opts)
	if err != nil {
		return s.importError(err)
	}
	return s.answerImport(c, in, report, reader.IgnoredColumns())
}

// importRequest is an import's parameters and its file, spooled.
type importRequest struct {
	opts   registry.ImportOptions
	format tabular.Format
	file   io.Reader
	close  func()
}

// openImport reads an import's parameters, asks authorize whether the
// caller may import at all, and gets the file ready to read: the
// parameters and the caller are checked before the body is read.
func (s *Server) openImport(c echo.Context, authorize func(context.Context) error) (importRequest, error) {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "format", "dry_run", "mode", "on_conflict", "create_organizations")
	dryRun := queryparam.Bool(params, &fe, "dry_run")
	createOrgs := queryparam.Bool(params, &fe, "create_organizations")
	mode := queryparam.Enum(params, &fe, "mode", []string{"all_or_nothing", "skip_invalid"})
	onConflict := queryparam.Enum(params, &fe, "on_conflict", []string{"skip", "update"})
	if err := fe.Err(); err != nil {
		return importRequest{}, err
	}
	if err := authorize(c.Request().Context()); err != nil {
		return importRequest{}, err
	}
	if err := s.registry.AuthorizeCreateOrganizations(c.Request().Context(), createOrgs); err != nil {
		return importRequest{}, err
	}
	req := c.Request()
	format, err := tabular.FormatOf(params.Get("format"), req.Header.Get(echo.HeaderContentType))
	if err != nil {
		return importRequest{}, echo.NewHTTPError(http.StatusUnsupportedMediaType, fault.Msg("send a csv, xlsx or ndjson file, named by Content-Type (text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/x-ndjson) or by format="))
	}
	if req.ContentLength > s.importLimit {
		return importRequest{}, tooLarge(s.importLimit)
	}
	// A big file takes longer than an API call: the server's timeouts are
	// for those, so this request gets a longer one.
	rc := http.NewResponseController(c.Response().Writer)
	_ = rc.SetReadDeadline(time.Now().Add(10 * time.Minute))
	_ = rc.SetWriteDeadline(time.Now().Add(15 * time.Minute))
	in := importRequest{
		opts: registry.ImportOptions{DryRun: dryRun, SkipInvalid: mode == "skip_invalid", Update: onConflict == "update",
			CreateOrganizations: createOrgs},
		format: format, close: func() {},
	}
	in.file = http.MaxBytesReader(c.Response().Writer, req.Body, s.importLimit)
	if format != tabular.XLSX { // an XLSX file is read whole before the import begins anyway
		spooled, err := spool(in.file)
		if err != nil {
			return importRequest{}, s.importError(err)
		}
		in.file, in.close = spooled, func() { _ = spooled.Close() }
	}
	return in, nil
}

// answerImport answers an import's report: 200, or 422 with the report
// when an all-or-nothing import refused rows and so wrote nothing.
func (s *Server) answerImport(c echo.Context, in importRequest, report registry.ImportReport, ignored []string) error {
	s.countImport(report, in.opts.DryRun)
	lang := languageOf(c)
	out := toImportReport(report, in.opts.DryRun, string(in.format), ignored, lang)
	setLanguage(c, lang)
	if !report.Written && !in.opts.DryRun {
		p := newProblem(http.StatusUnprocessableEntity, rowsRefused, lang)
		p.Instance = c.Request().URL.Path
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		return c.JSON(http.StatusUnprocessableEntity, ImportRefused{Problem: p, Report: out})
	}
	return c.JSON(http.StatusOK, out)
}

var rowsRefused = fault.Msg("rows were refused, so nothing was written; see report.problems, or import with mode=skip_invalid to write the good rows")

// importError is an import's failure as the client sees it: a file over the
// limit, or one that cannot be read, or whatever the registry said.
func (s *Server) importError(err error) error {
	if isTooLarge(err) {
		return tooLarge(s.importLimit)
	}
	return err
}

// importTemplate answers a spreadsheet to fill in for an import.
//
//	@Summary		An import template
//	@Description	Roles: anyone. An XLSX workbook whose first sheet has the columns an import reads, headed in Chinese and by their API names, one example row, and drop-down lists for kind, stage, nature, Zhejiang's role and designation; a second sheet explains the columns.
//	@Tags			imports
//	@Produce		application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
//	@Security		BearerAuth
//	@x-auth-optional	true
//	@Param			format	query		string	false	"the template's format"	Enums(xlsx)	default(xlsx)
//	@Success		200		{file}		binary	"the template"
//	@Failure		400		{object}	Problem	"invalid parameter"
//	@Failure		401		{object}	Problem	"missing, unknown or revoked API key"
//	@Failure		429		{object}	Problem	"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getImportTemplate
//	@Router			/api/v1/imports/template [get]
func (s *Server) importTemplate(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "format")
	queryparam.Enum(params, &fe, "format", []string{"xlsx"})
	if err := fe.Err(); err != nil {
		return err
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, tabular.XLSX.ContentType())
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="stdreg-import-template.xlsx"`)
	res.WriteHeader(http.StatusOK)
	return tabular.Template(res)
}

// spool reads the whole upload into a temporary file before the import
// begins, so that the import's transaction is open while rows are written,
// not while a slow client sends its file. On SQLite that transaction holds
// the database's one write lock from its start: without the spool, every
// other write waited on the upload, and gave up after the busy timeout.
// The file is unlinked when closed.
func spool(body io.Reader) (*spooled, error) {
	f, err := os.CreateTemp("", "stdreg-import-*")
	if err != nil {
		return nil, fmt.Errorf("spool the import: %w", err)
	}
	sp := &spooled{File: f}
	if _, err := io.Copy(f, body); err != nil {
		_ = sp.Close()
		return nil, err // the upload's own error: too large, cut off, too slow
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		_ = sp.Close()
		return nil, fmt.Errorf("spool the import: %w", err)
	}
	return sp, nil
}

// spooled is the spooled upload; Close removes it.
type spooled struct{ *os.File }

func (s *spooled) Close() error {
	err := s.File.Close()
	if rm := os.Remove(s.Name()); err == nil {
		err = rm
	}
	return err
}
