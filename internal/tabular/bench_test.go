package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"stdreg/internal/standard"
)

// generated returns n varied standards built from the rich fixtures, with
// distinct numbers and titles, so files have realistic sizes.
func generated(n int) []standard.Standard {
	base := richStandards()
	out := make([]standard.Standard, n)
	for i := range out {
		s := base[i%len(base)]
		s.ID = fmt.Sprintf("01936f3e-7a52-7cc1-8d1e-%012d", i)
		s.TitleZH = fmt.Sprintf("%s 第%d部分", s.TitleZH, i)
		if s.Code != "" {
			s.Code = fmt.Sprintf("DB33/T %d—2021", 1000+i)
		}
		out[i] = s
	}
	return out
}

const benchRows = 100_000

var (
	benchCSV  = sync.OnceValue(func() []byte { return writeAll(&testing.B{}, CSV, generated(benchRows)) })
	benchXLSX = sync.OnceValue(func() []byte { return writeAll(&testing.B{}, XLSX, generated(benchRows)) })
)

// BenchmarkReadCSV reads a 100,000-row export.
//
//	go test -run '^$' -bench . -benchmem ./internal/tabular/
func BenchmarkReadCSV(b *testing.B) { benchmarkRead(b, CSV, benchCSV()) }

// BenchmarkReadXLSX reads a 100,000-row workbook export.
func BenchmarkReadXLSX(b *testing.B) { benchmarkRead(b, XLSX, benchXLSX()) }

func benchmarkRead(b *testing.B, f Format, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := startCPU()
	b.ResetTimer()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), f)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil || row.Err != nil {
				b.Fatal(err, row.Err)
			}
			n++
		}
		if n != benchRows {
			b.Fatalf("read %d rows", n)
		}
	}
	reportPerRow(b, cpu)
}

// BenchmarkWriteCSV writes a 100,000-row export.
func BenchmarkWriteCSV(b *testing.B) {
	ss := generated(benchRows)
	b.ReportAllocs()
	cpu := startCPU()
	b.ResetTimer()
	for b.Loop() {
		w, err := NewWriter(io.Discard, CSV)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range ss {
			if err := w.Write(s); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportPerRow(b, cpu)
}

// startCPU notes the process's CPU time. Wall time per row depends on what
// else the machine runs; CPU time per row (GC included) mostly does not.
func startCPU() time.Duration { return cpuTime() }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerRow adds wall and CPU nanoseconds per row.
func reportPerRow(b *testing.B, cpuStart time.Duration) {
	rows := float64(b.N * benchRows)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/rows, "ns/row")
	b.ReportMetric(float64((cpuTime()-cpuStart).Nanoseconds())/rows, "cpu-ns/row")
}

// TestWriteXLSXMemory writes 50,000 rows and samples the heap as it goes:
// the stream writer spills to a temporary file, so the heap must not grow
// with the rows. It reports the figures; the bound is loose on purpose.
func TestWriteXLSXMemory(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("writes 50,000 rows; heap figures mean nothing under the race detector")
	}
	const n = 50_000
	base := generated(len(richStandards()) * 10)
	var out countingWriter
	w, err := NewWriter(&out, XLSX)
	if err != nil {
		t.Fatal(err)
	}
	var peak, first uint64
	var ms runtime.MemStats
	for i := range n {
		if err := w.Write(base[i%len(base)]); err != nil {
			t.Fatal(err)
		}
		if i%5000 == 4999 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			if first == 0 {
				first = ms.HeapAlloc
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("XLSX, %d rows: %.1f MiB written; live heap after 5,000 rows %.1f MiB, peak while writing %.1f MiB",
		n, float64(out)/(1<<20), float64(first)/(1<<20), float64(peak)/(1<<20))
	if peak > 64<<20 {
		t.Errorf("live heap reached %.1f MiB while streaming %d rows", float64(peak)/(1<<20), n)
	}
}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
