package store

// SetRelevanceBounds sets the window a relevance tier's first matches are
// looked for in and how many matches of a sparse tier are read unordered,
// so tests reach every path with few rows; it returns the function that
// restores them.
func SetRelevanceBounds(window, candidates int) (restore func()) {
	oldWindow, oldCap := windowRows, candidateCap
	windowRows, candidateCap = window, candidates
	return func() { windowRows, candidateCap = oldWindow, oldCap }
}

// TranslateImport is translateImport, for tests that give it a real
// driver error.
func (s *Store) TranslateImport(err error) error { return s.translateImport(err) }

// Unavailable reports whether the store's dialect reads err as the
// database not answering.
func (s *Store) Unavailable(err error) bool { return s.dialect.unavailable(err) }
