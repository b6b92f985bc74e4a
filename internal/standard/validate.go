package standard

import (
	"fmt"
	"regexp"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/stdcode"
)

var (
	icsPattern    = regexp.MustCompile(`^\d{2}(\.\d{3}(\.\d{2})?)?$`) // 43, 43.150, 43.150.10
	ccsPattern    = regexp.MustCompile(`^[A-Z]\d{2}$`)                // Y14
	regionPattern = regexp.MustCompile(`^\d{6}$`)                     // 330100
)

const (
	maxTitle = 500
	maxText  = 200
	// maxFilingNumber bounds a filing number (备案号: 33-2021-0123,
	// 58643-2017, a platform's serial).
	maxFilingNumber = 64
	maxList         = 50
)

// Prepare normalizes s in place (the number's display and normalized forms,
// the nature the number shows, adoptions a double number declares, default
// role) and checks every field, returning a fault.Invalid error naming each bad
// field. today bounds dates that cannot lie in the future.
func (s *Standard) Prepare(today Date) error {
	var fe fault.FieldErrors
	s.TitleZH = CleanText(s.TitleZH)
	s.TitleEN = CleanText(s.TitleEN)
	s.TechnicalCommittee = CleanText(s.TechnicalCommittee)
	s.FilingNumber = CleanText(s.FilingNumber)
	s.CCS = CleanText(s.CCS)
	s.Region = CleanText(s.Region)
	if s.ZhejiangRole == "" {
		s.ZhejiangRole = RoleNone
	}

	if !oneOf(s.Kind, Kinds) {
		fe.Add("kind", "must be one of %s", list(Kinds))
	}
	if s.Nature != "" && !oneOf(s.Nature, Natures) {
		fe.Add("nature", "must be one of %s", list(Natures))
	}
	if !s.Stage.Valid() {
		fe.Add("stage", "must be one of %s", list(Stages))
	}
	s.prepareCode(&fe)
	CheckText(&fe, "title_zh", s.TitleZH, TextRule{Max: maxTitle, Required: true})
	CheckText(&fe, "title_en", s.TitleEN, TextRule{Max: maxTitle})
	CheckText(&fe, "technical_committee", s.TechnicalCommittee, TextRule{Max: maxText})
	CheckText(&fe, "filing_number", s.FilingNumber, TextRule{Max: maxFilingNumber})
	if s.FilingNumber != "" && (s.Kind == KindNational || s.Kind == KindInternational) {
		fe.Add("filing_number", "a %s standard is not filed (备案); only industry, local, group and enterprise standards have a filing number", s.Kind)
	}
	if !oneOf(s.ZhejiangRole, ZhejiangRoles) {
		fe.Add("zhejiang_role", "must be one of %s", list(ZhejiangRoles))
	}
	if problem := TextProblem(s.CCS, Line); !problem.IsZero() {
		fe.Add("ccs", "%s", problem)
	} else if s.CCS != "" && !ccsPattern.MatchString(s.CCS) {
		fe.Add("ccs", "%q is not a CCS class such as Y14", s.CCS)
	}
	checkRegion(&fe, s.Region)
	s.ICS = checkList(&fe, "ics", s.ICS, func(field, v string) {
		if !icsPattern.MatchString(v) {
			fe.Add(field, "%q is not an ICS class such as 43.150", v)
		}
	})
	s.DraftingUnits = checkList(&fe, "drafting_units", s.DraftingUnits, func(field, v string) {
		CheckText(&fe, field, v, TextRule{Max: maxText, Required: true})
	})
	s.prepareReplaces(&fe)
	s.prepareAdopts(&fe)
	s.checkDesignations(&fe, today)
	s.checkDates(&fe, today)
	return fe.Err()
}

