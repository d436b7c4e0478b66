#!/usr/bin/env bash
# Measures POST /api/v1/assign (distinct units, exposures logged and committed), then the same request shape
# against a bare Vert.x JSON echo route as the ceiling, each with two closed-loop load generators:
#   - wrk (apt-get install wrk), the tool the target is stated in;
#   - ClosedLoopLoad (server/src/test/java/.../bench), because Debian's wrk 4.1.0 overstates latency against
#     this server on a 2-core VM: its latencies summed to more time than its connections existed, and for the
#     same requests strace timed write-to-read at a third of wrk's average. ClosedLoopLoad prints that check.
# Each /assign run gets a fresh server. The rollup worker yields to requests while the CPU is busy
# (FoldPacing), so the script also reports the events left to fold when the load stops and how long the idle
# server takes to fold them.
# MOMENTS_EMBEDDED_FSYNC=false measures the CPU-bound case, without the per-commit disk flush.
# Usage: server/bench/assign-bench.sh [duration, default 20s] [connections, default 64] [tools, default "wrk java"]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20s}
[[ $DURATION =~ ^[0-9]+s$ ]] || { echo "duration must be whole seconds, e.g. 20s (got '$DURATION')" >&2; exit 2; }
SECONDS_MEASURED=${DURATION%s}
CONNECTIONS=${2:-64}
TOOLS=${3:-wrk java}
PORT=18181
METRICS_PORT=18182
KEY=bench-admin-key-0123456789abcdef
CLASSPATH="server/target/test-classes:server/target/moments-server.jar"
mvn -B -q -o -DskipTests -Dsdk-js.skip=true -pl server -am package >/dev/null
SERVER=0
DATA=""
trap 'kill $SERVER 2>/dev/null || true; rm -rf "${DATA:-/nonexistent}"' EXIT

# The backlog gauge is on the metrics listener (the API port no longer serves /metrics); without it the
# wait below would never see 0. A failed scrape ends the script instead of looping.
pending() {
  local page
  page=$(curl -sf "http://127.0.0.1:$METRICS_PORT/metrics") || { echo "cannot read /metrics on port $METRICS_PORT" >&2; exit 1; }
  awk '/^moments_rollup_pending_events /{printf "%d", $2}' <<<"$page"
}

start_server() {
  DATA=$(mktemp -d)
  MOMENTS_PORT=$PORT MOMENTS_METRICS_PORT=$METRICS_PORT MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY java -jar server/target/moments-server.jar >"$DATA/server.log" 2>&1 &
  SERVER=$!
  until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done
}

stop_server() {
  kill $SERVER; wait $SERVER 2>/dev/null || true
  rm -rf "$DATA"
}

# 15 s of warm-up, then the measured run; $1 = wrk | java, $2 = url, $3 = wrk script
load() {
  if [ "$1" = wrk ]; then
    wrk -t2 -c"$CONNECTIONS" -d15s -s "$3" "$2" -- "$KEY" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$3" "$2" -- "$KEY"
  else
    java -cp "$CLASSPATH" dev.moments.server.bench.ClosedLoopLoad "$2" "$CONNECTIONS" 15 "$SECONDS_MEASURED" "$KEY" 1
  fi
}

for TOOL in $TOOLS; do
  start_server
  echo "== $TOOL: POST /api/v1/assign (demo experiment, distinct unit ids, exposures committed before the answer; embedded fsync ${MOMENTS_EMBEDDED_FSYNC:-true})"
  if [ "$TOOL" = wrk ]; then
    load wrk "http://127.0.0.1:$PORT" server/bench/assign.lua
  else
    load java "http://127.0.0.1:$PORT/api/v1/assign"
  fi
  sleep 0.2
  STOPPED=$(date +%s%N)
  echo "== Rollups: $(pending) events (warm-up included) still to fold when the load stopped"
  while [ "$(pending)" != 0 ]; do sleep 0.2; done
  echo "   folded by the idle server in $(( ($(date +%s%N) - STOPPED) / 1000000 )) ms"
  stop_server
done

java -cp "$CLASSPATH" dev.moments.server.bench.EchoServer $PORT &
SERVER=$!
until curl -sf -XPOST -d '{}' "http://127.0.0.1:$PORT/echo" >/dev/null; do sleep 0.5; done
for TOOL in $TOOLS; do
  echo "== $TOOL: ceiling, a bare Vert.x route echoing the JSON body"
  if [ "$TOOL" = wrk ]; then
    load wrk "http://127.0.0.1:$PORT" server/bench/echo.lua
  else
    load java "http://127.0.0.1:$PORT/echo"
  fi
done
