package main

import (
	"fmt"
	"io"
	"math"
	"time"
)

// writeTable prints the measured scenarios as a Markdown table.
func writeTable(w io.Writer, done []measured) {
	p95Of := map[string]float64{}
	for _, m := range done {
		p95Of[m.name] = m.result.P95
	}
	fmt.Fprintln(w, "| scenario | request | req/s | p50 | p95 | p99 | max | target | met |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|---|")
	for _, m := range done {
		r := m.result
		target, met := judge(m.scenario, r, p95Of)
		if f := r.Failure(); f != "" {
			met = "**failed**: " + f
		}
		fmt.Fprintf(w, "| %s | `GET %s` | %.0f | %s | %s | %s | %s | %s | %s |\n",
			m.name, m.shown, r.RPS(), fmtMS(r.P50), fmtMS(r.P95), fmtMS(r.P99), fmtMS(r.Max), target, met)
	}
}

// judge states a scenario's target and whether its run met it. p95Of holds
// the p95 of the scenarios measured in this run, by name.
func judge(sc scenario, r wrkResult, p95Of map[string]float64) (target, met string) {
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	switch {
	case sc.p95 > 0:
		return "p95 ≤ " + fmtMS(us(sc.p95)), yes(r.P95 <= us(sc.p95))
	case sc.p99 > 0:
		return "p99 ≤ " + fmtMS(us(sc.p99)), yes(r.P99 <= us(sc.p99))
	case sc.sameAs != "":
		target = fmt.Sprintf("as fast as the %s (p95 ratio ≤ %s)", sc.sameAs, fmtRatio(deepTolerance))
		first, ok := p95Of[sc.sameAs]
		if !ok || first <= 0 {
			return target, "not known: the " + sc.sameAs + " was not measured"
		}
		ratio := r.P95 / first
		return target, fmt.Sprintf("%s (deep/first p95 %s)", yes(ratio <= deepTolerance), fmtRatio(ratio))
	}
	return "report only", ""
}

// us is a duration in microseconds, wrk's unit.
func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// fmtMS writes microseconds as milliseconds.
func fmtMS(micros float64) string {
	if micros < 10_000 {
		return fmt.Sprintf("%.2f ms", micros/1000)
	}
	return fmt.Sprintf("%.1f ms", micros/1000)
}

// fmtRatio writes a ratio with the precision that matters at its size.
func fmtRatio(r float64) string {
	switch {
	case r > 0 && r < 1:
		// Two significant digits: 0.0021×, 0.50×.
		return fmt.Sprintf("%.*f×", min(6, int(math.Ceil(-math.Log10(r)))+1), r)
	case r < 10:
		return fmt.Sprintf("%.2f×", r)
	case r < 100:
		return fmt.Sprintf("%.1f×", r)
	default:
		return fmt.Sprintf("%.0f×", r)
	}
}
