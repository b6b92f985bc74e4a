package service_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/service"
	"stdreg/internal/standard"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// TestReplicaReads runs the service on a PostgreSQL primary with a real
// streaming replica (pg_basebackup -R, on other loopback ports) and proves
// what STDREG_DATABASE_REPLICA_URLS promises: reads are served by the
// replica; a writer reads its write back at once, and nobody reads from a
// replica that has not replayed the latest change; losing the replica
// changes nothing for clients, and it serves again once it is back.
func TestReplicaReads(t *testing.T) {
	t.Parallel()
	pair := storetest.NewPair(t)
	ctx := context.Background()
	open := func(port int, name string) *sql.DB {
		db, err := sql.Open("pgx", pair.URL(port, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	if _, err := open(pair.PrimaryPort, "postgres").Exec("CREATE DATABASE stdreg"); err != nil {
		t.Fatal(err)
	}
	replicaSQL, primarySQL := open(pair.ReplPort, "postgres"), open(pair.PrimaryPort, "stdreg")

	// Every read asks the database (no read cache), so each is routed.
	cfg, err := service.BenchConfig(config.Database{Driver: config.DriverPostgres, DSN: pair.URL(pair.PrimaryPort, "stdreg")},
		map[string]string{"STDREG_DATABASE_REPLICA_URLS": pair.URL(pair.ReplPort, "stdreg"), "STDREG_READ_CACHE": "0"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenMigrated(ctx, cfg.Database, storetest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	parts := service.Build(cfg, st, storetest.Logger())
	operator := access.WithCaller(ctx, access.Operator())
	key := func(name string) string {
		_, secret, err := parts.Registry.CreateKey(operator, access.Key{Role: access.RoleAdmin, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	writer, reader := key("湖州市市场监管局 录入"), key("第三方应用 浙里办")
	created, err := parts.Registry.CreateStandard(operator, standard.Standard{Code: "DB33/T 1345-2026", Kind: standard.KindLocal,
		TitleZH: "安吉白茶 加工技术规程", Stage: standard.StagePublished,
		ApprovedOn: standard.Date{Year: 2025, Month: 3, Day: 2}, PublishedOn: standard.Date{Year: 2026, Month: 2, Day: 10}})
	if err != nil {
		t.Fatal(err)
	}

	do := func(secret, method, target, body string) (int, string) {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		if body != "" {
			req.Header.Set("Content-Type", "application/merge-patch+json")
		}
		rec := httptest.NewRecorder()
		parts.Handler.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	title := func(secret string) string {
		t.Helper()
		code, body := do(secret, http.MethodGet, "/api/v1/standards/"+created.ID, "")
		if code != http.StatusOK {
			t.Fatalf("GET the standard: %d %s", code, body)
		}
		var s struct {
			TitleZH string `json:"title_zh"`
		}
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			t.Fatal(err)
		}
		return s.TitleZH
	}
	current := func(want bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			if r := st.Replicas(); len(r) == 1 && r[0].Current == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica state %+v, want current=%v", st.Replicas(), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	// heardAll waits until every change committed so far is heard of:
	// notifications come in commit order, so once a probe sent after them
	// is in and the generation stands still (as storetest's WaitSignalled
	// does), they are too.
	heardAll := func() {
		t.Helper()
		heard, _ := st.Generation(ctx)
		if _, err := primarySQL.Exec("SELECT pg_notify('stdreg_changes', '')"); err != nil {
			t.Fatal(err)
		}
		for deadline, last := time.Now().Add(5*time.Second), heard; ; {
			time.Sleep(100 * time.Millisecond)
			gen, ok := st.Generation(ctx)
			if ok && gen > heard && gen == last {
				return
			}
			last = gen
			if time.Now().After(deadline) {
				t.Fatal("the changes were not all heard of")
			}
		}
	}
	reads := func(target string) float64 {
		return value(scrape(t, parts.Handler), "stdreg_db_reads_total", map[string]string{"target": target})
	}
	// servedByReplica: the replica itself has sessions on stdreg whose
	// last statement read the standards (its checks run on a connection
	// of their own and read no table), by GORM ("standards", quoted) or
	// past it (read_standard.go).
	servedByReplica := func() bool {
		var n int
		if err := replicaSQL.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = 'stdreg' AND query ~ 'FROM "?standards"?\M'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}

	t.Run("reads are served by the replica", func(t *testing.T) {
		heardAll()
		current(true)
		before := reads("replica")
		for range 10 {
			if got := title(reader); got != "安吉白茶 加工技术规程" {
				t.Fatalf("title %q", got)
			}
		}
		if moved := reads("replica") - max(before, 0); moved < 10 {
			t.Errorf("%g reads went to the replica, want at least 10", moved)
		}
		if !servedByReplica() {
			t.Error("no session on the replica read the standards")
		}

		// Searches too, the reads of their tiers past GORM included: the
		// primary runs no statement on the standards for them (it logs
		// every statement between two marks).
		logAll := func(what string) {
			for _, q := range []string{"ALTER SYSTEM SET log_statement = '" + what + "'", "SELECT pg_reload_conf()"} {
				if _, err := primarySQL.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
		}
		logAll("all")
		defer logAll("none")
		mark := func(m string) {
			// A session reads its configuration again between statements.
			if _, err := primarySQL.Exec("SELECT '" + m + "'"); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(100 * time.Millisecond) // every session has read the reload's signal
		mark("searches-begin")
		before = reads("replica")
		for _, q := range []string{"安吉白茶", "白茶 加工", "DB33/T 1345-2026", "加工技术规程"} {
			code, body := do(reader, http.MethodGet, "/api/v1/standards?q="+url.QueryEscape(q), "")
			if code != http.StatusOK || !strings.Contains(body, created.ID) {
				t.Fatalf("search %s: %d %s", q, code, body)
			}
		}
		mark("searches-end")
		log := pair.PrimaryLog(t)
		begin, end := strings.Index(log, "searches-begin"), strings.Index(log, "searches-end")
		if begin < 0 || end < begin {
			t.Fatalf("the primary's log holds no marks (%d, %d)", begin, end)
		}
		for _, line := range strings.Split(log[begin:end], "\n") {
			if strings.Contains(line, "standards") {
				t.Errorf("the primary read for a search: %s", line)
			}
		}
		if reads("replica") <= before {
			t.Error("no search read went to the replica")
		}
	})

	t.Run("a writer reads its write at once; a lagging replica is left out", func(t *testing.T) {
		if _, err := replicaSQL.Exec("SELECT pg_wal_replay_pause()"); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			want := fmt.Sprintf("安吉白茶 加工技术规程（第%d次修订）", i+1)
			if code, body := do(writer, http.MethodPatch, "/api/v1/standards/"+created.ID, `{"title_zh":"`+want+`"}`); code != http.StatusOK {
				t.Fatalf("PATCH: %d %s", code, body)
			}
			if got := title(writer); got != want {
				t.Fatalf("the writer reads %q just after writing %q", got, want)
			}
		}
		heardAll() // and the paused replica has not replayed them
		current(false)
		if got := title(reader); got != "安吉白茶 加工技术规程（第3次修订）" {
			t.Errorf("another client reads %q from a lagging replica", got)
		}
		if _, err := replicaSQL.Exec("SELECT pg_wal_replay_resume()"); err != nil {
			t.Fatal(err)
		}
		current(true)
		before := reads("replica")
		if got := title(reader); got != "安吉白茶 加工技术规程（第3次修订）" {
			t.Errorf("the caught-up replica answers %q", got)
		}
		if reads("replica") <= before {
			t.Error("the caught-up replica serves no read")
		}
	})

	t.Run("losing the replica changes nothing for clients", func(t *testing.T) {
		pair.StopReplica(t)
		// Once the check has left the replica out, no read reaches its
		// pool: the connections idle there since the last subtest are
		// dead but not known to be, and must not serve once it is back.
		current(false)
		before := reads("primary")
		for i := range 20 {
			if got := title(reader); got != "安吉白茶 加工技术规程（第3次修订）" {
				t.Fatalf("read %d without the replica: %q", i, got)
			}
			code, body := do(reader, http.MethodGet, "/api/v1/standards?q=安吉白茶", "")
			if code != http.StatusOK || !strings.Contains(body, created.ID) {
				t.Fatalf("search %d without the replica: %d %s", i, code, body)
			}
		}
		if moved := reads("primary") - before; moved < 40 {
			t.Errorf("%g reads went to the primary without the replica, want all 40", moved)
		}
		current(false)
		pair.StartReplica(t)
		current(true)
		before = reads("replica")
		title(reader)
		if reads("replica") <= before {
			t.Error("the replica back serves no read")
		}
	})
}
