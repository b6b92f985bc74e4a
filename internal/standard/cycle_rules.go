package standard

import (
	"fmt"
	"strconv"
	"strings"
)

// EndEvent is the event that ends a drafting cycle.
type EndEvent string

const (
	EndsWithPublication EndEvent = "published" // the move into published
	EndsWithApproval    EndEvent = "approval"  // the move into approval: submission for approval
)

// CycleRule is how the cycle of a kind (and nature) of standard is held to
// account: its target in months (0: none) and the event that ends it.
type CycleRule struct {
	TargetMonths int
	EndsWith     EndEvent
}

// CycleRules gives the rule of each kind and nature. A rule for a kind with
// no nature applies to every nature of that kind not named on its own.
type CycleRules struct {
	rules map[string]CycleRule
}

// DefaultCycleRules are docs/domain.md's: local standards 15 months to
// publication (the plan's target); national recommended 18 and mandatory 24
// months to submission for approval (the national rules); none for the
// others, whose cycle is measured to publication.
func DefaultCycleRules() CycleRules {
	r, _ := ParseCycleRules("local=15:published,national/recommended=18:approval,national/mandatory=24:approval")
	return r
}

// ParseCycleRules reads rules written as KIND[/NATURE]=MONTHS:EVENT, separated
// by commas, e.g. "local=15:published,national/recommended=18:approval". A
// target of 0 measures without a target.
func ParseCycleRules(s string) (CycleRules, error) {
	r := CycleRules{rules: map[string]CycleRule{}}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, value, ok := strings.Cut(part, "=")
		monthsText, event, ok2 := strings.Cut(value, ":")
		if !ok || !ok2 {
			return CycleRules{}, fmt.Errorf("rule %q: write KIND[/NATURE]=MONTHS:EVENT, such as local=15:published", part)
		}
		kind, nature, _ := strings.Cut(strings.TrimSpace(key), "/")
		if !oneOf(Kind(kind), Kinds) {
			return CycleRules{}, fmt.Errorf("rule %q: kind must be one of %s", part, list(Kinds))
		}
		if nature != "" && !oneOf(Nature(nature), Natures) {
			return CycleRules{}, fmt.Errorf("rule %q: nature must be one of %s", part, list(Natures))
		}
		months, err := strconv.Atoi(strings.TrimSpace(monthsText))
		if err != nil || months < 0 || months > 240 {
			return CycleRules{}, fmt.Errorf("rule %q: months must be a whole number from 0 to 240", part)
		}
		ends := EndEvent(strings.TrimSpace(event))
		if ends != EndsWithPublication && ends != EndsWithApproval {
			return CycleRules{}, fmt.Errorf("rule %q: the event must be published or approval", part)
		}
		r.rules[ruleKey(Kind(kind), Nature(nature))] = CycleRule{TargetMonths: months, EndsWith: ends}
	}
	return r, nil
}

func ruleKey(k Kind, n Nature) string {
	if n == "" {
		return string(k)
	}
	return string(k) + "/" + string(n)
}

// For returns the rule of a kind and nature: the nature's own, else the
// kind's, else no target to publication.
func (r CycleRules) For(k Kind, n Nature) CycleRule {
	if rule, ok := r.rules[ruleKey(k, n)]; ok && n != "" {
		return rule
	}
	if rule, ok := r.rules[ruleKey(k, "")]; ok {
		return rule
	}
	return CycleRule{EndsWith: EndsWithPublication}
}

// Each calls fn for every kind and nature pair (nature "" for a record whose
// nature is unknown) with its rule, so a query can spell the rules out.
func (r CycleRules) Each(fn func(k Kind, n Nature, rule CycleRule)) {
	for _, k := range Kinds {
		for _, n := range append([]Nature{""}, Natures...) {
			fn(k, n, r.For(k, n))
		}
	}
}

// String writes the rules back in ParseCycleRules' form.
func (r CycleRules) String() string {
	var parts []string
	for _, k := range Kinds {
		for _, n := range append([]Nature{""}, Natures...) {
			if rule, ok := r.rules[ruleKey(k, n)]; ok {
				parts = append(parts, fmt.Sprintf("%s=%d:%s", ruleKey(k, n), rule.TargetMonths, rule.EndsWith))
			}
		}
	}
	return strings.Join(parts, ",")
}

// Equal reports whether two sets of rules say the same.
func (r CycleRules) Equal(o CycleRules) bool { return r.String() == o.String() }
