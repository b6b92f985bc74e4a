package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// logLines collects the JSON log lines the program writes, and lets a test
// wait for one with a given message.
type logLines struct {
	mu    sync.Mutex
	lines []map[string]any
	added chan struct{}
}

func collectLogs(r io.Reader) *logLines {
	l := &logLines{added: make(chan struct{}, 1000)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				continue
			}
			l.mu.Lock()
			l.lines = append(l.lines, line)
			l.mu.Unlock()
			l.added <- struct{}{}
		}
	}()
	return l
}

func (l *logLines) find(msg string) (map[string]any, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, line := range l.lines {
		if line["msg"] == msg {
			return line, i
		}
	}
	return nil, -1
}

func (l *logLines) wait(t *testing.T, msg string) map[string]any {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		if line, _ := l.find(msg); line != nil {
			return line
		}
		select {
		case <-l.added:
		case <-deadline:
			t.Fatalf("no log line %q", msg)
		}
	}
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestServeEndToEnd runs the real program on SQLite, the embedded default:
// it migrates, serves, answers a request through to the database, and on
// cancellation (SIGINT/SIGTERM in production) lets a request in flight
// finish before it closes the database.
func TestServeEndToEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderrR, stderrW := io.Pipe()
	logs := collectLogs(stderrR)
	vars := map[string]string{
		"STDREG_ADDR":         "127.0.0.1:0",
		"STDREG_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db"),
	}
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, env(vars), io.Discard, stderrW) }()

	base := "http://" + logs.wait(t, "serving")["addr"].(string)
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	if _, i := logs.find("migration applied"); i < 0 {
		t.Error("no migration was logged on a fresh database")
	}

	// A request whose body is still arriving when shutdown begins.
	body, bodyW := io.Pipe()
	inflight := make(chan *http.Response, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/standards", body)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("request in flight: %v", err)
		}
		inflight <- res
	}()
	fmt.Fprint(bodyW, `{"code": "GB 17761—2018", "kind": "national", `)
	time.Sleep(200 * time.Millisecond)
	cancel()
	logs.wait(t, "shutting down: waiting for requests in flight")
	fmt.Fprint(bodyW, `"title_zh": "电动自行车安全技术规范", "stage": "published", "published_on": "2018-05-15"}`)
	bodyW.Close()
	if res := <-inflight; res == nil || res.StatusCode != http.StatusCreated {
		t.Errorf("request in flight during shutdown: %v, want 201", res)
	} else {
		if res.Header.Get("X-Request-ID") == "" {
			t.Error("response has no X-Request-ID")
		}
		res.Body.Close()
	}

	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	stderrW.Close()
	_, stopped := logs.find("server stopped")
	_, closed := logs.find("database closed")
	if stopped < 0 || closed < stopped {
		t.Errorf("the database must close after the server stops (stopped at line %d, closed at %d)", stopped, closed)
	}
	request, _ := logs.find("request")
	if request == nil || request["request_id"] == nil || request["request_id"] == "" {
		t.Errorf("request log line without request_id: %v", request)
	}
}

func TestMigrateCommand(t *testing.T) {
	stderrR, stderrW := io.Pipe()
	logs := collectLogs(stderrR)
	vars := map[string]string{"STDREG_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db")}
	if err := run(context.Background(), []string{"migrate"}, env(vars), io.Discard, stderrW); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	stderrW.Close()
	logs.wait(t, "database up to date")
	if _, i := logs.find("migration applied"); i < 0 {
		t.Error("migrate applied nothing on a fresh database")
	}
}

func TestBadConfigurationNamesTheVariable(t *testing.T) {
	for _, tc := range []struct{ name, variable, value string }{
		{"database URL", "STDREG_DATABASE_URL", "mysql://root@localhost/stdreg"},
		{"log level", "STDREG_LOG_LEVEL", "loud"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(context.Background(), []string{"serve"}, env(map[string]string{tc.variable: tc.value}), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.variable) {
				t.Errorf("error %v should name %s", err, tc.variable)
			}
		})
	}
	if err := run(context.Background(), []string{"frobnicate"}, env(nil), io.Discard, io.Discard); err == nil {
		t.Error("an unknown subcommand must fail")
	}
}
