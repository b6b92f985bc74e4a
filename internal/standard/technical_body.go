package standard

import (
	"regexp"
	"strings"
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/paging"
)

// BodyLevel is the level of a standardization technical body.
type BodyLevel string

const (
	BodyInternational BodyLevel = "international" // ISO, IEC
	BodyNational      BodyLevel = "national"      // SAC
	BodyProvincial    BodyLevel = "provincial"    // Zhejiang's own
)

// BodyLevels lists every level.
var BodyLevels = []BodyLevel{BodyInternational, BodyNational, BodyProvincial}

// TechnicalBody is a standardization technical committee, subcommittee or
// working group (标准化技术组织) whose secretariat is in Zhejiang. The
// standards whose technical_committee is its code are its standards.
type TechnicalBody struct {
	ID                        string    `json:"id"`
	Code                      string    `json:"code"` // ISO/TC 207/SC 1, SAC/TC 22/SC 3, ZJ/TC 33
	Name                      string    `json:"name"`
	Level                     BodyLevel `json:"level"`
	SecretariatOrganizationID string    `json:"secretariat_organization_id"`
	SettledOn                 Date      `json:"settled_on"` // the secretariat came to Zhejiang
	CreatedAt                 time.Time `json:"created_at"`
	UpdatedAt                 time.Time `json:"updated_at"`
	Version                   int64     `json:"version"`
}

// bodyCodePattern is a body's code: an issuer (ISO, IEC, ISO/IEC JTC 1,
// SAC, ZJ), then committees and subcommittees, TC 22/SC 3/WG 1.
var bodyCodePattern = regexp.MustCompile(`^(ISO/IEC JTC 1|ISO|IEC|SAC|ZJ)(/(TC|SC|WG|SWG) ?[0-9]{1,4})*$`)

// levelOfIssuer is the level a code's issuer shows.
func levelOfIssuer(code string) BodyLevel {
	switch {
	case strings.HasPrefix(code, "SAC"):
		return BodyNational
	case strings.HasPrefix(code, "ZJ"):
		return BodyProvincial
	}
	return BodyInternational
}

// Prepare normalizes b in place (the code's spacing: SAC/TC22/SC3 is
// SAC/TC 22/SC 3) and checks every field; the code's issuer decides the
// level, so a level that contradicts it is refused.
func (b *TechnicalBody) Prepare(today Date) error {
	var fe fault.FieldErrors
	b.Name = CleanText(b.Name)
	b.Code = NormalizeBodyCode(b.Code)
	CheckText(&fe, "name", b.Name, TextRule{Max: maxText, Required: true})
	switch problem := TextProblem(b.Code, Line); {
	case !problem.IsZero():
		fe.Add("code", "%s", problem)
	case b.Code == "":
		fe.Add("code", "is required")
	case !bodyCodePattern.MatchString(b.Code):
		fe.Add("code", "%q is not a technical body's code such as SAC/TC 22/SC 3, ISO/TC 207/SC 1 or ZJ/TC 33", b.Code)
	}
	switch {
	case !oneOf(b.Level, BodyLevels):
		fe.Add("level", "must be one of %s", list(BodyLevels))
	case bodyCodePattern.MatchString(b.Code) && levelOfIssuer(b.Code) != b.Level:
		fe.Add("level", "%s is a %s body's code", b.Code, levelOfIssuer(b.Code))
	}
	checkOwner(&fe, "secretariat_organization_id", b.SecretariatOrganizationID, true)
	if b.SettledOn.IsZero() {
		fe.Add("settled_on", "is required")
	}
	checkPastDay(&fe, "settled_on", b.SettledOn, today)
	return fe.Err()
}

var bodyCodeSpacing = regexp.MustCompile(`\s*/\s*`)
var bodyCodeNumber = regexp.MustCompile(`(TC|SC|WG|SWG)\s*([0-9])`)

// NormalizeBodyCode writes a code the one way: upper case, no spaces
// around slashes, one space before each committee's number.
func NormalizeBodyCode(code string) string {
	code = strings.ToUpper(strings.Join(strings.Fields(CleanText(code)), " "))
	code = bodyCodeSpacing.ReplaceAllString(code, "/")
	return bodyCodeNumber.ReplaceAllString(code, "$1 $2")
}

// TechnicalBodyFilter narrows a list of technical bodies. Zero fields do
// not filter.
type TechnicalBodyFilter struct {
	Levels                    []BodyLevel // any of them
	SecretariatOrganizationID string
	SettledFrom               Date // inclusive
	SettledTo                 Date // inclusive
}

// TechnicalBodyQuery asks for one page of bodies, ordered by code.
type TechnicalBodyQuery struct {
	Filter TechnicalBodyFilter
	After  *paging.Cursor
	Limit  int
}
