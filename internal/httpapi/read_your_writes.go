package httpapi

import (
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/consistency"
)

// stickyWindow is how long after its last write a client's reads go to the
// primary database. Replicas are left out of every read until they have
// replayed the latest change this process heard of, which takes
// milliseconds; the window covers a write this process has not heard of
// yet, and writes to what no change signal covers (keys, plans, imports).
const stickyWindow = 5 * time.Second

// recentWriters remembers when each client (its key, or its address when
// anonymous) last wrote.
type recentWriters struct {
	window time.Duration
	now    func() time.Time
	mu     sync.Mutex
	last   map[string]time.Time
}

func newRecentWriters(window time.Duration, now func() time.Time) *recentWriters {
	return &recentWriters{window: window, now: now, last: map[string]time.Time{}}
}

// middleware marks the requests of a client that wrote within the window,
// and its writes, to read from the primary; a write extends the window
// from when it ends, since that is when the client can read it back.
func (w *recentWriters) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		client := "ip:" + c.RealIP()
		if caller := access.CallerFrom(req.Context()); !caller.Anonymous() {
			client = "key:" + caller.KeyID
		}
		write := req.Method != http.MethodGet && req.Method != http.MethodHead && req.Method != http.MethodOptions
		if write || w.wroteRecently(client) {
			c.SetRequest(req.WithContext(consistency.WithPrimary(req.Context())))
		}
		if !write {
			return next(c)
		}
		w.wrote(client)
		defer w.wrote(client)
		return next(c)
	}
}

func (w *recentWriters) wroteRecently(client string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	at, ok := w.last[client]
	return ok && w.now().Sub(at) < w.window
}

func (w *recentWriters) wrote(client string) {
	now := w.now()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last[client] = now
	if len(w.last) > 10000 { // forget the clients whose window has passed
		for k, at := range w.last {
			if now.Sub(at) >= w.window {
				delete(w.last, k)
			}
		}
	}
}
