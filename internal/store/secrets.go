package store

import (
	"context"
	"fmt"

	"stdreg/internal/consistency"
)

// PageTokenSecret is the secret migration 00052 made for signing page
// tokens, the same for every instance on this database.
func (s *Store) PageTokenSecret(ctx context.Context) (string, error) {
	var value string
	err := s.db.WithContext(consistency.WithPrimary(ctx)).
		Raw("SELECT value FROM service_secrets WHERE name = ?", "page_token").Scan(&value).Error
	if err == nil && value == "" {
		err = fmt.Errorf("no secret %q", "page_token")
	}
	if err != nil {
		return "", fmt.Errorf("read the page-token secret: %w", err)
	}
	return value, nil
}
