package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestProgressLines: away from a terminal, progress is a plain line every
// 10,000 rows or two seconds, whichever comes first, and a final line.
func TestProgressLines(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p := newProgress(&out, "exported", 0)
	if p.bar != nil {
		t.Fatal("a bar on a strings.Builder")
	}
	p.now = func() time.Time { return clock }
	p.start, p.loggedAt = clock, clock

	for _, step := range []struct {
		after time.Duration
		rows  int
		want  string
	}{
		{100 * time.Millisecond, 500, ""},
		{200 * time.Millisecond, 9_999, ""},
		{500 * time.Millisecond, 10_000, "exported 10000 rows (20000 rows/s)\n"}, // 10,000 rows since the last line
		{1500 * time.Millisecond, 12_000, ""},
		{2400 * time.Millisecond, 12_000, ""},                                    // no new rows
		{2500 * time.Millisecond, 12_500, "exported 12500 rows (5000 rows/s)\n"}, // two seconds since the last line
		{2600 * time.Millisecond, 13_000, ""},
	} {
		out.Reset()
		clock = clock.Add(step.after - clock.Sub(p.start))
		p.set(step.rows)
		if out.String() != step.want {
			t.Errorf("after %s at %d rows: printed %q, want %q", step.after, step.rows, out.String(), step.want)
		}
	}
	out.Reset()
	p.done()
	if want := "exported 13000 rows in 2.6s (5000 rows/s)\n"; out.String() != want {
		t.Errorf("final line %q, want %q", out.String(), want)
	}
}

func TestProgressNeedsATerminal(t *testing.T) {
	t.Parallel()
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) || isTerminal(&strings.Builder{}) {
		t.Error("a file or a buffer is taken for a terminal")
	}
	if p := newProgress(f, "read", 100); p.bar != nil || p.reader(f) != f {
		t.Error("a bar on a file")
	}
}
