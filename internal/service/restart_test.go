package service_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/service"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// TestDatabaseRestartUnderLoad restarts the PostgreSQL server (a private
// one, on a loopback port of its own) while clients read and write through
// the service over HTTP, and checks what operators are promised: /readyz
// says 503 within a second; requests fail fast with 503 problems rather
// than hang; the service recovers without a restart of its own; and every
// write it acknowledged is in the database afterwards. The figures are
// logged (go test -v -run TestDatabaseRestartUnderLoad ./internal/service).
func TestDatabaseRestartUnderLoad(t *testing.T) {
	t.Parallel()
	server := storetest.NewPrimary(t)
	admin, err := sql.Open("pgx", server.URL(server.PrimaryPort, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE stdreg"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cfg, err := service.BenchConfig(config.Database{Driver: config.DriverPostgres, DSN: server.URL(server.PrimaryPort, "stdreg")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenMigrated(ctx, cfg.Database, storetest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	parts := service.Build(cfg, st, storetest.Logger())
	_, secret, err := parts.Registry.CreateKey(access.WithCaller(ctx, access.Operator()), access.Key{Role: access.RoleAdmin, Name: "浙江省标准化研究院 录入"})
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(parts.Handler)
	defer web.Close()
	client := &http.Client{Timeout: 10 * time.Second}

	type outcome struct {
		at, took time.Duration
		status   int
	}
	var (
		mu       sync.Mutex
		outcomes []outcome
		acked    []string // numbers of the standards whose POST was answered 201
		start    = time.Now()
		stop     atomic.Bool
		next     atomic.Int64
		odd      = map[int]string{} // a request and answer of each unexpected status
		wg       sync.WaitGroup
	)
	call := func(req *http.Request) int {
		req.Header.Set("Authorization", "Bearer "+secret)
		t0 := time.Now()
		res, err := client.Do(req)
		status := 0 // no answer
		var body []byte
		if err == nil {
			status = res.StatusCode
			if status >= 500 && status != http.StatusServiceUnavailable {
				body, _ = io.ReadAll(res.Body)
			}
			res.Body.Close()
		}
		mu.Lock()
		outcomes = append(outcomes, outcome{at: t0.Sub(start), took: time.Since(t0), status: status})
		if body != nil && odd[status] == "" {
			odd[status] = req.Method + " " + req.URL.String() + ": " + string(body)
		}
		mu.Unlock()
		return status
	}
	for range 4 { // writers
		wg.Go(func() {
			for !stop.Load() {
				code := fmt.Sprintf("GB/T %d—2026", 40000+next.Add(1)) // as the registry writes it
				body := fmt.Sprintf(`{"code":%q,"kind":"national","title_zh":"电动自行车用锂离子蓄电池 安全要求 第%d部分","stage":"published","published_on":"2026-03-15"}`, code, next.Load())
				req, _ := http.NewRequest(http.MethodPost, web.URL+"/api/v1/standards", bytes.NewBufferString(body))
				req.Header.Set("Content-Type", "application/json")
				if call(req) == http.StatusCreated {
					mu.Lock()
					acked = append(acked, code)
					mu.Unlock()
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	for range 4 { // readers
		wg.Go(func() {
			for !stop.Load() {
				req, _ := http.NewRequest(http.MethodGet, web.URL+"/api/v1/standards?q=锂离子蓄电池&page_size=5", nil)
				call(req)
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	ready := func() int {
		res, err := client.Get(web.URL + "/readyz")
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}

	time.Sleep(time.Second)
	restartAt := time.Since(start)
	restarted := make(chan struct{})
	go func() { defer close(restarted); server.RestartPrimary(t) }()
	var notReadyAfter, readyAgainAfter time.Duration
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		code := ready()
		if code == http.StatusServiceUnavailable && notReadyAfter == 0 {
			notReadyAfter = time.Since(start) - restartAt
		}
		if code == http.StatusOK && notReadyAfter != 0 {
			readyAgainAfter = time.Since(start) - restartAt
			break
		}
	}
	<-restarted
	time.Sleep(time.Second) // load after the recovery
	stop.Store(true)
	wg.Wait()

	if notReadyAfter == 0 || notReadyAfter > time.Second {
		t.Errorf("/readyz said 503 %v after the restart began, want within a second", notReadyAfter)
	}
	if readyAgainAfter == 0 {
		t.Fatal("/readyz never said 200 again")
	}
	statuses := map[int]int{}
	var firstFail, lastFail, slowestFail time.Duration
	for _, o := range outcomes {
		statuses[o.status]++
		if o.status >= 500 || o.status == 0 {
			if firstFail == 0 || o.at < firstFail {
				firstFail = o.at
			}
			lastFail = max(lastFail, o.at+o.took)
			slowestFail = max(slowestFail, o.took)
		}
	}
	for status, n := range statuses {
		switch status {
		case http.StatusOK, http.StatusCreated, http.StatusServiceUnavailable:
		default:
			t.Errorf("%d requests answered %d; only 200, 201 and 503 are expected; one was %s", n, status, odd[status])
		}
	}
	if slowestFail > 2*time.Second {
		t.Errorf("a failed request took %v: failures must be fast", slowestFail)
	}
	// After the recovery, every request succeeds again.
	sort.Slice(outcomes, func(i, j int) bool { return outcomes[i].at < outcomes[j].at })
	for _, o := range outcomes {
		if o.at > restartAt+readyAgainAfter+500*time.Millisecond && o.status != http.StatusOK && o.status != http.StatusCreated {
			t.Errorf("a request %v after the restart began answered %d, after /readyz said 200 again", o.at-restartAt, o.status)
			break
		}
	}

	// The change listener is back too: the read cache serves again.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, ok := st.Generation(ctx); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the change listener did not come back after the restart")
		}
	}

	// Every acknowledged write is stored.
	data, err := sql.Open("pgx", server.URL(server.PrimaryPort, "stdreg"))
	if err != nil {
		t.Fatal(err)
	}
	defer data.Close()
	rows, err := data.QueryContext(ctx, "SELECT code FROM standards")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		stored[code] = true
	}
	rows.Close()
	lost := 0
	for _, code := range acked {
		if !stored[code] {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged writes are not stored", lost, len(acked))
	}
	t.Logf("restart of PostgreSQL under load (4 writers, 4 readers over HTTP): /readyz 503 after %v, 200 again after %v; "+
		"clients saw failures from %v to %v after the restart began (%v), the slowest failure took %v; "+
		"answers by status %v; writes acknowledged %d, stored %d of them (%d stored in all)",
		notReadyAfter.Round(time.Millisecond), readyAgainAfter.Round(time.Millisecond),
		(firstFail - restartAt).Round(time.Millisecond), (lastFail - restartAt).Round(time.Millisecond),
		(lastFail - firstFail).Round(time.Millisecond), slowestFail.Round(time.Millisecond),
		statuses, len(acked), len(acked)-lost, len(stored))
}
