package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// standardColumns are the columns a standard is read from, in the order of
// scannedStandard.fields: every column of its row but the search index, which
// is most of the row's bytes and of no use to a read.
const standardColumns = "id, code, normalized_code, kind, nature, title_zh, title_en, stage, ccs, " +
	"zhejiang_role, organization_id, technical_committee, filing_number, region, replaces, adopts, drafting_units, " +
	"ics_list, designation_list, approved_on, submitted_on, published_on, effective_on, withdrawn_on, " +
	"months_to_publication, months_to_approval, created_at, updated_at, version"

// standardReads are the statements of the two reads of one standard; $1
// is the first argument on both databases. Each reads the standard's row
// and, in the same statement, its replaced_by: the numbers of the
// standards that replace it, as ReplacedBy finds them (a JSON array, NULL
// or [] for none), so that a read is one round trip, not two.
//
// withReplacedBy is the select list of both, standardColumns then
// replaced_by, for the reads of a search's page (plannedRows, rowsByID).
type standardReads struct{ byID, byCode, withReplacedBy string }

func newStandardReads(d dialect) standardReads {
	replacedBy := "(SELECT " + d.jsonArrayAgg("s.code", "s.normalized_code") +
		" FROM standard_replaces r JOIN standards s ON s.id = r.standard_id" +
		" WHERE r.code = standards.code AND s.code IS NOT NULL" +
		" AND s.stage NOT IN ('" + string(standard.StagePreliminary) + "', '" + string(standard.StageProposal) + "'))"
	columns := "SELECT " + standardColumns + ", " + replacedBy + " FROM standards"
	return standardReads{byID: columns + " WHERE id = $1", byCode: columns + " WHERE normalized_code = $1", withReplacedBy: standardColumns + ", " + replacedBy}
}

// scannedStandard is a standard's row as readStandard scans it: its
// nullable columns into pgtype values, which both drivers scan without
// reflection (pgx would allocate a *string to scan a NULL into a
// **string, through reflect.New).
type scannedStandard struct {
	row                            standardRow
	code, normalized, organization pgtype.Text
	toPublication, toApproval      pgtype.Float8
	replacedBy                     pgtype.Text
}

// fields are where the columns of standardColumns, then replaced_by, are
// scanned to.
func (s *scannedStandard) fields() []any {
	r := &s.row
	return []any{&r.ID, &s.code, &s.normalized, &r.Kind, &r.Nature, &r.TitleZH, &r.TitleEN, &r.Stage, &r.CCS,
		&r.ZhejiangRole, &s.organization, &r.TechnicalCommittee, &r.FilingNumber, &r.Region, &r.Replaces, &r.Adopts, &r.DraftingUnits,
		&r.ICSList, &r.DesignationList, &r.ApprovedOn, &r.SubmittedOn, &r.PublishedOn, &r.EffectiveOn, &r.WithdrawnOn,
		&s.toPublication, &s.toApproval, &r.CreatedAt, &r.UpdatedAt, &r.Version, &s.replacedBy}
}

// standardRow is the row scanned, its nullable columns pointing into s.
func (s *scannedStandard) standardRow() standardRow {
	r := s.row
	r.Code, r.NormalizedCode, r.OrganizationID = textOrNil(&s.code), textOrNil(&s.normalized), textOrNil(&s.organization)
	r.MonthsToPublication, r.MonthsToApproval = floatOrNil(&s.toPublication), floatOrNil(&s.toApproval)
	return r
}

func textOrNil(t *pgtype.Text) *string {
	if !t.Valid {
		return nil
	}
	return &t.String
}

func floatOrNil(f *pgtype.Float8) *float64 {
	if !f.Valid {
		return nil
	}
	return &f.Float64
}

// rowsByID reads the rows of the standards of ids, in no order, as
// tracedRow runs read, a statement of one row past GORM, as GORM runs its
// own: in a span, logged by GORM's logger when it fails or is slow, a
// missing row as gorm.ErrRecordNotFound, an unavailable database marked
// as GORM's dialector marks it.
func (s *Store) tracedRow(ctx context.Context, query string, read func(ctx context.Context) error) error {
	begin := time.Now()
	ctx, span := s.startSpan(ctx, query)
	err := read(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		err = gorm.ErrRecordNotFound
	}
	endSpan(span, err)
	if err != nil || time.Since(begin) > slowSQLThreshold {
		s.db.Logger.Trace(ctx, begin, func() (string, int64) { return query, 1 }, err)
	}
	return markUnavailable(s.dialect, err)
}

