#!/usr/bin/env bash
# Measures POST /api/v1/assign (distinct units, exposures logged and committed) with wrk, then the same
# request shape against a bare Vert.x JSON echo route as the ceiling. Needs `wrk` (apt-get install wrk).
# The rollup worker yields to requests while the CPU is busy (FoldPacing), so the script also reports the
# events left to fold when wrk stops and how long the idle server takes to fold them.
# MOMENTS_EMBEDDED_FSYNC=false measures the CPU-bound case, without the per-commit disk flush.
# Usage: server/bench/assign-bench.sh [duration, default 20s] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20s}
CONNECTIONS=${2:-64}
PORT=18181
KEY=bench-admin-key-0123456789abcdef
DATA=$(mktemp -d)
mvn -B -q -o -DskipTests -Dsdk-js.skip=true -pl server -am package >/dev/null
MOMENTS_PORT=$PORT MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY java -jar server/target/moments-server.jar >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; kill ${ECHO:-0} 2>/dev/null || true; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done
echo "== POST /api/v1/assign (demo experiment, distinct unit ids, exposures committed before the answer; embedded fsync ${MOMENTS_EMBEDDED_FSYNC:-true})"
wrk -t2 -c"$CONNECTIONS" -d15s -s server/bench/assign.lua "http://127.0.0.1:$PORT" -- "$KEY" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s server/bench/assign.lua "http://127.0.0.1:$PORT" -- "$KEY"
pending() { curl -sf "http://127.0.0.1:$PORT/metrics" | awk '/^moments_rollup_pending_events /{printf "%d", $2}'; }
sleep 0.2
STOPPED=$(date +%s%N)
echo "== Rollups: $(pending) events (warm-up included) still to fold when wrk stopped"
while [ "$(pending)" != 0 ]; do sleep 0.2; done
echo "   folded by the idle server in $(( ($(date +%s%N) - STOPPED) / 1000000 )) ms"
kill $SERVER; wait $SERVER 2>/dev/null || true
java -cp "server/target/test-classes:server/target/moments-server.jar" dev.moments.server.bench.EchoServer $PORT &
ECHO=$!
until curl -sf -XPOST -d '{}' "http://127.0.0.1:$PORT/echo" >/dev/null; do sleep 0.5; done
echo "== Ceiling: bare Vert.x route echoing the JSON body"
wrk -t2 -c"$CONNECTIONS" -d5s -s server/bench/echo.lua "http://127.0.0.1:$PORT" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s server/bench/echo.lua "http://127.0.0.1:$PORT"
