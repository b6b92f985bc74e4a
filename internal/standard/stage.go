package standard

// Stage is where a standard is in the procedure of GB/T 16733.
type Stage string

const (
	StagePreliminary    Stage = "preliminary"
	StageProposal       Stage = "proposal"
	StageDrafting       Stage = "drafting"
	StageConsultation   Stage = "consultation"
	StageReview         Stage = "review"
	StageApproval       Stage = "approval"
	StagePublished      Stage = "published"
	StagePeriodicReview Stage = "periodic_review"
	StageWithdrawn      Stage = "withdrawn"
	StageTerminated     Stage = "terminated"
)

// Stages lists every stage in procedure order.
var Stages = []Stage{
	StagePreliminary, StageProposal, StageDrafting, StageConsultation, StageReview,
	StageApproval, StagePublished, StagePeriodicReview, StageWithdrawn, StageTerminated,
}

// stageCodes are the two-digit codes of the procedure. Termination has no
// code in GB/T 16733; 98 follows ISO's "project deleted" stage.
var stageCodes = map[Stage]string{
	StagePreliminary: "00", StageProposal: "10", StageDrafting: "20", StageConsultation: "30",
	StageReview: "40", StageApproval: "50", StagePublished: "60", StagePeriodicReview: "90",
	StageWithdrawn: "95", StageTerminated: "98",
}

// Code returns the stage's two-digit code, or "" for an unknown stage.
func (s Stage) Code() string { return stageCodes[s] }

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { _, ok := stageCodes[s]; return ok }

// InitialStages are the stages a record may be registered in: a draft starts
// before approval of the project; an existing standard is registered published.
// Every other stage is reached through transitions.
var InitialStages = []Stage{StagePreliminary, StageProposal, StagePublished}

// IsPrivateDraft reports whether the record is a draft whose project is not
// yet approved; such drafts are visible only to their owners and auditors.
func (s Stage) IsPrivateDraft() bool { return s == StagePreliminary || s == StageProposal }

// Deletable reports whether a record in this stage may be deleted: only
// drafts not yet approved; published standards are withdrawn, never deleted.
func (s Stage) Deletable() bool { return s.IsPrivateDraft() }
