#!/usr/bin/env bash
# A new unit's /assign latency (issue 19 item 1: every request a new unit, its exposure committed before the
# answer; p99 <= 20 ms at 64 connections), measured twice on one fresh server with ClosedLoopLoad:
#   1. "fresh": after WARMUP seconds of the same load (default 40), SECONDS measured (default 20). This window
#      always falls in a fresh cluster's first checkpoint cycle: PostgreSQL makes (writes zeros to, and syncs)
#      every new 16 MB WAL segment inside a commit, 34-56 ms each with the fold running (server/README,
#      tail12's row of the benchmark table). A server in production is past that cycle.
#   2. "steady": a CHECKPOINT (which ends that cycle: the segments before it are recycled under future names, so
#      the next ~40 s of WAL need no new file), then 5 s of load (a fresh client JVM) and SECONDS measured.
# Both lines are printed; the figure to hold against the target is "steady" (what a running server answers),
# "fresh" is the one earlier sessions reported. The client's own GC pauses are printed too (a JVM on the same
# two cores: a pause there would count in its p99); none were seen in 60 s of this load (tail13).
# JAR= runs another build's server (nothing built then), SERVER_JAVA_OPTS= the server JVM's options,
# CLIENT_CP= the client's class path (default: this tree's build), PORT= moves the port (default 18181).
# Needs psql (Debian postgresql-client). Usage: server/bench/distinct-tail.sh [seconds, 20] [connections, 64]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_MEASURED=${1:-20}
CONNECTIONS=${2:-64}
WARMUP=${WARMUP:-40}
PORT=${PORT:-18181}
KEY=bench-admin-key-0123456789abcdef
if curl -s "http://127.0.0.1:$PORT/health" >/dev/null; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
export MOMENTS_QUOTA_ASSIGN_PER_SECOND=10000000 # the per-key quota would measure 429s
export MOMENTS_METRICS_PORT=$((PORT + 1))
DEMO=true # the demo experiment: without one /assign logs nothing, and nothing is written
source server/bench/server.sh
CP=${CLIENT_CP:-server/target/moments-server.jar:server/target/test-classes}
PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
export PGPASSWORD; PGPASSWORD=$(cat "$DATA/postgres.password")
sql() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qtAc "$1"; }
load() { # $1 name, $2 warm-up seconds
  local gc; gc=$(mktemp)
  echo "-- $1 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  JAVA_TOOL_OPTIONS="-Dmoments.bench.requestsPerUnit=1" java -Xlog:gc:file="$gc" -cp "$CP" \
    dev.moments.server.bench.ClosedLoopLoad "http://127.0.0.1:$PORT/api/v1/assign" "$CONNECTIONS" "$2" \
    "$SECONDS_MEASURED" "$KEY" 2>/dev/null | tail -3
  echo "client GC pauses over warm-up and window: $(grep -c Pause "$gc" || true)"; rm -f "$gc"
}
load fresh "$WARMUP"
START=$(date +%s.%N); sql CHECKPOINT
echo "-- CHECKPOINT took $(echo "$(date +%s.%N) - $START" | bc) s; $(sql 'SELECT count(*) FROM pg_ls_waldir()') WAL segments"
load steady 5
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
