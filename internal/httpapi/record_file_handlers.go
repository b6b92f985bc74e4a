package httpapi

import (
	"context"
	"io"
	"net/url"

	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// The files of the plan's other registries: each imports and exports as
// standards do (import_handlers.go, export_handlers.go), with its own
// columns (tabular.Projects, …).

// importProjects registers the projects of a file.
//
//	@Summary		Import science and technology projects from a spreadsheet, CSV or NDJSON file
//	@Description	Roles: admin; editor, for its own organization. As `POST /api/v1/imports` for standards: the body is the file (XLSX, CSV in UTF-8 or GB18030, NDJSON), its columns named by the API's field names or in Chinese (项目名称, 科技计划, 项目类别 共性关键技术/应用类/其他, 承担单位ID, 立项日期, 验收日期, 形成标准ID), `standard_ids` separated by `;` `,` `、` or new lines. name and programme are required columns. Each row is checked and written exactly as a POST (an update as a PATCH), with its audit event. A row whose project is registered (its id, or the same programme and name) is left as it is, or with `on_conflict=update` updated. All or nothing by default (422 with the report); `mode=skip_invalid` writes the good rows; `dry_run=true` writes nothing.
//	@Tags			projects
//	@Accept			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body		body		string	true	"the file"
//	@Param			format		query		string	false	"the file's format, when Content-Type does not say"	Enums(csv,xlsx,ndjson)
//	@Param			dry_run		query		bool	false	"check every row and write nothing"	default(false)
//	@Param			mode		query		string	false	"all_or_nothing: one bad row and nothing is written; skip_invalid: the good rows are written"	Enums(all_or_nothing,skip_invalid)	default(all_or_nothing)
//	@Param			on_conflict	query		string	false	"a row whose project is registered: skip leaves it, update changes it"	Enums(skip,update)	default(skip)
//	@Success		200			{object}	ImportReport
//	@Failure		400			{object}	Problem			"a parameter is invalid, or the file cannot be read"
//	@Failure		422			{object}	ImportRefused	"rows were refused, so an all-or-nothing import wrote nothing"
//	@Failure		413			{object}	Problem			"the file is over the import size limit, or over a limit on what it holds"
//	@Failure		415			{object}	Problem			"the format is neither csv, xlsx nor ndjson"
//	@Failure		401			{object}	Problem			"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem			"the key's role may not do this"
//	@Failure		429			{object}	Problem			"rate limit exceeded"
//	@Header			429			{integer}	Retry-After		"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	importProjects
//	@Router			/api/v1/projects/import [post]
func (s *Server) importProjects(c echo.Context) error {
	return importRecords(s, c, tabular.Projects, access.CreateProject, s.registry.ImportProjects)
}

// importPilots registers the pilots of a file.
//
//	@Summary		Import standardization pilots from a spreadsheet, CSV or NDJSON file
//	@Description	Roles: admin; editor, for its own organization. As `POST /api/v1/projects/import`, with the pilots' columns (试点名称, 试点类型 城市/县域/领域, 试点级别 国家级/省级/市级, 行政区划, 承担单位ID, 批准日期, 验收日期, 状态 建设中/已验收/已撤销); name and kind are required columns. A row whose pilot is registered (its id, or the same kind and name) is left as it is, or with `on_conflict=update` updated (a pilot is revoked so).
//	@Tags			pilots
//	@Accept			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body		body		string	true	"the file"
//	@Param			format		query		string	false	"the file's format, when Content-Type does not say"	Enums(csv,xlsx,ndjson)
//	@Param			dry_run		query		bool	false	"check every row and write nothing"	default(false)
//	@Param			mode		query		string	false	"all_or_nothing: one bad row and nothing is written; skip_invalid: the good rows are written"	Enums(all_or_nothing,skip_invalid)	default(all_or_nothing)
//	@Param			on_conflict	query		string	false	"a row whose pilot is registered: skip leaves it, update changes it"	Enums(skip,update)	default(skip)
//	@Success		200			{object}	ImportReport
//	@Failure		400			{object}	Problem			"a parameter is invalid, or the file cannot be read"
//	@Failure		422			{object}	ImportRefused	"rows were refused, so an all-or-nothing import wrote nothing"
//	@Failure		413			{object}	Problem			"the file is over the import size limit, or over a limit on what it holds"
//	@Failure		415			{object}	Problem			"the format is neither csv, xlsx nor ndjson"
//	@Failure		401			{object}	Problem			"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem			"the key's role may not do this"
//	@Failure		429			{object}	Problem			"rate limit exceeded"
//	@Header			429			{integer}	Retry-After		"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	importPilots
//	@Router			/api/v1/pilots/import [post]
func (s *Server) importPilots(c echo.Context) error {
	return importRecords(s, c, tabular.Pilots, access.CreatePilot, s.registry.ImportPilots)
}

// importTechnicalBodies registers the technical bodies of a file.
//
//	@Summary		Import standardization technical bodies from a spreadsheet, CSV or NDJSON file
//	@Description	Roles: admin; editor, for its own organization. As `POST /api/v1/projects/import`, with the bodies' columns (技术组织编号, 技术组织名称, 级别 国际/全国/省级, 秘书处承担单位ID, 落户日期); code is a required column. A row whose body is registered (its id, or the same code in any spacing) is left as it is, or with `on_conflict=update` updated.
//	@Tags			technical-bodies
//	@Accept			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body		body		string	true	"the file"
//	@Param			format		query		string	false	"the file's format, when Content-Type does not say"	Enums(csv,xlsx,ndjson)
//	@Param			dry_run		query		bool	false	"check every row and write nothing"	default(false)
//	@Param			mode		query		string	false	"all_or_nothing: one bad row and nothing is written; skip_invalid: the good rows are written"	Enums(all_or_nothing,skip_invalid)	default(all_or_nothing)
//	@Param			on_conflict	query		string	false	"a row whose body is registered: skip leaves it, update changes it"	Enums(skip,update)	default(skip)
//	@Success		200			{object}	ImportReport
//	@Failure		400			{object}	Problem			"a parameter is invalid, or the file cannot be read"
//	@Failure		422			{object}	ImportRefused	"rows were refused, so an all-or-nothing import wrote nothing"
//	@Failure		413			{object}	Problem			"the file is over the import size limit, or over a limit on what it holds"
//	@Failure		415			{object}	Problem			"the format is neither csv, xlsx nor ndjson"
//	@Failure		401			{object}	Problem			"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem			"the key's role may not do this"
//	@Failure		429			{object}	Problem			"rate limit exceeded"
//	@Header			429			{integer}	Retry-After		"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	importTechnicalBodies
//	@Router			/api/v1/technical-bodies/import [post]
func (s *Server) importTechnicalBodies(c echo.Context) error {
	return importRecords(s, c, tabular.TechnicalBodies, access.CreateBody, s.registry.ImportTechnicalBodies)
}

// importOrganizations registers the organizations of a file.
//
//	@Summary		Import organizations from a spreadsheet, CSV or NDJSON file
//	@Description	Roles: admin. As `POST /api/v1/projects/import`, with the organizations' columns (组织名称, 统一社会信用代码, 组织类型 科研院所/协会/企业/政府部门/其他, 行政区划); name is a required column. A row whose organization is registered (its id, else the same credit code, else the same exact name) is left as it is, or with `on_conflict=update` updated.
//	@Tags			organizations
//	@Accept			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body		body		string	true	"the file"
//	@Param			format		query		string	false	"the file's format, when Content-Type does not say"	Enums(csv,xlsx,ndjson)
//	@Param			dry_run		query		bool	false	"check every row and write nothing"	default(false)
//	@Param			mode		query		string	false	"all_or_nothing: one bad row and nothing is written; skip_invalid: the good rows are written"	Enums(all_or_nothing,skip_invalid)	default(all_or_nothing)
//	@Param			on_conflict	query		string	false	"a row whose organization is registered: skip leaves it, update changes it"	Enums(skip,update)	default(skip)
//	@Success		200			{object}	ImportReport
//	@Failure		400			{object}	Problem			"a parameter is invalid, or the file cannot be read"
//	@Failure		422			{object}	ImportRefused	"rows were refused, so an all-or-nothing import wrote nothing"
//	@Failure		413			{object}	Problem			"the file is over the import size limit, or over a limit on what it holds"
//	@Failure		415			{object}	Problem			"the format is neither csv, xlsx nor ndjson"
//	@Failure		401			{object}	Problem			"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem			"the key's role may not do this"
//	@Failure		429			{object}	Problem			"rate limit exceeded"
//	@Header			429			{integer}	Retry-After		"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	importOrganizations
//	@Router			/api/v1/organizations/import [post]
func (s *Server) importOrganizations(c echo.Context) error {
	return importRecords(s, c, tabular.Organizations, access.CreateOrganization, s.registry.ImportOrganizations)
}

// importRecords runs an import of one kind of record.
func importRecords[T any](s *Server, c echo.Context, schema tabular.Schema[T], action access.Action,
	run func(context.Context, func() (tabular.Record[T], error), registry.ImportOptions) (registry.ImportReport, error)) error {
	in, err := s.openImport(c, func(ctx context.Context) error { return s.registry.AuthorizeRecordImport(ctx, action) })
	if err != nil {
		return err
	}
	defer in.close()
	reader, err := tabular.NewRecordReader(in.file, in.format, schema)
	if err != nil {
		return s.importError(err)
	}
	report, err := run(c.Request().Context(), reader.Next, in.opts)
	if err != nil {
		return s.importError(err)
	}
	return s.answerImport(c, in, report, reader.IgnoredColumns())
}

// exportProjects streams every project a list query selects as a file.
//
//	@Summary			Export science and technology projects as CSV, XLSX or NDJSON
//	@Description		Roles: anyone; the standards each names as the list shows them. Takes the list's filters and streams every project they select, by name: CSV (UTF-8 with a BOM) headed by the API's field names, XLSX headed in Chinese above them (项目名称 name), or NDJSON, one project per line. `standard_ids` are separated by `;`. The file imports again as it is (`POST /api/v1/projects/import`).
//	@Tags				projects
//	@Produce			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				format			query		string		true	"the file's format"	Enums(csv,xlsx,ndjson)
//	@Param				programme		query		string		false	"the programme, exactly: 尖兵, 领雁, …"
//	@Param				category		query		[]string	false	"any of these categories"	collectionFormat(csv)	Enums(key_generic,application,other)
//	@Param				organization_id	query		string		false	"the undertaking organization"	format(uuid)
//	@Param				standard_id		query		string		false	"projects that name this standard"	format(uuid)
//	@Param				produced		query		bool		false	"true: only projects that name a standard at drafting or later"
//	@Param				produced_as_of	query		string		false	"with produced: judge each standard by the stage its history gives it on this day"	format(date)
//	@Param				accepted_from	query		string		false	"accepted on or after"	format(date)
//	@Param				accepted_to		query		string		false	"accepted on or before"	format(date)
//	@Success			200				{file}		binary		"the file"
//	@Failure			400				{object}	Problem		"invalid parameter"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	exportProjects
//	@Router				/api/v1/projects/export [get]
func (s *Server) exportProjects(c echo.Context) error {
	return exportRecords(s, c, "projects", tabular.Projects, projectFilterParams,
		func(ctx context.Context, params url.Values, fe *fault.FieldErrors) func(func(standard.Project) error) error {
			q := standard.ProjectQuery{Filter: projectFilter(params, fe)}
			return func(each func(standard.Project) error) error { return s.registry.ExportProjects(ctx, q, each) }
		})
}

// exportPilots streams every pilot a list query selects as a file.
//
//	@Summary			Export standardization pilots as CSV, XLSX or NDJSON
//	@Description		Roles: anyone. Takes the list's filters and streams every pilot they select, by name, as `GET /api/v1/projects/export` does projects. The file imports again as it is (`POST /api/v1/pilots/import`).
//	@Tags				pilots
//	@Produce			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				format			query		string		true	"the file's format"	Enums(csv,xlsx,ndjson)
//	@Param				kind			query		[]string	false	"any of these kinds"	collectionFormat(csv)	Enums(city,county,domain)
//	@Param				level			query		[]string	false	"any of these levels"	collectionFormat(csv)	Enums(national,provincial,city)
//	@Param				status			query		[]string	false	"any of these statuses"	collectionFormat(csv)	Enums(building,accepted,revoked)
//	@Param				region			query		string		false	"administrative division code"
//	@Param				organization_id	query		string		false	"the undertaking organization"	format(uuid)
//	@Param				approved_from	query		string		false	"approved on or after"	format(date)
//	@Param				approved_to		query		string		false	"approved on or before"	format(date)
//	@Success			200				{file}		binary		"the file"
//	@Failure			400				{object}	Problem		"invalid parameter"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	exportPilots
//	@Router				/api/v1/pilots/export [get]
func (s *Server) exportPilots(c echo.Context) error {
	return exportRecords(s, c, "pilots", tabular.Pilots, pilotFilterParams,
		func(ctx context.Context, params url.Values, fe *fault.FieldErrors) func(func(standard.Pilot) error) error {
			q := standard.PilotQuery{Filter: pilotFilter(params, fe)}
			return func(each func(standard.Pilot) error) error { return s.registry.ExportPilots(ctx, q, each) }
		})
}

// exportTechnicalBodies streams every technical body a list query selects
// as a file.
//
//	@Summary			Export standardization technical bodies as CSV, XLSX or NDJSON
//	@Description		Roles: anyone. Takes the list's filters and streams every body they select, by code, as `GET /api/v1/projects/export` does projects. The file imports again as it is (`POST /api/v1/technical-bodies/import`).
//	@Tags				technical-bodies
//	@Produce			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				format						query		string		true	"the file's format"	Enums(csv,xlsx,ndjson)
//	@Param				level						query		[]string	false	"any of these levels"	collectionFormat(csv)	Enums(international,national,provincial)
//	@Param				secretariat_organization_id	query		string		false	"the secretariat's organization"	format(uuid)
//	@Param				settled_from				query		string		false	"settled on or after"	format(date)
//	@Param				settled_to					query		string		false	"settled on or before"	format(date)
//	@Success			200							{file}		binary		"the file"
//	@Failure			400							{object}	Problem		"invalid parameter"
//	@Failure			401							{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429							{object}	Problem		"rate limit exceeded"
//	@Header				429							{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	exportTechnicalBodies
//	@Router				/api/v1/technical-bodies/export [get]
func (s *Server) exportTechnicalBodies(c echo.Context) error {
	return exportRecords(s, c, "technical-bodies", tabular.TechnicalBodies, bodyFilterParams,
		func(ctx context.Context, params url.Values, fe *fault.FieldErrors) func(func(standard.TechnicalBody) error) error {
			q := standard.TechnicalBodyQuery{Filter: bodyFilter(params, fe)}
			return func(each func(standard.TechnicalBody) error) error {
				return s.registry.ExportTechnicalBodies(ctx, q, each)
			}
		})
}

// exportOrganizations streams every organization a list query selects as
// a file.
//
//	@Summary			Export organizations as CSV, XLSX or NDJSON
//	@Description		Roles: anyone. Takes the list's filters and streams every organization they select, by name, as `GET /api/v1/projects/export` does projects: CSV headed by the API's field names, XLSX headed in Chinese above them (组织名称, 统一社会信用代码, 组织类型, 行政区划), or NDJSON. The file imports again as it is (`POST /api/v1/organizations/import`).
//	@Tags				organizations
//	@Produce			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				format	query		string	true	"the file's format"	Enums(csv,xlsx,ndjson)
//	@Param				kind	query		string	false	"kind"	Enums(institute,association,enterprise,government,other)
//	@Param				region	query		string	false	"administrative division code"
//	@Success			200		{file}		binary		"the file"
//	@Failure			400		{object}	Problem		"invalid parameter"
//	@Failure			401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429		{object}	Problem		"rate limit exceeded"
//	@Header				429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	exportOrganizations
//	@Router				/api/v1/organizations/export [get]
func (s *Server) exportOrganizations(c echo.Context) error {
	return exportRecords(s, c, "organizations", tabular.Organizations, []string{"kind", "region"},
		func(ctx context.Context, params url.Values, fe *fault.FieldErrors) func(func(standard.Organization) error) error {
			q := standard.OrganizationQuery{Filter: standard.OrganizationFilter{
				Kind: queryparam.Enum(params, fe, "kind", standard.OrgKinds), Region: params.Get("region")}}
			return func(each func(standard.Organization) error) error {
				return s.registry.ExportOrganizations(ctx, q, each)
			}
		})
}

// exportRecords reads an export's format and filters (query reads the
// filters and gives the export), and streams the file (streamFile).
func exportRecords[T any](s *Server, c echo.Context, name string, schema tabular.Schema[T], filters []string,
	query func(context.Context, url.Values, *fault.FieldErrors) func(func(T) error) error) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, append([]string{"format"}, filters...)...)
	format := queryparam.Enum(params, &fe, "format", []tabular.Format{tabular.CSV, tabular.XLSX, tabular.NDJSON})
	if format == "" {
		fe.Add("format", "is required: csv, xlsx or ndjson")
	}
	ctx := c.Request().Context()
	all := query(ctx, params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.streamFile(c, name, format, func(out io.Writer) error {
		w, err := tabular.NewRecordWriter(out, format, schema)
		if err != nil {
			return err
		}
		if err := all(w.Write); err != nil {
			return err
		}
		return w.Close()
	})
}
