package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// exportStandards streams every standard a list query selects as a file.
//
//	@Summary			Export standards as CSV, XLSX or NDJSON
//	@Description		Roles: anyone; what the caller may see, as in the list. Takes the list's filters, `q` and `sort`, and streams every standard they select (not one page): CSV in UTF-8 with a BOM, so that Excel opens Chinese correctly; XLSX; or NDJSON, one standard per line with the API's field names. The columns are the API's field names; lists are separated by `;`, designations written `type|year|reference`, adoptions `code|degree`, so that an export imports again as it is. Spreadsheet cells that begin with `=`, `+`, `-` or `@` are prefixed with `'`, so that a spreadsheet shows them as text and runs no formula. Every format is streamed as it is read, in flat memory however many rows (an XLSX sheet holds at most 1,048,576 rows; use CSV or NDJSON beyond). A failure midway, or a client that takes none of the file for a minute, ends the answer early, incomplete.
//	@Tags				standards
//	@Produce			text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				format			query		string	true	"the file's format"	Enums(csv,xlsx,ndjson)
//	@Param				q				query		string	false	"search, as in the list"
//	@Param				kind			query		string	false	"kind"	Enums(national,industry,local,group,enterprise,international)
//	@Param				stage			query		string	false	"current stage"	Enums(preliminary,proposal,drafting,consultation,review,approval,published,periodic_review,withdrawn,terminated)
//	@Param				nature			query		string	false	"nature"	Enums(mandatory,recommended,guidance)
//	@Param				designation		query		string	false	"designation"	Enums(zhejiang_standard,made_in_zhejiang,forerunner)
//	@Param	zhejiang_role	query	[]string	false	"Zhejiang's role: any of these, separated by commas"	collectionFormat(csv)	Enums(lead,participant,none)
//	@Param				organization_id	query		string	false	"owning organization; none: standards without one"
//	@Param				region			query		string	false	"6-digit administrative division code; none: standards without one"
//	@Param				ics				query		string	false	"ICS class or its beginning"
//	@Param				technical_committee	query	string	false	"a technical body's code, exactly: its standards"
//	@Param				published_from	query		string	false	"published on or after"	format(date)
//	@Param				published_to	query		string	false	"published on or before"	format(date)
//	@Param				approved_from	query		string	false	"project approved on or after"	format(date)
//	@Param				approved_to		query		string	false	"project approved on or before"	format(date)
//	@Param				designated_from		query		int		false	"a designation (of the type designation names) granted in this year or later"	example(2023)
//	@Param				designated_to		query		int		false	"a designation granted in this year or earlier"	example(2025)
//	@Param				city				query		string	false	"a city's code: the standards of the city and of its counties"	example(330100)
//	@Param				cycle_ended_from	query		string	false	"drafting cycle (under the configured rule) ended on or after"	format(date)
//	@Param				cycle_ended_to		query		string	false	"drafting cycle ended on or before"	format(date)
//	@Param				cycle_within_target	query		string	false	"finished cycles that met (true) or missed (false) their target"	Enums(true,false)
//	@Param				sort			query		string	false	"order, as in the list (default code; relevance with q)"	Enums(relevance,code,-code,published_on,-published_on,approved_on,-approved_on,created_at,-created_at)
//	@Success			200				{file}		binary	"the file"
//	@Failure			400				{object}	Problem	"invalid parameter"
//	@Failure			401				{object}	Problem	"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem	"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	exportStandards
//	@Router				/api/v1/standards/export [get]
func (s *Server) exportStandards(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, append([]string{"format"}, exportFilterParams...)...)
	format := queryparam.Enum(params, &fe, "format", []tabular.Format{tabular.CSV, tabular.XLSX, tabular.NDJSON})
	if format == "" {
		fe.Add("format", "is required: csv, xlsx or ndjson")
	}
	filter := queryparam.Filter(params, &fe)
	sort := parseListSort(params.Get("sort"), filter, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.streamFile(c, "standards", format, func(out io.Writer) error {
		w, err := tabular.NewWriter(out, format, tabular.WithCycles(s.registry.Rules()))
		if err != nil {
			return err
		}
		if err := s.registry.ExportStandards(ctx, standard.ListQuery{Filter: filter, Sort: sort}, w.Write); err != nil {
			return err
		}
		return w.Close()
	})
}

// streamFile answers a download named name-YYYYMMDD in format: the
// headers, then what write writes, each write given s.exportStall to
// reach the client (progressDeadline). The status is sent before the
// first row, so a failure midway ends the answer early: the client sees
// it incomplete rather than a file that looks whole.
func (s *Server) streamFile(c echo.Context, name string, format tabular.Format, write func(io.Writer) error) error {
	res := c.Response()
	file := fmt.Sprintf("%s-%s%s", name, time.Now().Format("20060102"), format.Extension())
	res.Header().Set(echo.HeaderContentType, format.ContentType())
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+file+`"`)
	res.WriteHeader(http.StatusOK)
	if err := write(&progressDeadline{w: res, rc: http.NewResponseController(res.Writer), stall: s.exportStall}); err != nil {
		s.log.ErrorContext(c.Request().Context(), "export failed midway", "error", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportFilterParams are the list's parameters an export takes: all but
// paging and facets.
var exportFilterParams = func() []string {
	var out []string
	for _, p := range standardListParams {
		if !strings.HasPrefix(p, "page_") && p != "facets" && p != "include" {
			out = append(out, p)
		}
	}
	return out
}()

// progressDeadline gives each write of an export s.exportStall to reach the
// client, in place of the server's write timeout (which is for API calls:
// an export runs as long as its rows take). The export reads its rows from
// one query as it writes them, so a client that stops reading would
// otherwise hold a database connection (and, on PostgreSQL, a snapshot)
// for as long as it likes.
type progressDeadline struct {
	w           io.Writer
	rc          *http.ResponseController
	stall       time.Duration
	unsupported bool // a writer without deadlines (a test's recorder)
}

func (p *progressDeadline) Write(b []byte) (int, error) {
	if !p.unsupported {
		err := p.rc.SetWriteDeadline(time.Now().Add(p.stall))
		switch {
		case errors.Is(err, http.ErrNotSupported):
			p.unsupported = true
		case err != nil:
			return 0, fmt.Errorf("set the export's write deadline: %w", err)
		}
	}
	return p.w.Write(b)
}
