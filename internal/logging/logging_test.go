package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

func TestRequestIDOnEveryLine(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, "json", "info").With("component", "test")
	ctx := WithRequestID(context.Background(), "req-42")
	log.InfoContext(ctx, "登记标准", "code", "GB 17761—2018")
	log.DebugContext(ctx, "below the level, not written")
	log.Info("no request")

	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %d: %s", len(lines), buf.String())
	}
	var first, second map[string]any
	if err := json.Unmarshal(lines[0], &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(lines[1], &second); err != nil {
		t.Fatal(err)
	}
	if first["request_id"] != "req-42" || first["component"] != "test" || first["code"] != "GB 17761—2018" {
		t.Errorf("first line lacks request id or attrs: %v", first)
	}
	if _, ok := second["request_id"]; ok {
		t.Errorf("line without request context has a request id: %v", second)
	}
}
