package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"stdreg/internal/standard"
	"stdreg/internal/telemetry"
)

// SetRelevanceBounds sets the window the store looks for a relevance
// tier's first matches in and how many matches of a sparse tier it reads
// unordered (and four times that as the most candidates of a counted tier
// it reads all of), so tests reach every path with few rows; it returns
// the function that restores them. Not safe while the store is reading.
func (s *Store) SetRelevanceBounds(window, candidates int) (restore func()) {
	old := s.relevance
	s.relevance = relevanceBounds{window: window, candidates: candidates, indexRead: 4 * candidates, walkRows: old.walkRows, readAll: old.readAll}
	return func() { s.relevance = old }
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
	for _, model := range []any{&organizationRow{}, &indexedStandardRow{}, &icsRow{}, &designationRow{}, &transitionRow{}, &auditRow{}, &keyRow{}, &changeRow{}, &planRow{}, &projectRow{}, &projectStandardRow{}, &pilotRow{}, &bodyRow{}} {
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

// RelevanceDefinition lists every standard q matches, visible as visible
// shows, in the order relevance defines: tier by tier, each in id order,
// each tier's condition asked plainly (no window, no cap, no walk, the
// index form of each term, every word asked of the index), for tests that check the paged reads against
// it.
func (s *Store) RelevanceDefinition(ctx context.Context, q string, visible standard.Visibility) ([]string, error) {
	var all []string
	for _, t := range s.relevanceTiers(q, false, "") {
		var ids []string
		err := s.filterStandards(s.db.WithContext(ctx).Model(&standardRow{}), standard.Filter{Visible: visible}).
			Where(t.cond, t.args...).Order("standards.id").Pluck("standards.id", &ids).Error
		if err != nil {
			return nil, err
		}
		all = append(all, ids...)
	}
	return all, nil
}

// SetFacetSample makes the store's facets with q count over the sample of share/256 of
// the standards whenever it holds at least enough matches, so that tests
// reach the sampled path with few rows; it returns the function that
// restores the samples.
func (s *Store) SetFacetSample(share, enough int) (restore func()) {
	return s.SetFacetSamples([2]int{share, enough})
}

// SetFacetSamples is SetFacetSample with several samples, {share, enough}
// each, tried in order.
func (s *Store) SetFacetSamples(samples ...[2]int) (restore func()) {
	old := s.facetSamples
	s.facetSamples = nil
	for _, sample := range samples {
		s.facetSamples = append(s.facetSamples, facetSample{sample[0], sample[1]})
	}
	return func() { s.facetSamples = old }
}

// SortFacetCounts orders counts as Facets does.
func SortFacetCounts(counts []standard.FacetCount) { sortCounts(counts) }

// PoolStats are the connection pool's figures.
func (s *Store) PoolStats() sql.DBStats {
	sqlDB, _ := s.db.DB()
	return sqlDB.Stats()
}

// StandardColumns are the columns the reads of one standard select
// (read_standard.go), and the columns of the standards model, in its order.
func (s *Store) StandardColumns() (read, model []string, err error) {
	fields, err := columnsOf(s.db, &standardRow{})
	if err != nil {
		return nil, nil, err
	}
	for _, f := range fields {
		model = append(model, f.DBName)
	}
	for _, c := range strings.Split(standardColumns, ",") {
		read = append(read, strings.TrimSpace(c))
	}
	return read, model, nil
}

// DecodeStrings is decodeStrings, and whether it read text by hand.
func DecodeStrings(text string) (list []string, byHand bool, err error) {
	_, byHand = plainStrings(text)
	err = decodeStrings(text, &list)
	return list, byHand, err
}

// NumberPrefixIDs are the ids of the standards whose normalized number
// begins with normalized, by the dialect's numberPrefix, or by LIKE when
// like, in id order.
func (s *Store) NumberPrefixIDs(ctx context.Context, normalized string, like bool) ([]string, error) {
	cond, args := s.dialect.numberPrefix(normalized)
	if like {
		cond, args = likeNumberPrefix(normalized)
	}
	var ids []string
	err := s.db.WithContext(ctx).Model(&standardRow{}).Where(cond, args...).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// ContainsIDs are the ids of the standards whose folded text (search_text,
// or name_text when inName) holds folded, by the dialect's contains, or
// by LIKE when like, in id order.
func (s *Store) ContainsIDs(ctx context.Context, folded string, inName, like bool) ([]string, error) {
	column := "search_text"
	if inName {
		column = "name_text"
	}
	cond, arg := s.dialect.contains(column, folded)
	if like {
		cond, arg = likeContains(column, folded)
	}
	var ids []string
	err := s.db.WithContext(ctx).Model(&standardRow{}).Where(cond, arg).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// PrefixMatchIDs are the ids of the standards with a word beginning with
// each of prefixes (in the name alone when inName), asked of the index
// (tokenMatch) or tested row by row (rowTokenMatch, when perRow), in id
// order.
func (s *Store) PrefixMatchIDs(ctx context.Context, prefixes []string, inName, perRow bool) ([]string, error) {
	cond, arg := s.dialect.tokenMatch(nil, prefixes, inName)
	if perRow {
		cond, arg = s.dialect.rowTokenMatch(prefixes, inName)
	}
	var ids []string
	err := s.db.WithContext(ctx).Model(&standardRow{}).Where(cond, arg).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// PragmaOnEachConnection reads an SQLite pragma on every connection of the
// pool, each held at once so that none is read twice.
func (s *Store) PragmaOnEachConnection(ctx context.Context, pragma string) ([]string, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	var out []string
	for range s.maxConns {
		c, err := sqlDB.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		var v string
		if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// SetCycleFoldAfter sets how many changes to the drafting cycles' counts a
// reader leaves unfolded; it returns the function that restores it.
func SetCycleFoldAfter(n int) (restore func()) {
	old := foldAfter
	foldAfter = n
	return func() { foldAfter = old }
}

// HoldConnections takes n connections of the pool at once, so that the
// pool has opened n, and returns the function that gives them back.
func (s *Store) HoldConnections(ctx context.Context, n int) (release func(), err error) {
	var conns []*sql.Conn
	release = func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}
	for range n {
		c, err := s.sqlDB.Conn(ctx)
		if err != nil {
			release()
			return nil, err
		}
		conns = append(conns, c)
	}
	return release, nil
}

// SetSearchEstimates makes the store choose how it reads relevance tiers
// as though the database's statistics said that share of the standards
// hold each token, with an id histogram of buckets equal parts of the
// standards there are now, and walks of at most walkRows rows (0: every
// tier with a token is read window by window); it returns the function
// that restores the database's statistics and the bound. Not safe while
// the store is reading.
func (s *Store) SetSearchEstimates(share float64, buckets, walkRows int) (restore func(), err error) {
	var ids []string
	if err := s.db.Model(&standardRow{}).Order("id").Pluck("id", &ids).Error; err != nil {
		return nil, err
	}
	var bounds []string
	for i := range buckets {
		bounds = append(bounds, ids[i*len(ids)/buckets])
	}
	bounds = append(bounds, ids[len(ids)-1])
	s.searchStats.mu.Lock()
	s.searchStats.stats = &tokenStats{rows: float64(len(ids)), fixed: share, idBounds: bounds, refreshedAt: time.Now()}
	s.searchStats.mu.Unlock()
	old := s.relevance
	s.relevance.walkRows, s.relevance.readAll = walkRows, 0
	return func() {
		s.relevance = old
		s.searchStats.mu.Lock()
		s.searchStats.stats = nil
		s.searchStats.mu.Unlock()
	}, nil
}

// SetFacetWalkFrom sets the share of the standards from which facets'
// first sample is walked (0: always, where the dialect estimates).
func (s *Store) SetFacetWalkFrom(share float64) (restore func()) {
	old := s.facetWalkFrom
	s.facetWalkFrom = share
	return func() { s.facetWalkFrom = old }
}

// FoldCycleGroups folds every change of the months kept by group into
// cycle_groups now (PostgreSQL).
func (s *Store) FoldCycleGroups(ctx context.Context) error {
	pool, err := s.db.DB()
	if err != nil {
		return err
	}
	return foldCycleGroupsIn(ctx, pool)
}

// CycleGroupsCounted is the query of cycle_groups' rows counted from
// every standard, as a recount makes them.
func CycleGroupsCounted() string {
	return countCycleGroups[strings.Index(countCycleGroups, "SELECT"):]
}

// ScanMonthCounts reads the rows of query (kind, nature, months, count) as
// the metrics read theirs, past GORM.
func (s *Store) ScanMonthCounts(ctx context.Context, query string) (int, error) {
	counts, err := scanMonthCounts(s.db.WithContext(ctx).Raw(query))
	return len(counts), err
}

// SearchTurns are the search gate's turns and waits.
func (s *Store) SearchTurns() telemetry.TurnStats { return s.searches.stats() }

// TakeSearchTurns takes every turn of the store's search gate, as that
// many searches running would; release gives them back.
func (s *Store) TakeSearchTurns() (release func()) {
	for range cap(s.searches.turns) {
		s.searches.turns <- struct{}{}
	}
	return func() {
		for range cap(s.searches.turns) {
			<-s.searches.turns
		}
	}
}
