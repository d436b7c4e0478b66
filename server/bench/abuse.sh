#!/usr/bin/env bash
# Issue 17's abuse scenarios against a real server process (-Xmx512m) on a fresh embedded PostgreSQL, with
# bounded loops (dev.moments.server.bench.Abuse): hostile requests of 17 kinds (fuzz), thousands of slow
# clients (1 MiB bodies without a key stopping one byte short, bodies with a key stopping after 16 KiB,
# headers that never end), and every PostgreSQL process frozen by SIGSTOP, then resumed. Prints, per scenario,
# the requests, the 5xx answers, the hangs (no answer within 10 s; a slow client the server has not closed
# within 45 s) and the server's RSS; then sends SIGTERM, which must stop the server and its database in 30 s.
# Usage: server/bench/abuse.sh [slow clients, default 2000] [freeze seconds, default 20] [port, default 18192]
set -euo pipefail
cd "$(dirname "$0")/../.."
SLOW=${1:-2000}
FREEZE=${2:-20}
PORT=${3:-18192}
KEY=abuse-admin-key-0123456789abcdefgh
DATA=$(mktemp -d)
mvn -B -q -o -DskipTests -Dsdk-js.skip=true -pl server -am verify >/dev/null
MOMENTS_PORT=$PORT MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY MOMENTS_DEMO=false \
  java -Xmx512m -jar server/target/moments-server.jar >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill -9 $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
  sleep 0.5
done
POSTMASTER=$(head -1 "$DATA/pg/postmaster.pid")
java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.Abuse \
  port="$PORT" admin=$KEY pid=$SERVER postmaster="$POSTMASTER" slow="$SLOW" freeze="$FREEZE"
START=$(date +%s%N)
kill -TERM $SERVER
for _ in $(seq 1 300); do
  kill -0 $SERVER 2>/dev/null || break
  sleep 0.1
done
if kill -0 $SERVER 2>/dev/null; then
  echo "SIGTERM: the server did not stop within 30 s"
  exit 1
fi
CODE=0
wait $SERVER || CODE=$?
if kill -0 "$POSTMASTER" 2>/dev/null; then
  echo "SIGTERM: the server stopped (exit $CODE) but left its postmaster ($POSTMASTER) running"
  exit 1
fi
echo "SIGTERM: server and database stopped in $(( ($(date +%s%N) - START) / 1000000 )) ms (exit $CODE)"
