package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestShutdownDrainsAnImport: an import whose file is still arriving when
// SIGTERM comes (the context ends) is read to its end, written and
// answered before the program stops, and what it wrote is there after.
func TestShutdownDrainsAnImport(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	vars := map[string]string{
		"STDREG_ADDR":         "127.0.0.1:0",
		"STDREG_DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db"),
	}
	var keyOut strings.Builder
	if err := run(ctx, []string{"keys", "create", "--role", "admin", "--name", "省标准化研究院 导入"}, env(vars), &keyOut, io.Discard); err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(keyOut.String())
	srv := startServe(t, ctx, vars)
	base := "http://" + srv.addr

	body, file := io.Pipe()
	answered := make(chan *http.Response, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/imports", body)
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("import in flight: %v", err)
		}
		answered <- res
	}()
	fmt.Fprint(file, "标准号,标准名称,标准类别,状态,发布日期\r\n")
	for i := range 50 {
		fmt.Fprintf(file, "DB33/T %d-2026,丽水山耕 农产品质量控制规范 第%d部分,local,published,2026-02-01\r\n", 4001+i, i+1)
	}
	time.Sleep(200 * time.Millisecond)
	cancel()
	srv.logs.wait(t, "shutting down: waiting for requests in flight")
	for i := 50; i < 100; i++ {
		fmt.Fprintf(file, "DB33/T %d-2026,丽水山耕 农产品质量控制规范 第%d部分,local,published,2026-02-01\r\n", 4001+i, i+1)
	}
	file.Close()
	res := <-answered
	if res == nil {
		t.Fatal("the import in flight got no answer")
	}
	var report struct {
		Created int `json:"created"`
	}
	err := json.NewDecoder(res.Body).Decode(&report)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || err != nil || report.Created != 100 {
		t.Fatalf("import in flight during shutdown: %d, created %d (%v); want 200 and 100", res.StatusCode, report.Created, err)
	}
	srv.wait(t)

	var out strings.Builder
	if err := run(context.Background(), []string{"export", "--format", "ndjson", "--output", "-"}, env(vars), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 100 {
		t.Errorf("%d standards stored after the shutdown, want the 100 imported", n)
	}
}