// prepareCode parses the number, keeps its display and normalized forms, and
// checks it agrees with the kind and nature given.
func (s *Standard) prepareCode(fe *fault.FieldErrors) {
	s.Code = CleanText(s.Code)
	s.NormalizedCode = ""
	if problem := TextProblem(s.Code, Line); !problem.IsZero() {
		fe.Add("code", "%s", problem)
		return
	}
	if s.Code == "" {
		if s.Stage == StagePublished || s.Stage == StagePeriodicReview || s.Stage == StageWithdrawn {
			fe.Add("code", "is required for a published standard")
		}
		return
	}
	c, err := stdcode.Parse(s.Code)
	if err != nil {
		fe.Add("code", "%s", reason(err))
		return
	}
	if c.Year == 0 {
		fe.Add("code", "%q has no year; write it as %s—YYYY", s.Code, c.Display)
		return
	}
	s.Code, s.NormalizedCode = c.Display, c.Normalized
	if oneOf(s.Kind, Kinds) && kindOf(c.Kind) != s.Kind {
		fe.Add("code", "%s is the number of a %s standard, but kind is %s", c.Display, c.Kind, s.Kind)
	}
	if shown := Nature(c.Nature); shown != "" {
		if s.Nature != "" && s.Nature != shown && oneOf(s.Nature, Natures) {
			fe.Add("nature", "%s is %s by its number, but nature is %s", c.Display, shown, s.Nature)
		}
		s.Nature = shown
	}
	if c.Adopted != nil && !s.adopts(c.Adopted.Normalized) {
		s.Adopts = append(s.Adopts, Adoption{Code: c.Adopted.Display, Degree: DegreeIdentical})
	}
}

// adopts reports whether the adoptions already name the normalized number.
func (s *Standard) adopts(normalized string) bool {
	for _, a := range s.Adopts {
		if c, err := stdcode.Parse(a.Code); err == nil && c.Normalized == normalized {
			return true
		}
	}
	return false
}

// prepareReplaces keeps replaced numbers in display form; a number given
// twice, in whatever form, or the standard's own number is an error.
func (s *Standard) prepareReplaces(fe *fault.FieldErrors) {
	if len(s.Replaces) > maxList {
		fe.Add("replaces", "at most %d entries", maxList)
		return
	}
	seen := map[string]bool{}
	for i, r := range s.Replaces {
		field := fmt.Sprintf("replaces[%d]", i)
		r = CleanText(r)
		c, err := stdcode.Parse(r)
		switch problem := TextProblem(r, Line); {
		case !problem.IsZero():
			fe.Add(field, "%s", problem)
		case r == "":
			fe.Add(field, "must not be empty")
		case err != nil:
			fe.Add(field, "%s", reason(err))
		case s.NormalizedCode != "" && c.Normalized == s.NormalizedCode:
			fe.Add(field, "a standard cannot replace itself")
		case seen[c.Normalized]:
			fe.Add(field, "%s is given twice", c.Display)
		default:
			s.Replaces[i] = c.Display
			seen[c.Normalized] = true
		}
	}
}

// prepareAdopts keeps ISO and IEC numbers in display form; numbers of other
// bodies (EN, ASTM, JIS) are kept as written, since the parser would read
// their prefixes as Chinese industry sectors.
func (s *Standard) prepareAdopts(fe *fault.FieldErrors) {
	if len(s.Adopts) > maxList {
		fe.Add("adopts", "at most %d entries", maxList)
		return
	}
	seen := map[string]bool{}
	for i := range s.Adopts {
		a := &s.Adopts[i]
		field := fmt.Sprintf("adopts[%d]", i)
		a.Code = CleanText(a.Code)
		CheckText(fe, field+".code", a.Code, TextRule{Max: maxText, Required: true})
		key := strings.ToUpper(a.Code)
		if c, err := stdcode.Parse(a.Code); err == nil && c.Kind == stdcode.KindInternational {
			a.Code, key = c.Display, c.Normalized
		}
		if a.Code != "" && seen[key] {
			fe.Add(field+".code", "%s is given twice", a.Code)
		}
		seen[key] = true
		if !oneOf(a.Degree, Degrees) {
			fe.Add(field+".degree", "must be one of %s", list(Degrees))
		}
	}
}

func (s *Standard) checkDesignations(fe *fault.FieldErrors, today Date) {
	if len(s.Designations) > maxList {
		fe.Add("designations", "at most %d entries", maxList)
		return
	}
	seen := map[DesignationType]bool{}
	for i := range s.Designations {
		d := &s.Designations[i]
		field := fmt.Sprintf("designations[%d]", i)
		d.Reference = CleanText(d.Reference)
		CheckText(fe, field+".reference", d.Reference, TextRule{Max: maxText})
		if d.Year != 0 && (d.Year < 1949 || d.Year > today.Year) {
			fe.Add(field+".year", "must be between 1949 and %d", today.Year)
		}
		switch {
		case !oneOf(d.Type, DesignationTypes):
			fe.Add(field+".type", "must be one of %s", list(DesignationTypes))
		case seen[d.Type]:
			fe.Add(field+".type", "%s is given twice", d.Type)
		case d.Type == DesignationMadeInZhejiang && s.Kind != KindGroup:
			fe.Add(field+".type", "made_in_zhejiang is given only to group standards (T/ZZB)")
		case d.Type == DesignationForerunner && s.Kind != KindEnterprise:
			fe.Add(field+".type", "forerunner is given only to enterprise standards")
		}
		seen[d.Type] = true
	}
}

