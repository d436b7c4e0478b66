#!/usr/bin/env bash
# Issue 19.7, the benchmark pair in one run: PostgreSQL COPY of what the server's write stores, the events and their
# ids in event_ids (the dedupe key since V27), one COPY each per transaction (CopyCeiling, into a fresh database of
# the same PostgreSQL the server uses, so both meet the same fsync and disk), then POST /events through the server
# (EventLoad: batches of 100 with 5 % resent ids, 32 connections, each acknowledged once durable). Prints both
# rates, POST /events as a share of COPY, and the load average before and after (figures from a shared machine
# mean little without it).
# Usage: server/bench/ingest-bench.sh [events, default 1000000] [port, default 18192]
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-1000000}
PORT=${2:-18192}
KEY=bench-admin-key-0123456789abcdef
# the per-key events quota (default 50,000/s) would turn the load into 429s: measure the write path, not the quota
export MOMENTS_QUOTA_EVENTS_PER_SECOND=10000000
source server/bench/server.sh
PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
PGPW=$(cat "$DATA/postgres.password")
CP=server/target/moments-server.jar:server/target/test-classes
BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
COPY_OUT=$(java -cp "$CP" dev.moments.server.bench.CopyCeiling events="$EVENTS" chunk=100000 \
  db="postgresql://postgres:$PGPW@127.0.0.1:$PGPORT/postgres" | grep -v DEBUG)
echo "$COPY_OUT"
HTTP_OUT=$(java -cp "$CP" dev.moments.server.bench.EventLoad url="http://127.0.0.1:$PORT" key=$KEY \
  events="$EVENTS" batch=100 connections=32 duplicates=0.05 | grep -v DEBUG)
echo "$HTTP_OUT"
COPY=$(echo "$COPY_OUT" | sed -n 's/.*: \([0-9]*\) events\/s$/\1/p')
HTTP=$(echo "$HTTP_OUT" | sed -n 's/.* s: \([0-9]*\) events\/s,.*/\1/p')
echo "POST /events $HTTP events/s against COPY $COPY rows/s: $(echo "scale=3; $HTTP / $COPY" | bc) of COPY;" \
  "load average $BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
