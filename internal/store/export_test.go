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
