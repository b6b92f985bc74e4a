package storetest

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// A new PostgreSQL session costs the server 30–50 ms of CPU (the fork,
// then its caches of the catalog filled again by its first statements),
// and every test opened several on the database it was lent (a store's
// pool, its change listener, a raw connection): about a third of the
// server's CPU in a run of the suite. The pool's databases are therefore
// reached through sessionPool, which keeps a session its client ended and
// hands it to the next client of the same database, as PgBouncer's
// session pooling does: DISCARD ALL resets it first (prepared statements,
// settings, LISTEN, temporary tables, advisory locks), so a client sees a
// session as fresh as a new one, only with its caches warm.
type sessionPool struct {
	ln     net.Listener
	server string // host:port of the PostgreSQL server

	mu     sync.Mutex
	idle   map[string][]*serverSession // by startup parameters (startupKey)
	noPool map[string]bool             // databases whose sessions are not kept (spoiled)
	closed bool
}

// serverSession is a session past its startup: its connection, and what
// the server said at startup, which is said again to the next client.
type serverSession struct {
	conn     net.Conn
	database string
	greeting []byte // ParameterStatus and BackendKeyData messages
	// name is the application_name the session was started with: it is
	// cleared while the session is kept (tests find the store's change
	// listener by its name) and given back to the next client.
	name string
}

// startSessionPool listens on a port of the loopback interface for the
// server at admin's host.
func startSessionPool(admin string) (*sessionPool, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return nil, err
	}
	if u.Hostname() == "" || u.Query().Has("host") {
		return nil, errors.New("the server is not named by a TCP address in the URL")
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "5432")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &sessionPool{ln: ln, server: host, idle: map[string][]*serverSession{}, noPool: map[string]bool{}}
	go p.serve()
	return p, nil
}

// url is dsn with its host the pool's.
func (p *sessionPool) url(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

// stopPooling closes database's kept sessions and keeps none again: a test
// that refuses the database new connections or ends its sessions must see
// each client open a session of its own.
func (p *sessionPool) stopPooling(database string) {
	p.mu.Lock()
	p.noPool[database] = true
	p.mu.Unlock()
	p.forget(database)
}

// forget closes database's kept sessions (before it is dropped).
func (p *sessionPool) forget(database string) {
	p.mu.Lock()
	var gone []*serverSession
	for key, sessions := range p.idle {
		kept := sessions[:0]
		for _, s := range sessions {
			if s.database == database {
				gone = append(gone, s)
			} else {
				kept = append(kept, s)
			}
		}
		p.idle[key] = kept
	}
	p.mu.Unlock()
	for _, s := range gone {
		s.terminate()
	}
}

// close stops listening and closes every kept session.
func (p *sessionPool) close() {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = map[string][]*serverSession{}
	p.mu.Unlock()
	_ = p.ln.Close()
	for _, sessions := range idle {
		for _, s := range sessions {
			s.terminate()
		}
	}
}

func (p *sessionPool) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.client(c)
	}
}

// client serves one client connection to its end.
func (p *sessionPool) client(c net.Conn) {
	defer c.Close()
	be := pgproto3.NewBackend(c, c)
	var startup *pgproto3.StartupMessage
	for startup == nil {
		msg, err := be.ReceiveStartupMessage()
		if err != nil {
			return
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest, *pgproto3.GSSEncRequest:
			if _, err := c.Write([]byte("N")); err != nil {
				return
			}
		case *pgproto3.CancelRequest:
			p.cancel(m)
			return
		case *pgproto3.StartupMessage:
			startup = m
		default:
			return
		}
	}
	key, database := startupKey(startup), startup.Parameters["database"]
	s, err := p.session(key, database, startup, c)
	if err != nil || s == nil {
		return // refused, or relayed to its end (passthrough)
	}
	if p.relay(c, s) {
		p.keep(key, s)
		return
	}
	_ = s.conn.Close()
}

// cancel passes a cancel request to the server, which finds the session
// by the key it gave at startup (relayed unchanged).
func (p *sessionPool) cancel(m *pgproto3.CancelRequest) {
	conn, err := net.DialTimeout("tcp", p.server, 5*time.Second)
	if err != nil {
		return
	}
	defer conn.Close()
	buf, err := m.Encode(nil)
	if err == nil {
		_, _ = conn.Write(buf)
		_, _ = conn.Read(make([]byte, 1)) // the server closes it when done
	}
}

