package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"stdreg/internal/access"
	"stdreg/internal/logging"
	"stdreg/internal/service"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestTracing: with a tracer provider, a request is a server span named
// after its route, joined to the caller's trace (traceparent), with the
// SQL it ran as child spans; and every log line of the request carries its
// request id and trace id.
func TestTracing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		spans := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
		defer tp.Shutdown(context.Background())
		if err := db.Store.Trace(tp); err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		cfg, err := service.BenchConfig(db.Config, map[string]string{"STDREG_READ_CACHE": "0"})
		if err != nil {
			t.Fatal(err)
		}
		parts := service.Build(cfg, db.Store, logging.New(&logs, "json", "info"))
		handler := service.Traced(parts.Handler, tp)
		created, err := parts.Registry.CreateStandard(access.WithCaller(context.Background(), access.Operator()),
			standard.Standard{Code: "DB33/T 1102-2026", Kind: standard.KindLocal, TitleZH: "绍兴黄酒 酿造技术规范",
				Stage: standard.StagePublished, ApprovedOn: standard.Date{Year: 2025, Month: 1, Day: 6}, PublishedOn: standard.Date{Year: 2026, Month: 1, Day: 20}})
		if err != nil {
			t.Fatal(err)
		}
		spans.Reset()

		const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
		req := httptest.NewRequest(http.MethodGet, "/api/v1/standards/"+created.ID, nil)
		req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
		req.Header.Set("X-Request-ID", "zj-ops-0001")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET: %d %s", rec.Code, rec.Body)
		}

		var server sdktrace.ReadOnlySpan
		statements := 0
		for _, s := range spans.GetSpans().Snapshots() {
			if s.SpanContext().TraceID().String() != traceID {
				t.Errorf("span %q is in trace %s, not the caller's", s.Name(), s.SpanContext().TraceID())
			}
			switch {
			case s.Name() == "GET /api/v1/standards/:id":
				server = s
			case strings.HasPrefix(s.Name(), "db."):
				statements++
			}
		}
		if server == nil {
			t.Fatalf("no server span named after the route among %d spans", len(spans.GetSpans()))
		}
		if statements == 0 {
			t.Error("no span for the SQL the request ran")
		}
		for _, s := range spans.GetSpans().Snapshots() {
			if strings.HasPrefix(s.Name(), "db.") && s.Parent().SpanID() != server.SpanContext().SpanID() {
				t.Errorf("statement span %q is not a child of the request's", s.Name())
			}
		}

		lines := 0
		for line := range strings.Lines(logs.String()) {
			var l map[string]any
			if err := json.Unmarshal([]byte(line), &l); err != nil {
				t.Fatalf("log line %q: %v", line, err)
			}
			if l["msg"] != "request" {
				continue
			}
			lines++
			if l["request_id"] != "zj-ops-0001" || l["trace_id"] != traceID {
				t.Errorf("the request's log line has request_id %v, trace_id %v", l["request_id"], l["trace_id"])
			}
		}
		if lines != 1 {
			t.Errorf("%d request log lines, want 1:\n%s", lines, logs.String())
		}
	})
}
