package search

import (
	"strings"

	"stdreg/internal/standard"
)

// Document is what a standard is indexed under. Its name (the number as
// registered and normalized, and both titles) is indexed on its own as
// well, so that relevance can tell a match in the name from one that only
// a drafting unit gives, from the index alone.
type Document struct {
	// Tokens are the tokens of the name and the drafting units.
	Tokens []string
	// NameTokens are the tokens of the name; OtherTokens those of the
	// drafting units.
	NameTokens, OtherTokens []string
	// Text is the whole text folded, one field per line; NameText is its
	// beginning, the name's fields. A term matches only where the folded
	// text holds it literally.
	Text, NameText string
}

// DocumentOf is the search document of a standard.
func DocumentOf(st standard.Standard) Document {
	name := []string{st.Code, st.NormalizedCode, st.TitleZH, st.TitleEN}
	nameText := Fold(strings.Join(name, "\n"))
	text := nameText
	if len(st.DraftingUnits) > 0 {
		text += "\n" + Fold(strings.Join(st.DraftingUnits, "\n"))
	}
	return Document{
		Tokens:      IndexTokens(append(name, st.DraftingUnits...)...),
		NameTokens:  IndexTokens(name...),
		OtherTokens: IndexTokens(st.DraftingUnits...),
		Text:        text,
		NameText:    nameText,
	}
}
