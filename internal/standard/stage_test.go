package standard

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStageProperties checks each stage against the table of GB/T 16733 in
// docs/domain.md and the rules for drafts: which are private, which can be
// deleted, which a record can start in.
func TestStageProperties(t *testing.T) {
	cases := []struct {
		stage     Stage
		code      string
		private   bool
		deletable bool
		initial   bool
	}{
		{StagePreliminary, "00", true, true, true},
		{StageProposal, "10", true, true, true},
		{StageDrafting, "20", false, false, false},
		{StageConsultation, "30", false, false, false},
		{StageReview, "40", false, false, false},
		{StageApproval, "50", false, false, false},
		{StagePublished, "60", false, false, true},
		{StagePeriodicReview, "90", false, false, false},
		{StageWithdrawn, "95", false, false, false},
		{StageTerminated, "98", false, false, false},
	}
	for _, tc := range cases {
		t.Run(string(tc.stage), func(t *testing.T) {
			if got := tc.stage.Code(); got != tc.code {
				t.Errorf("Code() = %q, want %q", got, tc.code)
			}
			if !tc.stage.Valid() {
				t.Errorf("Valid() = false, want true")
			}
			if got := tc.stage.IsPrivateDraft(); got != tc.private {
				t.Errorf("IsPrivateDraft() = %v, want %v", got, tc.private)
			}
			if got := tc.stage.Deletable(); got != tc.deletable {
				t.Errorf("Deletable() = %v, want %v", got, tc.deletable)
			}
			initial := false
			for _, s := range InitialStages {
				initial = initial || s == tc.stage
			}
			if initial != tc.initial {
				t.Errorf("in InitialStages = %v, want %v", initial, tc.initial)
			}
		})
	}
}

// TestStagesOrder checks that Stages lists every stage once, in procedure
// order (ascending codes), and that InitialStages is exactly the drafts and
// published.
func TestStagesOrder(t *testing.T) {
	cases := []struct {
		name string
		got  []Stage
		want []Stage
	}{
		{"Stages", Stages, []Stage{StagePreliminary, StageProposal, StageDrafting, StageConsultation, StageReview,
			StageApproval, StagePublished, StagePeriodicReview, StageWithdrawn, StageTerminated}},
		{"InitialStages", InitialStages, []Stage{StagePreliminary, StageProposal, StagePublished}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			for i := 1; i < len(tc.got); i++ {
				if tc.got[i-1].Code() >= tc.got[i].Code() {
					t.Errorf("%s before %s: codes %s, %s not ascending", tc.got[i-1], tc.got[i], tc.got[i-1].Code(), tc.got[i].Code())
				}
			}
		})
	}
}

// TestStageUnknown checks that names outside the list are not stages.
func TestStageUnknown(t *testing.T) {
	cases := []struct {
		name  string
		stage Stage
	}{
		{"empty", ""},
		{"Chinese name", "发布"},
		{"stage code instead of name", "60"},
		{"upper case", "Published"},
		{"a draft", "draft"},
		{"space around", " published"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.stage.Valid() {
				t.Errorf("Stage(%q).Valid() = true, want false", tc.stage)
			}
			if got := tc.stage.Code(); got != "" {
				t.Errorf("Stage(%q).Code() = %q, want \"\"", tc.stage, got)
			}
			if tc.stage.IsPrivateDraft() || tc.stage.Deletable() {
				t.Errorf("Stage(%q) is a private or deletable draft, want neither", tc.stage)
			}
		})
	}
}
