package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/generate"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// chinaToday is today in Zhejiang, as the registry counts days.
func chinaToday() string {
	return time.Now().In(time.FixedZone("CST", 8*60*60)).Format(time.DateOnly)
}

// getJSON fetches url and decodes its JSON answer into v, failing the test
// unless it is 200 OK.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, res.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, body)
	}
}

// count runs a query that answers one number.
func count(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

var (
	overdueLine = regexp.MustCompile(`; (\d+) past their drafting-cycle target`)
	curlLine    = regexp.MustCompile(`(?m)^  curl '([^']+)'$`)
)

// TestSeedDemo loads the demo registry into a fresh database of each kind
// and checks, through the running service, that a new user's first
// requests get real answers; then that a second seed changes nothing.
func TestSeedDemo(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			db := storetest.NewUnmigrated(t, driver)
			url := db.Config.DSN
			if driver == config.DriverSQLite {
				url = "sqlite:" + url
			}
			vars := map[string]string{"STDREG_DATABASE_URL": url}

			before := chinaToday()
			var out, logs strings.Builder
			if err := run(ctx, []string{"seed", "--demo"}, env(vars), &out, &logs); err != nil {
				t.Fatalf("seed --demo: %v\n%s", err, logs.String())
			}
			today, summary := chinaToday(), out.String()
			if !strings.Contains(logs.String(), "migration applied") {
				t.Error("seed did not migrate the fresh database first")
			}
			if !strings.Contains(summary, "histories up to "+today) && !strings.Contains(summary, "histories up to "+before) {
				t.Errorf("summary does not say the histories reach today (%s):\n%s", today, summary)
			}
			if !strings.Contains(summary, "40 organizations, 800 standards") {
				t.Errorf("summary lacks the counts:\n%s", summary)
			}
			raw := db.Raw(t)
			if n := count(t, raw, "SELECT count(*) FROM standards"); n != 800 {
				t.Errorf("%d standards in the database, want 800", n)
			}
			if n := count(t, raw, "SELECT count(*) FROM organizations"); n != 40 {
				t.Errorf("%d organizations in the database, want 40", n)
			}
			var latest string
			if err := raw.QueryRow("SELECT CAST(max(occurred_on) AS TEXT) FROM standard_transitions").Scan(&latest); err != nil {
				t.Fatal(err)
			}
			if latest > today || latest < standard.AddDays(mustDate(t, before), -1).String() {
				t.Errorf("the latest move is on %s; the histories must run up to today, %s", latest, today)
			}

			t.Run("the same seed gives the same records", func(t *testing.T) {
				m := regexp.MustCompile(`histories up to (\d{4}-\d\d-\d\d)`).FindStringSubmatch(summary)
				if m == nil {
					t.Fatalf("summary does not say the day the histories reach:\n%s", summary)
				}
				rows, err := raw.Query("SELECT CAST(id AS TEXT), coalesce(normalized_code, '') FROM standards")
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				var loaded []string
				for rows.Next() {
					var id, code string
					if err := rows.Scan(&id, &code); err != nil {
						t.Fatal(err)
					}
					loaded = append(loaded, id+" "+code)
				}
				slices.Sort(loaded)
				if want := demoRecords(t, 1, mustDate(t, m[1])); !slices.Equal(loaded, want) {
					t.Errorf("seed 1 loaded other records than it generates (%d loaded, %d generated)", len(loaded), len(want))
				}
				if slices.Equal(loaded, demoRecords(t, 2, mustDate(t, m[1]))) {
					t.Error("seed 2 generates the same records as seed 1")
				}
			})

			srv := startServe(t, ctx, map[string]string{"STDREG_ADDR": "127.0.0.1:0", "STDREG_DATABASE_URL": url})
			base := "http://" + srv.addr

			t.Run("every kind, designation and running stage", func(t *testing.T) {
				var list struct {
					Facets map[string][]struct {
						Value string `json:"value"`
						Count int    `json:"count"`
					} `json:"facets"`
				}
				getJSON(t, base+"/api/v1/standards?facets=kind,designation,stage&page_size=1", &list)
				has := func(facet, value string) {
					for _, fc := range list.Facets[facet] {
						if fc.Value == value && fc.Count > 0 {
							return
						}
					}
					t.Errorf("no standard with %s %s: %v", facet, value, list.Facets[facet])
				}
				for _, k := range standard.Kinds {
					has("kind", string(k))
				}
				for _, d := range standard.DesignationTypes {
					has("designation", string(d))
				}
				for _, s := range []standard.Stage{standard.StageDrafting, standard.StageConsultation, standard.StageReview, standard.StageApproval} {
					has("stage", string(s))
				}
			})

			t.Run("overdue drafts", func(t *testing.T) {
				var overdue struct {
					AsOf  string `json:"as_of"`
					Items []struct {
						Code, Stage, Deadline string
					} `json:"items"`
					NextPageToken string `json:"next_page_token"`
				}
				getJSON(t, base+"/api/v1/metrics/overdue?page_size=200", &overdue)
				if len(overdue.Items) == 0 {
					t.Fatal("no draft is past its target")
				}
				for _, it := range overdue.Items {
					if it.Deadline >= overdue.AsOf || !slices.Contains([]string{"drafting", "consultation", "review", "approval"}, it.Stage) {
						t.Errorf("%+v is listed as overdue on %s", it, overdue.AsOf)
					}
				}
				m := overdueLine.FindStringSubmatch(summary)
				if m == nil || m[1] != strconv.Itoa(len(overdue.Items)) || overdue.NextPageToken != "" {
					t.Errorf("the service lists %d overdue drafts; the summary says %v", len(overdue.Items), m)
				}
			})

			t.Run("the summary's requests answer", func(t *testing.T) {
				hints := curlLine.FindAllStringSubmatch(summary, -1)
				if len(hints) < 3 {
					t.Fatalf("summary has %d requests to try:\n%s", len(hints), summary)
				}
				var searched, looked bool
				for _, h := range hints {
					path, ok := strings.CutPrefix(h[1], "http://localhost:8080")
					if !ok {
						t.Errorf("request %s is not on the default address", h[1])
						continue
					}
					var page struct {
						Items []struct {
							Code          string   `json:"code"`
							TitleZH       string   `json:"title_zh"`
							DraftingUnits []string `json:"drafting_units"`
						} `json:"items"`
						Code           string `json:"code"`
						NormalizedCode string `json:"normalized_code"`
					}
					getJSON(t, base+path, &page)
					switch {
					case strings.Contains(path, "?q="):
						searched = true
						word := strings.SplitN(path, "?q=", 2)[1]
						if len([]rune(word)) != 2 || len(page.Items) == 0 {
							t.Errorf("%s: %d results, want a two-character word that finds some", path, len(page.Items))
						}
						for _, it := range page.Items {
							if !strings.Contains(it.TitleZH+strings.Join(it.DraftingUnits, ""), word) {
								t.Errorf("%s found %s %s, which does not hold %s", path, it.Code, it.TitleZH, word)
							}
						}
					case strings.Contains(path, "/lookup?code="):
						looked = true
						typed := strings.SplitN(path, "code=", 2)[1]
						if page.Code == "" || !strings.EqualFold(strings.ReplaceAll(page.NormalizedCode, " ", ""), typed) {
							t.Errorf("%s found %q (%q)", path, page.Code, page.NormalizedCode)
						}
					}
				}
				if !searched || !looked {
					t.Errorf("summary lacks a search or a lookup:\n%s", summary)
				}
				if !strings.Contains(summary, "http://localhost:8080/docs") {
					t.Errorf("summary does not point at /docs:\n%s", summary)
				}
				res, err := http.Get(base + "/docs")
				if err != nil || res.StatusCode != http.StatusOK {
					t.Errorf("GET /docs: %v %v", res, err)
				} else {
					res.Body.Close()
				}
			})

			t.Run("a second seed changes nothing", func(t *testing.T) {
				var out strings.Builder
				err := run(ctx, []string{"seed", "--demo", "--seed", "2"}, env(vars), &out, io.Discard)
				if err == nil || !strings.Contains(err.Error(), "already holds 800 standards") || !strings.Contains(err.Error(), "To start fresh") {
					t.Errorf("a second seed: %v, want a refusal that says how to start fresh", err)
				}
				if out.Len() != 0 {
					t.Errorf("a refused seed printed %q", out.String())
				}
				if n := count(t, raw, "SELECT count(*) FROM standards"); n != 800 {
					t.Errorf("%d standards after the refused seed, want 800", n)
				}
				if n := count(t, raw, "SELECT count(*) FROM organizations"); n != 40 {
					t.Errorf("%d organizations after the refused seed, want 40", n)
				}
			})

			cancel()
			srv.wait(t)
		})
	}
}

