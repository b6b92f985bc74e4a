package standard

import (
	"time"

	"stdreg/internal/fault"
)

// Transition is one move of a standard between stages, with the day it
// happened (which may be in the past: history can be backfilled), when and
// by whom it was recorded, and why. The registration of a record is its
// first entry, with no From; a draft's registration has no day.
type Transition struct {
	ID         string    `json:"id"`
	StandardID string    `json:"standard_id"`
	From       Stage     `json:"from"`
	To         Stage     `json:"to"`
	OccurredOn Date      `json:"occurred_on"`
	RecordedAt time.Time `json:"recorded_at"`
	KeyID      string    `json:"key_id"`
	Actor      string    `json:"actor"`
	Note       string    `json:"note"`
}

// Move applies a move to a standard: it checks the procedure allows it and
// that its day is neither in the future nor before the last dated move, and
// sets the stage and the days that follow from it. s is changed only when
// the move is allowed.
func (s *Standard) Move(to Stage, on, lastMove, today Date) error {
	switch {
	case !to.Valid():
		return fault.Invalid(fault.Field("to", "must be one of %s", list(Stages)))
	case on.IsZero():
		return fault.Invalid(fault.Field("occurred_on", "is required"))
	case on.Check() != nil:
		return fault.Invalid(fault.Field("occurred_on", "%s", on.Check()))
	case on.After(today):
		return fault.Invalid(fault.Field("occurred_on", "%s is in the future", on))
	case !lastMove.IsZero() && on.Before(lastMove):
		return fault.Invalid(fault.Field("occurred_on", "%s is before the previous move on %s", on, lastMove))
	case !CanMove(s.Stage, to):
		return fault.Errorf(fault.CodeConflict, "a standard in %s cannot move to %s; from %s it may move to %s", s.Stage, to, s.Stage, stagesText(NextStages(s.Stage)))
	case to == StagePublished && s.Stage == StageApproval && s.Code == "":
		return fault.Invalid(fault.Field("to", "a standard is published with its number: set code first"))
	}
	from := s.Stage
	s.Stage = to
	switch {
	case from == StageProposal && to == StageDrafting:
		s.ApprovedOn = on // 立项: the plan is issued and the cycle starts
	case to == StageApproval:
		s.SubmittedOn = on
	case from == StageApproval && to == StageDrafting:
		s.SubmittedOn = Date{} // sent back: the submission did not stand
	case from == StageApproval && to == StagePublished:
		s.PublishedOn = on
	case to == StageWithdrawn:
		s.WithdrawnOn = on
	}
	return nil
}

// maxNote is the longest note a transition may carry, in characters.
const maxNote = 1000

// PrepareNote cleans a transition's note and checks it: prose of several
// lines at most, within the text rule.
func PrepareNote(note string) (string, error) {
	var fe fault.FieldErrors
	note = CleanText(note)
	CheckText(&fe, "note", note, TextRule{Max: maxNote, Lines: MultiLine})
	return note, fe.Err()
}

func stagesText(stages []Stage) string {
	if len(stages) == 0 {
		return "nothing: it is final"
	}
	return list(stages)
}
