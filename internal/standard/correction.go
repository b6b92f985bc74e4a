package standard

import "stdreg/internal/fault"

// Correction changes a day registered wrong: the day of one move of a
// standard's history (TransitionID; the registration of a standard
// registered published is its publication), or, for a standard registered
// published with an approval day and no move into drafting, that day
// (Field "approved_on"). Reason says why; it is required.
type Correction struct {
	TransitionID string
	Field        string
	OccurredOn   Date
	Reason       string
}

// Correct applies c to s, whose history (oldest first) is given: it
// returns the corrected move (nil for a field), with s's days that follow
// from it changed. The new day keeps the history in order: not before the
// dated move before it, not after the dated move after it, and not in the
// future. s must then be prepared again (Prepare), which checks the days
// against each other.
func (s *Standard) Correct(history []Transition, c Correction, today Date) (*Transition, error) {
	var fe fault.FieldErrors
	switch {
	case c.OccurredOn.IsZero():
		fe.Add("occurred_on", "is required")
	case c.OccurredOn.Check() != nil:
		fe.Add("occurred_on", "%s", c.OccurredOn.Check())
	case c.OccurredOn.After(today):
		fe.Add("occurred_on", "%s is in the future", c.OccurredOn)
	}
	switch {
	case (c.TransitionID == "") == (c.Field == ""):
		fe.Add("transition_id", "give either transition_id (a move of the standard's history) or field (approved_on)")
	case c.Field != "" && c.Field != "approved_on":
		fe.Add("field", "must be approved_on; the other days follow from moves: give the move's transition_id")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if c.Field != "" {
		return nil, s.correctApproval(history, c.OccurredOn)
	}
	at := -1
	for i, t := range history {
		if t.ID == c.TransitionID {
			at = i
		}
	}
	if at < 0 {
		return nil, fault.Invalid(fault.Field("transition_id", "standard %s has no move %s; GET its transitions for their ids", s.ID, c.TransitionID))
	}
	on := c.OccurredOn
	for i := at - 1; i >= 0; i-- {
		if d := history[i].OccurredOn; !d.IsZero() {
			if on.Before(d) {
				return nil, fault.Invalid(fault.Field("occurred_on", "%s is before the previous move on %s", on, d))
			}
			break
		}
	}
	for _, t := range history[at+1:] {
		if d := t.OccurredOn; !d.IsZero() {
			if on.After(d) {
				return nil, fault.Invalid(fault.Field("occurred_on", "%s is after the next move on %s", on, d))
			}
			break
		}
	}
	corrected := history[at]
	was := corrected.OccurredOn
	corrected.OccurredOn = on
	// The days that this move set, if they still stand.
	for _, f := range []struct {
		day   *Date
		moved bool
	}{
		{&s.ApprovedOn, corrected.From == StageProposal && corrected.To == StageDrafting},
		{&s.SubmittedOn, corrected.To == StageApproval},
		{&s.PublishedOn, corrected.To == StagePublished && (corrected.From == StageApproval || corrected.From == "")},
		{&s.WithdrawnOn, corrected.To == StageWithdrawn},
	} {
		if f.moved && *f.day == was {
			*f.day = on
		}
	}
	return &corrected, nil
}

// correctApproval corrects the approval day a standard was registered
// with; one with a move into drafting has that move corrected instead.
func (s *Standard) correctApproval(history []Transition, on Date) error {
	for _, t := range history {
		if t.From == StageProposal && t.To == StageDrafting {
			return fault.Invalid(fault.Field("field", "approved_on follows from the move into drafting on %s: correct that move (transition_id %s)", t.OccurredOn, t.ID))
		}
	}
	s.ApprovedOn = on
	return nil
}
