package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// load is how wrk drives the server.
type load struct {
	duration    time.Duration
	connections int
	threads     int
	timeout     time.Duration // a request slower than this is a socket error
	cpu         int           // the CPU wrk runs on (taskset), or -1: any
	start       int           // the first path sent, when there are several
	script      string        // the script file (writeScript) for these paths and threads; "": write one for the run
}

// wrkResult is what the done() function of the Lua script printed.
// Latencies are in microseconds, as wrk measures them.
type wrkResult struct {
	Requests   int64
	DurationUS float64
	Connect    int64
	Read       int64
	Write      int64
	Status     int64 // responses with a status over 399
	Timeout    int64
	P50, P95   float64
	P99, Max   float64
}

// RPS is the completed requests per second.
func (r wrkResult) RPS() float64 {
	if r.DurationUS <= 0 {
		return 0
	}
	return float64(r.Requests) / (r.DurationUS / 1e6)
}

// Failure says what went wrong in the run, or "" when every request got a
// 2xx or 3xx answer over a sound connection.
func (r wrkResult) Failure() string {
	var parts []string
	if r.Status > 0 {
		parts = append(parts, fmt.Sprintf("%d non-2xx", r.Status))
	}
	if socket := r.Connect + r.Read + r.Write + r.Timeout; socket > 0 {
		parts = append(parts, fmt.Sprintf("%d socket errors (connect %d, read %d, write %d, timeout %d)", socket, r.Connect, r.Read, r.Write, r.Timeout))
	}
	if r.Requests == 0 && len(parts) == 0 {
		parts = append(parts, "no requests completed")
	}
	return strings.Join(parts, ", ")
}

// resultPrefix begins the line the Lua script prints.
const resultPrefix = "benchsearch-result"

// doneLua prints the run's figures on one line of key=value pairs.
const doneLua = `
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("` + resultPrefix + ` requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%.0f p95_us=%.0f p99_us=%.0f max_us=%.0f\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
`

// luaScript is the wrk script for paths: with one path, only done(); with
// several, a request() that cycles through them from the place the
// script's argument names (0 when none), each thread starting at its own
// place in the list.
func luaScript(paths []string, threads int) (string, error) {
	var b strings.Builder
	if len(paths) > 1 {
		b.WriteString("local paths = {\n")
		for _, p := range paths {
			if err := luaSafe(p); err != nil {
				return "", err
			}
			fmt.Fprintf(&b, "  %q,\n", p)
		}
		b.WriteString("}\n")
		fmt.Fprintf(&b, `local next_first = 0
function setup(thread)
  thread:set("first", next_first)
  next_first = next_first + %d
end
function init(args)
  first = (first or 0) + (tonumber(args[1]) or 0)
end
local sent = 0
function request()
  local p = paths[((first or 0) + sent) %% #paths + 1]
  sent = sent + 1
  return wrk.format(nil, p)
end
`, max(1, len(paths)/max(1, threads)))
	}
	b.WriteString(doneLua)
	return b.String(), nil
}

// luaSafe accepts the paths that are the same string in Go's and Lua's
// double-quoted syntax: printable ASCII without quotes or backslashes,
// which an escaped URL path always is.
func luaSafe(p string) error {
	for _, r := range p {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return fmt.Errorf("path %q is not escaped ASCII", p)
		}
	}
	return nil
}

// runWrk drives base+paths with wrk and returns what the script printed.
func runWrk(ctx context.Context, l load, base string, paths []string) (wrkResult, error) {
	if l.script == "" {
		script, err := writeScript(paths, l.threads)
		if err != nil {
			return wrkResult{}, err
		}
		defer os.Remove(script)
		l.script = script
	}
	args := wrkCommand(l, l.script, base+paths[0])
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w: %s%s", err, stderr.String(), stdout.String())
	}
	return parseWrk(stdout.String())
}

// wrkCommand is the command line that runs wrk with script against url,
// under taskset when l pins it to a CPU.
func wrkCommand(l load, script, url string) []string {
	args := []string{"wrk",
		"-t", strconv.Itoa(l.threads), "-c", strconv.Itoa(l.connections),
		"-d", wrkSeconds(l.duration), "--timeout", wrkSeconds(l.timeout),
		"-s", script, url, "--", strconv.Itoa(l.start)}
	if l.cpu >= 0 {
		args = append([]string{"taskset", "-c", strconv.Itoa(l.cpu)}, args...)
	}
	return args
}

// writeScript writes the wrk script for paths (luaScript) to a temporary
// file, which the caller removes.
func writeScript(paths []string, threads int) (string, error) {
	script, err := luaScript(paths, threads)
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp("", "benchsearch-*.lua")
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(script); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// wrkSeconds writes a duration the way wrk reads it, in whole seconds.
func wrkSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(d.Round(time.Second)/time.Second))) + "s"
}

// parseWrk finds the result line in wrk's output and reads it.
func parseWrk(out string) (wrkResult, error) {
	for _, line := range strings.Split(out, "\n") {
		fields, ok := strings.CutPrefix(strings.TrimSpace(line), resultPrefix+" ")
		if !ok {
			continue
		}
		values := map[string]float64{}
		for _, f := range strings.Fields(fields) {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				return wrkResult{}, fmt.Errorf("wrk result: %q is not key=value", f)
			}
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return wrkResult{}, fmt.Errorf("wrk result: %s: %w", k, err)
			}
			values[k] = n
		}
		var missing []string
		get := func(k string) float64 {
			v, ok := values[k]
			if !ok {
				missing = append(missing, k)
			}
			return v
		}
		r := wrkResult{
			Requests: int64(get("requests")), DurationUS: get("duration_us"),
			Connect: int64(get("connect")), Read: int64(get("read")), Write: int64(get("write")),
			Status: int64(get("status")), Timeout: int64(get("timeout")),
			P50: get("p50_us"), P95: get("p95_us"), P99: get("p99_us"), Max: get("max_us"),
		}
		if len(missing) > 0 {
			return wrkResult{}, fmt.Errorf("wrk result: missing %s", strings.Join(missing, ", "))
		}
		return r, nil
	}
	return wrkResult{}, errors.New("wrk printed no result line (did the script's done() run?)")
}
