#!/bin/sh
# The replica's entrypoint: on first start, copy the primary with
# pg_basebackup -R (which writes standby.signal and primary_conninfo), then
# run PostgreSQL as a hot standby following it.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -U postgres -q; do sleep 1; done
  pg_basebackup -h postgres -U postgres -D "$PGDATA" -R -X stream -c fast
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
