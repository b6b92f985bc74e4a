package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/httpapi"
	"stdreg/internal/tabular/bombs"
)

// The "done when" of issue 12's first finding: each bomb refused in under
// a second, the server's resident memory staying under 150 MB.
const (
	bombTook = time.Second
	bombRSS  = 150e6
)

// bombResult is how the server answered one bomb.
type bombResult struct {
	bomb     bombs.Bomb
	status   int
	detail   string
	took     time.Duration // from sending the request to reading the whole answer
	startKB  int64         // VmRSS before
	peakKB   int64         // the largest VmRSS sampled, or VmHWM when it was reset
	afterKB  int64         // VmRSS right after the answer, before any collection
	hwmReset bool
}

// runBombs posts each bomb of the review (tabular/bombs) as a dry-run
// import to the server on a fresh SQLite database, one after another, and
// prints what it answered, how soon, and the process's resident memory.
func (b *bench) runBombs(ctx context.Context, w io.Writer) error {
	results, err := b.postBombs(ctx)
	if err != nil {
		return err
	}
	printBombs(w, b, results)
	return nil
}

// postBombs posts the bombs and measures each answer.
func (b *bench) postBombs(ctx context.Context) ([]bombResult, error) {
	fresh, drop, err := freshDatabase(ctx, config.Database{Driver: config.DriverSQLite}, b.dir, b.progress)
	if err != nil {
		return nil, err
	}
	defer drop()
	srv, err := startServer(ctx, fresh, b.log)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	key, err := srv.adminKey(ctx)
	if err != nil {
		return nil, err
	}
	var results []bombResult
	for _, bomb := range bombs.All() {
		fmt.Fprintf(b.progress, "bomb: %s…\n", bomb.Name)
		body := bomb.Open() // an XLSX bomb is built here, before the measurement
		r := bombResult{bomb: bomb}
		r.hwmReset = resetPeak()
		r.startKB = selfKB("VmRSS")
		watch := watchRSS(10 * time.Millisecond)
		began := time.Now()
		r.status, r.detail, err = srv.postBomb(ctx, key, bomb, body)
		r.took = time.Since(began)
		r.peakKB = watch.stop()
		r.afterKB = selfKB("VmRSS")
		if r.hwmReset {
			r.peakKB = max(r.peakKB, selfKB("VmHWM"))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", bomb.Name, err)
		}
		results = append(results, r)
	}
	return results, nil
}

// postBomb sends a bomb as a dry run and reads the problem it is answered.
func (s *server) postBomb(ctx context.Context, key string, bomb bombs.Bomb, body io.Reader) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+"/api/v1/imports?dry_run=true&format="+bomb.Format, body)
	if err != nil {
		return 0, "", err
	}
	req.ContentLength = bomb.Size
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := s.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, "", err
	}
	var p httpapi.Problem
	if json.Unmarshal(raw, &p) != nil || p.Detail == "" {
		return res.StatusCode, fmt.Sprintf("%.200s", raw), nil
	}
	return res.StatusCode, p.Detail, nil
}

func printBombs(w io.Writer, b *bench, results []bombResult) {
	fmt.Fprintf(w, "## Import bombs refused over HTTP\n\n")
	fmt.Fprintf(w, "%s; load average at start %s; run began %s.\n", goInfo(), b.load, b.began.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "Each file is POSTed to `/api/v1/imports?dry_run=true` of the server on a fresh SQLite database (import limit %s), one after another. "+
		"The handler runs in this process: RSS is the process's (the server, plus a client that streams the body), VmRSS sampled every 10 ms and VmHWM reset before each file; "+
		"\"after\" is VmRSS once the answer is read, before any collection.\n\n", megabytes(importLimit))
	fmt.Fprintln(w, "| file | sent | answer | seconds | RSS before | peak RSS | RSS after | target | met |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|---:|---|---|")
	for _, r := range results {
		met := "yes"
		switch {
		case r.status != http.StatusRequestEntityTooLarge:
			met = "**no** (not refused as too large)"
		case r.took >= bombTook || float64(r.peakKB*1024) >= bombRSS:
			met = "**no**"
		}
		peak := megabytes(r.peakKB * 1024)
		if !r.hwmReset {
			peak += " (sampled)"
		}
		fmt.Fprintf(w, "| %s | %s | %d: %s | %.3f | %s | %s | %s | < %.0f s, RSS < %s | %s |\n",
			r.bomb.Name, megabytes(r.bomb.Size), r.status, r.detail, r.took.Seconds(),
			megabytes(r.startKB*1024), peak, megabytes(r.afterKB*1024), bombTook.Seconds(), megabytes(bombRSS), met)
	}
}
