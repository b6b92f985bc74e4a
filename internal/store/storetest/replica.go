package storetest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// postgresBin is where Debian keeps PostgreSQL 15's server programs.
const postgresBin = "/usr/lib/postgresql/15/bin"

// Pair is a PostgreSQL primary and a streaming replica of it made with
// pg_basebackup -R, each a server of its own on a loopback port, private
// to one test (the shared server at 127.0.0.1:5432 is not touched).
type Pair struct {
	dir                   string
	PrimaryPort, ReplPort int
	cred                  *syscall.Credential // the postgres user's, when the test runs as root
}

// URL is a URL of database on the server at port.
func (p *Pair) URL(port int, database string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", port, database)
}

// NewPair starts a primary and a replica of it and stops both when the test
// ends. Without PostgreSQL's server programs the test is skipped, except
// under CI=true, where it fails.
func NewPair(t *testing.T) *Pair {
	t.Helper()
	p := NewPrimary(t)
	replica := filepath.Join(p.dir, "replica")
	p.ReplPort = freePort(t)
	p.run(t, "pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(p.PrimaryPort), "-U", "postgres",
		"-D", replica, "-R", "-X", "stream", "-c", "fast", "--no-sync")
	p.StartReplica(t)
	t.Cleanup(func() { p.stop(replica) })
	return p
}

// NewPrimary starts a PostgreSQL server of the test's own (the primary of
// a Pair without its replica), which the test may restart.
func NewPrimary(t *testing.T) *Pair {
	t.Helper()
	for _, prog := range []string{"initdb", "pg_ctl", "pg_basebackup", "postgres"} {
		if _, err := os.Stat(filepath.Join(postgresBin, prog)); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("a streaming replica needs %s: %v", prog, err)
			}
			t.Skipf("no %s here: %v", prog, err)
		}
	}
	p := &Pair{dir: t.TempDir()}
	if os.Geteuid() == 0 { // the server refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("run PostgreSQL as root's stand-in: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		p.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		for _, d := range []string{filepath.Dir(p.dir), p.dir} {
			if err := os.Chown(d, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	p.PrimaryPort = freePort(t)
	primary := filepath.Join(p.dir, "primary")
	p.run(t, "initdb", "-D", primary, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	p.start(t, primary, p.PrimaryPort)
	t.Cleanup(func() { p.stop(primary) })
	return p
}

// RestartPrimary stops the primary as an operator's restart does (fast:
// sessions are ended, what committed is kept) and starts it again.
func (p *Pair) RestartPrimary(t *testing.T) {
	t.Helper()
	primary := filepath.Join(p.dir, "primary")
	p.run(t, "pg_ctl", "-D", primary, "-m", "fast", "-w", "stop")
	p.start(t, primary, p.PrimaryPort)
}

// StartReplica starts the replica (again).
func (p *Pair) StartReplica(t *testing.T) {
	t.Helper()
	p.start(t, filepath.Join(p.dir, "replica"), p.ReplPort)
}

// StopReplica stops the replica at once, as a crash would.
func (p *Pair) StopReplica(t *testing.T) {
	t.Helper()
	p.run(t, "pg_ctl", "-D", filepath.Join(p.dir, "replica"), "-m", "immediate", "-w", "stop")
}

func (p *Pair) start(t *testing.T, dir string, port int) {
	t.Helper()
	opts := strings.Join([]string{
		"-p", strconv.Itoa(port), "-k", p.dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "wal_level=replica", "-c", "max_wal_senders=4", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "shared_buffers=16MB", "-c", "max_connections=60",
	}, " ")
	p.run(t, "pg_ctl", "-D", dir, "-o", opts, "-l", dir+".log", "-w", "-t", "30", "start")
}

func (p *Pair) stop(dir string) {
	cmd := p.command("pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop")
	_ = cmd.Run()
}

func (p *Pair) command(prog string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(postgresBin, prog), args...)
	cmd.Dir = p.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if p.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred}
	}
	return cmd
}

func (p *Pair) run(t *testing.T, prog string, args ...string) {
	t.Helper()
	start := time.Now()
	out, err := p.command(prog, args...).CombinedOutput()
	if err != nil {
		logs, _ := filepath.Glob(filepath.Join(p.dir, "*.log"))
		for _, l := range logs {
			b, _ := os.ReadFile(l)
			t.Logf("%s:\n%s", l, b)
		}
		t.Fatalf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
	t.Logf("%s took %s", prog, time.Since(start).Round(time.Millisecond))
}

// freePort is a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// PrimaryLog is what the primary has logged so far (with log_statement
// set, the statements it ran).
func (p *Pair) PrimaryLog(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, "primary") + ".log")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
