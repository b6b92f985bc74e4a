package generate_test

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/creditcode"
	"stdreg/internal/generate"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
	"stdreg/internal/store/storetest"
)

// until is the last day of the generated histories in these tests, fixed so
// that they do not depend on the machine's clock.
var until = standard.Date{Year: 2026, Month: 6, Day: 30}

// TestGenerate fills a fresh database of each kind and checks the records
// through the registry and the store: numbers, histories replayed with the
// domain's own Move, the stored cycle figures, and the mixes.
func TestGenerate(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := access.WithCaller(context.Background(), access.Operator()) // sees every draft
		const n = 2000
		sum, err := generate.Run(ctx, db.Config, generate.Config{Standards: n, Organizations: 300, Seed: 7, Until: until, BatchSize: 700})
		if err != nil {
			t.Fatalf("generate: %v", err)
		}
		if sum.Standards != n || sum.Organizations != 300 {
			t.Fatalf("summary %+v, want %d standards and 300 organizations", sum, n)
		}
		if _, err := generate.Run(ctx, db.Config, generate.Config{Standards: 1, Seed: 7, Until: until}); err == nil {
			t.Error("generating into a database that holds standards must fail")
		}
		if db.Config.Driver == config.DriverPostgres {
			// The text indexes, dropped for the load, are there again.
			var gin int
			if err := db.Raw(t).QueryRow("SELECT count(*) FROM pg_indexes WHERE tablename = 'standards' AND indexname IN ('standards_search', 'standards_name_search')").Scan(&gin); err != nil || gin != 2 {
				t.Errorf("%d of the 2 text indexes after the load (%v)", gin, err)
			}
		}
		// The standards lie in the order of their ids, as in a registry
		// that grew over time (layOutByID): PostgreSQL's rows by their
		// place in the table, SQLite's by rowid, which orders its table.
		place := map[config.Driver]string{config.DriverPostgres: "ctid", config.DriverSQLite: "rowid"}[db.Config.Driver]
		var outOfOrder int
		if err := db.Raw(t).QueryRow(`SELECT count(*) FROM (
			SELECT id < lag(id) OVER (ORDER BY ` + place + `) AS back FROM standards) s WHERE back`).Scan(&outOfOrder); err != nil || outOfOrder != 0 {
			t.Errorf("%d standards lie after one with a larger id (%v)", outOfOrder, err)
		}
		svc := registry.New(db.Store, func() time.Time { return until.Time().Add(36 * time.Hour) }, standard.DefaultCycleRules())

		var all []standard.Standard
		q := standard.ListQuery{Sort: standard.DefaultSort, Limit: 200}
		for {
			page, err := svc.ListStandards(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, page.Items...)
			if page.Next == nil {
				break
			}
			q.After = page.Next
		}
		if len(all) != n {
			t.Fatalf("the registry lists %d standards, want %d", len(all), n)
		}

		raw := db.Raw(t)
		months := storedMonths(t, raw)
		kinds := map[standard.Kind]int{}
		groups := map[string]int{}
		transitions := 0
		for _, st := range all {
			kinds[st.Kind]++
			groups[stageGroup(st.Stage)]++
			checkCode(t, st)
			history, err := db.Store.ListTransitions(ctx, st.ID)
			if err != nil {
				t.Fatal(err)
			}
			transitions += len(history)
			checkHistory(t, st, history)
			m := months[st.ID]
			checkMonths(t, st, "months_to_publication", m[0], st.ApprovedOn, st.PublishedOn)
			checkMonths(t, st, "months_to_approval", m[1], st.ApprovedOn, st.SubmittedOn)
			if err := st.Prepare(until); err != nil {
				t.Errorf("%s %q does not pass Prepare: %v", st.ID, st.Code, err)
			}
		}
		if sum.Transitions != transitions {
			t.Errorf("summary says %d transitions, the store holds %d", sum.Transitions, transitions)
		}
		if avg := float64(transitions) / n; avg < 4 || avg > 6 {
			t.Errorf("%.2f history entries per standard, want 4 to 6", avg)
		}
		for _, k := range generate.KindMix {
			checkShare(t, "kind "+string(k.Value), kinds[k.Value], n, k.Share)
		}
		want := map[string]float64{}
		for _, s := range generate.StageMix {
			want[stageGroup(s.Value)] += s.Share
		}
		for g, share := range want {
			checkShare(t, "stage group "+g, groups[g], n, share)
		}

		// Organizations: credit codes are well formed.
		rows, err := raw.Query("SELECT credit_code FROM organizations WHERE credit_code IS NOT NULL")
		if err != nil {
			t.Fatal(err)
		}
		codes := 0
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				t.Fatal(err)
			}
			codes++
			if err := creditcode.Validate(code); err != nil {
				t.Errorf("credit code %s: %v", code, err)
			}
		}
		rows.Close()
		if codes < 150 || codes > 270 {
			t.Errorf("%d of 300 organizations have a credit code, want about 70%%", codes)
		}

		checkSearchIndex(t, ctx, db, all)

		// The measures work on the generated data.
		local, _, err := svc.DraftingCycle(ctx, standard.CycleQuery{Filter: standard.Filter{Kind: standard.KindLocal}})
		if err != nil || local.Count < 50 || local.Mean < 6 || local.Mean > 30 {
			t.Errorf("local drafting cycle: %+v, %v; want about a year on many standards", local, err)
		}
		overdue, err := svc.Overdue(ctx, standard.OverdueQuery{Limit: 50})
		if err != nil || len(overdue.Items) == 0 {
			t.Errorf("overdue: %d items, %v; want some", len(overdue.Items), err)
		}
		for _, o := range overdue.Items {
			if stageGroup(o.Standard.Stage) != "running" {
				t.Errorf("overdue lists %s in %s", o.Standard.ID, o.Standard.Stage)
			}
		}
	})
}

