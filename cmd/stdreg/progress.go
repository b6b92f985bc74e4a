package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progress tells whoever runs a long import or export how far it has got,
// on standard error: on a terminal a bar with the rate; otherwise (a log
// file, a pipe, a service unit) a plain line every logEvery rows or
// logInterval, whichever comes first. done prints a final line either way.
type progress struct {
	verb string // what happens to the rows: "read", "exported"
	w    io.Writer
	bar  *progressbar.ProgressBar // nil unless w is a terminal
	// sized: the bar counts bytes of a file of known size, and the rows go
	// in its description.
	sized bool

	now         func() time.Time
	logEvery    int
	logInterval time.Duration

	start, loggedAt  time.Time
	rows, loggedRows int
}

// newProgress starts counting. A size above zero makes the terminal bar one
// of bytes read, against it: wrap the input with reader.
func newProgress(w io.Writer, verb string, size int64) *progress {
	p := &progress{verb: verb, w: w, now: time.Now, logEvery: 10_000, logInterval: 2 * time.Second}
	p.start, p.loggedAt = p.now(), p.now()
	if !isTerminal(w) {
		return p
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(verb),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSpinnerType(14),
		// The spinner turns as rows come, not on a timer: the library's
		// timer goroutine reads the bar's state unlocked (a data race).
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
	}
	if p.sized = size > 0; p.sized {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		size = -1
		opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"))
	}
	p.bar = progressbar.NewOptions64(size, opts...)
	return p
}

// reader counts the bytes read from r on a bar of known size.
func (p *progress) reader(r io.Reader) io.Reader {
	if p.bar == nil || !p.sized {
		return r
	}
	pr := progressbar.NewReader(r, p.bar)
	return &pr
}

// set records that rows rows are done.
func (p *progress) set(rows int) {
	if rows == p.rows {
		return
	}
	p.rows = rows
	switch {
	case p.bar != nil && p.sized:
		p.bar.Describe(fmt.Sprintf("%s %d rows (%s)", p.verb, rows, p.rate()))
	case p.bar != nil:
		_ = p.bar.Set(rows)
	default:
		if now := p.now(); rows-p.loggedRows >= p.logEvery || now.Sub(p.loggedAt) >= p.logInterval {
			p.loggedRows, p.loggedAt = rows, now
			fmt.Fprintf(p.w, "%s %d rows (%s)\n", p.verb, rows, p.rate())
		}
	}
}

// stop removes the bar, if any.
func (p *progress) stop() {
	if p.bar != nil {
		_ = p.bar.Finish() // and clears it
	}
}

// done removes the bar and prints the final count.
func (p *progress) done() {
	p.stop()
	fmt.Fprintf(p.w, "%s %d rows in %s (%s)\n", p.verb, p.rows, p.now().Sub(p.start).Round(time.Millisecond), p.rate())
}

// rate is the average number of rows per second so far.
func (p *progress) rate() string {
	secs := p.now().Sub(p.start).Seconds()
	if secs <= 0 {
		return "- rows/s"
	}
	return fmt.Sprintf("%.0f rows/s", float64(p.rows)/secs)
}

// isTerminal reports whether w is a terminal, where a bar can redraw itself.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
