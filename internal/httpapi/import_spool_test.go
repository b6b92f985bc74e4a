package httpapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"stdreg/internal/httpapi"
)

// TestImportUploadHoldsNoLock: while a client is still sending its file,
// the import has not begun, so other writes go on. Here a standard is
// registered by POST while most of the file has been sent, with the number
// of the file's first row: it must be answered at once, and the import then
// finds that row registered. Before the upload
// was spooled, the POST waited for the upload on SQLite (the import's
// transaction holds the write lock from its start) and on PostgreSQL
// (the number's index entry, once the first batch was written).
func TestImportUploadHoldsNoLock(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		// The first part is far more than a reader buffers: when its
		// sending returns, an import that read as it went would be well
		// into its transaction, ten batches in.
		const rows, firstPart = 5100, 5000
		line := func(i int) string {
			return fmt.Sprintf("DB33/T %d—2024,local,茶叶加工技术规程 第%d部分：绿茶,published,2024-01-15\n", 3000+i, i+1)
		}
		var first, rest strings.Builder
		first.WriteString("code,kind,title_zh,stage,published_on\n")
		for i := range rows {
			if i < firstPart {
				first.WriteString(line(i))
			} else {
				rest.WriteString(line(i))
			}
		}

		body, upload := io.Pipe()
		req := httptest.NewRequest(http.MethodPost, "/api/v1/imports", body)
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+c.key)
		rec := httptest.NewRecorder()
		imported := make(chan struct{})
		go func() {
			defer close(imported)
			c.handler.ServeHTTP(rec, req)
		}()
		if _, err := io.WriteString(upload, first.String()); err != nil {
			t.Fatalf("send the first rows: %v", err)
		}

		posted := make(chan response, 1)
		go func() {
			_, r := c.send(http.MethodPost, "/api/v1/standards", map[string]any{
				"code": "DB33/T 3000—2024", "kind": "local", "title_zh": "茶叶加工技术规程 第1部分：绿茶",
				"stage": "published", "published_on": "2024-01-15",
			})
			posted <- r
		}()
		select {
		case r := <-posted:
			if r.Code != http.StatusCreated {
				t.Errorf("POST during the upload: %d %s", r.Code, r.Body)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("POST during the upload waited 5 s for the import")
		}

		if _, err := io.WriteString(upload, rest.String()); err != nil {
			t.Fatalf("send the other rows: %v", err)
		}
		_ = upload.Close()
		<-imported
		if rec.Code != http.StatusOK {
			t.Fatalf("import: %d %s", rec.Code, rec.Body)
		}
		var report httpapi.ImportReport
		response{Code: rec.Code, Body: rec.Body.Bytes()}.decode(t, &report)
		if report.Rows != rows || report.Created != rows-1 || report.Unchanged != 1 || report.Rejected != 0 {
			t.Errorf("report: %d rows, %d created, %d unchanged, %d rejected; want %d, %d, 1, 0",
				report.Rows, report.Created, report.Unchanged, report.Rejected, rows, rows-1)
		}
	})
}
