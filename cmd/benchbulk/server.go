package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/service"
)

// importLimit is the import size limit the server is given: far above any
// file measured here.
const importLimit = 1 << 30

// server is the registry's HTTP service on a loopback port, and a client.
type server struct {
	*service.Loopback
	base   string
	client *http.Client
}

// startServer serves db as `stdreg serve` does, from the configuration
// serve would load (its defaults), with rate limits off and an import limit
// of 1 GiB.
func startServer(ctx context.Context, db config.Database, log *slog.Logger) (*server, error) {
	lb, err := service.StartBench(ctx, db, map[string]string{"STDREG_IMPORT_LIMIT": strconv.Itoa(importLimit)}, log)
	if err != nil {
		return nil, err
	}
	client := &http.Client{
		Timeout:   30 * time.Minute,
		Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 2},
	}
	return &server{Loopback: lb, base: lb.URL, client: client}, nil
}

// adminKey creates an admin key the way `stdreg keys create` does.
func (s *server) adminKey(ctx context.Context) (string, error) {
	ctx = access.WithCaller(ctx, access.Operator())
	_, secret, err := s.Registry.CreateKey(ctx, access.Key{Role: access.RoleAdmin, Name: "benchbulk"})
	if err != nil {
		return "", fmt.Errorf("create an admin key: %w", err)
	}
	return secret, nil
}

// close stops the server, then closes the database.
func (s *server) close() {
	s.client.CloseIdleConnections()
	_ = s.Loopback.Close()
}
