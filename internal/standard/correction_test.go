package standard

import (
	"strings"
	"testing"
)

func TestCorrect(t *testing.T) {
	t.Parallel()
	day := func(s string) Date {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	today := day("2026-12-01")
	published := func() (Standard, []Transition) {
		s := Standard{ID: "s", Stage: StageWithdrawn, ApprovedOn: day("2020-03-01"), SubmittedOn: day("2021-03-10"), PublishedOn: day("2021-06-02"), WithdrawnOn: day("2025-01-01")}
		return s, []Transition{
			{ID: "t0", To: StageProposal},
			{ID: "t1", From: StageProposal, To: StageDrafting, OccurredOn: day("2020-03-01")},
			{ID: "t2", From: StageDrafting, To: StageConsultation},
			{ID: "t3", From: StageConsultation, To: StageReview},
			{ID: "t4", From: StageReview, To: StageApproval, OccurredOn: day("2021-03-10")},
			{ID: "t5", From: StageApproval, To: StagePublished, OccurredOn: day("2021-06-02")},
			{ID: "t6", From: StagePublished, To: StageWithdrawn, OccurredOn: day("2025-01-01")},
		}
	}
	for _, tc := range []struct {
		name string
		c    Correction
		want string // approved submitted published withdrawn, or the error's fragment
	}{
		{"publication day", Correction{TransitionID: "t5", OccurredOn: day("2021-06-20")}, "2020-03-01 2021-03-10 2021-06-20 2025-01-01"},
		{"立项 day", Correction{TransitionID: "t1", OccurredOn: day("2020-02-15")}, "2020-02-15 2021-03-10 2021-06-02 2025-01-01"},
		{"submission day", Correction{TransitionID: "t4", OccurredOn: day("2021-04-01")}, "2020-03-01 2021-04-01 2021-06-02 2025-01-01"},
		{"an undated move gets a day", Correction{TransitionID: "t3", OccurredOn: day("2021-01-05")}, "2020-03-01 2021-03-10 2021-06-02 2025-01-01"},
		{"before the previous move", Correction{TransitionID: "t5", OccurredOn: day("2021-03-01")}, "before the previous move on 2021-03-10"},
		{"after the next move", Correction{TransitionID: "t1", OccurredOn: day("2021-04-01")}, "after the next move on 2021-03-10"},
		{"in the future", Correction{TransitionID: "t6", OccurredOn: day("2027-01-01")}, "in the future"},
		{"no such move", Correction{TransitionID: "t9", OccurredOn: day("2021-01-01")}, "has no move t9"},
		{"approved_on has its move", Correction{Field: "approved_on", OccurredOn: day("2020-01-01")}, "correct that move"},
		{"neither", Correction{OccurredOn: day("2021-01-01")}, "either transition_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, h := published()
			_, err := s.Correct(h, tc.c, today)
			got := strings.Join([]string{s.ApprovedOn.String(), s.SubmittedOn.String(), s.PublishedOn.String(), s.WithdrawnOn.String()}, " ")
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	// Registered published with its approval day: the day alone.
	s := Standard{Stage: StagePublished, ApprovedOn: day("2019-01-01"), PublishedOn: day("2020-01-01")}
	if _, err := s.Correct([]Transition{{ID: "r", To: StagePublished, OccurredOn: day("2020-01-01")}}, Correction{Field: "approved_on", OccurredOn: day("2019-02-01")}, today); err != nil || s.ApprovedOn != day("2019-02-01") {
		t.Errorf("approved_on of a registered standard: %v, %s", err, s.ApprovedOn)
	}
}
