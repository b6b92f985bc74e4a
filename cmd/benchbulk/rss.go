package main

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"
)

// statusKB reads a "Field:   1234 kB" line of /proc/self/status.
func statusKB(status []byte, field string) (int64, bool) {
	for line := range bytes.SplitSeq(status, []byte("\n")) {
		v, ok := bytes.CutPrefix(line, []byte(field+":"))
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		v = bytes.TrimSpace(bytes.TrimSuffix(v, []byte("kB")))
		n, err := strconv.ParseInt(string(v), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// selfKB reads one field of this process's status, in kB; 0 when unknown.
func selfKB(field string) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	n, _ := statusKB(status, field)
	return n
}

// resetPeak hands freed memory back to the system and resets VmHWM to the
// current RSS (clear_refs 5, Linux 4.0 and later), so an operation's peak
// is its own. It reports whether VmHWM was reset.
//
// Two collections: what sits in a sync.Pool survives the first. That
// matters here: archive/zip pools its flate writers, and a pooled one still
// points at the writer it last wrote to, which for an XLSX export is
// excelize's in-memory copy of the whole file.
func resetPeak() bool {
	runtime.GC()
	debug.FreeOSMemory()
	f, err := os.OpenFile("/proc/self/clear_refs", os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.Write([]byte("5"))
	return err == nil
}

// rssWatch samples VmRSS until stopped and keeps the largest value.
type rssWatch struct {
	stopped chan struct{}
	peak    chan int64
}

func watchRSS(every time.Duration) *rssWatch {
	w := &rssWatch{stopped: make(chan struct{}), peak: make(chan int64, 1)}
	go func() {
		peak := selfKB("VmRSS")
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				peak = max(peak, selfKB("VmRSS"))
			case <-w.stopped:
				w.peak <- max(peak, selfKB("VmRSS"))
				return
			}
		}
	}()
	return w
}

// stop ends the sampling and returns the peak VmRSS in kB.
func (w *rssWatch) stop() int64 {
	close(w.stopped)
	return <-w.peak
}
