package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/stdcode"
)

// parseCode takes a standard number apart.
//
//	@Summary			Parse a standard number
//	@Description		Roles: anyone. Accepts every written form of a standard number — `GB`, `GB/T`, `GB/Z`, industry `XX/T`, local `DB33/T` and `DB3301/T`, group `T/…`, enterprise `Q/…`, `ISO`, `IEC`, `ISO/IEC`, part numbers and the double numbers of identical adoptions — written with full-width characters, any dash, any spacing and any case.
//	@Tags				codes
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				code	query		string	true	"the standard number"	example(db33/t 2349-2021)
//	@Success			200		{object}	ParsedCode
//	@Failure			400		{object}	Problem		"not a standard number, with the reason"
//	@Failure			401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429		{object}	Problem		"rate limit exceeded"
//	@Header				429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	parseCode
//	@Router				/api/v1/codes/parse [get]
func (s *Server) parseCode(c echo.Context) error {
	var fe fault.FieldErrors
	checkParams(c.QueryParams(), &fe, "code")
	input := c.QueryParam("code")
	if input == "" {
		fe.Add("code", "is required")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	code, err := stdcode.Parse(input)
	if err != nil {
		fe.Add("code", "%s", err.(*stdcode.ParseError).Reason)
		return fe.Err()
	}
	return c.JSON(http.StatusOK, toParsedCode(input, code))
}