// session is a kept session for key, greeted to the client as a new one
// is, or a new one. A server that asks for a password is relayed to the
// client as it is, and the session is not kept: session returns nil then.
func (p *sessionPool) session(key, database string, startup *pgproto3.StartupMessage, c net.Conn) (*serverSession, error) {
	for {
		s := p.take(key)
		if s == nil {
			break
		}
		if s.resume() {
			return s, greet(c, s.greeting)
		}
		_ = s.conn.Close()
	}
	conn, err := net.DialTimeout("tcp", p.server, 10*time.Second)
	if err != nil {
		return nil, err
	}
	buf, err := startup.Encode(nil)
	if err == nil {
		_, err = conn.Write(buf)
	}
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	s := &serverSession{conn: conn, database: database, name: startup.Parameters["application_name"]}
	fr := newFramer(conn)
	for {
		typ, msg, err := fr.next()
		if err != nil {
			_ = conn.Close()
			return nil, err
		}
		switch typ {
		case 'R': // authentication
			if len(msg) >= 9 && binary.BigEndian.Uint32(msg[5:9]) == 0 {
				continue // AuthenticationOk: said to the client with the greeting
			}
			// A password: the client answers it; relay both ways.
			_, err := c.Write(msg)
			if err == nil {
				passthrough(c, conn, fr)
			}
			_ = conn.Close()
			return nil, nil
		case 'S', 'K':
			s.greeting = append(s.greeting, msg...)
		case 'Z':
			return s, greet(c, s.greeting)
		default: // an ErrorResponse (no such database, too many clients) or a notice
			if _, err := c.Write(msg); err != nil || typ == 'E' {
				_ = conn.Close()
				return nil, errors.New("session refused")
			}
		}
	}
}

// greet says to the client what a server says at a session's start.
func greet(c net.Conn, greeting []byte) error {
	out := []byte{'R', 0, 0, 0, 8, 0, 0, 0, 0} // AuthenticationOk
	out = append(out, greeting...)
	out = append(out, 'Z', 0, 0, 0, 5, 'I')
	_, err := c.Write(out)
	return err
}

// passthrough relays c and conn both ways until either closes.
func passthrough(c, conn net.Conn, fr *framer) {
	done := make(chan struct{})
	go func() {
		_, _ = fr.r.WriteTo(c)
		_ = c.Close()
		close(done)
	}()
	_, _ = io.Copy(conn, c)
	_ = conn.Close()
	<-done
}

func (p *sessionPool) take(key string) *serverSession {
	p.mu.Lock()
	defer p.mu.Unlock()
	sessions := p.idle[key]
	if len(sessions) == 0 {
		return nil
	}
	s := sessions[len(sessions)-1]
	p.idle[key] = sessions[:len(sessions)-1]
	return s
}

// keep keeps s for the next client of key, unless its database is no
// longer pooled.
func (p *sessionPool) keep(key string, s *serverSession) {
	p.mu.Lock()
	if !p.closed && !p.noPool[s.database] {
		p.idle[key] = append(p.idle[key], s)
		s = nil
	}
	p.mu.Unlock()
	if s != nil {
		s.terminate()
	}
}

// relay passes the client's messages to the server and the server's to the
// client until the client ends the session. It reports whether the
// session was ended cleanly (a Terminate, out of any transaction) and has
// been reset for the next client.
func (p *sessionPool) relay(c net.Conn, s *serverSession) bool {
	type result struct {
		status byte // of the last ReadyForQuery
		whole  bool // the server's stream ended at a message's end
	}
	fromServer := make(chan result, 1)
	go func() {
		// The server's messages are passed on in the chunks they arrive
		// in; the framer only follows where each ends.
		fr := newFramer(s.conn)
		status := byte('I')
		var out []byte
		for {
			typ, msg, err := fr.next()
			if err != nil {
				fromServer <- result{status, !fr.partial && fr.r.Buffered() == 0}
				return
			}
			if typ == 'Z' && len(msg) == 6 {
				status = msg[5]
			}
			out = append(out, msg...)
			if fr.r.Buffered() > 0 && len(out) < 1<<16 {
				continue // more to pass on in one write
			}
			if _, err := c.Write(out); err != nil {
				// The client is gone; read on until the session is
				// taken back below.
				c = discard{}
			}
			out = out[:0]
		}
	}()
	fr := newFramer(c)
	terminated := false
	var out []byte
	for {
		typ, msg, err := fr.next()
		if err != nil {
			break
		}
		if typ == 'X' {
			terminated = true
			break
		}
		out = append(out, msg...)
		if fr.r.Buffered() > 0 && len(out) < 1<<16 {
			continue
		}
		if _, err := s.conn.Write(out); err != nil {
			break
		}
		out = out[:0]
	}
	// Take the session back from the reader: end its wait, then see
	// where it stopped.
	_ = s.conn.SetReadDeadline(time.Now())
	r := <-fromServer
	_ = s.conn.SetReadDeadline(time.Time{})
	if !terminated || !r.whole || r.status != 'I' {
		return false
	}
	return s.reset()
}

