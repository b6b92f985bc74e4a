package standard

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/fault"
)

// moves builds a history from "stage@day" steps; the first is the
// registration (no From).
func history(t *testing.T, steps ...string) []Transition {
	t.Helper()
	var out []Transition
	from := Stage("")
	for _, step := range steps {
		stage, on, _ := cut(step)
		tr := Transition{From: from, To: Stage(stage)}
		if on != "" {
			tr.OccurredOn = day(t, on)
		}
		out = append(out, tr)
		from = Stage(stage)
	}
	return out
}

func cut(s string) (string, string, bool) {
	for i := range s {
		if s[i] == '@' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// replay applies the history's moves to a fresh draft through Move, as the
// registry does, so the days that follow from moves are the real ones.
func replay(t *testing.T, kind Kind, nature Nature, h []Transition, today Date) Standard {
	t.Helper()
	s := Standard{Kind: kind, Nature: nature, Stage: h[0].To, Code: "DB33/T 9999—2024"}
	last := h[0].OccurredOn
	for _, tr := range h[1:] {
		if err := s.Move(tr.To, tr.OccurredOn, last, today); err != nil {
			t.Fatalf("move to %s on %s: %v", tr.To, tr.OccurredOn, err)
		}
		last = tr.OccurredOn
	}
	return s
}

func TestCycleOf(t *testing.T) {
	local := CycleRule{TargetMonths: 15, EndsWith: EndsWithPublication}
	nationalRecommended := CycleRule{TargetMonths: 18, EndsWith: EndsWithApproval}
	yes, no := true, false
	for _, tc := range []struct {
		name         string
		kind         Kind
		rule         CycleRule
		steps        []string
		asOf         string
		endsWith     EndEvent
		endedOn      string
		months       float64
		withinTarget *bool
		stages       []StageDays
	}{
		{
			name: "local standard published on its 15-month deadline", kind: KindLocal, rule: local,
			steps:    []string{"proposal", "drafting@2023-03-15", "consultation@2023-09-01", "review@2023-12-01", "approval@2024-03-01", "published@2024-06-15"},
			asOf:     "2024-12-31",
			endsWith: EndsWithPublication, endedOn: "2024-06-15", months: 15, withinTarget: &yes,
			stages: []StageDays{{StageDrafting, 170}, {StageConsultation, 91}, {StageReview, 91}, {StageApproval, 106}},
		},
		{
			name: "one day late", kind: KindLocal, rule: local,
			steps:    []string{"proposal", "drafting@2023-03-15", "consultation@2023-09-01", "review@2023-12-01", "approval@2024-03-01", "published@2024-06-16"},
			asOf:     "2024-12-31",
			endsWith: EndsWithPublication, endedOn: "2024-06-16", months: 15 + 1.0/30, withinTarget: &no,
			stages: []StageDays{{StageDrafting, 170}, {StageConsultation, 91}, {StageReview, 91}, {StageApproval, 107}},
		},
		{
			name: "approved on 31 January: 29 February counts as the month's end", kind: KindLocal, rule: CycleRule{TargetMonths: 1, EndsWith: EndsWithPublication},
			steps:    []string{"proposal", "drafting@2024-01-31", "consultation@2024-02-10", "review@2024-02-20", "approval@2024-02-25", "published@2024-02-29"},
			asOf:     "2024-12-31",
			endsWith: EndsWithPublication, endedOn: "2024-02-29", months: 1, withinTarget: &yes,
			stages: []StageDays{{StageDrafting, 10}, {StageConsultation, 10}, {StageReview, 5}, {StageApproval, 4}},
		},
		{
			name: "rework: days back in drafting count as drafting", kind: KindLocal, rule: local,
			steps: []string{"proposal@2023-01-01", "drafting@2023-02-01", "consultation@2023-05-01", "review@2023-06-01",
				"drafting@2023-06-11", "consultation@2023-08-01", "review@2023-09-01", "approval@2023-10-01", "published@2023-11-01"},
			asOf:     "2024-12-31",
			endsWith: EndsWithPublication, endedOn: "2023-11-01", months: 9, withinTarget: &yes,
			stages: []StageDays{{StageProposal, 31}, {StageDrafting, 89 + 51}, {StageConsultation, 31 + 31}, {StageReview, 10 + 30}, {StageApproval, 31}},
		},
		{
			name: "a draft still running, not yet late", kind: KindLocal, rule: local,
			steps:    []string{"proposal", "drafting@2024-03-01", "consultation@2024-10-01"},
			asOf:     "2024-12-01",
			endsWith: EndsWithPublication, months: 9, withinTarget: nil,
			stages: []StageDays{{StageDrafting, 214}, {StageConsultation, 61}},
		},
		{
			name: "a draft still running past its target", kind: KindLocal, rule: local,
			steps:    []string{"proposal", "drafting@2023-01-10", "consultation@2023-06-01"},
			asOf:     "2024-05-10",
			endsWith: EndsWithPublication, months: 16, withinTarget: &no,
			stages: []StageDays{{StageDrafting, 142}, {StageConsultation, 344}},
		},
		{
			name: "national recommended: the cycle ends with submission for approval", kind: KindNational, rule: nationalRecommended,
			steps:    []string{"proposal", "drafting@2022-01-15", "consultation@2022-09-01", "review@2023-01-01", "approval@2023-07-15", "published@2024-03-01"},
			asOf:     "2024-12-31",
			endsWith: EndsWithApproval, endedOn: "2023-07-15", months: 18, withinTarget: &yes,
			stages: []StageDays{{StageDrafting, 229}, {StageConsultation, 122}, {StageReview, 195}},
		},
		{
			name: "national: sent back from approval, the submission does not stand", kind: KindNational, rule: nationalRecommended,
			steps:    []string{"proposal", "drafting@2022-01-15", "consultation@2022-09-01", "review@2023-01-01", "approval@2023-07-15", "drafting@2023-08-01"},
			asOf:     "2023-09-01",
			endsWith: EndsWithApproval, months: 19.0 + 17.0/31, withinTarget: &no,
			stages: []StageDays{{StageDrafting, 229 + 31}, {StageConsultation, 122}, {StageReview, 195}, {StageApproval, 17}},
		},
		{
			name: "group standard: no target", kind: KindGroup, rule: CycleRule{EndsWith: EndsWithPublication},
			steps:    []string{"proposal", "drafting@2024-01-01", "consultation@2024-02-01", "review@2024-03-01", "approval@2024-04-01", "published@2024-05-01"},
			asOf:     "2024-12-31",
			endsWith: EndsWithPublication, endedOn: "2024-05-01", months: 4, withinTarget: nil,
			stages: []StageDays{{StageDrafting, 31}, {StageConsultation, 29}, {StageReview, 31}, {StageApproval, 30}},
		},
		{
			name: "terminated: the clock stops at termination", kind: KindLocal, rule: local,
			steps:    []string{"proposal", "drafting@2023-01-01", "terminated@2023-07-01"},
			asOf:     "2025-01-01",
			endsWith: EndsWithPublication, months: 6, withinTarget: nil,
			stages: []StageDays{{StageDrafting, 181}, {StageTerminated, 0}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asOf := day(t, tc.asOf)
			h := history(t, tc.steps...)
			s := replay(t, tc.kind, NatureRecommended, h, asOf)
			got := CycleOf(s, h, tc.rule, asOf)
			if got.EndsWith != tc.endsWith || got.EndedOn.String() != tc.endedOn || !got.Started {
				t.Errorf("ends with %s on %q (started %v), want %s on %q", got.EndsWith, got.EndedOn, got.Started, tc.endsWith, tc.endedOn)
			}
			if math.Abs(got.Months-tc.months) > 1e-9 {
				t.Errorf("months %.6f, want %.6f", got.Months, tc.months)
			}
			if !cmp.Equal(got.WithinTarget, tc.withinTarget) {
				t.Errorf("within target %v, want %v", show(got.WithinTarget), show(tc.withinTarget))
			}
			if diff := cmp.Diff(tc.stages, got.Stages); diff != "" {
				t.Errorf("stage days (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCycleOfRegisteredPublished(t *testing.T) {
	// Registered published with its days, no moves on record: the cycle
	// runs from approval to publication, also under a rule that ends with
	// the submission for approval, which was never recorded.
	s := Standard{Kind: KindNational, Nature: NatureMandatory, Stage: StagePublished,
		ApprovedOn: day(t, "2016-05-10"), PublishedOn: day(t, "2018-05-15")}
	h := []Transition{{To: StagePublished, OccurredOn: day(t, "2018-05-15")}}
	c := CycleOf(s, h, CycleRule{TargetMonths: 24, EndsWith: EndsWithApproval}, day(t, "2026-11-28"))
	if c.EndsWith != EndsWithPublication || c.EndedOn != s.PublishedOn || math.Abs(c.Months-(24+5.0/31)) > 1e-9 {
		t.Errorf("got ends %s on %s, %.6f months", c.EndsWith, c.EndedOn, c.Months)
	}
	if c.WithinTarget == nil || *c.WithinTarget {
		t.Errorf("24 months and 5 days is past a 24-month target: %v", show(c.WithinTarget))
	}
	draft := Standard{Kind: KindLocal, Stage: StageProposal}
	if c := CycleOf(draft, []Transition{{To: StageProposal}}, CycleRule{TargetMonths: 15, EndsWith: EndsWithPublication}, day(t, "2026-11-28")); c.Started || c.WithinTarget != nil || len(c.Stages) != 0 {
		t.Errorf("a proposal has no cycle yet: %+v", c)
	}
}

func TestMoveFollowsTheProcedure(t *testing.T) {
	today := day(t, "2026-11-28")
	for _, tc := range []struct {
		name     string
		from, to Stage
		on, last string
		code     fault.ErrorCode
		field    string
	}{
		{"forward", StageDrafting, StageConsultation, "2024-05-01", "2024-03-01", "", ""},
		{"rework from review", StageReview, StageDrafting, "2024-05-01", "2024-03-01", "", ""},
		{"termination before publication", StageApproval, StageTerminated, "2024-05-01", "2024-03-01", "", ""},
		{"periodic review confirms", StagePeriodicReview, StagePublished, "2024-05-01", "2024-03-01", "", ""},
		{"same day as the previous move", StageDrafting, StageConsultation, "2024-03-01", "2024-03-01", "", ""},
		{"today", StageDrafting, StageConsultation, "2026-11-28", "2024-03-01", "", ""},
		{"skipping a stage", StageDrafting, StageReview, "2024-05-01", "2024-03-01", fault.CodeConflict, ""},
		{"backwards to proposal", StageDrafting, StageProposal, "2024-05-01", "2024-03-01", fault.CodeConflict, ""},
		{"terminating a published standard", StagePublished, StageTerminated, "2024-05-01", "2024-03-01", fault.CodeConflict, ""},
		{"out of withdrawal", StageWithdrawn, StagePublished, "2024-05-01", "2024-03-01", fault.CodeConflict, ""},
		{"out of termination", StageTerminated, StageDrafting, "2024-05-01", "2024-03-01", fault.CodeConflict, ""},
		{"to the same stage", StageReview, StageReview, "2024-05-01", "2024-03-01", fault.CodeConflict, ""},
		{"in the future", StageDrafting, StageConsultation, "2026-11-29", "2024-03-01", fault.CodeInvalid, "occurred_on"},
		{"before the previous move", StageDrafting, StageConsultation, "2024-02-29", "2024-03-01", fault.CodeInvalid, "occurred_on"},
		{"unknown stage", StageDrafting, "finished", "2024-05-01", "2024-03-01", fault.CodeInvalid, "to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Standard{Stage: tc.from, Code: "DB33/T 1—2024"}
			before := s
			err := s.Move(tc.to, day(t, tc.on), day(t, tc.last), today)
			if fault.CodeOf(err) != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if err != nil {
				if !cmp.Equal(s, before) {
					t.Errorf("a refused move changed the standard: %+v", s)
				}
				var de *fault.Error
				if tc.field != "" && (!asError(err, &de) || de.Fields[0].Field != tc.field) {
					t.Errorf("error %v should name %s", err, tc.field)
				}
				return
			}
			if s.Stage != tc.to {
				t.Errorf("stage %s, want %s", s.Stage, tc.to)
			}
		})
	}
}

func TestMoveSetsTheDaysThatFollow(t *testing.T) {
	today := day(t, "2026-11-28")
	s := Standard{Stage: StageProposal, Code: "DB33/T 2349—2021"}
	steps := []struct {
		to      Stage
		on      string
		check   func(Standard) Date
		wantDay string
	}{
		{StageDrafting, "2020-03-01", func(s Standard) Date { return s.ApprovedOn }, "2020-03-01"},
		{StageConsultation, "2020-09-01", func(s Standard) Date { return s.ApprovedOn }, "2020-03-01"},
		{StageReview, "2020-11-01", func(s Standard) Date { return s.SubmittedOn }, ""},
		{StageApproval, "2021-01-05", func(s Standard) Date { return s.SubmittedOn }, "2021-01-05"},
		{StageDrafting, "2021-02-01", func(s Standard) Date { return s.SubmittedOn }, ""},
		{StageConsultation, "2021-03-01", func(s Standard) Date { return s.ApprovedOn }, "2020-03-01"},
		{StageReview, "2021-04-01", func(s Standard) Date { return s.PublishedOn }, ""},
		{StageApproval, "2021-05-01", func(s Standard) Date { return s.SubmittedOn }, "2021-05-01"},
		{StagePublished, "2021-06-20", func(s Standard) Date { return s.PublishedOn }, "2021-06-20"},
		{StagePeriodicReview, "2026-06-20", func(s Standard) Date { return s.PublishedOn }, "2021-06-20"},
		{StagePublished, "2026-07-01", func(s Standard) Date { return s.PublishedOn }, "2021-06-20"},
		{StageWithdrawn, "2026-11-01", func(s Standard) Date { return s.WithdrawnOn }, "2026-11-01"},
	}
	last := Date{}
	for _, st := range steps {
		if err := s.Move(st.to, day(t, st.on), last, today); err != nil {
			t.Fatalf("move to %s on %s: %v", st.to, st.on, err)
		}
		last = day(t, st.on)
		if got := st.check(s).String(); got != st.wantDay {
			t.Errorf("after the move to %s on %s: day %q, want %q", st.to, st.on, got, st.wantDay)
		}
	}
	draft := Standard{Stage: StageApproval}
	if err := draft.Move(StagePublished, day(t, "2024-01-01"), Date{}, today); fault.CodeOf(err) != fault.CodeInvalid {
		t.Errorf("publishing without a number: %v, want invalid", err)
	}
}

func show(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func asError(err error, target **fault.Error) bool { return errors.As(err, target) }

// TestMoveRefusesDaysOutsideTheCalendar: a draft's first move has no
// previous day to be after, so nothing else stopped 0000-01-01 becoming
// its approval day.
func TestMoveRefusesDaysOutsideTheCalendar(t *testing.T) {
	for _, on := range []Date{{0, 1, 1}, {1800, 1, 1}, {1948, 12, 31}} {
		s := Standard{Stage: StageProposal, Kind: KindLocal, TitleZH: "茶叶加工技术规程"}
		err := s.Move(StageDrafting, on, Date{}, Date{2026, 11, 28})
		var de *fault.Error
		if fault.CodeOf(err) != fault.CodeInvalid || !asError(err, &de) || de.Fields[0].Field != "occurred_on" {
			t.Errorf("move on %s: %v, want occurred_on invalid", on, err)
		}
		if s.Stage != StageProposal || !s.ApprovedOn.IsZero() {
			t.Errorf("a refused move changed the draft: %+v", s)
		}
	}
}
