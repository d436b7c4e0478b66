#!/usr/bin/env bash
# CPU per POST /api/v1/assign request, split by thread group: the server's event loops, its JIT (C1, C2), GC,
# worker and other threads, and the embedded PostgreSQL (the postmaster of this run's data directory and its
# backends). CPU per request is the figure to compare on a shared machine; requests/s there is not.
# A fresh server, a warm-up, then the measured run (wrk, one thread); prints microseconds per request by group.
# perUnit: 1 = every request a new unit (an exposure written), 5 = the realistic mix, 1000000 = (nearly) every
# request a repeat the exposure cache answers. The JIT is still compiling for a minute or so on a busy machine:
# compare the loop figure, and C2 only after a long warm-up.
# Usage: server/bench/assign-cpu.sh <perUnit> [connections, 64] [warm-up s, 60] [measured s, 20]
# (JOPTS=... passes JVM options; JAR=... another jar than server/target/moments-server.jar, e.g. to alternate an
# old and a new build on a shared machine. With psql on the PATH it also prints the events stored per commit:
# the writer's group size, diluted by the fold's and the jobs' own commits.)
set -uo pipefail
cd "$(dirname "$0")/../.."
PER=${1:?requests per unit}; CONN=${2:-64}; WARM=${3:-60}; SECS=${4:-20}
PORT=${PORT:-18195}; KEY=bench-admin-key-0123456789abcdef; DATA=$(mktemp -d)
LUA=server/bench/assign.lua
MOMENTS_PORT=$PORT MOMENTS_METRICS_PORT=$((PORT+1)) MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY \
  java ${JOPTS:-} -jar "${JAR:-server/target/moments-server.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done
wrk -t1 -c"$CONN" -d"${WARM}s" -s $LUA "http://127.0.0.1:$PORT" -- "$KEY" "$PER" >/dev/null
commits() {  # "commits stored-events" of the embedded database, when psql is there
  command -v psql >/dev/null || return 0
  PGPASSWORD=$(cat "$DATA/postgres.password") psql -h 127.0.0.1 -U postgres -Atq -F' ' -p "$(grep -o \
    'embedded PostgreSQL on 127.0.0.1:[0-9]*' "$DATA/server.log" | grep -o '[0-9]*$')" -c "SELECT (SELECT \
    xact_commit FROM pg_stat_database WHERE datname = 'postgres'), (SELECT n_tup_ins FROM pg_stat_user_tables \
    WHERE relname = 'event_ids')" postgres
}
G0=$(commits)
C0=$(python3 server/bench/cpu-by-thread.py $SERVER "$DATA")
OUT=$(wrk -t1 -c"$CONN" -d"${SECS}s" --latency -s $LUA "http://127.0.0.1:$PORT" -- "$KEY" "$PER")
C1=$(python3 server/bench/cpu-by-thread.py $SERVER "$DATA")
G1=$(commits)
N=$(awk '/requests in/{print $1}' <<<"$OUT")
python3 - "$C0" "$C1" "$N" <<'PY'
import json, sys
a, b, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
print(' '.join(f"{k}={(b.get(k, 0) - a.get(k, 0)) / n * 1e6:.0f}" for k in sorted(b)), f"us/req over {n} requests")
PY
echo "perUnit=$PER connections=$CONN warm-up=${WARM}s: $(awk '/Requests\/sec/{print $2}' <<<"$OUT") req/s," \
  "p99 $(awk '/ 99%/{print $2}' <<<"$OUT"), load average $(cut -d' ' -f1 /proc/loadavg)" \
  "$(grep -E 'Non-2xx|errors' <<<"$OUT")"
if [ -n "$G0" ] && [ -n "$G1" ]; then
  read -r c0 e0 <<<"$G0"; read -r c1 e1 <<<"$G1"
  echo "events stored per commit: $(( (e1 - e0) / ((c1 - c0) > 0 ? (c1 - c0) : 1) )) ($((e1 - e0)) events, $((c1 - c0)) commits)"
fi