// reset runs DISCARD ALL on s and reports whether s is ready for another
// client.
func (s *serverSession) reset() bool {
	if !s.roundTrip(query("DISCARD ALL")) {
		return false
	}
	return s.name == "" || s.roundTrip(query("SET application_name = ''"))
}

// resume makes a kept session ready for its next client, and reports
// whether it is: a kept session may have been ended since (its database
// dropped, its sessions terminated). A Sync is the least round trip.
func (s *serverSession) resume() bool {
	if s.name != "" {
		return s.roundTrip(query("SET application_name = " + quoteLiteral(s.name)))
	}
	return s.roundTrip([]byte{'S', 0, 0, 0, 4})
}

// query is a simple Query message.
func query(sql string) []byte {
	q := []byte{'Q', 0, 0, 0, 0}
	q = append(q, sql...)
	q = append(q, 0)
	binary.BigEndian.PutUint32(q[1:5], uint32(len(q)-1))
	return q
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// roundTrip sends msg and reads to the ReadyForQuery, reporting whether
// no error came and the session is idle.
func (s *serverSession) roundTrip(msg []byte) bool {
	_ = s.conn.SetDeadline(time.Now().Add(10 * time.Second))
	defer s.conn.SetDeadline(time.Time{}) //nolint:errcheck // a broken connection fails its next use
	if _, err := s.conn.Write(msg); err != nil {
		return false
	}
	fr := newFramer(s.conn)
	failed := false
	for {
		typ, m, err := fr.next()
		if err != nil {
			return false
		}
		switch typ {
		case 'E':
			failed = true
		case 'Z':
			return !failed && len(m) == 6 && m[5] == 'I' && fr.r.Buffered() == 0
		}
	}
}

// terminate ends s's session.
func (s *serverSession) terminate() {
	_ = s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = s.conn.Write([]byte{'X', 0, 0, 0, 4})
	_ = s.conn.Close()
}

// startupKey is the startup parameters in a stable order: sessions started
// with the same ones are interchangeable.
func startupKey(m *pgproto3.StartupMessage) string {
	names := make([]string, 0, len(m.Parameters))
	for name := range m.Parameters {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString(name + "\x00" + m.Parameters[name] + "\x00")
	}
	return b.String()
}

// framer reads a protocol stream's messages (type byte, length, body)
// whole, each as it was sent.
type framer struct {
	r       *bufio.Reader
	buf     []byte
	partial bool // the stream failed inside a message
}

func newFramer(c io.Reader) *framer { return &framer{r: bufio.NewReaderSize(c, 1<<16)} }

// next is the next message; its bytes are valid until the next call.
func (f *framer) next() (byte, []byte, error) {
	head, err := f.r.Peek(5)
	if err != nil {
		return 0, nil, err
	}
	n := int(binary.BigEndian.Uint32(head[1:5])) + 1
	if n < 5 {
		return 0, nil, errors.New("bad message length")
	}
	if cap(f.buf) < n {
		f.buf = make([]byte, n)
	}
	msg := f.buf[:n]
	if _, err := io.ReadFull(f.r, msg); err != nil {
		f.partial = true
		return 0, nil, err
	}
	return msg[0], msg, nil
}

// discard is a client that is gone.
type discard struct{ net.Conn }

func (discard) Write(b []byte) (int, error) { return len(b), nil }