func stageGroup(s standard.Stage) string {
	switch s {
	case standard.StagePublished, standard.StagePeriodicReview, standard.StageWithdrawn:
		return "published"
	case standard.StagePreliminary, standard.StageProposal:
		return "not approved"
	case standard.StageTerminated:
		return "terminated"
	}
	return "running"
}

func checkShare(t *testing.T, what string, got, n int, want float64) {
	t.Helper()
	if share := float64(got) / float64(n); math.Abs(share-want) > 0.03 {
		t.Errorf("%s: %.3f of the standards, want %.3f ± 0.03", what, share, want)
	}
}

// checkCode: a number re-parses to its normalized form, and says the kind.
func checkCode(t *testing.T, st standard.Standard) {
	t.Helper()
	if st.Code == "" {
		if st.NormalizedCode != "" || st.Stage == standard.StagePublished {
			t.Errorf("%s in %s: code %q, normalized %q", st.ID, st.Stage, st.Code, st.NormalizedCode)
		}
		return
	}
	for _, in := range []string{st.Code, st.NormalizedCode} {
		c, err := stdcode.Parse(in)
		if err != nil {
			t.Errorf("%s: %v", st.ID, err)
			continue
		}
		if c.Normalized != st.NormalizedCode || standard.Kind(c.Kind) != st.Kind {
			t.Errorf("%q parses to %q (%s), stored %q (%s)", in, c.Normalized, c.Kind, st.NormalizedCode, st.Kind)
		}
	}
	if c, _ := stdcode.Parse(st.Code); c.Display != st.Code {
		t.Errorf("stored code %q is not the display form %q", st.Code, c.Display)
	}
}

// checkHistory replays the history with (*standard.Standard).Move and
// compares the days with the stored ones.
func checkHistory(t *testing.T, st standard.Standard, history []standard.Transition) {
	t.Helper()
	if len(history) == 0 || history[0].From != "" {
		t.Errorf("%s: history does not open with its registration: %+v", st.ID, history)
		return
	}
	if int64(len(history)) != st.Version {
		t.Errorf("%s: version %d, want %d (one per history entry)", st.ID, st.Version, len(history))
	}
	reg := history[0]
	replay := standard.Standard{Code: st.Code, Stage: reg.To, PublishedOn: reg.OccurredOn}
	last := reg.OccurredOn
	for i, h := range history[1:] {
		if h.From != replay.Stage {
			t.Errorf("%s: move %d is from %s, but the standard was in %s", st.ID, i+1, h.From, replay.Stage)
		}
		if h.RecordedAt.Before(history[i].RecordedAt) {
			t.Errorf("%s: move %d recorded before the one it follows", st.ID, i+1)
		}
		if h.OccurredOn.Before(standard.Date{Year: 2000, Month: 1, Day: 1}) {
			t.Errorf("%s: move %d on %s, before 2000", st.ID, i+1, h.OccurredOn)
		}
		if err := replay.Move(h.To, h.OccurredOn, last, until); err != nil {
			t.Errorf("%s: move %d (%s to %s on %s): %v", st.ID, i+1, h.From, h.To, h.OccurredOn, err)
			return
		}
		last = h.OccurredOn
	}
	got := [5]any{st.Stage, st.ApprovedOn, st.SubmittedOn, st.PublishedOn, st.WithdrawnOn}
	want := [5]any{replay.Stage, replay.ApprovedOn, replay.SubmittedOn, replay.PublishedOn, replay.WithdrawnOn}
	if got != want {
		t.Errorf("%s: stored stage and days %v, replaying the history gives %v", st.ID, got, want)
	}
}

