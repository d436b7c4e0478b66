#!/usr/bin/env bash
# Report lag under sustained load (issue 19.3): a server on a fresh embedded PostgreSQL (demo seeded), then LagBench
# sends RATE events/s for SECONDS (20 % through /assign, one exposure each; the rest through /events in batches of
# 100) and prints the distribution of the time from each event's acknowledgement to the report's dataAsOf passing
# it, with the load average (the machine may be shared: say so with the figures).
# Usage: server/bench/lag-bench.sh [rate, default 15000] [seconds, default 120] [port, default 18192]
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-15000}
SECONDS_=${2:-120}
PORT=${3:-18192}
KEY=bench-admin-key-0123456789abcdef
DATA=$(mktemp -d)
mvn -B -q -o -DskipTests -Dsdk-js.skip=true -pl server -am verify >/dev/null
MOMENTS_PORT=$PORT MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY MOMENTS_DEMO=true \
  java -jar server/target/moments-server.jar >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done
java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.LagBench \
  url=http://127.0.0.1:$PORT key=$KEY experiment=hero-demo moment=fmot.landing-hero rate="$RATE" \
  seconds="$SECONDS_" | grep -v DEBUG
