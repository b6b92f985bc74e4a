package pages

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"stdreg/internal/standard"
)

// standardData is what standard.html shows.
type standardData struct {
	standard.Standard
	Organization string
	Timeline     []step
	Cycle        standard.Cycle
	EndsWith     string // the event that ends the cycle, in words
	Bars         []stageBar
	BarsWidth    int
	Over         bool // the cycle (ended or running) is past its target
}

// step is one dated move of the timeline, with the days the standard
// spent in the stage it left.
type step struct {
	standard.Transition
	DaysBefore int // days since the previous move; -1 for the first
}

// stageBar is one stage's share of the cycle, drawn on the server as SVG.
type stageBar struct {
	Stage   standard.Stage
	Days    int
	X, W    float64
	Color   string
	LabelX  float64
	ShowTxt bool
}

// stageColors tell the stages apart in the bar.
var stageColors = map[standard.Stage]string{
	standard.StagePreliminary: "#b0bec5", standard.StageProposal: "#90a4ae", standard.StageDrafting: "#42a5f5",
	standard.StageConsultation: "#26a69a", standard.StageReview: "#ffb74d", standard.StageApproval: "#ab47bc",
	standard.StagePublished: "#66bb6a", standard.StagePeriodicReview: "#8d6e63", standard.StageWithdrawn: "#757575",
	standard.StageTerminated: "#e57373",
}

const barsWidth = 720

// standard answers /standards/{id}: the record, its dated history and its
// drafting cycle against the target. A draft the public may not see is
// "not found", as in the API.
func (p *Pages) standard(c echo.Context) (view, error) {
	ctx := c.Request().Context()
	id := c.Param("id")
	st, err := p.registry.GetStandard(ctx, id)
	if err != nil {
		return view{}, err
	}
	history, err := p.registry.Transitions(ctx, id)
	if err != nil {
		return view{}, err
	}
	cycle, err := p.registry.Cycle(ctx, id)
	if err != nil {
		return view{}, err
	}
	data := standardData{Standard: st, Cycle: cycle, BarsWidth: barsWidth}
	if st.OrganizationID != "" {
		orgs, err := p.registry.OrganizationsOf(ctx, []standard.Standard{st})
		if err != nil {
			return view{}, err
		}
		data.Organization = orgs[st.OrganizationID].Name
	}
	for i, t := range history {
		s := step{Transition: t, DaysBefore: -1}
		if i > 0 && !t.OccurredOn.IsZero() && !history[i-1].OccurredOn.IsZero() {
			s.DaysBefore = daysBetween(history[i-1].OccurredOn, t.OccurredOn)
		}
		data.Timeline = append(data.Timeline, s)
	}
	data.EndsWith = "发布"
	if cycle.EndsWith == standard.EndsWithApproval {
		data.EndsWith = "报批"
	}
	data.Over = cycle.WithinTarget != nil && !*cycle.WithinTarget
	data.Bars = bars(cycle.Stages)
	title := st.TitleZH
	if st.Code != "" {
		title = st.Code + " " + title
	}
	return view{Name: "standard", Title: title, Data: data}, nil
}

// bars lays the stages' days end to end over barsWidth pixels.
func bars(stages []standard.StageDays) []stageBar {
	total := 0
	for _, s := range stages {
		total += s.Days
	}
	if total == 0 {
		return nil
	}
	var out []stageBar
	x := 0.0
	for _, s := range stages {
		if s.Days == 0 {
			continue
		}
		w := float64(s.Days) / float64(total) * barsWidth
		out = append(out, stageBar{Stage: s.Stage, Days: s.Days, X: x, W: w, Color: stageColors[s.Stage], LabelX: x + 4, ShowTxt: w >= 70})
		x += w
	}
	return out
}

func daysBetween(a, b standard.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// daysText says a number of days, with months for long spans.
func daysText(days int) string {
	if days < 60 {
		return fmt.Sprintf("%d 天", days)
	}
	return fmt.Sprintf("%d 天（约 %.1f 个月）", days, float64(days)/30.44)
}
