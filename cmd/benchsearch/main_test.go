package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseWrk(t *testing.T) {
	out := `Running 20s test @ http://127.0.0.1:40000/api/v1/standards?q=%E8%8C%B6%E5%8F%B6
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    4.10ms  61.20ms   71.00%
  51234 requests in 20.00s, 120.00MB read
Requests/sec:   2561.70
Transfer/sec:      6.00MB
benchsearch-result requests=51234 duration_us=20000512 connect=0 read=0 write=0 status=0 timeout=0 p50_us=11873 p95_us=19877 p99_us=27001 max_us=61203
`
	got, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	want := wrkResult{Requests: 51234, DurationUS: 20000512, P50: 11873, P95: 19877, P99: 27001, Max: 61203}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseWrk (-want +got):\n%s", diff)
	}
	if rps := got.RPS(); rps < 2561.6 || rps > 2561.7 {
		t.Errorf("RPS = %v, want about 2561.65", rps)
	}
	if f := got.Failure(); f != "" {
		t.Errorf("Failure = %q, want none", f)
	}
}

func TestParseWrkErrors(t *testing.T) {
	for _, tc := range []struct {
		name, out, wantErr string
	}{
		{"no result line", "Running 1s test\n", "no result line"},
		{"a field missing", "benchsearch-result requests=1 duration_us=1 connect=0 read=0 write=0 status=0 timeout=0 p50_us=1 p95_us=1 p99_us=1\n", "missing max_us"},
		{"not a number", "benchsearch-result requests=x\n", "requests"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseWrk(tc.out)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
}

func TestFailure(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    wrkResult
		want string
	}{
		{"clean", wrkResult{Requests: 10}, ""},
		{"non-2xx", wrkResult{Requests: 10, Status: 3}, "3 non-2xx"},
		{"socket", wrkResult{Requests: 10, Read: 1, Timeout: 2}, "3 socket errors (connect 0, read 1, write 0, timeout 2)"},
		{"nothing done", wrkResult{}, "no requests completed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.Failure(); got != tc.want {
				t.Errorf("Failure = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{fmtMS(1234), "1.23 ms"},
		{fmtMS(9999), "10.00 ms"},
		{fmtMS(27001), "27.0 ms"},
		{fmtMS(1234567), "1234.6 ms"},
		{fmtRatio(1.074), "1.07×"},
		{fmtRatio(0.5), "0.50×"},
		{fmtRatio(0.00213), "0.0021×"},
		{fmtRatio(0), "0.00×"},
		{ratioOf(3.42, 100.5), "0.034×"},
		{ratioOf(3.42, 0), "—"},
		{fmtRatio(12.345), "12.3×"},
		{fmtRatio(256.6), "257×"},
		{wrkSeconds(20 * time.Second), "20s"},
		{wrkSeconds(300 * time.Millisecond), "1s"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestJudge(t *testing.T) {
	p95Of := map[string]float64{nameFirst: 4000}
	for _, tc := range []struct {
		name                string
		sc                  scenario
		r                   wrkResult
		wantTarget, wantMet string
	}{
		{"p95 met", scenario{p95: 30 * time.Millisecond}, wrkResult{P95: 29000}, "p95 ≤ 30.0 ms", "yes"},
		{"p95 missed", scenario{p95: 30 * time.Millisecond}, wrkResult{P95: 30100}, "p95 ≤ 30.0 ms", "**no**"},
		{"p99 met", scenario{p99: 5 * time.Millisecond}, wrkResult{P99: 4990}, "p99 ≤ 5.00 ms", "yes"},
		{"deep as fast", scenario{sameAs: nameFirst}, wrkResult{P95: 4400},
			"as fast as the filters, first page (p95 ratio ≤ 1.25×)", "yes (deep/first p95 1.10×)"},
		{"deep slower", scenario{sameAs: nameFirst}, wrkResult{P95: 8000},
			"as fast as the filters, first page (p95 ratio ≤ 1.25×)", "**no** (deep/first p95 2.00×)"},
		{"first not measured", scenario{sameAs: "other"}, wrkResult{P95: 8000},
			"as fast as the other (p95 ratio ≤ 1.25×)", "not known: the other was not measured"},
		{"report only", scenario{}, wrkResult{P95: 8000}, "report only", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target, met := judge(tc.sc, tc.r, p95Of)
			if target != tc.wantTarget || met != tc.wantMet {
				t.Errorf("judge = %q, %q; want %q, %q", target, met, tc.wantTarget, tc.wantMet)
			}
		})
	}
}

func TestParseTimings(t *testing.T) {
	out := "Timing is on.\nTime: 12.345 ms\nTime: 1234.567 ms (00:01.235)\nTime: 0.401 ms\n"
	got, err := parseTimings(out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]float64{12.345, 1234.567, 0.401}, got); diff != "" {
		t.Errorf("parseTimings (-want +got):\n%s", diff)
	}
	if m := median(got); m != 12.345 {
		t.Errorf("median = %v, want 12.345", m)
	}
	if m := median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median of an even count = %v, want 2.5", m)
	}
}

func TestTypedForm(t *testing.T) {
	for code, want := range map[string]string{
		"DB33/T 2349—2021": "db33／t2349-2021",
		"DB33/T 501—2010":  "db33／t501-2010",
	} {
		if got := typedForm(code); got != want {
			t.Errorf("typedForm(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestLuaScript(t *testing.T) {
	one, err := luaScript([]string{"/a"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(one, "function request") || !strings.Contains(one, "function done") {
		t.Errorf("a single path needs only done():\n%s", one)
	}
	many, err := luaScript([]string{"/a?code=GB%2FT%201", "/b"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"/a?code=GB%2FT%201",`, "function request", "wrk.format(nil, p)", "function done", "tonumber(args[1])"} {
		if !strings.Contains(many, want) {
			t.Errorf("script lacks %q:\n%s", want, many)
		}
	}
	if _, err := luaScript([]string{"/a", `/b?q="x"`}, 2); err == nil {
		t.Error("a path with a quote was accepted")
	}
}

func TestPlanScans(t *testing.T) {
	lines := []string{
		"Limit",
		"  ->  Sort",
		"        Sort Key: id",
		"        ->  Bitmap Heap Scan on standards",
		"              Recheck Cond: ((title_zh ~~* '%x%'::text) OR (title_en ~~* '%x%'::text))",
		"              ->  BitmapOr",
		"                    ->  Bitmap Index Scan on bench_trgm_title_zh",
		"                    ->  Bitmap Index Scan on bench_trgm_title_en",
	}
	want := "Bitmap Heap Scan on standards; Bitmap Index Scan on bench_trgm_title_zh; Bitmap Index Scan on bench_trgm_title_en"
	if got := planScans(lines); got != want {
		t.Errorf("planScans = %q, want %q", got, want)
	}
}

// TestWrkCommand: wrk runs as told, and under taskset only when pinned.
func TestWrkCommand(t *testing.T) {
	l := load{duration: 15 * time.Second, connections: 32, threads: 2, timeout: 10 * time.Second, cpu: -1, start: 2349}
	want := "wrk -t 2 -c 32 -d 15s --timeout 10s -s /tmp/s.lua http://127.0.0.1:1/api/v1/standards?q=%E8%8C%B6%E5%8F%B6 -- 2349"
	if got := strings.Join(wrkCommand(l, "/tmp/s.lua", "http://127.0.0.1:1/api/v1/standards?q=%E8%8C%B6%E5%8F%B6"), " "); got != want {
		t.Errorf("unpinned: %s\nwant        %s", got, want)
	}
	l.cpu = 1
	if got := strings.Join(wrkCommand(l, "/tmp/s.lua", "http://127.0.0.1:1/api/v1/standards?q=%E8%8C%B6%E5%8F%B6"), " "); got != "taskset -c 1 "+want {
		t.Errorf("pinned to CPU 1: %s", got)
	}
}
