package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestServeExportsTelemetry runs the real program with
// STDREG_METRICS_ADDR and OTEL_EXPORTER_OTLP_ENDPOINT: the metrics answer
// on their own listener and not on the API's, and the traces of a request
// reach an OTLP/HTTP receiver by the time the program has stopped.
func TestServeExportsTelemetry(t *testing.T) {
	t.Parallel()
	var traces atomic.Int64
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/traces" {
			if body, _ := io.ReadAll(r.Body); len(body) > 0 {
				traces.Add(1)
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer receiver.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := startServe(t, ctx, map[string]string{
		"STDREG_ADDR":                 "127.0.0.1:0",
		"STDREG_DATABASE_URL":         "sqlite:" + filepath.Join(t.TempDir(), "stdreg.db"),
		"STDREG_METRICS_ADDR":         metricsAddr,
		"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.URL,
	})
	get := func(url string) (int, string) {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := get("http://" + srv.addr + "/api/v1/standards?q=龙井"); code != http.StatusOK {
		t.Fatalf("list: %d", code)
	}
	code, body := get("http://" + metricsAddr + "/metrics")
	if code != http.StatusOK || !strings.Contains(body, `stdreg_http_requests_total{method="GET",route="/api/v1/standards",status="200"} 1`) {
		t.Errorf("metrics listener: %d\n%s", code, body)
	}
	if code, _ := get("http://" + srv.addr + "/metrics"); code != http.StatusNotFound {
		t.Errorf("GET /metrics on the API's address: %d, want 404 when they have their own listener", code)
	}
	cancel()
	srv.wait(t)
	if traces.Load() == 0 {
		t.Error("no trace reached the OTLP receiver")
	}
	if line, _ := srv.logs.find("request"); line == nil || line["trace_id"] == nil {
		t.Errorf("request log line without trace_id: %v", line)
	}
}
