package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
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
	done  chan struct{} // closed when the log has ended and every line is in
}

func collectLogs(r io.Reader) *logLines {
	l := &logLines{added: make(chan struct{}, 1000), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				continue
			}
			l.mu.Lock()
			l.lines = append(l.lines, line)
			l.mu.Unlock()
			select { // a full buffer already wakes the waiter
			case l.added <- struct{}{}:
			default:
			}
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

// serving is the program running `stdreg serve` in the background.
type serving struct {
	addr   string
	logs   *logLines
	done   chan error
	stderr *io.PipeWriter
}

// startServe runs the program with vars until ctx ends, and returns once it
// serves.
func startServe(t *testing.T, ctx context.Context, vars map[string]string) *serving {
	t.Helper()
	stderrR, stderrW := io.Pipe()
	srv := &serving{logs: collectLogs(stderrR), done: make(chan error, 1), stderr: stderrW}
	go func() { srv.done <- run(ctx, nil, env(vars), io.Discard, stderrW) }()
	srv.addr = srv.logs.wait(t, "serving")["addr"].(string)
	return srv
}

// wait waits for the program to stop (its context ended) and fails the
// test unless it stopped cleanly.
func (s *serving) wait(t *testing.T) {
	t.Helper()
	if err := <-s.done; err != nil {
		t.Fatalf("run: %v", err)
	}
	s.stderr.Close()
	// The last lines were written before run returned, but may still be
	// in the collector's hands: wait until it has read them all.
	<-s.logs.done
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestServeEndToEnd runs the real program on SQLite, the embedded default:
// it migrates, serves, answers a request through to the database, and on
// cancellation (SIGINT/SIGTERM in production) lets a request in flight
// finish before it closes the database.
func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	vars := map[string]string{
		"STDREG_ADDR":         "127.0.0.1:0",
		"STDREG_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db"),
	}
	// The first admin key comes from the command line, printed alone.
	var keyOut, keyLog strings.Builder
	if err := run(ctx, []string{"keys", "create", "--role", "admin", "--name", "省标准化研究院 管理员"}, env(vars), &keyOut, &keyLog); err != nil {
		t.Fatalf("keys create: %v", err)
	}
	if !strings.Contains(keyLog.String(), "migration applied") {
		t.Errorf("the first command on a fresh database must migrate it; logged:\n%s", keyLog.String())
	}
	adminKey := strings.TrimSpace(keyOut.String())
	if !strings.HasPrefix(adminKey, "stdreg_") || strings.Count(keyOut.String(), "\n") != 1 {
		t.Fatalf("keys create printed %q, want the key alone on one line", keyOut.String())
	}
	srv := startServe(t, ctx, vars)
	logs := srv.logs
	base := "http://" + srv.addr
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()

	// A request whose body is still arriving when shutdown begins.
	body, bodyW := io.Pipe()
	inflight := make(chan *http.Response, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/standards", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+adminKey)
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

	srv.wait(t)
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
	t.Parallel()
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
	t.Parallel()
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

func TestKeysCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	vars := env(map[string]string{"STDREG_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db")})
	var out strings.Builder
	if err := run(ctx, []string{"keys", "create", "--role", "auditor", "--name", "省市场监管局 审计"}, vars, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimSpace(out.String())

	var list strings.Builder
	if err := run(ctx, []string{"keys", "list"}, vars, &list, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list.String(), "省市场监管局 审计") || !strings.Contains(list.String(), secret[:12]) {
		t.Errorf("list lacks the key's name or prefix:\n%s", list.String())
	}
	if strings.Contains(list.String(), secret) {
		t.Error("list shows the key itself")
	}
	id := strings.Fields(strings.Split(list.String(), "\n")[1])[0]
	if err := run(ctx, []string{"keys", "revoke", id}, vars, io.Discard, io.Discard); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	if err := run(ctx, []string{"keys", "revoke", id}, vars, io.Discard, io.Discard); err == nil {
		t.Error("revoking twice must fail")
	}

	for _, args := range [][]string{
		{"keys", "create", "--role", "editor"},    // an editor needs an organization
		{"keys", "create", "--role", "superuser"}, // no such role
		{"keys", "create"},                        // the role is required
		{"keys", "revoke", "not-an-id"},           // no such key
	} {
		var stdout strings.Builder
		if err := run(ctx, args, vars, &stdout, io.Discard); err == nil || stdout.Len() != 0 {
			t.Errorf("%v: err %v, stdout %q; want an error and nothing printed", args, err, stdout.String())
		}
	}
}

// TestSlowClientsAreCutOff: the server's read timeout ends a request whose
// body does not arrive, with a problem rather than a hung connection.
func TestSlowClientsAreCutOff(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := startServe(t, ctx, map[string]string{
		"STDREG_ADDR":         "127.0.0.1:0",
		"STDREG_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db"),
		"STDREG_READ_TIMEOUT": "300ms",
	})
	addr := srv.addr

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	fmt.Fprint(conn, "POST /api/v1/organizations HTTP/1.1\r\nHost: stdreg\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"name\": \"浙江")
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no answer from the server: %v", err)
	}
	if elapsed := time.Since(start); !strings.Contains(status, " 408 ") || elapsed > 5*time.Second {
		t.Errorf("after %s: %q, want 408 soon after the 300ms read timeout", elapsed, status)
	}
	cancel()
	srv.wait(t)
}
