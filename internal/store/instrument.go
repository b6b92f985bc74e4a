package store

import (
	"context"
	"time"

	"stdreg/internal/telemetry"
)

// Instrument reports the store to m: the pools' statistics (db_name
// "primary", and each replica by host:port), the turns of searches and
// of imports and exports (gate.go), whether the change listener
// vouches for the read cache, each replica's state, and where reads went.
func (s *Store) Instrument(m *telemetry.Metrics) {
	if m == nil {
		return
	}
	if sqlDB, err := s.db.DB(); err == nil {
		m.WatchDB(sqlDB, "primary")
	}
	m.WatchTurns(func() map[string]telemetry.TurnStats {
		return map[string]telemetry.TurnStats{"search": s.searches.stats(), "bulk": s.bulk.stats()}
	})
	m.WatchUp("database_up", "1 when the primary database answered a ping at this scrape (within a second), else 0.", func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if s.Ping(ctx) != nil {
			return 0
		}
		return 1
	})
	m.WatchChangeListener(func() bool {
		_, ok := s.Generation(context.Background())
		return ok
	})
	if s.replicas == nil {
		return
	}
	s.replicas.metrics.Store(m)
	for i, rep := range s.replicas.replicas {
		m.WatchDB(rep.db, "replica_"+rep.name)
		m.WatchReplica(rep.name, func() (up, current bool) {
			st := s.Replicas()[i]
			return st.Up, st.Current
		})
	}
}
