#!/usr/bin/env bash
# Measures, in one run, POST /api/v1/assign with distinct units (every request logs and commits a new exposure),
# the realistic mix of issue 19 item 1 (each visitor makes 5 requests: a new unit and 4 repeats, which the
# exposure cache answers without a write), and the same request shape against a bare Vert.x JSON echo route
# as the ceiling, each with two closed-loop load generators:
#   - wrk (apt-get install wrk), the tool the target is stated in;
#   - ClosedLoopLoad (server/src/test/java/.../bench), because Debian's wrk 4.1.0 overstates latency against
#     this server on a 2-core VM: its latencies summed to more time than its connections existed, and for the
#     same requests strace timed write-to-read at a third of wrk's average. ClosedLoopLoad prints that check.
# Each /assign run gets a fresh server. The rollup worker yields to requests while the CPU is busy
# (FoldPacing), so the script also reports the events left to fold when the load stops and how long the idle
# server takes to fold them. The mix and the echo alternate ROUNDS times (default 2), each on a fresh server, so
# each mix run has an echo ceiling measured right after it. At the end: the distinct run's requests/s as a share of
# the first echo, each mix run's as a share of its pair's echo, and the load average (the machine may be shared:
# compare runs made on a quiet one).
# MOMENTS_EMBEDDED_FSYNC=false measures the CPU-bound case, without the per-commit disk flush.
# Each run is warmed up first (WARMUP seconds, default 60): with 15 s the JIT was still compiling the /assign path
# during the measured run (C2 88 us and the event loop 127 us per request of the mix, against 18 and 81 after 60 s:
# assign-cpu.sh 5 64 15 20 and 5 64 60 20 on a quiet machine), so the run measured a server still starting up.
# JAR=path/to/moments-server.jar runs that build's server instead of this tree's (the load tools, the echo and
# the ClosedLoopLoad client, are always this tree's, so two builds meet the same load): run base and yours
# alternately with the same arguments. PORT=... moves the API port (the metrics listener takes PORT+1).
# With ROUNDS >= 3 the last line per tool, the median of the rounds' ratios and their range, is the figure to hold
# against the target (0.40): on this VM the echo alone moved 59 % between two rounds a minute apart.
# Usage: [ROUNDS=2] server/bench/assign-bench.sh [duration, default 20s] [connections, default 64] [tools, default "wrk java"]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20s}
[[ $DURATION =~ ^[0-9]+s$ ]] || { echo "duration must be whole seconds, e.g. 20s (got '$DURATION')" >&2; exit 2; }
SECONDS_MEASURED=${DURATION%s}
CONNECTIONS=${2:-64}
TOOLS=${3:-wrk java}
WARMUP=${WARMUP:-60}
[[ $WARMUP =~ ^[0-9]+$ ]] || { echo "WARMUP must be whole seconds (got '$WARMUP')" >&2; exit 2; }
PORT=${PORT:-18181}
METRICS_PORT=$((PORT+1))
SERVER_JAR=${JAR:-server/target/moments-server.jar}
[ -f "$SERVER_JAR" ] || [ -z "${JAR:-}" ] || { echo "JAR=$JAR: no such file" >&2; exit 2; }
# another helper's server on the port would answer the health check and take the load: refuse instead
if curl -s "http://127.0.0.1:$PORT/health" >/dev/null; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
KEY=bench-admin-key-0123456789abcdef
CLASSPATH="server/target/test-classes:server/target/moments-server.jar"
# The per-key quota of /assign (10,000 requests/s by default) would answer part of the load with 429s, which
# wrk counts as requests: the run measures the server, not the quota. A run that still got any answer other
# than 200 says so in the summary.
export MOMENTS_QUOTA_ASSIGN_PER_SECOND=10000000
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
  MOMENTS_PORT=$PORT MOMENTS_METRICS_PORT=$METRICS_PORT MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY java -XX:MaxTenuringThreshold=1 -jar "$SERVER_JAR" >"$DATA/server.log" 2>&1 &
  SERVER=$!
  until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done
}

stop_server() {
  kill $SERVER; wait $SERVER 2>/dev/null || true
  rm -rf "$DATA"
}

# WARMUP seconds of warm-up, then the measured run; $1 = wrk | java, $2 = url, $3 = wrk script
load() {
  if [ "$1" = wrk ]; then
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$3" "$2" -- "$KEY" ${4:-} >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$3" "$2" -- "$KEY" ${4:-}
  else
    java -cp "$CLASSPATH" dev.moments.server.bench.ClosedLoopLoad "$2" "$CONNECTIONS" "$WARMUP" "$SECONDS_MEASURED" "$KEY" 1
  fi
}

declare -A RATE NON200
# the requests/s a run printed (wrk: "Requests/sec:", ClosedLoopLoad: "... N requests/s")
rate() { awk '/^Requests\/sec:/{print $2} /requests\/s,/{for(i=1;i<=NF;i++) if($(i)=="requests/s,") print $(i-1)}' | tail -1; }

