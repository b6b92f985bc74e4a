package standard

import (
	"strings"
	"testing"
)

func TestImportedHistory(t *testing.T) {
	t.Parallel()
	day := func(s string) Date {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	today := day("2026-12-01")
	for _, tc := range []struct {
		name string
		s    Standard
		want string // from>to@day, …
	}{
		{"a proposal", Standard{Stage: StageProposal}, ">proposal@"},
		{"立项: drafting from its approval", Standard{Stage: StageDrafting, ApprovedOn: day("2025-03-15")},
			">proposal@ proposal>drafting@2025-03-15"},
		{"征求意见", Standard{Stage: StageConsultation, ApprovedOn: day("2025-03-15")},
			">proposal@ proposal>drafting@2025-03-15 drafting>consultation@"},
		{"报批 with its day", Standard{Stage: StageApproval, ApprovedOn: day("2025-03-15"), SubmittedOn: day("2026-03-01")},
			">proposal@ proposal>drafting@2025-03-15 drafting>consultation@ consultation>review@ review>approval@2026-03-01"},
		{"现行 with its approval", Standard{Stage: StagePublished, ApprovedOn: day("2020-01-10"), PublishedOn: day("2021-06-20")},
			">proposal@ proposal>drafting@2020-01-10 drafting>consultation@ consultation>review@ review>approval@ approval>published@2021-06-20"},
		{"现行 alone", Standard{Stage: StagePublished, PublishedOn: day("2018-05-15")}, ">published@2018-05-15"},
		{"废止", Standard{Stage: StageWithdrawn, PublishedOn: day("2018-05-15"), WithdrawnOn: day("2024-01-01")},
			">published@2018-05-15 published>withdrawn@2024-01-01"},
		{"terminated before approval", Standard{Stage: StageTerminated}, ">proposal@ proposal>terminated@"},
		{"终止 in drafting", Standard{Stage: StageTerminated, ApprovedOn: day("2023-04-01")},
			">proposal@ proposal>drafting@2023-04-01 drafting>terminated@"},
		{"终止 after 报批", Standard{Stage: StageTerminated, ApprovedOn: day("2023-04-01"), SubmittedOn: day("2024-09-30")},
			">proposal@ proposal>drafting@2023-04-01 drafting>consultation@ consultation>review@ review>approval@2024-09-30 approval>terminated@"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ImportedHistory(tc.s, today)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range h {
				got = append(got, string(m.From)+">"+string(m.To)+"@"+m.OccurredOn.String())
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("history\n got %s\nwant %s", g, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, fragment string
		s              Standard
	}{
		{"submitted in drafting", "has not been submitted", Standard{Stage: StageDrafting, SubmittedOn: day("2025-01-01")}},
		{"submitted in review", "has not been submitted", Standard{Stage: StageReview, ApprovedOn: day("2024-01-01"), SubmittedOn: day("2025-01-01")}},
		{"submitted before approval", "before the project's approval", Standard{Stage: StageApproval, ApprovedOn: day("2025-03-15"), SubmittedOn: day("2025-01-01")}},
		{"submitted after publication", "after publication", Standard{Stage: StagePublished, PublishedOn: day("2025-03-15"), SubmittedOn: day("2025-04-01")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ImportedHistory(tc.s, today)
			if err == nil || !strings.Contains(err.Error(), tc.fragment) {
				t.Errorf("error %v, want one with %q", err, tc.fragment)
			}
		})
	}
}