// checkDates keeps the dates within the registry's calendar (Date.Check)
// and coherent with each other, with the stage, and with today: approval
// (立项) comes before publication, publication before withdrawal, and none
// of them lies in the future. Only the effective day may be ahead.
func (s *Standard) checkDates(fe *fault.FieldErrors, today Date) {
	outside := false
	for _, d := range []struct {
		field string
		day   Date
	}{{"approved_on", s.ApprovedOn}, {"submitted_on", s.SubmittedOn}, {"published_on", s.PublishedOn}, {"effective_on", s.EffectiveOn}, {"withdrawn_on", s.WithdrawnOn}} {
		if err := d.day.Check(); err != nil {
			fe.Add(d.field, "%s", err)
			outside = true
		}
	}
	if outside {
		return // the days are slips; how they relate to each other says nothing more
	}
	for _, d := range []struct {
		field string
		day   Date
	}{{"approved_on", s.ApprovedOn}, {"published_on", s.PublishedOn}, {"withdrawn_on", s.WithdrawnOn}} {
		if d.day.After(today) {
			fe.Add(d.field, "%s is in the future", d.day)
		}
	}
	published := s.Stage == StagePublished || s.Stage == StagePeriodicReview || s.Stage == StageWithdrawn
	switch {
	case s.Stage.IsPrivateDraft():
		for _, d := range []struct {
			field string
			day   Date
		}{{"approved_on", s.ApprovedOn}, {"published_on", s.PublishedOn}, {"effective_on", s.EffectiveOn}, {"withdrawn_on", s.WithdrawnOn}} {
			if !d.day.IsZero() {
				fe.Add(d.field, "a draft in %s has no %s yet", s.Stage, d.field)
			}
		}
		return
	case published && s.PublishedOn.IsZero():
		fe.Add("published_on", "is required for a standard in %s", s.Stage)
	case !published && !s.PublishedOn.IsZero():
		fe.Add("published_on", "a standard in %s is not published yet", s.Stage)
	}
	if !s.ApprovedOn.IsZero() && !s.PublishedOn.IsZero() && s.PublishedOn.Before(s.ApprovedOn) {
		fe.Add("published_on", "%s is before the project's approval on %s", s.PublishedOn, s.ApprovedOn)
	}
	if !s.EffectiveOn.IsZero() && !s.PublishedOn.IsZero() && s.EffectiveOn.Before(s.PublishedOn) {
		fe.Add("effective_on", "%s is before publication on %s", s.EffectiveOn, s.PublishedOn)
	}
	if s.Stage != StageWithdrawn && !s.WithdrawnOn.IsZero() {
		fe.Add("withdrawn_on", "only a withdrawn standard has a withdrawal day")
	}
	if !s.WithdrawnOn.IsZero() && !s.PublishedOn.IsZero() && s.WithdrawnOn.Before(s.PublishedOn) {
		fe.Add("withdrawn_on", "%s is before publication on %s", s.WithdrawnOn, s.PublishedOn)
	}
}

// checkRegion checks an administrative division code.
func checkRegion(fe *fault.FieldErrors, region string) {
	if problem := TextProblem(region, Line); !problem.IsZero() {
		fe.Add("region", "%s", problem)
	} else if region != "" && !regionPattern.MatchString(region) {
		fe.Add("region", "%q is not a 6-digit administrative division code such as 330100", region)
	}
}

// checkList cleans the entries of a list of strings (CleanText), rejects
// empty and repeated entries and over-long lists, and runs check on each
// entry.
func checkList(fe *fault.FieldErrors, field string, vs []string, check func(field, v string)) []string {
	if len(vs) > maxList {
		fe.Add(field, "at most %d entries", maxList)
		return vs
	}
	seen := make(map[string]bool, len(vs))
	for i := range vs {
		vs[i] = CleanText(vs[i])
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case vs[i] == "":
			fe.Add(f, "must not be empty")
		case seen[vs[i]]:
			fe.Add(f, "%q is given twice", vs[i])
		default:
			check(f, vs[i])
		}
		seen[vs[i]] = true
	}
	return vs
}

func list[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// reason extracts the parser's plain-words reason.
func reason(err error) fault.Message {
	if pe, ok := err.(*stdcode.ParseError); ok {
		return pe.Reason
	}
	return fault.MessageOf(err)
}
