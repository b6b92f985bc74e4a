package registry

import (
	"context"

	"stdreg/internal/access"
	"stdreg/internal/feed"
)

// ListChanges returns the changes to standards and organizations after a
// feed position, in the order they committed: those the caller may see,
// which for a draft not yet approved are its owner's editors', the
// auditors' and the admins' alone (a draft that becomes public enters
// everyone's feed with the change that made it public).
func (s *Service) ListChanges(ctx context.Context, after feed.Position, limit int) (feed.Page, error) {
	return s.store.ListChanges(ctx, feed.Query{After: after, Limit: limit, Visible: access.CallerFrom(ctx).Visibility()})
}
