package tabular

// Spreadsheets run a cell that starts with '=' (and, in some, '+', '-' or
// '@') as a formula, so a title such as =HYPERLINK("http://evil","点击") in
// an export could act when opened (CSV injection, OWASP). Writers therefore
// prefix such a value with a single quote, which spreadsheets show as text;
// readers remove that quote again so an export round-trips exactly. A value
// that already starts with quotes before such a character gets one more, so
// the reader's single removal restores it.

const formulaMessage = "looks like a spreadsheet formula; formulas are not accepted"

// startsFormula reports whether a spreadsheet could take s as a formula.
func startsFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// needsQuote reports whether s, once its leading quotes are set aside,
// starts like a formula.
func needsQuote(s string) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return startsFormula(s[i:])
}

// neutralize makes a cell value safe to open in a spreadsheet.
func neutralize(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// unquote undoes neutralize; a value it did not touch comes back as is.
func unquote(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// isFormulaText reports whether a text cell holds what a person typed as a
// formula: it starts with '=' and was not quoted.
func isFormulaText(s string) bool { return s != "" && s[0] == '=' }
