package httpapi

import "stdreg/internal/stdcode"

// ParsedCode is a standard number taken apart.
type ParsedCode struct {
	Input      string      `json:"input" example:"gb/t19001-2016/iso 9001:2015"`
	Display    string      `json:"display" example:"GB/T 19001—2016/ISO 9001:2015"`
	Normalized string      `json:"normalized" example:"GB/T 19001-2016"`
	Kind       string      `json:"kind" enums:"national,industry,local,group,enterprise,international" example:"national"`
	Nature     *string     `json:"nature" enums:"mandatory,recommended,guidance" extensions:"x-nullable" example:"recommended"` // null when the number does not show it
	Prefix     string      `json:"prefix" example:"GB/T"`
	Number     string      `json:"number" example:"19001"`
	Year       *int        `json:"year" extensions:"x-nullable" example:"2016"` // null when the number has no year
	Adopts     *ParsedCode `json:"adopts,omitempty"`                            // the international number an identical adoption carries
} //	@name	ParsedCode

func toParsedCode(input string, c stdcode.Code) *ParsedCode {
	p := &ParsedCode{
		Input: input, Display: c.Display, Normalized: c.Normalized, Kind: string(c.Kind),
		Nature: optional(string(c.Nature)), Prefix: c.Prefix, Number: c.Number,
	}
	if c.Year != 0 {
		year := c.Year
		p.Year = &year
	}
	if c.Adopted != nil {
		p.Adopts = toParsedCode(c.Adopted.Display, *c.Adopted)
	}
	return p
}
