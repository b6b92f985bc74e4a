package httpapi_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
)

// smallBuffers accepts connections with a small send buffer, so that a
// client which stops reading stops the server's writes within a few
// kilobytes.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
	}
	return c, err
}

// TestExportGivesUpOnAStalledClient: an export reads its rows from one
// query while it writes them, so a client that stops reading must not hold
// the database for as long as it likes. With nothing taken for longer than
// the stall time, the server ends the answer, incomplete; the client that
// comes back later finds the file cut short, and the registry still
// answers.
func TestExportGivesUpOnAStalledClient(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		c := newClientWith(t, db, httpapi.Options{ExportStall: 200 * time.Millisecond})
		const n = 150
		for i := range n {
			create(t, c, map[string]any{
				"code": fmt.Sprintf("DB33/T %d—2024", 3000+i), "kind": "local", "stage": "published", "published_on": "2024-06-01",
				"title_zh":       fmt.Sprintf("茶叶 冷链物流 第%d部分：运输要求", i+1),
				"title_en":       "Cold chain logistics for tea—Transport requirements",
				"drafting_units": []string{"浙江省农业科学院", "杭州市标准化研究院", "浙江大学"},
			})
		}
		srv := httptest.NewUnstartedServer(c.handler)
		srv.Listener = smallBuffers{srv.Listener}
		srv.Start()
		defer srv.Close()

		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.(*net.TCPConn).SetReadBuffer(2048)
		fmt.Fprintf(conn, "GET /api/v1/standards/export?format=ndjson HTTP/1.1\r\nHost: stdreg\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n", c.key)
		time.Sleep(1500 * time.Millisecond) // the client reads nothing for 7 stall times

		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("read the answer: %v", err)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("export: %d", res.StatusCode)
		}
		body, err := io.ReadAll(res.Body)
		if lines := bytes.Count(body, []byte("\n")); err == nil || lines >= n {
			t.Errorf("a stalled export came out whole (%d of %d lines, %v); the server waited for the client", lines, n, err)
		}
		if r := c.do(http.MethodGet, "/api/v1/standards?q=冷链&page_size=1", nil); r.Code != http.StatusOK {
			t.Errorf("list after the stalled export: %d %s", r.Code, r.Body)
		}
	})
}
