package standard

import "stdreg/internal/fault"

// ImportedHistory is the dated history of a record an import registers at
// any stage, from its stage and the days it carries (立项 approved_on, 报批
// submitted_on, 发布 published_on, 废止 withdrawn_on), oldest first, along
// the procedure: the registration (in proposal, undated, as a draft's is),
// then each move up to the record's stage, dated where the file dates it.
// The stages a file gives no day for (consultation, review, …) are entered
// without one, so their days count to the stage before them. A record
// registered published without its approval day has the registration a
// POST gives it: published, on its publication day.
//
// s must be prepared (Prepare): the days are checked against each other
// there; what only a history needs (a submission the stage has not reached,
// one out of order) is a fault.Invalid naming the columns. The
// transitions carry From, To, OccurredOn and Note; the caller gives them
// their ids and who recorded them.
func ImportedHistory(s Standard, today Date) ([]Transition, error) {
	if err := checkSubmission(s, today); err != nil {
		return nil, err
	}
	if s.Stage.IsPrivateDraft() {
		return []Transition{{To: s.Stage, Note: importedNote}}, nil
	}
	published := s.Stage == StagePublished || s.Stage == StagePeriodicReview || s.Stage == StageWithdrawn
	var h []Transition
	add := func(to Stage, on Date) {
		from := Stage("")
		if len(h) > 0 {
			from = h[len(h)-1].To
		}
		h = append(h, Transition{From: from, To: to, OccurredOn: on, Note: importedNote})
	}
	if published && s.ApprovedOn.IsZero() && s.SubmittedOn.IsZero() {
		add(StagePublished, s.PublishedOn)
	} else {
		add(StageProposal, Date{})
		if s.Stage == StageTerminated && s.ApprovedOn.IsZero() && s.SubmittedOn.IsZero() {
			add(StageTerminated, Date{})
			return h, nil
		}
		add(StageDrafting, s.ApprovedOn)
		// A project terminated after its submission for approval went that
		// far first.
		last := s.Stage
		if s.Stage == StageTerminated {
			last = StageDrafting
			if !s.SubmittedOn.IsZero() {
				last = StageApproval
			}
		}
		for _, step := range []struct {
			stage Stage
			on    Date
		}{{StageConsultation, Date{}}, {StageReview, Date{}}, {StageApproval, s.SubmittedOn}, {StagePublished, s.PublishedOn}} {
			if last == StageDrafting || h[len(h)-1].To == last {
				break
			}
			add(step.stage, step.on)
		}
	}
	switch s.Stage {
	case StagePeriodicReview:
		add(StagePeriodicReview, Date{})
	case StageWithdrawn:
		add(StageWithdrawn, s.WithdrawnOn)
	case StageTerminated:
		add(StageTerminated, Date{})
	}
	return h, nil
}

// importedNote marks the moves an import recorded.
const importedNote = "imported"

// checkSubmission checks the submission day (报批日期): only a record that
// reached approval (and may have been terminated there) has one, after its project's approval, not after its
// publication, and not in the future.
func checkSubmission(s Standard, today Date) error {
	if s.SubmittedOn.IsZero() {
		return nil
	}
	var fe fault.FieldErrors
	switch {
	case s.Stage != StageApproval && s.Stage != StagePublished && s.Stage != StagePeriodicReview && s.Stage != StageWithdrawn && s.Stage != StageTerminated:
		fe.Add("submitted_on", "a standard in %s has not been submitted for approval yet", s.Stage)
	case s.SubmittedOn.After(today):
		fe.Add("submitted_on", "%s is in the future", s.SubmittedOn)
	case !s.ApprovedOn.IsZero() && s.SubmittedOn.Before(s.ApprovedOn):
		fe.Add("submitted_on", "%s is before the project's approval on %s (approved_on)", s.SubmittedOn, s.ApprovedOn)
	case !s.PublishedOn.IsZero() && s.PublishedOn.Before(s.SubmittedOn):
		fe.Add("submitted_on", "%s is after publication on %s (published_on)", s.SubmittedOn, s.PublishedOn)
	}
	return fe.Err()
}
