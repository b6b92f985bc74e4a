package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/service"
)

// writeAnswers records what the server answers to every sampled query of
// the mixes (both halves), read cache off: the ids of the first pages, in
// order, pages at most apart, one line per query. Two such files, from
// before and after a change to search, differ exactly where the change
// altered a result.
func writeAnswers(ctx context.Context, o distinctOptions, path string, pages int, progress func(string, ...any)) error {
	db, err := config.ParseDatabaseURL(o.dsn)
	if err != nil {
		return fmt.Errorf("-database %w", err)
	}
	progress("sampling the query mixes from the registry (seed %d)", o.seed)
	mixes, err := distinctMixes(ctx, db, o.perMix, o.seed)
	if err != nil {
		return err
	}
	lb, err := service.StartBench(ctx, db, map[string]string{"STDREG_READ_CACHE": "0"}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer lb.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	client := &http.Client{Timeout: time.Minute}
	for _, m := range mixes {
		if !selected(m.name, o.only) {
			continue
		}
		progress("%s: answers to %d queries", m.name, len(m.items))
		for _, q := range m.items {
			line, err := answerOf(client, lb.URL, q.path, pages)
			if err != nil {
				return fmt.Errorf("%s: %w", q.shown, err)
			}
			if _, err := fmt.Fprintf(f, "%s\t%s\t%s\n", m.name, q.shown, line); err != nil {
				return err
			}
		}
	}
	return f.Close()
}

// answerOf is the ids of up to pages pages of the answer to path, pages
// separated by " | "; a lookup's answer is its one id.
func answerOf(client *http.Client, base, path string, pages int) (string, error) {
	var parts []string
	next := path
	for range pages {
		body, err := get(client, base+next)
		if err != nil {
			return "", err
		}
		var page struct {
			ID            string                `json:"id"`
			Items         []struct{ ID string } `json:"items"`
			NextPageToken string                `json:"next_page_token"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return "", fmt.Errorf("GET %s: %w", next, err)
		}
		if page.ID != "" {
			return page.ID, nil
		}
		ids := make([]string, len(page.Items))
		for i, it := range page.Items {
			ids[i] = it.ID
		}
		parts = append(parts, strings.Join(ids, ","))
		if page.NextPageToken == "" {
			break
		}
		next = path + "&page_token=" + url.QueryEscape(page.NextPageToken)
	}
	return strings.Join(parts, " | "), nil
}
