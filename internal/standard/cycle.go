package standard

// StageDays is how many days a standard spent in a stage.
type StageDays struct {
	Stage Stage
	Days  int
}

// Cycle is a standard's drafting cycle (制定周期) under a rule, on a day.
type Cycle struct {
	ApprovedOn  Date     // the cycle's start (立项); zero before it
	PublishedOn Date     // zero until published
	EndsWith    EndEvent // the event that ends it under the rule (or publication, when the rule's event was never recorded)
	EndedOn     Date     // zero while the cycle runs
	Started     bool     // false before approval: Months means nothing then
	Months      float64  // to EndedOn, or elapsed to asOf (or to termination) while running
	Target      int      // months, 0 for none
	// WithinTarget is nil when there is no target, or when a running cycle
	// is not yet past it; false once it is past; true when it ended in time.
	WithinTarget *bool
	Stages       []StageDays // days in each stage up to the end (or asOf), rework counted where it was spent
}

// CycleOf computes the drafting cycle of s from its dated moves (oldest
// first) under rule, as it stands on asOf.
func CycleOf(s Standard, history []Transition, rule CycleRule, asOf Date) Cycle {
	c := Cycle{ApprovedOn: s.ApprovedOn, PublishedOn: s.PublishedOn, EndsWith: rule.EndsWith, Target: rule.TargetMonths}
	c.EndedOn = s.PublishedOn
	if rule.EndsWith == EndsWithApproval {
		if s.SubmittedOn.IsZero() && !s.PublishedOn.IsZero() {
			// Registered published, or published before its submission
			// was recorded: publication is the last event on record.
			c.EndsWith = EndsWithPublication
		} else {
			c.EndedOn = s.SubmittedOn
		}
	}
	runningUntil := asOf
	if s.Stage == StageTerminated && len(history) > 0 && !history[len(history)-1].OccurredOn.IsZero() {
		runningUntil = history[len(history)-1].OccurredOn
	}
	until := runningUntil
	if !c.EndedOn.IsZero() {
		until = c.EndedOn
	}
	if !s.ApprovedOn.IsZero() {
		c.Started = true
		c.Months = Months(s.ApprovedOn, until)
		if c.Target > 0 {
			switch {
			case !c.EndedOn.IsZero():
				within := c.Months <= float64(c.Target)
				c.WithinTarget = &within
			case s.Stage != StageTerminated && c.Months > float64(c.Target):
				late := false
				c.WithinTarget = &late
			}
		}
	}
	c.Stages = stageDays(history, until, c.EndedOn.IsZero())
	return c
}

// stageDays adds up the days between consecutive dated moves, for the stage
// each move entered, up to until. The stage entered on the day a cycle
// ended (published, or approval) is not part of it; the stage a running
// cycle is in is, even when entered that day.
func stageDays(history []Transition, until Date, running bool) []StageDays {
	days := map[Stage]int{}
	seen := map[Stage]bool{}
	for i, t := range history {
		if t.OccurredOn.IsZero() || t.OccurredOn.After(until) || (!running && t.OccurredOn == until) {
			continue
		}
		end := until
		for _, next := range history[i+1:] {
			if !next.OccurredOn.IsZero() {
				end = next.OccurredOn
				break
			}
		}
		if end.After(until) {
			end = until
		}
		if !end.Before(t.OccurredOn) {
			days[t.To] += DaysBetween(t.OccurredOn, end)
			seen[t.To] = true
		}
	}
	var out []StageDays
	for _, s := range Stages {
		if seen[s] {
			out = append(out, StageDays{Stage: s, Days: days[s]})
		}
	}
	return out
}

// FinishedCycle is s's drafting cycle once it has ended under rule: its
// months and, when the rule has a target, whether it met it (nil without
// one). ok is false while the cycle runs or before it starts. It is the
// figure the drafting-cycle measures aggregate, so a list of standards and
// the figure it traces agree.
func FinishedCycle(s Standard, rule CycleRule) (months float64, within *bool, ok bool) {
	c := CycleOf(s, nil, rule, s.ApprovedOn)
	if !c.Started || c.EndedOn.IsZero() {
		return 0, nil, false
	}
	return c.Months, c.WithinTarget, true
}