# $1 = tool, $2 = distinct | mix, $3 = the key its rate is kept under
assign_run() {
  start_server
  if [ "$2" = distinct ]; then
    echo "== $1: POST /api/v1/assign (demo experiment, distinct unit ids, exposures committed before the answer; embedded fsync ${MOMENTS_EMBEDDED_FSYNC:-true})"
    PER_UNIT=1
  else
    echo "== $1: POST /api/v1/assign, the mix: each visitor 1 new + 4 repeats, 1,000 requests apart"
    PER_UNIT=5
  fi
  if [ "$1" = wrk ]; then
    OUT=$(load wrk "http://127.0.0.1:$PORT" server/bench/assign.lua "$PER_UNIT")
  else
    OUT=$(JAVA_TOOL_OPTIONS="-Dmoments.bench.requestsPerUnit=$PER_UNIT" load java "http://127.0.0.1:$PORT/api/v1/assign" 2>/dev/null)
  fi
  echo "$OUT"
  RATE[$3]=$(rate <<<"$OUT")
  NON200[$3]=$(awk '/Non-2xx or 3xx responses:/{print $NF}' <<<"$OUT")
  sleep 0.2
  STOPPED=$(date +%s%N)
  echo "== Rollups: $(pending) events (warm-up included) still to fold when the load stopped"
  while [ "$(pending)" != 0 ]; do sleep 0.2; done
  echo "   folded by the idle server in $(( ($(date +%s%N) - STOPPED) / 1000000 )) ms"
  stop_server
}

# $1 = tool, $2 = the key its rate is kept under: the ceiling, a bare Vert.x route echoing the JSON body
echo_run() {
  java -cp "$CLASSPATH" dev.moments.server.bench.EchoServer $PORT &
  SERVER=$!
  until curl -sf -XPOST -d '{}' "http://127.0.0.1:$PORT/echo" >/dev/null; do sleep 0.5; done
  echo "== $1: ceiling, a bare Vert.x route echoing the JSON body (load average $(cut -d' ' -f1 /proc/loadavg))"
  if [ "$1" = wrk ]; then
    OUT=$(load wrk "http://127.0.0.1:$PORT" server/bench/echo.lua)
  else
    OUT=$(load java "http://127.0.0.1:$PORT/echo")
  fi
  echo "$OUT"
  RATE[$2]=$(rate <<<"$OUT")
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

# The mix and the echo alternate, ROUNDS times (default 2), each pair minutes apart at most: on one run each, minutes
# apart, the echo itself moved 12 % between two runs of the script, more than the builds differed.
ROUNDS=${ROUNDS:-2}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a whole number >= 1 (got '$ROUNDS')" >&2; exit 2; }
for TOOL in $TOOLS; do
  assign_run "$TOOL" distinct "$TOOL-distinct"
  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    assign_run "$TOOL" mix "$TOOL-mix-$ROUND"
    echo_run "$TOOL" "$TOOL-echo-$ROUND"
  done
done

echo "== Summary of $SERVER_JAR (load average $(cut -d' ' -f1-3 /proc/loadavg); a shared machine makes these figures low)"
for TOOL in $TOOLS; do
  awk -v t="$TOOL" -v r="${RATE[$TOOL-distinct]:-0}" -v e="${RATE[$TOOL-echo-1]:-0}" \
    'BEGIN { printf "   %-4s distinct %9.0f req/s = %.2f of the first echo ceiling (%.0f req/s)\n", t, r, (e > 0 ? r / e : 0), e }'
  [ -z "${NON200[$TOOL-distinct]:-}" ] || echo "        (not valid: ${NON200[$TOOL-distinct]} answers were not 2xx)"
  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    awk -v t="$TOOL" -v n="$ROUND" -v r="${RATE[$TOOL-mix-$ROUND]:-0}" -v e="${RATE[$TOOL-echo-$ROUND]:-0}" \
      'BEGIN { printf "   %-4s mix %-4s %9.0f req/s = %.2f of the echo ceiling run after it (%.0f req/s)\n", t, "#" n, r, (e > 0 ? r / e : 0), e }'
    [ -z "${NON200[$TOOL-mix-$ROUND]:-}" ] || echo "        (not valid: ${NON200[$TOOL-mix-$ROUND]} answers were not 2xx)"
  done
  # The figure to hold against the target: the median of the rounds' ratios, with their spread. One pair's echo moved
  # 46k -> 74k req/s a minute apart (2026-11-30), so a single ratio read 0.57 or 0.31 for the same server.
  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    echo "${RATE[$TOOL-mix-$ROUND]:-0} ${RATE[$TOOL-echo-$ROUND]:-0}"
  done | awk -v t="$TOOL" -v n="$ROUNDS" '
    { r[NR] = ($2 > 0 ? $1 / $2 : 0); m[NR] = $1; e[NR] = $2 }
    function median(a, k,   i, j, x) {
      for (i = 2; i <= k; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    END {
      mr = median(r, n); lo = r[1]; hi = r[n]; me = median(e, n); mm = median(m, n)
      printf "   %-4s mix: median of %d rounds %.2f of the echo (rounds %.2f-%.2f); median mix %.0f req/s, median echo %.0f req/s (%.0f-%.0f)\n", t, n, mr, lo, hi, mm, me, e[1], e[n]
    }'
done
