#!/bin/sh
# Run once by the postgres image when it creates the primary's data: let
# the replica connect for streaming replication (pg_basebackup, WAL).
set -eu
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
