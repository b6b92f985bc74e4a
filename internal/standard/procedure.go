package standard

// moves is the procedure of GB/T 16733 as a graph: forward through the
// stages; back to drafting for rework from consultation, review or approval;
// termination at any stage before publication; after publication, periodic
// review (which confirms the standard, back to published, or withdraws it)
// and withdrawal.
var moves = map[Stage][]Stage{
	StagePreliminary:    {StageProposal, StageTerminated},
	StageProposal:       {StageDrafting, StageTerminated},
	StageDrafting:       {StageConsultation, StageTerminated},
	StageConsultation:   {StageReview, StageDrafting, StageTerminated},
	StageReview:         {StageApproval, StageDrafting, StageTerminated},
	StageApproval:       {StagePublished, StageDrafting, StageTerminated},
	StagePublished:      {StagePeriodicReview, StageWithdrawn},
	StagePeriodicReview: {StagePublished, StageWithdrawn},
}

// CanMove reports whether the procedure allows moving from one stage to another.
func CanMove(from, to Stage) bool {
	for _, s := range moves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// NextStages lists where a standard in stage s may move.
func NextStages(s Stage) []Stage { return append([]Stage(nil), moves[s]...) }
