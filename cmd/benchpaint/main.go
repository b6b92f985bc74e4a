// Command benchpaint measures how soon a page of a running stdreg paints in
// headless Chromium (Debian's chromium, as the browser tests use): for each
// run, a fresh browser opens the page and reports, from the page's own
// Performance API, the first byte (responseStart), the first contentful
// paint, DOMContentLoaded and load, and for the dashboard the moment its
// charts were all drawn. It prints each run and the medians.
//
//	go run ./cmd/benchpaint [-url http://127.0.0.1:8080/audit] [-runs 5]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/chromedp/chromedp"

	"stdreg/internal/browsertest"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchpaint:", err)
		os.Exit(1)
	}
}

// timings are one run's moments, in milliseconds from the navigation's start.
type timings struct {
	TTFB, FCP, DOMContentLoaded, Load, Charts float64
}

// measure reads the Performance API once the page has loaded, painted and
// drawn its charts (or after 60 s). "charts drawn" is when the poll (every
// 10 ms) first saw all of them, so it is late by up to that much.
const measure = `new Promise(resolve => {
  const ids = ['chart-indicators', 'chart-histogram', 'chart-stages', 'chart-by-year', 'chart-by-region'];
  const done = () => ids.every(id => { const el = document.getElementById(id); return !el || el.querySelector('canvas, svg') || el.classList.contains('muted'); });
  const report = charts => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    resolve({TTFB: nav.responseStart, FCP: fcp ? fcp.startTime : -1, DOMContentLoaded: nav.domContentLoadedEventEnd, Load: nav.loadEventEnd, Charts: charts});
  };
  const poll = () => {
    const painted = performance.getEntriesByName('first-contentful-paint').length > 0;
    if (document.readyState === 'complete' && done() && painted) { report(performance.now()); return; }
    if (performance.now() > 60000) { report(-1); return; }
    setTimeout(poll, 10);
  };
  poll();
})`

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("benchpaint", flag.ContinueOnError)
	page := fs.String("url", "http://127.0.0.1:8080/audit", "the page to open")
	runs := fs.Int("runs", 5, "how many times to open it, each in a new browser")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path := browsertest.Chromium()
	if path == "" {
		return fmt.Errorf("no chromium found (apt-get install chromium, or set STDREG_CHROMIUM)")
	}
	var all []timings
	fmt.Fprintf(out, "%s, %d runs, %s\n\n| run | first byte | first contentful paint | DOMContentLoaded | load | charts drawn |\n|---|---|---|---|---|---|\n", *page, *runs, path)
	for i := range *runs {
		t, err := once(ctx, path, *page)
		if err != nil {
			return err
		}
		all = append(all, t)
		fmt.Fprintf(out, "| %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |\n", i+1, t.TTFB, t.FCP, t.DOMContentLoaded, t.Load, t.Charts)
	}
	med := func(f func(timings) float64) float64 {
		v := make([]float64, len(all))
		for i, t := range all {
			v[i] = f(t)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	fmt.Fprintf(out, "| median | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |\n",
		med(func(t timings) float64 { return t.TTFB }), med(func(t timings) float64 { return t.FCP }),
		med(func(t timings) float64 { return t.DOMContentLoaded }), med(func(t timings) float64 { return t.Load }),
		med(func(t timings) float64 { return t.Charts }))
	return nil
}

// once opens the page in a new headless browser, so nothing is cached.
func once(ctx context.Context, path, page string) (timings, error) {
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))...)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil { // the browser starts before the clock does
		return timings{}, fmt.Errorf("start %s: %w", path, err)
	}
	if _, err := chromedp.Run(tab, chromedp.Navigate(page)); err != nil {
		return timings{}, fmt.Errorf("open %s: %w", page, err)
	}
	t, err := chromedp.Run(tab, chromedp.Evaluate[timings](measure, chromedp.EvalAwaitPromise))
	if err != nil {
		return timings{}, fmt.Errorf("measure %s: %w", page, err)
	}
	return t, nil
}
