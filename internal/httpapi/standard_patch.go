package httpapi

import (
	"stdreg/internal/fault"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// readOnlyStandardFields are fields a merge patch may not name: identity and
// times are the registry's, and the stage with its days moves only through
// transitions.
var readOnlyStandardFields = map[string]fault.Message{
	"id":              fault.Msg("is assigned by the registry"),
	"normalized_code": fault.Msg("follows from code"),
	"stage_code":      fault.Msg("follows from the stage"),
	"stage":           fault.Msg("changes only through stage transitions"),
	"approved_on":     fault.Msg("follows from the stage transitions"),
	"published_on":    fault.Msg("follows from the stage transitions"),
	"withdrawn_on":    fault.Msg("follows from the stage transitions"),
	"created_at":      fault.Msg("is set by the registry"),
	"updated_at":      fault.Msg("is set by the registry"),
}

// mergeStandardPatch applies an RFC 7396 merge patch to the writable fields
// of current and returns the standard the result describes.
func mergeStandardPatch(current standard.Standard, patch []byte) (standard.Standard, error) {
	in, err := applyMergePatch(writableDocument(current), patch, readOnlyStandardFields)
	if err != nil {
		return standard.Standard{}, err
	}
	next, err := in.toStandard()
	if err != nil {
		return standard.Standard{}, err
	}
	next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version
	return next, nil
}

// writableDocument is the part of a standard a client may patch. The nature
// is left out when the number shows it, so that patching the number alone
// also changes the nature it implies.
func writableDocument(s standard.Standard) StandardInput {
	in := StandardInput{
		Code: s.Code, Kind: string(s.Kind), Nature: string(s.Nature), TitleZH: s.TitleZH, TitleEN: s.TitleEN,
		ICS: s.ICS, CCS: s.CCS, Replaces: s.Replaces, ZhejiangRole: string(s.ZhejiangRole),
		OrganizationID: s.OrganizationID, DraftingUnits: s.DraftingUnits,
		TechnicalCommittee: s.TechnicalCommittee, FilingNumber: s.FilingNumber, Region: s.Region, EffectiveOn: s.EffectiveOn.String(),
	}
	if c, err := stdcode.Parse(s.Code); err == nil && c.Nature != "" {
		in.Nature = ""
	}
	for _, d := range s.Designations {
		in.Designations = append(in.Designations, DesignationBody{Type: string(d.Type), Year: d.Year, Reference: d.Reference})
	}
	for _, a := range s.Adopts {
		in.Adopts = append(in.Adopts, AdoptionBody{Code: a.Code, Degree: string(a.Degree)})
	}
	return in
}
