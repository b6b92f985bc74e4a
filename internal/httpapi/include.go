package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Includable are the related records a read of one standard may embed;
// a list embeds only organizations (ListIncludable).
var (
	Includable     = []string{"organization", "editions", "projects"}
	ListIncludable = []string{"organization"}
)

// inclusions are what a read embeds besides the standard itself.
type inclusions struct {
	organization bool // its organization: {id, name, kind, region}
	editions     bool // the other editions of its number
	projects     bool // the science and technology projects that name it
}

// any reports whether anything is embedded.
func (in inclusions) any() bool { return in.organization || in.editions || in.projects }

// parseInclude reads include=organization,editions (of the names allowed)
// so an application gets what it shows with one request.
func parseInclude(v string, allowed []string, fe *fault.FieldErrors) inclusions {
	var in inclusions
	if v == "" {
		return in
	}
	for _, name := range strings.Split(v, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(allowed, name) {
			fe.Add("include", "%q cannot be included; what can is %s", name, strings.Join(allowed, ", "))
			continue
		}
		switch name {
		case "organization":
			in.organization = true
		case "editions":
			in.editions = true
		case "projects":
			in.projects = true
		}
	}
	return in
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

// writeStandardWith answers one standard, with what the caller asked to
// include. The ETag stays the standard's version, what If-Match compares;
// an answer that embeds other records is never 304, since they may have
// changed while the standard did not, nor kept encoded.
func (s *Server) writeStandardWith(c echo.Context, st standard.Standard, in inclusions) error {
	setETag(c, st.Version)
	if !in.any() {
		if done, err := notModified(c, st.Version); done {
			return err
		}
		return s.encoded.writeStandard(c, st, s.registry.Rules())
	}
	out := []StandardResponse{toStandardResponse(st, s.registry.Rules())}
	if in.editions {
		editions, err := s.registry.EditionsOf(c.Request().Context(), st)
		if err != nil {
			return err
		}
		out[0] = toStandardWithEditions(st, editions, s.registry.Rules())
	}
	if in.projects {
		projects, err := s.registry.ProjectsOf(c.Request().Context(), st)
		if err != nil {
			return err
		}
		list := toProjectSummaries(projects)
		out[0].Projects = &list
	}
	if in.organization {
		if err := s.withOrganizations(c, []standard.Standard{st}, out); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, out[0])
}
