package tabular

import (
	"strconv"

	"stdreg/internal/standard"
)

// Option changes what a Writer writes.
type Option func(*writerConfig)

type writerConfig struct {
	cols  []*column[standard.Standard]
	rules *standard.CycleRules
}

// WithCycles adds each standard's finished drafting cycle under rules, as
// the API shows it: cycle_months and within_target, after the other
// columns. Imports read them as read-only and ignore them.
func WithCycles(rules standard.CycleRules) Option {
	return func(c *writerConfig) {
		c.rules = &rules
		c.cols = append(c.cols, cycleColumns(rules)...)
	}
}

func newWriterConfig(opts []Option) writerConfig {
	c := writerConfig{cols: columns[:len(columns):len(columns)]}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Names of the cycle columns, read-only wherever they appear.
var (
	cycleMonthsColumn  = &column[standard.Standard]{name: "cycle_months", zh: "制定周期（月）", aliases: []string{"制定周期"}, width: 14, readOnly: true}
	withinTargetColumn = &column[standard.Standard]{name: "within_target", zh: "周期达标", aliases: []string{"是否达标"}, width: 10, readOnly: true}
)

// cycleColumns are the two cycle columns, computed under rules.
func cycleColumns(rules standard.CycleRules) []*column[standard.Standard] {
	months, within := *cycleMonthsColumn, *withinTargetColumn
	months.get = func(s *standard.Standard) string {
		if m, _, ok := standard.FinishedCycle(*s, rules.For(s.Kind, s.Nature)); ok {
			return strconv.FormatFloat(m, 'f', -1, 64)
		}
		return ""
	}
	within.get = func(s *standard.Standard) string {
		if _, w, ok := standard.FinishedCycle(*s, rules.For(s.Kind, s.Nature)); ok && w != nil {
			return strconv.FormatBool(*w)
		}
		return ""
	}
	months.number = func(s *standard.Standard) any { // a number, to average in Excel
		if m, _, ok := standard.FinishedCycle(*s, rules.For(s.Kind, s.Nature)); ok {
			return m
		}
		return nil
	}
	return []*column[standard.Standard]{&months, &within}
}

// cycleRecord is a standard in NDJSON with its cycle, as the API shows it.
type cycleRecord struct {
	standard.Standard
	CycleMonths  *float64 `json:"cycle_months"`
	WithinTarget *bool    `json:"within_target"`
}

func withCycle(s standard.Standard, rules standard.CycleRules) cycleRecord {
	r := cycleRecord{Standard: s}
	if m, w, ok := standard.FinishedCycle(s, rules.For(s.Kind, s.Nature)); ok {
		r.CycleMonths, r.WithinTarget = &m, w
	}
	return r
}
