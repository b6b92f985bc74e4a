package main

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSameAnswer: the floor counts as a floor only when it answers the
// registry's fields with the registry's values.
func TestSameAnswer(t *testing.T) {
	registry := `{"id":"0193a1b2-0000-7000-8000-000000000001","code":"DB33/T 1234—2024","stage":"published","stage_code":"60","ics":["67.140.10"],"cycle_months":13.5,"within_target":true}`
	for _, tc := range []struct {
		name, floor string
		want        []string
	}{
		{"the same, in another order", `{"stage_code":"60","stage":"published","id":"0193a1b2-0000-7000-8000-000000000001","code":"DB33/T 1234—2024","ics":["67.140.10"],"within_target":true,"cycle_months":13.5}`, nil},
		{"another stage code", `{"id":"0193a1b2-0000-7000-8000-000000000001","code":"DB33/T 1234—2024","stage":"published","stage_code":"98","ics":["67.140.10"],"cycle_months":13.5,"within_target":true}`, []string{"stage_code"}},
		{"a field missing and one too many", `{"id":"0193a1b2-0000-7000-8000-000000000001","code":"DB33/T 1234—2024","stage":"published","stage_code":"60","ics":["67.140.10"],"cycle_months":13.5,"region":"330100"}`, []string{"region", "within_target"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sameAnswer([]byte(tc.floor), []byte(registry))
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("fields that differ (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadTarget: issue 20's targets, judged on the registry with its
// cache off against the floor of the same run.
func TestReadTarget(t *testing.T) {
	floor := wrkResult{Requests: 8000, DurationUS: 1e6, P50: 3000, P99: 20000}
	for _, tc := range []struct {
		name string
		run  readRun
		want string
	}{
		{"one client within 1.5×", readRun{server: serverNoCache, connections: 1, result: wrkResult{Requests: 1, DurationUS: 1e6, P50: 4500}}, "yes"},
		{"one client over 1.5×", readRun{server: serverNoCache, connections: 1, result: wrkResult{Requests: 1, DurationUS: 1e6, P50: 4600}}, "**no**"},
		{"32 clients at 70 %, p99 2×", readRun{server: serverNoCache, connections: 32, result: wrkResult{Requests: 5600, DurationUS: 1e6, P99: 40000}}, "yes"},
		{"32 clients under 70 %", readRun{server: serverNoCache, connections: 32, result: wrkResult{Requests: 5500, DurationUS: 1e6, P99: 20000}}, "**no**"},
		{"32 clients, p99 over 2×", readRun{server: serverNoCache, connections: 32, result: wrkResult{Requests: 8000, DurationUS: 1e6, P99: 41000}}, "**no**"},
		{"the cache on is not judged", readRun{server: serverCache, connections: 32, result: wrkResult{Requests: 1, DurationUS: 1e6}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, met := readTarget(tc.run, floor, true); met != tc.want {
				t.Errorf("met = %q, want %q", met, tc.want)
			}
		})
	}
}
