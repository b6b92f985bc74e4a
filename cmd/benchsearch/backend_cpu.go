package main

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// backendMeter reads the CPU time of the PostgreSQL backends on this
// machine that serve one database, from /proc: the service's share of a
// search is the benchmark's own CPU, the database's is theirs, and at 32
// clients it is most of the whole. A backend shows its database in its
// process title ("postgres: postgres bench1m 127.0.0.1(41236) idle").
// A backend that ends during a run takes its CPU with it; the service's
// pool keeps its connections for the run.
type backendMeter struct {
	title string // " <database> " within a backend's title
}

// newBackendMeter is nil (no reading) for a database elsewhere or not
// PostgreSQL's.
func newBackendMeter(dsn string) *backendMeter {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" && h != "" {
		return nil
	}
	return &backendMeter{title: " " + strings.TrimPrefix(u.Path, "/") + " "}
}

// clockTick is Linux's USER_HZ, the unit of /proc/PID/stat's times.
const clockTick = 10 * time.Millisecond

// read is each serving backend's CPU time so far, by process id.
func (m *backendMeter) read() map[int]time.Duration {
	if m == nil {
		return nil
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	out := map[int]time.Duration{}
	for _, dir := range dirs {
		title, err := os.ReadFile(dir + "/cmdline")
		if err != nil || !bytes.HasPrefix(title, []byte("postgres: ")) || !bytes.Contains(title, []byte(m.title)) {
			continue
		}
		stat, err := os.ReadFile(dir + "/stat")
		if err != nil {
			continue
		}
		// The fields after the command's closing parenthesis: state is
		// the first, utime and stime the 12th and 13th.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) < 13 {
			continue
		}
		user, _ := strconv.ParseInt(fields[11], 10, 64)
		system, _ := strconv.ParseInt(fields[12], 10, 64)
		pid, _ := strconv.Atoi(filepath.Base(dir))
		out[pid] = time.Duration(user+system) * clockTick
	}
	return out
}

// since is the CPU the backends of now used after before was read; one
// started in between counts from nothing.
func since(before, now map[int]time.Duration) time.Duration {
	var d time.Duration
	for pid, t := range now {
		d += t - before[pid]
	}
	return d
}
