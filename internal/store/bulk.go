package store

import (
	"database/sql"

	"gorm.io/gorm"

	"stdreg/internal/search"
	"stdreg/internal/standard"
)

// newRows are the rows of new records, which the dialect writes in bulk
// (insertNew): by COPY on PostgreSQL, in multi-row INSERTs on SQLite. An
// import and a bulk load (BulkLoader) fill them alike.
type newRows struct {
	organizations []organizationRow
	standards     []indexedStandardRow
	ics           []icsRow
	replaces      []replacesRow
	designations  []designationRow
	transitions   []transitionRow
	events        []auditRow
	changes       []changeRow // the change feed's, in the order written
}

// addStandard adds a standard's rows, its search index on its row.
func (r *newRows) addStandard(st standard.Standard) error {
	row, ics, designations, err := toStandardRows(st)
	if err != nil {
		return err
	}
	r.standards = append(r.standards, indexedRowOf(row, search.DocumentOf(st)))
	r.ics, r.designations = append(r.ics, ics...), append(r.designations, designations...)
	r.replaces = append(r.replaces, replacesRowsOf(st)...)
	return nil
}

// bulkTx is where bulk writes run (the dialect's bulkTransaction).
type bulkTx struct {
	tx *gorm.DB
	// conn is the connection tx runs on, when the dialect writes on it
	// past GORM (PostgreSQL's COPY); nil otherwise.
	conn *sql.Conn
	// reads is where lookups beside the writes run: tx, or the pool when
	// pipelined.
	reads *gorm.DB
	// pipelined: the writes run on a goroutine of their own (importPipe)
	// while the caller reads and checks the next batch on reads.
	pipelined bool
}
