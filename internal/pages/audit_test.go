package pages_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// chartsOf is the figures /audit hands its charts.
type chartsOf struct {
	Target    int `json:"target"`
	Histogram struct {
		Months    []int  `json:"months"`
		Counts    []int  `json:"counts"`
		WithinURL string `json:"within_url"`
		PastURL   string `json:"past_url"`
	} `json:"histogram"`
	Stages struct {
		Labels []string  `json:"labels"`
		Days   []float64 `json:"days"`
		Count  []int     `json:"count"`
	} `json:"stages"`
	ByRegion struct {
		Labels []string `json:"labels"`
		Count  []int    `json:"count"`
	} `json:"by_region"`
}

var chartsAttr = regexp.MustCompile(`data-charts="([^"]*)"`)

func (f *registryFixture) charts(t *testing.T, path string) (chartsOf, string) {
	t.Helper()
	status, body, _ := f.get(t, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, status)
	}
	m := chartsAttr.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s has no chart data", path)
	}
	var c chartsOf
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &c); err != nil {
		t.Fatal(err)
	}
	return c, body
}

// listed counts the public standards a search page's address selects,
// through the registry as the page reads them.
func (f *registryFixture) listed(t *testing.T, page string) int {
	t.Helper()
	u, err := url.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	var fe fault.FieldErrors
	filter := queryparam.Filter(u.Query(), &fe)
	if err := fe.Err(); err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	ctx := access.WithCaller(context.Background(), access.Caller{})
	n := 0
	q := standard.ListQuery{Filter: filter, Sort: standard.Sort{Key: standard.SortCode}, Limit: 200}
	for {
		p, err := f.svc.ListStandards(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		n += len(p.Items)
		if p.Next == nil {
			return n
		}
		q.After = p.Next
	}
}

// TestAuditFigures: the dashboard's new figures on both databases. The
// distribution's bars are the target's (a cycle of exactly 15.0 months
// stands in bar 15, within it, one a day longer in bar 16), and its green
// and red bars open exactly the standards they count; the days per stage;
// the city filter; a CSV and an Excel download for every figure.
func TestAuditFigures(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		f := newFixture(t, db)
		ctx := access.WithCaller(context.Background(), access.Operator())
		move := func(id string, to standard.Stage, on string) {
			t.Helper()
			if _, _, err := f.svc.MoveStandard(ctx, id, nil, registry.Move{To: to, OccurredOn: day(on)}); err != nil {
				t.Fatalf("move %s to %s on %s: %v", id, to, on, err)
			}
		}
		create := func(s standard.Standard) standard.Standard {
			t.Helper()
			out, err := f.svc.CreateStandard(ctx, s)
			if err != nil {
				t.Fatalf("register %s: %v", s.TitleZH, err)
			}
			return out
		}
		before, _ := f.charts(t, "/audit")
		// Exactly 15 months, and 15 months and a day (Ningbo, 海曙区).
		create(standard.Standard{Code: "DB33/T 4001—2024", Kind: standard.KindLocal, TitleZH: "海洋 渔业 捕捞规范", Stage: standard.StagePublished,
			ApprovedOn: day("2023-03-15"), PublishedOn: day("2024-06-15"), Region: "330203", OrganizationID: f.org.ID})
		create(standard.Standard{Code: "DB33/T 4002—2024", Kind: standard.KindLocal, TitleZH: "海洋 渔船 安全规范", Stage: standard.StagePublished,
			ApprovedOn: day("2023-03-15"), PublishedOn: day("2024-06-16"), Region: "330203", OrganizationID: f.org.ID})
		// A draft sent back once: drafting 29+30 days, consultation 31+31,
		// review 30, approval 31.
		back := create(standard.Standard{Code: "DB33/T 4003—2024", Kind: standard.KindLocal, TitleZH: "湖州 竹林 培育规程", Stage: standard.StageProposal, Region: "330500"})
		for _, m := range []struct {
			to standard.Stage
			on string
		}{
			{standard.StageDrafting, "2024-02-01"}, {standard.StageConsultation, "2024-03-01"}, {standard.StageDrafting, "2024-04-01"},
			{standard.StageConsultation, "2024-05-01"}, {standard.StageReview, "2024-06-01"}, {standard.StageApproval, "2024-07-01"},
			{standard.StagePublished, "2024-08-01"},
		} {
			move(back.ID, m.to, m.on)
		}

		c, body := f.charts(t, "/audit")
		added := map[int]int{}
		for i, m := range c.Histogram.Months {
			if n := c.Histogram.Counts[i] - before.Histogram.Counts[i]; n != 0 {
				added[m] = n
			}
		}
		// Bar 6: the draft sent back, published 6.0 months after its start.
		if want := map[int]int{6: 1, 15: 1, 16: 1}; c.Target != 15 || !cmp.Equal(want, added) {
			t.Errorf("target %d; the new cycles went to bars %v, want %v (exactly 15.0 months within, in bar 15)", c.Target, added, want)
		}
		within, past := 0, 0
		for i, m := range c.Histogram.Months {
			if m != i+1 {
				t.Fatalf("bars %v are not every month from 1", c.Histogram.Months)
			}
			if m <= c.Target {
				within += c.Histogram.Counts[i]
			} else {
				past += c.Histogram.Counts[i]
			}
		}
		if n := f.listed(t, c.Histogram.WithinURL); n != within {
			t.Errorf("the green bars count %d, their list %s has %d", within, c.Histogram.WithinURL, n)
		}
		if n := f.listed(t, c.Histogram.PastURL); n != past || past == 0 {
			t.Errorf("the red bars count %d, their list %s has %d", past, c.Histogram.PastURL, n)
		}

		// The tea standard (145, 91, 91, 91 days) and the one sent back.
		wantStages := chartsOf{}.Stages
		wantStages.Labels = []string{"起草", "征求意见", "审查", "报批"}
		wantStages.Count = []int{2, 2, 2, 2}
		wantStages.Days = []float64{(145 + 59) / 2.0, (91 + 62) / 2.0, (91 + 30) / 2.0, (91 + 31) / 2.0}
		if diff := cmp.Diff(wantStages, c.Stages); diff != "" {
			t.Errorf("days per stage (-want +got):\n%s", diff)
		}

		// Every figure downloads, as CSV and as Excel, and the files say
		// what the page does.
		links := regexp.MustCompile(`<a href="([^"]+)" download>(CSV|Excel)</a>`).FindAllStringSubmatch(body, -1)
		if len(links) != 14 {
			t.Errorf("%d download links, want a CSV and an Excel for each of 7 figures", len(links))
		}
		for _, l := range links {
			path := html.UnescapeString(l[1])
			status, file, h := f.get(t, path)
			ct := map[string]string{"CSV": "text/csv", "Excel": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[l[2]]
			if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), ct) || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
				t.Errorf("%s: %d %s %s", path, status, h.Get("Content-Type"), h.Get("Content-Disposition"))
				continue
			}
			switch {
			case strings.Contains(path, "table=stages") && l[2] == "CSV":
				rows := readCSV(t, file)
				want := [][]string{{"stage", "stage_name", "count", "mean_days"},
					{"drafting", "起草", "2", "102"}, {"consultation", "征求意见", "2", "76.5"}, {"review", "审查", "2", "60.5"}, {"approval", "报批", "2", "61"}}
				if diff := cmp.Diff(want, rows); diff != "" {
					t.Errorf("the stages' CSV (-want +got):\n%s", diff)
				}
			case strings.Contains(path, "table=histogram") && l[2] == "Excel":
				// Bars 15 and 16 (rows 15 and 16): each two parts of the tea
				// standard and one of the two new cycles.
				rows := readXLSX(t, file)
				if rows[0][2] != "标准数\ncount" || strings.Join(rows[15], ",") != "14,15,3,TRUE" || strings.Join(rows[16], ",") != "15,16,3,FALSE" {
					t.Errorf("the distribution in Excel, bars 15 and 16: %q, %q", rows[15], rows[16])
				}
			}
		}

		// One city: its standards only, its counties as the places.
		c, body = f.charts(t, "/audit?city=330200")
		if !cmp.Equal(c.ByRegion.Labels, []string{"海曙区"}) || !cmp.Equal(c.ByRegion.Count, []int{2}) {
			t.Errorf("宁波市 by county: %v %v", c.ByRegion.Labels, c.ByRegion.Count)
		}
		if !strings.Contains(body, `<option value="330200" selected>宁波市</option>`) || !strings.Contains(body, "没有超期的草案") {
			t.Error("宁波市's page does not say which city it shows, or lists another city's overdue draft")
		}
		if _, body = f.charts(t, "/audit?city=330300"); strings.Count(body, `href="/standards/`+f.overdue.ID+`"`) != 1 {
			t.Error("温州市's overdue draft is not listed on its page")
		}
		for _, bad := range []string{"/audit?city=330102", "/audit?city=110000", "/audit?region=330100", "/audit/download?table=pie", "/audit/download?table=stages&format=pdf"} {
			if status, _, _ := f.get(t, bad); status != http.StatusBadRequest {
				t.Errorf("GET %s: %d, want 400", bad, status)
			}
		}
	})
}

func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func readXLSX(t *testing.T, body string) [][]string {
	t.Helper()
	book, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
