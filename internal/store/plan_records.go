package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

// LoadPlanRecords writes generated projects, pilots and technical bodies
// in one transaction, in batches, past the registry as the bulk loader
// writes standards: no audit events. The standards the projects name and
// the organizations all records name must be stored already.
func (s *Store) LoadPlanRecords(ctx context.Context, projects []standard.Project, pilots []standard.Pilot, bodies []standard.TechnicalBody) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		projectRows := make([]projectRow, len(projects))
		var links []projectStandardRow
		for i, p := range projects {
			projectRows[i] = toProjectRow(p)
			links = append(links, toProjectStandardRows(p)...)
		}
		pilotRows := make([]pilotRow, len(pilots))
		for i, p := range pilots {
			pilotRows[i] = toPilotRow(p)
		}
		bodyRows := make([]bodyRow, len(bodies))
		for i, b := range bodies {
			bodyRows[i] = toBodyRow(b)
		}
		if err := createAll(tx, projectRows); err != nil {
			return err
		}
		if err := createAll(tx, links); err != nil {
			return err
		}
		if err := createAll(tx, pilotRows); err != nil {
			return err
		}
		return createAll(tx, bodyRows)
	})
	if err != nil {
		return fmt.Errorf("load %d projects, %d pilots, %d technical bodies: %w", len(projects), len(pilots), len(bodies), err)
	}
	return nil
}

// createAll inserts rows in batches; none is no statement at all (GORM
// refuses an empty slice).
func createAll[R any](tx *gorm.DB, rows []R) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.CreateInBatches(&rows, 500).Error
}

// InTransaction runs fn on a copy of the store bound to one transaction.
// The store's writes each open a transaction of their own; on the copy
// GORM makes them savepoints, so a write refused by the database (a
// foreign key, a unique code) is rolled back alone and the transaction
// goes on.
func (s *Store) InTransaction(ctx context.Context, fn func(tx registry.Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		bound := *s
		bound.db = tx
		// A search in the transaction holds its connection already:
		// waiting for a turn there could wait on the searches that wait
		// for a connection.
		bound.searches = nil
		return fn(&bound)
	})
}