func checkMonths(t *testing.T, st standard.Standard, column string, got sql.NullFloat64, start, end standard.Date) {
	t.Helper()
	switch {
	case start.IsZero() || end.IsZero():
		if got.Valid {
			t.Errorf("%s: %s is %v, want NULL", st.ID, column, got.Float64)
		}
	case !got.Valid || math.Abs(got.Float64-standard.Months(start, end)) > 1e-9:
		t.Errorf("%s: %s is %v, want %v", st.ID, column, got, standard.Months(start, end))
	}
}

func storedMonths(t *testing.T, raw *sql.DB) map[string][2]sql.NullFloat64 {
	t.Helper()
	rows, err := raw.Query("SELECT id, months_to_publication, months_to_approval FROM standards")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][2]sql.NullFloat64{}
	for rows.Next() {
		var id string
		var m [2]sql.NullFloat64
		if err := rows.Scan(&id, &m[0], &m[1]); err != nil {
			t.Fatal(err)
		}
		out[id] = m
	}
	return out
}

// TestGenerateIsDeterministic: the same seed gives the same records, another
// seed others.
func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	fingerprint := func(seed uint64) uint64 {
		h := fnv.New64a()
		err := generate.Generate(context.Background(), generate.Config{Standards: 3000, Organizations: 100, Seed: seed, Until: until, BatchSize: 1000},
			func(orgs []standard.Organization) error {
				for _, o := range orgs {
					fmt.Fprint(h, o.ID, o.Name, o.CreditCode)
				}
				return nil
			},
			func(recs []generate.Record) error {
				for _, r := range recs {
					fmt.Fprintf(h, "%+v", r)
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		return h.Sum64()
	}
	if a, b := fingerprint(1), fingerprint(1); a != b {
		t.Error("the same seed gave different records")
	}
	if fingerprint(1) == fingerprint(2) {
		t.Error("different seeds gave the same records")
	}
}

// searchEntry is a standard's entry in the search index as stored: its
// folded text and its name's, and its tokens in order, joined by spaces
// (on SQLite the FTS row's two columns: the name's tokens, the others').
type searchEntry struct{ Text, NameText, Tokens, NameTokens sql.NullString }

// storedSearchIndex reads every standard's entry in the search index: on
// PostgreSQL the search and name columns, on SQLite the text columns and
// its row in standards_fts.
func storedSearchIndex(t *testing.T, db storetest.Database) map[string]searchEntry {
	t.Helper()
	q := "SELECT s.id, s.search_text, s.name_text, f.other, f.name FROM standards s LEFT JOIN standards_search_keys k ON k.id = s.id LEFT JOIN standards_fts f ON f.rowid = k.key"
	if db.Config.Driver == config.DriverPostgres {
		q = "SELECT id, search_text, name_text, array_to_string(tsvector_to_array(search_tokens), ' '), array_to_string(tsvector_to_array(name_tokens), ' ') FROM standards"
	}
	rows, err := db.Raw(t).Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]searchEntry{}
	for rows.Next() {
		var id string
		var e searchEntry
		if err := rows.Scan(&id, &e.Text, &e.NameText, &e.Tokens, &e.NameTokens); err != nil {
			t.Fatal(err)
		}
		out[id] = e
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// unindexed counts the standards the service's start-up backfill would
// index: those without search_text.
func unindexed(t *testing.T, db storetest.Database) int {
	t.Helper()
	var n int
	if err := db.Raw(t).QueryRow("SELECT count(*) FROM standards WHERE search_text IS NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkSearchIndex: the generator indexed every standard for search exactly
// as the store does, so the service's start-up backfill finds nothing to do,
// and the registry's search finds generated standards by a word of their
// Chinese title and by the beginning of a word of their English one.
func checkSearchIndex(t *testing.T, ctx context.Context, db storetest.Database, all []standard.Standard) {
	t.Helper()
	if n := unindexed(t, db); n != 0 {
		t.Fatalf("%d generated standards have no search_text: the service would index them when it starts", n)
	}
	generated := storedSearchIndex(t, db)
	if len(generated) != len(all) {
		t.Fatalf("%d standards in the search index, want %d", len(generated), len(all))
	}
	for id, e := range generated {
		if !e.Text.Valid || e.Text.String == "" || !e.NameText.Valid || e.NameText.String == "" || !e.NameTokens.Valid || e.NameTokens.String == "" {
			t.Fatalf("standard %s is not indexed: %+v", id, e)
		}
	}

	// The service's start-up (Migrate, then the backfill) leaves it as it is.
	if err := db.Store.Migrate(ctx, storetest.Logger()); err != nil {
		t.Fatal(err)
	}
	if got := storedSearchIndex(t, db); !maps.Equal(got, generated) {
		t.Error("the start-up backfill changed the generated search index")
	}

	// The store indexes every standard again from scratch, its own way: the
	// index must come out as the generator wrote it.
	clear := []string{"UPDATE standards SET search_text = NULL, search_tokens = NULL, name_text = NULL, name_tokens = NULL"}
	if db.Config.Driver == config.DriverSQLite {
		clear = []string{"UPDATE standards SET search_text = NULL, name_text = NULL", "DELETE FROM standards_fts"}
	}
	raw := db.Raw(t)
	for _, q := range clear {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Store.Migrate(ctx, storetest.Logger()); err != nil {
		t.Fatal(err)
	}
	byStore := storedSearchIndex(t, db)
	differ := 0
	for id, want := range byStore {
		if got := generated[id]; got != want {
			if differ++; differ <= 5 {
				t.Errorf("standard %s: the generator indexed\n%+v\nthe store indexes\n%+v", id, got, want)
			}
		}
	}
	if differ > 0 || len(byStore) != len(generated) {
		t.Errorf("%d of %d standards indexed otherwise than the store indexes them", differ, len(byStore))
	}

	svc := registry.New(db.Store, time.Now, standard.DefaultCycleRules())
	searched := 0
	for i := 0; i < len(all); i += 97 {
		st := all[i]
		if word := hanWord(st.TitleZH); word != "" {
			checkFound(t, ctx, svc, st, word)
			searched++
		}
		if prefix := wordPrefix(st.TitleEN); prefix != "" {
			checkFound(t, ctx, svc, st, prefix)
			searched++
		}
	}
	if searched < 30 {
		t.Errorf("only %d searches made", searched)
	}
}

// hanWord is the first two adjacent Han characters of a title.
func hanWord(title string) string {
	rs := []rune(title)
	for i := 0; i+1 < len(rs); i++ {
		if unicode.Is(unicode.Han, rs[i]) && unicode.Is(unicode.Han, rs[i+1]) {
			return string(rs[i : i+2])
		}
	}
	return ""
}

// wordPrefix is the first four letters of the first English word of at
// least six letters, in the case of the title.
func wordPrefix(title string) string {
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) {
		if len(w) >= 6 {
			return w[:4]
		}
	}
	return ""
}

// checkFound: searching q lists st, and only standards whose text holds q.
func checkFound(t *testing.T, ctx context.Context, svc *registry.Service, st standard.Standard, q string) {
	t.Helper()
	query := standard.ListQuery{Filter: standard.Filter{Q: q}, Sort: standard.DefaultSort, Limit: 200}
	found := false
	for {
		page, err := svc.ListStandards(ctx, query)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		for _, s := range page.Items {
			found = found || s.ID == st.ID
			text := strings.ToLower(strings.Join(append([]string{s.Code, s.NormalizedCode, s.TitleZH, s.TitleEN}, s.DraftingUnits...), "\n"))
			if !strings.Contains(text, strings.ToLower(q)) {
				t.Errorf("search %q lists %s, which does not hold it: %q", q, s.ID, text)
			}
		}
		if page.Next == nil {
			break
		}
		query.After = page.Next
	}
	if !found {
		t.Errorf("search %q does not find %s %q (%q)", q, st.ID, st.TitleZH, st.TitleEN)
	}
}

// TestSearchIndexAsTheStoreWrites: a standard created through the registry
// (so indexed by the store), then loaded into another database by the
// generator's writer, is indexed there exactly as the store indexed it.
func TestSearchIndexAsTheStoreWrites(t *testing.T) {
	t.Parallel()
	for _, driver := range storetest.Drivers {
		t.Run(string(driver), func(t *testing.T) {
			ctx := access.WithCaller(context.Background(), access.Operator())
			viaStore := storetest.New(t, driver)
			svc := registry.New(viaStore.Store, time.Now, standard.DefaultCycleRules())
			st, err := svc.CreateStandard(ctx, standard.Standard{
				Code: "GB/T 20000.1—2014", Kind: standard.KindNational, Nature: standard.NatureRecommended,
				// Full-width letters, digits and space, upper case, a part
				// number, punctuation, Han characters and kana.
				TitleZH:       "标准化工作指南　第１部分：标准化和相关活动的通用术语（ＩＳＯ／ＩＥＣ　Ｇｕｉｄｅ　２）かな",
				TitleEN:       "Guidelines for STANDARDIZATION—Part 1: Standardization and related activities—General vocabulary",
				Stage:         standard.StagePublished,
				PublishedOn:   standard.Date{Year: 2014, Month: 12, Day: 31},
				ZhejiangRole:  standard.RoleLead,
				DraftingUnits: []string{"中国标准化研究院", "Zhejiang University 浙江大学", "ＳＡＣ/TC 286"},
				ICS:           []string{"01.120", "03.120.10"},
				Designations: []standard.Designation{
					{Type: standard.DesignationZhejiangStandard, Year: 2019, Reference: "浙质标函〔2019〕12号 \"引号\" 与 \\ 反斜杠"},
				},
			})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			history, err := viaStore.Store.ListTransitions(ctx, st.ID)
			if err != nil {
				t.Fatal(err)
			}
			bulk := storetest.New(t, driver)
			if err := generate.Load(ctx, bulk.Config, []generate.Record{{Standard: st, History: history}}); err != nil {
				t.Fatalf("load: %v", err)
			}
			want := storedSearchIndex(t, viaStore)[st.ID]
			got := storedSearchIndex(t, bulk)[st.ID]
			if !want.Text.Valid || !want.Tokens.Valid || !slices.Contains(strings.Fields(want.NameTokens.String), "guide") ||
				!slices.Contains(strings.Fields(want.Tokens.String), "浙江") {
				t.Fatalf("the store indexed %+v", want)
			}
			if got != want {
				t.Errorf("the generator indexes\n%+v\nthe store indexes\n%+v", got, want)
			}
			// The row as the generator writes it reads back as the store's.
			stored, err := viaStore.Store.GetStandard(ctx, st.ID)
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := bulk.Store.GetStandard(ctx, st.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(loaded, stored) {
				t.Errorf("the generator's row reads back as\n%+v\nthe store's as\n%+v", loaded, stored)
			}
			if n := unindexed(t, bulk); n != 0 {
				t.Errorf("%d standards without search_text", n)
			}
			found, err := registry.New(bulk.Store, time.Now, standard.DefaultCycleRules()).ListStandards(ctx,
				standard.ListQuery{Filter: standard.Filter{Q: "通用 vocab 20000.1"}, Sort: standard.DefaultSort, Limit: 10})
			if err != nil || len(found.Items) != 1 || found.Items[0].ID != st.ID {
				t.Errorf("search in the loaded database: %+v, %v", found.Items, err)
			}
		})
	}
}

// TestGenerateOnAPoolOfTwo: a load on the smallest pool a bulk load can
// run on finishes. On PostgreSQL the load holds two connections, and
// entering its records in the change feed took a third while it held
// them: on a pool of two (STDREG_DB_MAX_CONNS=2) generate and seed --demo
// waited for ever.
func TestGenerateOnAPoolOfTwo(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		cfg := db.Config
		cfg.MaxConns = 2
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		sum, err := generate.Run(ctx, cfg, generate.Config{Standards: 40, Organizations: 5, Seed: 7, Until: until})
		if err != nil {
			t.Fatalf("generate on a pool of two: %v", err)
		}
		if sum.Standards != 40 {
			t.Errorf("generated %d standards, want 40", sum.Standards)
		}
	})
}
