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

// ModelColumns are the columns of each table the store has a model of,
// as GORM parses the model, with the type the model declares for each
// ("uuid", or "" when it declares none): the standards' search columns
// included where the dialect keeps them on the row, and the change feed's
// columns the database fills itself (feedColumns).
func (s *Store) ModelColumns() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, model := range []any{&organizationRow{}, &indexedStandardRow{}, &icsRow{}, &designationRow{}, &transitionRow{}, &auditRow{}, &keyRow{}, &changeRow{}, &projectRow{}, &projectStandardRow{}, &pilotRow{}, &bodyRow{}} {
		fields, err := columnsOf(s.db, model)
		if err != nil {
			return nil, err
		}
		columns := map[string]string{}
		for _, f := range fields {
			columns[f.DBName] = ""
			if f.DataType == "uuid" {
				columns[f.DBName] = "uuid"
			}
		}
		if _, ok := model.(*indexedStandardRow); ok {
			for _, c := range s.dialect.omittedIndexColumns() {
				delete(columns, c)
			}
		}
		if _, ok := model.(*changeRow); ok {
			for _, c := range s.dialect.feedColumns() {
				columns[c] = ""
			}
		}
		out[fields[0].Schema.Table] = columns
	}
	return out, nil
}