// readStandard reads one: the columns a standard is read from, scanned
// without GORM's reflection, through db (so on a replica where GORM's
// reads go). A page of 21 search results took 1 ms of CPU to read with
// GORM's Find on SQLite, a fifth of a two-character search; the search
// index's two columns alone are 300 bytes a row.
func (s *Store) rowsByID(db *gorm.DB, ids []string) ([]standardRow, error) {
	rows, err := db.Raw("SELECT "+s.reads.withReplacedBy+" FROM standards WHERE id IN ?", ids).Rows()
	if err != nil {
		// GORM's Rows sets the statement's error without its Translate.
		return nil, rowsError(db, err)
	}
	defer rows.Close()
	out := make([]standardRow, 0, len(ids))
	for rows.Next() {
		var scanned scannedStandard
		if err := rows.Scan(scanned.fields()...); err != nil {
			return nil, rowsError(db, err)
		}
		r, err := scanned.rowWithReplacedBy()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rowsError(db, rows.Err())
}

// queryRow runs a read past GORM where GORM's reads go: on a replica
// that is current when there are replicas (replicas.go; a missing row is
// an answer, any other failure runs it again on the primary), else on the
// primary.
func (s *Store) queryRow(ctx context.Context, query string, args, dest []any) error {
	return s.onReadPool(ctx, func(db *sql.DB) error { return s.dialect.queryRow(ctx, db, query, args, dest) }, nil)
}

// onReadPool runs read, a read past GORM, where GORM's reads go: on a
// replica that is current when there are replicas (replicas.go), else on
// the primary. A read that fails on the replica runs again on the
// primary, unless its failure is an answer (a missing row), or it has
// given its caller rows already (begun reports whether it has), which a
// second read would give again: that failure is returned as it is.
func (s *Store) onReadPool(ctx context.Context, read func(db *sql.DB) error, begun func() bool) error {
	r := s.replicas
	if r == nil {
		return read(s.sqlDB)
	}
	rep, why := r.pick(ctx)
	if rep == nil {
		r.metrics.Load().Read("primary", why)
		return read(s.sqlDB)
	}
	err := read(rep.db)
	if err == nil || errors.Is(err, sql.ErrNoRows) {
		r.metrics.Load().Read("replica", why)
		return err
	}
	if begun != nil && begun() {
		r.judge(rep, err)
		return err
	}
	if !r.failed(ctx, rep, err) {
		return err
	}
	return read(s.sqlDB)
}

// readStandard reads the one standard query (of s.reads) selects with
// arg, with its ReplacedBy, in one
// statement and one round trip, past GORM: these are the registry's most
// frequent reads, and GORM's reflection and database/sql's per-row work
// cost more than the database did (issue 20). On PostgreSQL the statement
// runs on pgx itself, on a connection of the same pool, prepared once per
// connection and cached (see dialect.queryRow). A missing row is
// gorm.ErrRecordNotFound, as from GORM; an unavailable database is marked
// as GORM's dialector marks it; a failed or slow statement is logged by
// GORM's logger.
func (s *Store) readStandard(ctx context.Context, query string, arg any) (standard.Standard, error) {
	var scanned scannedStandard
	if err := s.tracedRow(ctx, query, func(ctx context.Context) error {
		return s.queryRow(ctx, query, []any{arg}, scanned.fields())
	}); err != nil {
		return standard.Standard{}, err
	}
	r, err := scanned.rowWithReplacedBy()
	if err != nil {
		return standard.Standard{}, err
	}
	return toStandard(r)
}

// rowWithReplacedBy is the row scanned with replaced_by (fields, all of
// them), its numbers decoded; none is nil, as from ReplacedBy.
func (s *scannedStandard) rowWithReplacedBy() (standardRow, error) {
	r := s.standardRow()
	if !s.replacedBy.Valid {
		return r, nil
	}
	var by []string
	if err := decodeStrings(s.replacedBy.String, &by); err != nil {
		return standardRow{}, fmt.Errorf("read the numbers that replace %s: %w", deref(r.Code), err)
	}
	if len(by) > 0 {
		r.replacedBy = by
	}
	return r, nil
}
