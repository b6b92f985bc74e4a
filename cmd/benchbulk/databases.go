package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/glebarez/go-sqlite"  // registers "sqlite"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"stdreg/internal/config"
	"stdreg/internal/standard"
)

// openRaw opens a plain database/sql connection, past the store, to count
// rows and create databases.
func openRaw(db config.Database) (*sql.DB, error) {
	if db.Driver == config.DriverSQLite {
		return sql.Open("sqlite", "file:"+db.DSN+"?_pragma=busy_timeout(10000)")
	}
	return sql.Open("pgx", db.DSN)
}

// describe counts the standards of db (those an anonymous caller sees, with
// publicOnly) and names the database's version.
func describe(ctx context.Context, db config.Database, publicOnly bool) (int64, string, error) {
	raw, err := openRaw(db)
	if err != nil {
		return 0, "", err
	}
	defer raw.Close()
	query := "SELECT count(*) FROM standards"
	if publicOnly {
		query += fmt.Sprintf(" WHERE stage NOT IN ('%s', '%s')", standard.StagePreliminary, standard.StageProposal)
	}
	var n int64
	if err := raw.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return 0, "", fmt.Errorf("count standards: %w", err)
	}
	version := "PostgreSQL "
	versionQuery := "SELECT current_setting('server_version')"
	if db.Driver == config.DriverSQLite {
		version, versionQuery = "SQLite ", "SELECT sqlite_version()"
	}
	var v string
	if err := raw.QueryRowContext(ctx, versionQuery).Scan(&v); err != nil {
		return 0, "", fmt.Errorf("read the version: %w", err)
	}
	return n, version + v, nil
}

// freshDatabase creates an empty database beside like: on PostgreSQL a new
// database on the same server, on SQLite a file in dir. drop removes it.
func freshDatabase(ctx context.Context, like config.Database, dir string, progress io.Writer) (config.Database, func(), error) {
	name := "stdreg_bulk_" + randomHex(6)
	if like.Driver == config.DriverSQLite {
		path := filepath.Join(dir, name+".db")
		return config.Database{Driver: config.DriverSQLite, DSN: path}, func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				_ = os.Remove(path + suffix)
			}
		}, nil
	}
	u, err := url.Parse(like.DSN)
	if err != nil {
		return config.Database{}, nil, fmt.Errorf("parse the database URL: %w", err)
	}
	raw, err := openRaw(like)
	if err != nil {
		return config.Database{}, nil, err
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return config.Database{}, nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		raw, err := openRaw(like)
		if err == nil {
			defer raw.Close()
			_, err = raw.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		}
		if err != nil {
			fmt.Fprintf(progress, "drop database %s: %v (drop it by hand)\n", name, err)
		}
	}
	u.Path = "/" + name
	return config.Database{Driver: config.DriverPostgres, DSN: u.String()}, drop, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
