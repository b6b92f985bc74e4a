package pages_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stdreg/internal/browsertest"
	"stdreg/internal/config"
	"stdreg/internal/store/storetest"
)

// TestPagesInBrowser walks the pages as a person would, in headless
// Chromium on the real handler: searches 茶叶 from the box, opens a
// standard and reads its timeline, opens the dashboard, sees its charts
// drawn and clicks a bar of one, landing on the standards behind it. No
// page may write an error to the console. Screenshots of each step are
// saved (browsertest.ScreenshotDir).
func TestPagesInBrowser(t *testing.T) {
	t.Parallel()
	start := time.Now()
	tab := browsertest.New(t)
	f := newFixture(t, storetest.New(t, config.DriverSQLite))
	server := httptest.NewServer(f.handler)
	defer server.Close()

	// The search: type into the box, submit, read the results.
	tab.Run("search for 茶叶",
		chromedp.Navigate(server.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "茶叶"),
		chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)),
		// The front page lists standards already: wait for the answer
		// to the form, not for any results table.
		// (typing sets the box's value, not its attribute: only the
		// answer's box carries value="茶叶").
		chromedp.WaitVisible(chromedp.CSS(`input[name=q][value="茶叶"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.results`)),
	)
	if loc := browsertest.Eval[string](tab, `location.search`); loc != "?q="+url.QueryEscape("茶叶") && !strings.Contains(loc, "q=%E8%8C%B6%E5%8F%B6") {
		t.Errorf("the form sent %q", loc)
	}
	titles := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('table.results tbody tr td:nth-child(2) a')].map(a => a.textContent)`)
	if len(titles) != 20 {
		t.Errorf("the first page lists %d standards, want 20 of %d", len(titles), f.teaCount)
	}
	for _, title := range titles {
		if !strings.Contains(title, "茶叶") {
			t.Errorf("%q does not match 茶叶", title)
		}
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('a[rel=next]').length`); n != 1 {
		t.Errorf("%d links to the next page", n)
	}
	tab.Screenshot("pages-search")

	// A standard: its record, the timeline of its stages, its cycle.
	tab.Run("open the standard",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/standards/%s"]`, f.tea.ID))),
		chromedp.WaitVisible(chromedp.CSS(`ol.timeline`)),
	)
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('ol.timeline li').length`); n != 6 {
		t.Errorf("the timeline has %d entries, want 6 (registration and five moves)", n)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('svg.stages rect').length`); n != 4 {
		t.Errorf("the stage bar has %d parts, want 4 (drafting to approval)", n)
	}
	if got := browsertest.Eval[string](tab, `document.getElementById('cycle-months').textContent`); got != "13.8 个月" {
		t.Errorf("the cycle reads %q", got)
	}
	tab.Screenshot("pages-standard")

	// The dashboard: charts drawn, figures linked; a click on the 2023
	// bar lands on that year's local standards.
	tab.Run("open the dashboard",
		chromedp.Navigate(server.URL+"/audit"),
		chromedp.WaitVisible(chromedp.CSS(`#chart-by-year canvas`)),
	)
	for _, id := range []string{"chart-indicators", "chart-histogram", "chart-stages", "chart-by-year", "chart-by-region"} {
		if n := browsertest.Eval[int](tab, fmt.Sprintf(`document.querySelectorAll('#%s canvas, #%s svg').length`, id, id)); n == 0 {
			t.Errorf("#%s has no chart drawn", id)
		}
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('table.cycles a[href^="/?"], table.indicators a[href^="/?"]').length`); n < 6 {
		t.Errorf("%d figures link to their standards", n)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('table.overdue a[href^="/standards/"]').length`); n != 1 {
		t.Errorf("%d overdue drafts linked, want 1", n)
	}
	if n := browsertest.Eval[int](tab, `[...document.querySelectorAll('.pending')].filter(p => p.offsetParent !== null).length`); n != 0 {
		t.Errorf("%d parts of the dashboard still say they are being counted", n)
	}
	// Every figure downloads as CSV and Excel; the files are there.
	downloads := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('p.downloads a[download]')].map(a => a.getAttribute('href'))`)
	if len(downloads) != 14 {
		t.Errorf("%d download links, want a CSV and an Excel for each of 7 figures", len(downloads))
	}
	for _, href := range downloads {
		got, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => r.status + ' ' + r.headers.get('Content-Type'))`, href), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("fetch %s: %v", href, err)
		}
		if !strings.HasPrefix(got, "200 text/csv") && !strings.HasPrefix(got, "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
			t.Errorf("%s: %s", href, got)
		}
	}
	tab.Screenshot("pages-audit")
	tab.Run("the dashboard's top, for the README", chromedp.EmulateViewport(1100, 1300))
	browsertest.Eval[bool](tab, `document.getElementById('cycles').scrollIntoView(), true`)
	tab.ViewportScreenshot("audit-readme")
	tab.Run("back to the window's size", chromedp.EmulateViewport(1280, 900))

	// The city filter: choose 杭州市 and update; the places are its
	// counties, the URL says the city.
	tab.Run("filter by city",
		chromedp.SetValue(chromedp.CSS(`select[name=city]`), "330100"),
		chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`select[name=city] option[value="330100"][selected]`)),
		chromedp.WaitVisible(chromedp.CSS(`#chart-by-region canvas`)),
	)
	if loc := browsertest.Eval[string](tab, `location.search`); !strings.Contains(loc, "city=330100") {
		t.Errorf("the city filter sent %q", loc)
	}
	// The city's standards only: its places under their own heading, and
	// not 温州市's overdue draft.
	if h := browsertest.Eval[string](tab, `document.getElementById('places').textContent`); h != "按区县" {
		t.Errorf("杭州市's places are headed %q", h)
	}
	if places := browsertest.Eval[[]string](tab, `echarts.getInstanceByDom(document.getElementById('chart-by-region')).getOption().xAxis[0].data`); !slices.Equal(places, []string{"杭州市"}) {
		t.Errorf("杭州市's places are %q, want 杭州市 itself (its standards are registered to the city)", places)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('table.overdue tbody tr').length`); n != 0 {
		t.Errorf("杭州市's dashboard lists %d overdue drafts, want none (the one there is 温州市's)", n)
	}

	// The distribution: a green bar opens the standards within the target.
	tab.Run("back to the province", chromedp.Navigate(server.URL+"/audit"), chromedp.WaitVisible(chromedp.CSS(`#chart-histogram canvas`)))
	green := browsertest.Eval[[]float64](tab, `(() => {
		const el = document.getElementById('chart-histogram');
		el.scrollIntoView({block: 'center'});
		const chart = echarts.getInstanceByDom(el);
		const data = chart.getOption().series[0].data;
		const i = data.findIndex(d => d.value[1] > 0 && d.itemStyle.color === '#1a7f37');
		const [x, y] = chart.convertToPixel({seriesIndex: 0}, [data[i].value[0], data[i].value[1] / 2]);
		const box = el.getBoundingClientRect();
		return [box.left + x, box.top + y];
	})()`)
	tab.Run("click a green bar",
		chromedp.MouseClickXY(green[0], green[1]),
		chromedp.WaitVisible(chromedp.CSS(`table.results`)),
	)
	if loc := browsertest.Eval[string](tab, `location.search`); !strings.Contains(loc, "cycle_within_target=true") {
		t.Errorf("the green bar opened %s, want the standards within the target", loc)
	}
	// Where the 2023 bar is: the chart's own coordinates, moved to the page's.
	tab.Run("back to the dashboard", chromedp.Navigate(server.URL+"/audit"), chromedp.WaitVisible(chromedp.CSS(`#chart-by-year canvas`)))
	at := browsertest.Eval[[]float64](tab, `(() => {
		const el = document.getElementById('chart-by-year');
		el.scrollIntoView({block: 'center'});
		const chart = echarts.getInstanceByDom(el);
		const i = chart.getOption().xAxis[0].data.indexOf('2023年');
		const mean = chart.getOption().series[0].data[i];
		const [x, y] = chart.convertToPixel({seriesIndex: 0}, [i, mean / 2]);
		const box = el.getBoundingClientRect();
		return [box.left + x, box.top + y];
	})()`)
	tab.Run("click the 2023 bar",
		chromedp.MouseClickXY(at[0], at[1]),
		chromedp.WaitVisible(chromedp.CSS(`table.results`)),
	)
	loc := browsertest.Eval[string](tab, `location.pathname + location.search`)
	if want := "/?cycle_ended_from=2023-01-01&cycle_ended_to=2023-12-31&kind=local"; loc != want {
		t.Errorf("the click landed on %s, want %s", loc, want)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('table.results tbody tr').length`); n != 20 {
		t.Errorf("the 2023 bar's list shows %d standards, want a full page of the 22", n)
	}
	// On a phone: the dashboard fits the screen's width (tables scroll in
	// their own boxes) and its charts are drawn to it.
	tab.Run("the dashboard on a phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(server.URL+"/audit"),
		chromedp.WaitVisible(chromedp.CSS(`#chart-by-year canvas`)),
	)
	if w := browsertest.Eval[int](tab, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("on a phone the dashboard is %dpx wide, wider than the screen's 390", w)
	}
	tab.Screenshot("pages-audit-phone")
	tab.NoConsoleErrors()
	t.Logf("browser walk took %s", time.Since(start).Round(time.Millisecond))
}
