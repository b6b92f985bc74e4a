package httpapi

import (
	"time"

	"stdreg/internal/standard"
)

// MoveInput asks to move a standard to another stage.
type MoveInput struct {
	To         string `json:"to" enums:"preliminary,proposal,drafting,consultation,review,approval,published,periodic_review,withdrawn,terminated" example:"drafting"`
	OccurredOn string `json:"occurred_on" format:"date" example:"2024-03-01"` // the day it happened: not in the future, not before the previous move
	Note       string `json:"note,omitempty" example:"浙市监标〔2024〕5号 立项"`
} //	@name	MoveInput

// TransitionResponse is one entry of a standard's history.
type TransitionResponse struct {
	ID         string    `json:"id" format:"uuid"`                                // names the move in a correction (POST /standards/{id}/corrections)
	From       *string   `json:"from" extensions:"x-nullable" example:"proposal"` // null for the registration
	To         string    `json:"to" example:"drafting"`
	OccurredOn *string   `json:"occurred_on" format:"date" extensions:"x-nullable" example:"2024-03-01"` // null for a draft's registration, and for a move an import recorded without a day (the file dated it not)
	RecordedAt time.Time `json:"recorded_at" format:"date-time"`
	Actor      string    `json:"actor" example:"浙江省标准化研究院 录入"` // the name of the key that recorded it
	Note       string    `json:"note"`
} //	@name	Transition

// TransitionList is a standard's history, oldest first.
type TransitionList struct {
	Items []TransitionResponse `json:"items"`
} //	@name	TransitionList

func toTransitionResponse(t standard.Transition) TransitionResponse {
	return TransitionResponse{
		ID: t.ID, From: optional(string(t.From)), To: string(t.To), OccurredOn: optional(t.OccurredOn.String()),
		RecordedAt: t.RecordedAt.UTC(), Actor: t.Actor, Note: t.Note,
	}
}

// CorrectionInput corrects a day registered wrong: the day of one move of
// the standard's history (transition_id, from GET …/transitions), or the
// approval day a standard was registered published with (field
// approved_on).
type CorrectionInput struct {
	TransitionID string `json:"transition_id,omitempty" format:"uuid"`
	Field        string `json:"field,omitempty" enums:"approved_on"`
	OccurredOn   string `json:"occurred_on" format:"date" example:"2021-06-20"` // the right day
	Reason       string `json:"reason" example:"发布日期录入有误，以浙江省市场监督管理局公告2021年第12号为准"`
} //	@name	CorrectionInput
