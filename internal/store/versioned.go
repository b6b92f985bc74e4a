package store

import (
	"gorm.io/gorm"

	"stdreg/internal/fault"
)

// The records an admin edits (organizations, projects, pilots, technical
// bodies, keys) are read under the update lock and written back only at
// the version read: these two steps are theirs in common.

// lockRow reads the row of model R with id, under the lock an update
// takes (FOR UPDATE on PostgreSQL), or a not-found error naming what.
func lockRow[R any](s *Store, tx *gorm.DB, what fault.Message, id string) (R, error) {
	var row R
	if err := s.dialect.lockForUpdate(tx).Where("id = ?", id).Take(&row).Error; err != nil {
		return row, notFound(err, what, id)
	}
	return row, nil
}

// overwrite writes row over the stored row id while that is still at
// version, keeping its id and created_at. The database's own error comes
// back as it is, for the caller to translate; a row another request
// changed meanwhile is a failed precondition.
func overwrite[R any](tx *gorm.DB, what fault.Message, id string, version int64, row *R) error {
	res := tx.Model(new(R)).Where("id = ? AND version = ?", id, version).
		Select("*").Omit("id", "created_at").Updates(row)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return fault.Errorf(fault.CodePreconditionFailed, "%s %s was changed by another request", what, id)
	}
	return nil
}
