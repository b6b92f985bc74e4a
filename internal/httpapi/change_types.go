package httpapi

import (
	"time"

	"stdreg/internal/feed"
)

// ChangeResponse is one change in the feed.
type ChangeResponse struct {
	Cursor       string    `json:"cursor" example:"YzEuaC4yYQ"` // where the feed goes on after this change: send it as after
	At           time.Time `json:"at" format:"date-time"`       // when the write was made; the feed's order is the order of the commits, not of these instants
	ResourceType string    `json:"resource_type" enums:"standard,organization" example:"standard"`
	ResourceID   string    `json:"resource_id" format:"uuid"`
	Action       string    `json:"action" enums:"create,update,move,delete" example:"move"` // move: the stage changed
	Version      int64     `json:"version" example:"3"`                                     // the record's version (its ETag) after the change; a deletion's is one past the last
} //	@name	Change

// ChangeList is one answer of the change feed.
type ChangeList struct {
	Items []ChangeResponse `json:"items"`
	// NextCursor is where to read from next: the last item's cursor, or
	// the after sent when there was none.
	NextCursor string `json:"next_cursor" example:"YzEuaC4yYQ"`
} //	@name	ChangeList

func toChangeResponse(c feed.Change) ChangeResponse {
	return ChangeResponse{
		Cursor: c.Position.Cursor(), At: c.At.UTC(), ResourceType: c.ResourceType, ResourceID: c.ResourceID,
		Action: string(c.Action), Version: c.Version,
	}
}
