package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Includable are the related records a read of standards may embed.
var Includable = []string{"organization"}

// parseInclude reads include=organization: whether to embed each
// standard's organization, so an application names it without a second
// request per standard.
func parseInclude(v string, fe *fault.FieldErrors) (organization bool) {
	if v == "" {
		return false
	}
	for _, name := range strings.Split(v, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(Includable, name) {
			fe.Add("include", "%q cannot be included; what can is %s", name, strings.Join(Includable, ", "))
			continue
		}
		organization = true
	}
	return organization
}

// withOrganizations embeds in each response the organization of its
// standard, all read in one query.
func (s *Server) withOrganizations(c echo.Context, standards []standard.Standard, out []StandardResponse) error {
	orgs, err := s.registry.OrganizationsOf(c.Request().Context(), standards)
	if err != nil {
		return err
	}
	for i, st := range standards {
		if o, ok := orgs[st.OrganizationID]; ok {
			out[i].Organization = &OrganizationSummary{ID: o.ID, Name: o.Name, Kind: string(o.Kind), Region: o.Region}
		}
	}
	return nil
}

// writeStandardWith answers one standard, with its organization when
// asked. The ETag stays the standard's version, what If-Match compares; an
// answer with an embedded organization is never 304, since the
// organization may have changed while the standard did not.
func (s *Server) writeStandardWith(c echo.Context, st standard.Standard, organization bool) error {
	setETag(c, st.Version)
	editions, err := s.registry.EditionsOf(c.Request().Context(), st)
	if err != nil {
		return err
	}
	if !organization {
		if done, err := notModified(c, st.Version); done {
			return err
		}
		return s.encoded.writeStandard(c, st, editions)
	}
	out := []StandardResponse{toStandardWithEditions(st, editions)}
	if err := s.withOrganizations(c, []standard.Standard{st}, out); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out[0])
}
