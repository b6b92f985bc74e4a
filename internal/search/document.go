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
	// Each part is folded and tokenized once: a line break separates
	// fields as any separator does, and folding works character by
	// character, so the joined text gives each field's tokens.
	nameText := fold(strings.Join([]string{st.Code, st.NormalizedCode, st.TitleZH, st.TitleEN}, "\n"))
	otherText := fold(strings.Join(st.DraftingUnits, "\n"))
	text := nameText
	if len(st.DraftingUnits) > 0 {
		text += "\n" + otherText
	}
	nameTokens := sortedSet(appendTokens(nil, nameText))
	otherTokens := sortedSet(appendTokens(nil, otherText))
	return Document{
		Tokens:      union(nameTokens, otherTokens),
		NameTokens:  nameTokens,
		OtherTokens: otherTokens,
		Text:        text,
		NameText:    nameText,
	}
}