func mustDate(t *testing.T, s string) standard.Date {
	t.Helper()
	d, err := standard.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSeedNeedsDemo: a bare seed says that --demo is the only data set,
// and touches no database.
func TestSeedNeedsDemo(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "stdreg.db")
	var out strings.Builder
	err := run(context.Background(), []string{"seed"}, env(map[string]string{"STDREG_DATABASE_URL": "sqlite:" + file}), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Errorf("bare seed: %v, want an error that names --demo", err)
	}
	if _, statErr := os.Stat(file); !os.IsNotExist(statErr) || out.Len() != 0 {
		t.Errorf("bare seed created the database (%v) or printed %q", statErr, out.String())
	}
}

// demoRecords are the id and number of each standard the demo generates
// with seed up to until, sorted.
func demoRecords(t *testing.T, seed uint64, until standard.Date) []string {
	t.Helper()
	var got []string
	err := generate.Generate(context.Background(), demoConfig(seed, until), func([]standard.Organization) error { return nil },
		func(recs []generate.Record) error {
			for _, r := range recs {
				got = append(got, r.Standard.ID+" "+r.Standard.NormalizedCode)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	return got
}

// TestDemoOnAnyDay: the demo's histories end on the day it is loaded, so
// what the first requests rely on (every kind, every designation, drafts in
// every running stage, drafts past their target, titles with the word the
// summary searches for) must hold on whichever day that is; this checks
// days over the next three years, without a database.
func TestDemoOnAnyDay(t *testing.T) {
	t.Parallel()
	rules := standard.DefaultCycleRules()
	start := mustDate(t, chinaToday())
	for d := 0; d < 3*365; d += 31 {
		until := standard.AddDays(start, d)
		seen := map[string]int{}
		err := generate.Generate(context.Background(), demoConfig(1, until), func([]standard.Organization) error { return nil },
			func(recs []generate.Record) error {
				for _, r := range recs {
					st := r.Standard
					seen["kind "+string(st.Kind)]++
					seen["stage "+string(st.Stage)]++
					for _, des := range st.Designations {
						seen["designation "+string(des.Type)]++
					}
					if strings.Contains(st.TitleZH, demoSearch) {
						seen["search"]++
					}
					rule := rules.For(st.Kind, st.Nature)
					running := st.Stage == standard.StageDrafting || st.Stage == standard.StageConsultation || st.Stage == standard.StageReview ||
						(st.Stage == standard.StageApproval && rule.EndsWith == standard.EndsWithPublication)
					if running && rule.TargetMonths > 0 && standard.Deadline(st.ApprovedOn, rule.TargetMonths).Before(until) {
						seen["overdue"]++
					}
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"search", "overdue", "stage drafting", "stage consultation", "stage review", "stage approval"}
		for _, k := range standard.Kinds {
			want = append(want, "kind "+string(k))
		}
		for _, des := range standard.DesignationTypes {
			want = append(want, "designation "+string(des))
		}
		for _, w := range want {
			if seen[w] == 0 {
				t.Errorf("the demo loaded on %s has no %s", until, w)
			}
		}
	}
}
