package store

// SetCandidateCap sets how many matches of a relevance tier are read
// unordered, so tests reach the dense path with few rows; it returns the
// function that restores it.
func SetCandidateCap(n int) (restore func()) {
	old := candidateCap
	candidateCap = n
	return func() { candidateCap = old }
}
