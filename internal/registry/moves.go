package registry

import (
	"context"
	"errors"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Move asks to move a standard to another stage on a day.
type Move struct {
	To         standard.Stage
	OccurredOn standard.Date
	Note       string
}

// MoveStandard moves a standard along the procedure. The move, the new
// state and the audit event are written together; a move the procedure does
// not allow, dated in the future or before the previous move, changes
// nothing. Two moves at once are serialized: the second is judged against
// the first's result (and with If-Match fails if it was made against the
// old version).
func (s *Service) MoveStandard(ctx context.Context, id string, ifMatch Precondition, m Move) (standard.Standard, standard.Transition, error) {
	a := askedID(id)
	if err := writeTarget(ctx, access.MoveStandard, a); err != nil {
		return standard.Standard{}, standard.Transition{}, err
	}
	note, err := standard.PrepareNote(m.Note)
	if err != nil {
		return standard.Standard{}, standard.Transition{}, err
	}
	m.Note = note
	st, tr, err := s.store.MoveStandard(ctx, id, func(current standard.Standard, lastMove standard.Date) (standard.Standard, standard.Transition, audit.Event, error) {
		if err := guardWrite(ctx, a, access.MoveStandard, current, ifMatch); err != nil {
			return standard.Standard{}, standard.Transition{}, audit.Event{}, err
		}
		next := current
		if err := next.Move(m.To, m.OccurredOn, lastMove, s.today()); err != nil {
			return standard.Standard{}, standard.Transition{}, audit.Event{}, err
		}
		if err := next.Prepare(s.today()); err != nil {
			return standard.Standard{}, standard.Transition{}, audit.Event{}, err
		}
		now := s.now().UTC()
		next.Version, next.UpdatedAt = current.Version+1, now
		caller := access.CallerFrom(ctx)
		tr := standard.Transition{
			ID: newID(), StandardID: id, From: current.Stage, To: m.To, OccurredOn: m.OccurredOn,
			RecordedAt: now, KeyID: caller.KeyID, Actor: caller.KeyName, Note: m.Note,
		}
		ev, err := s.event(ctx, access.MoveStandard, resourceStandard, id, current, next)
		return next, tr, ev, err
	})
	if err != nil {
		return st, tr, writeError(a, err)
	}
	st, err = s.replacedByOne(ctx)(st, nil)
	return st, tr, err
}

// Transitions returns a standard's history, oldest first.
func (s *Service) Transitions(ctx context.Context, id string) ([]standard.Transition, error) {
	if _, err := s.GetStandard(ctx, id); err != nil {
		return nil, err
	}
	return s.store.ListTransitions(ctx, id)
}

// Cycle computes a standard's drafting cycle under the configured rule, as
// it stands today.
func (s *Service) Cycle(ctx context.Context, id string) (standard.Cycle, error) {
	st, err := s.GetStandard(ctx, id)
	if err != nil {
		return standard.Cycle{}, err
	}
	history, err := s.store.ListTransitions(ctx, id)
	if err != nil {
		return standard.Cycle{}, err
	}
	return standard.CycleOf(st, history, s.rules.For(st.Kind, st.Nature), s.today()), nil
}

// correctionRecord is what the audit log keeps of a correction, before and
// after: the standard, the move corrected (none for a registered day) and,
// after, why.
type correctionRecord struct {
	Standard   standard.Standard    `json:"standard"`
	Transition *standard.Transition `json:"transition,omitempty"`
	Reason     string               `json:"reason,omitempty"`
}

// CorrectStandard corrects a day registered wrong (standard.Correction):
// an admin's, with a reason, recorded in the audit log with the standard
// and the move before and after; the drafting cycle follows from the
// corrected days.
func (s *Service) CorrectStandard(ctx context.Context, id string, ifMatch Precondition, c standard.Correction) (standard.Standard, error) {
	a := askedID(id)
	if err := writeTarget(ctx, access.CorrectStandard, a); err != nil {
		return standard.Standard{}, err
	}
	reason, err := standard.PrepareNote(c.Reason)
	if err == nil && reason == "" {
		err = fault.Invalid(fault.Field("reason", "is required: say why the day was wrong and where the right one comes from"))
	}
	if err != nil {
		return standard.Standard{}, asReason(err)
	}
	c.Reason = reason
	st, err := s.store.CorrectStandard(ctx, id, func(current standard.Standard, history []standard.Transition) (standard.Standard, *standard.Transition, audit.Event, error) {
		if err := guardWrite(ctx, a, access.CorrectStandard, current, ifMatch); err != nil {
			return standard.Standard{}, nil, audit.Event{}, err
		}
		next := current
		corrected, err := next.Correct(history, c, s.today())
		if err != nil {
			return standard.Standard{}, nil, audit.Event{}, err
		}
		if err := next.Prepare(s.today()); err != nil {
			return standard.Standard{}, nil, audit.Event{}, err
		}
		next.Version, next.UpdatedAt = current.Version+1, s.now().UTC()
		before := correctionRecord{Standard: current}
		if corrected != nil {
			for _, t := range history {
				if t.ID == corrected.ID {
					before.Transition = &t
				}
			}
		}
		ev, err := s.event(ctx, access.CorrectStandard, resourceStandard, id, before, correctionRecord{Standard: next, Transition: corrected, Reason: reason})
		return next, corrected, ev, err
	})
	return s.replacedByOne(ctx)(st, writeError(a, err))
}

// asReason names a note's problem by the field reason.
func asReason(err error) error {
	var e *fault.Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Fields = make([]fault.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Field = "reason"
		out.Fields[i] = f
	}
	return &out
}
