#!/usr/bin/env bash
# End to end: a server on a fresh embedded PostgreSQL takes EventLoad's burst (1M events by default), then this
# waits until the rollup worker has folded them all. Prints the inbox left when the load ended and how long it
# took to drain. Needs psql (Debian postgresql-client) to read the inbox size.
# Usage: server/bench/fold-e2e.sh [events, default 1000000] [port, default 18191]
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-1000000}
PORT=${2:-18191}
KEY=bench-admin-key-0123456789abcdef
export MOMENTS_QUOTA_EVENTS_PER_SECOND=10000000  # the per-key quota would measure 429s, not the write path
source server/bench/server.sh
PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
export PGPASSWORD; PGPASSWORD=$(cat "$DATA/postgres.password")
inbox() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc "SELECT count(*) FROM event_inbox"; }
START=$(date +%s.%N)
java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.EventLoad \
  url=http://127.0.0.1:$PORT key=$KEY events="$EVENTS" batch=100 connections=32 duplicates=0.05 | grep -v DEBUG
LOADED=$(date +%s.%N)
echo "inbox when the load ended: $(inbox)"
until [ "$(inbox)" = "0" ]; do sleep 0.2; done
END=$(date +%s.%N)
echo "inbox drained $(echo "$END - $LOADED" | bc) s after the load ended; $(echo "$EVENTS / ($END - $START)" | bc) events/s stored and folded end to end"
