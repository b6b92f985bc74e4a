package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// standardColumns are the columns a standard is read from, in the order of
// standardRow.fields: every column of its row but the search index, which
// is most of the row's bytes and of no use to a read.
const standardColumns = "id, code, normalized_code, kind, nature, title_zh, title_en, stage, ccs, " +
	"zhejiang_role, organization_id, technical_committee, region, replaces, adopts, drafting_units, " +
	"ics_list, designation_list, approved_on, submitted_on, published_on, effective_on, withdrawn_on, " +
	"months_to_publication, months_to_approval, created_at, updated_at, version"

// The statements of the two reads of one standard; $1 is the first
// argument on both databases.
const (
	standardByID   = "SELECT " + standardColumns + " FROM standards WHERE id = $1"
	standardByCode = "SELECT " + standardColumns + " FROM standards WHERE normalized_code = $1"
)

// fields are where the columns of standardColumns are scanned to.
func (r *standardRow) fields() []any {
	return []any{&r.ID, &r.Code, &r.NormalizedCode, &r.Kind, &r.Nature, &r.TitleZH, &r.TitleEN, &r.Stage, &r.CCS,
		&r.ZhejiangRole, &r.OrganizationID, &r.TechnicalCommittee, &r.Region, &r.Replaces, &r.Adopts, &r.DraftingUnits,
		&r.ICSList, &r.DesignationList, &r.ApprovedOn, &r.SubmittedOn, &r.PublishedOn, &r.EffectiveOn, &r.WithdrawnOn,
		&r.MonthsToPublication, &r.MonthsToApproval, &r.CreatedAt, &r.UpdatedAt, &r.Version}
}

// readStandard reads the one standard query selects with arg, in one
// statement and one round trip, past GORM: these are the registry's most
// frequent reads, and GORM's reflection and database/sql's per-row work
// cost more than the database did (issue 20). On PostgreSQL the statement
// runs on pgx itself, on a connection of the same pool, prepared once per
// connection and cached (see dialect.queryRow). A missing row is
// gorm.ErrRecordNotFound, as from GORM; an unavailable database is marked
// as GORM's dialector marks it; a failed or slow statement is logged by
// GORM's logger.
func (s *Store) readStandard(ctx context.Context, query string, arg any) (standard.Standard, error) {
	begin := time.Now()
	var r standardRow
	err := s.dialect.queryRow(ctx, s.sqlDB, query, []any{arg}, r.fields())
	if errors.Is(err, sql.ErrNoRows) {
		err = gorm.ErrRecordNotFound
	}
	if err != nil || time.Since(begin) > slowSQLThreshold {
		s.db.Logger.Trace(ctx, begin, func() (string, int64) { return query, 1 }, err)
	}
	if err != nil {
		return standard.Standard{}, markUnavailable(s.dialect, err)
	}
	return toStandard(r)
}
